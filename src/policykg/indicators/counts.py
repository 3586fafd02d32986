"""Counts: the classifier after a number (家, 户, 万人次), from the lexicon's count units.

May import: policykg.extract.patterns, policykg.lexicon, the standard library.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.patterns import alternation

SCALES = "十百千万亿"
NUM = "http://qudt.org/vocab/unit/NUM"
NUMBER = re.compile(r"[0-9０-９](?:[0-9０-９]|,(?=[0-9]{3}))*(?:[.．][0-9０-９]+)?")


def count_word(text: str, at: int = 0) -> str | None:
    """The classifier after the number at ``at`` (its scale skipped), from the lexicon's count units.

    >>> count_word("新开工保障性租赁住房1.6万套", 10), count_word("1万人次以上"), count_word("6.5%")
    ('套', '万人次', None)
    """
    match = NUMBER.match(text, at)
    if match is None:
        return None
    end = match.end()
    found = _count_words().match(text, end) or _count_words().match(text, end + 1)
    if found and (found.start() == end or text[end] in SCALES):
        return found.group()
    return None


def anchor_count_word(anchor: str) -> str | None:
    """The classifier of the last number in a figure's words.

    >>> anchor_count_word("新认定高新技术企业600户"), anchor_count_word("1万人以上")
    ('户', '人')
    """
    numbers = list(NUMBER.finditer(anchor))
    return count_word(anchor, numbers[-1].start()) if numbers else None


@functools.cache
def _count_words() -> re.Pattern[str]:
    from policykg.lexicon import load_lexicon

    table = load_lexicon().table("ZhUnit")
    return re.compile(alternation(word for word, unit in table.items() if unit == NUM))
