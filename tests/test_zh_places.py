"""Chinese place names: a gazetteer name inside a set phrase or before a street word names no place."""

from __future__ import annotations

import pytest

from policykg.extract.zh.entities import find_places
from policykg.lexicon import load_lexicon


def places(text: str) -> list[tuple[str, int, int]]:
    return [(m.key, m.begin, m.end) for m in find_places(text, load_lexicon())]


@pytest.mark.parametrize(
    "text",
    [
        "坚持绿水青山就是金山银山理念。",  # a nationwide slogan, not Jinshan
        "推动健康关口前移。",  # 关口 'checkpoint', not Guankou
        "打通包头大街等断头路。",  # a street of another city
        "建成广安门医院分院。",  # a Beijing hospital named after a gate
    ],
)
def test_no_place_in_set_phrases_and_street_names(text: str) -> None:
    assert places(text) == []


def test_places_beside_them_are_still_found() -> None:
    text = "深化与包头、金山区合作，坚持金山银山理念。"
    found = places(text)
    assert ("city/baotou", 3, 5) in found
    assert all(begin != text.index("金山银山") for _, begin, _ in found)
