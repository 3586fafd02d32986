"""Which indicator a figure measures: the scheme's labels in the words before its number (or right after).

A label counts only when it is plainly the figure's own: nothing but link words between it and the
number, the i-th label of a list for the i-th number after 分别, no share of something else.
May import: policykg.model, policykg.extract.patterns, the other policykg.indicators modules, the standard library.
"""

from __future__ import annotations

import functools
import re

from policykg.extract.patterns import fold
from policykg.indicators.context import CLAUSE_END, LIST_END, Before, clause_start
from policykg.indicators.counts import NUM, NUMBER, count_word
from policykg.indicators.scheme import CJK, Indicator, Scheme, fold_label, unquoted
from policykg.model import Figure

COORDINATED = re.compile(r"[、和及与]")
UNIT_WORD = re.compile(r"\s*(?:[A-Za-z%]+\s+)?(?:of\s+|in\s+)?")
RESPECTIVELY = ("分别", "respectively")
SHARE_OF = ("占", "share of")  # "X达到570亿元，占GDP比重7.8%": the share is X's, not GDP's


def indicator_of(
    scheme: Scheme, before: Before, text: str, number: int, figure: Figure
) -> tuple[str | None, str]:
    """The indicator key and the words that may decide the aspect (the clause without the label).

    A share (占比, 比重, "accounting for") measures only a share indicator: "工业投资占固定资产投资比重…
    占比为29.3%" is no figure of fixed-asset investment, so it measures nothing when the scheme has no
    indicator for that share.
    """
    key, cue_text = _indicator_words(scheme, before, text, number, figure)
    if key and not _is_share(scheme, key) and scheme.share_cues.search(_after_label(scheme, before, key)):
        return None, cue_text
    if key and figure.unit == NUM and not _counts(scheme.indicators[key], count_word(text, number)):
        return None, cue_text  # "前20名" counts persons, not enterprises (家, 户)
    return key, cue_text


def _counts(indicator: Indicator, word: str | None) -> bool:
    """Whether a count in the classifier ``word`` can be a count of ``indicator`` (lex:countWord)."""
    return word is None or not indicator.count_words or word in indicator.count_words


def _after_label(scheme: Scheme, before: Before, key: str) -> str:
    """The words between the last mention of indicator ``key`` in the sentence and the number (or the clause)."""
    sentence = before.sentence
    ends = [end for _, end, found in scheme.find(sentence) if found == key]
    return sentence[ends[-1] :] if ends else before.clause


@functools.lru_cache(maxsize=1024)
def _is_share(scheme: Scheme, key: str) -> bool:
    """Whether the indicator ``key`` is itself a share (one of its labels says so)."""
    return any(scheme.share_cues.search(label) for label in scheme.indicators[key].labels)


def _indicator_words(
    scheme: Scheme, before: Before, text: str, number: int, figure: Figure
) -> tuple[str | None, str]:
    """The indicator whose label the figure's clause (or, when the clause only links, its sentence) names.

    Only words that name nothing else (lex:linkCues, change words, numbers) may stand between the
    label and the number: "重点企业重大项目就业1万人" counts persons, not projects, and
    "大宗商品交易额突破1100亿元" after a clause on retail sales is no retail sales figure.
    """
    own = before.clause
    listed, key = _respective(scheme, before.sentence, text, number)
    if listed:
        return key, own
    share = own.lstrip().startswith(SHARE_OF)
    found = scheme.find(own) if not share else []
    if found and not _counts_next_noun(scheme, text, number, figure):
        begin, end, key = _pick(found, own, text, number)
        if any(word in own for word in RESPECTIVELY) or scheme.linked(own[end:]):
            return key, own[:begin] + " " + own[end:]
        return _after(scheme, text, number), own
    after = _after(scheme, text, number)
    if after:
        return after, own
    if not share and not scheme.linked(own) and not any(word in own for word in RESPECTIVELY):
        return None, own
    if not _ends_noun(scheme, unquoted(text[figure.span.end : figure.span.end + 4])):
        return None, own  # "完成30万亩小田变大田" after a clause on farmland measures the noun after it
    sentence = before.sentence
    found = scheme.find(sentence[: len(sentence) - len(own)] if share else sentence)
    if found:
        begin, end, key = found[-1]
        head = sentence[clause_start(sentence[:begin], CLAUSE_END) : begin]
        joined = scheme.find(sentence[begin:end] + own)  # "X达到570亿元，占GDP比重达到": X占GDP比重
        if joined and joined[0][0] == 0 and joined[0][1] > end - begin:
            key, own = joined[0][2], own[joined[0][1] - (end - begin) :]
        return key, own if CJK.search(own) else head + " " + own  # "新增A 20万户、总量突破200万户": a level
    if figure.indicator:
        words = unquoted(figure.indicator)
        found = scheme.find(words)
        if found and scheme.linked(words[found[-1][1] :]):
            return found[-1][2], own
    return None, own


def _respective(scheme: Scheme, sentence: str, text: str, number: int) -> tuple[bool, str | None]:
    """Whether the number stands in a list after 分别, and the label it takes there.

    The i-th number takes the i-th label of the clause before 分别; when labels and numbers do not
    pair off ("城镇、农村居民人均可支配收入分别增长7%、7.5%" names one label for two numbers), none.
    """
    at = sentence.rfind(RESPECTIVELY[0])
    if at < 0 or LIST_END.search(sentence, at):
        return False, None
    keys: list[str | None] = []
    for clause in reversed(LIST_END.split(sentence[:at])):
        clause = clause.split(RESPECTIVELY[0], 1)[0]  # "A、B分别达x、y，分别增长…": the list of A and B
        for word, parts in scheme.joint_words:
            clause = clause.replace(word, parts)
        if scheme.find(clause):
            keys = _elements(scheme, clause)
            break
    start = number - (len(sentence) - at)
    stop = LIST_END.search(text, number)
    count = len(NUMBER.findall(text, start, stop.start() if stop else len(text)))
    index = len(NUMBER.findall(text, start, number))
    if len(keys) != count or index >= count:
        return True, None
    return True, keys[index]


def _elements(scheme: Scheme, clause: str) -> list[str | None]:
    """The indicator of each item of a list (A、B和C), None for an item that names none.

    An item without a label of its own may share the end of the next item's label (elision).

    >>> from policykg.indicators.scheme import load_scheme
    >>> [k and k[10:] for k in _elements(load_scheme(), "城镇、农村居民人均可支配收入")]
    ['urban-disposable-income', 'rural-disposable-income']
    >>> [k and k[10:] for k in _elements(load_scheme(), "万元地区生产总值能耗、水耗和二氧化碳排放量")]
    ['energy-intensity', None, None]
    """
    found = scheme.find(clause)
    cuts = [
        m.start() for m in COORDINATED.finditer(clause) if not any(b <= m.start() < e for b, e, _ in found)
    ]
    items = [(b, e) for b, e in zip([0, *(c + 1 for c in cuts)], [*cuts, len(clause)], strict=True) if e > b]
    labels = [[f for f in found if b <= f[0] < e] for b, e in items]
    keys: list[str | None] = []
    for i, (b, e) in enumerate(items):
        if labels[i]:
            keys.append(labels[i][-1][2] or None)
            continue
        later = next((f[-1] for f in labels[i + 1 :] if f), None)
        keys.append(_elide(scheme, clause[b:e], clause[later[0] : later[1]]) if later else None)
    return keys


def _elide(scheme: Scheme, word: str, label: str) -> str | None:
    """The indicator named by ``word`` with the end of ``label`` ("城镇" + "居民人均可支配收入")."""
    for start in range(max(len(word) - 1, 0)):
        for cut in range(1, min(5, len(label))):
            key = scheme.by_label.get(fold_label(word[start:] + label[cut:]))
            if key:
                return key
    return None


def _pick(found: list[tuple[int, int, str]], own: str, text: str, number: int) -> tuple[int, int, str]:
    """The label a number belongs to: the last one, or the i-th of "A和B分别增长x%和y%"."""
    for word in RESPECTIVELY:
        at = own.find(word)
        if at >= 0 and len(found) > 1:
            # numbers between the clause's end and this one (the list after 分别 spans clauses)
            tail = text[number - (len(own) - at) + len(word) : number]
            index = len(NUMBER.findall(tail))
            listed = [f for f in found if f[1] <= at]
            if listed:
                return listed[min(index, len(listed) - 1)]
    return found[-1]


def _after(scheme: Scheme, text: str, number: int) -> str | None:
    """An indicator named right after the number and its unit ("525个重点项目")."""
    match = NUMBER.match(text, number)
    end = match.end() if match else number
    window = unquoted(text[end : end + 40])
    stop = CLAUSE_END.search(window)
    window = window[: stop.start()] if stop else window
    skip = UNIT_WORD.match(window).end() if window[:1].isascii() else 3
    for begin, label_end, key in scheme.find(window):
        if begin <= skip and not _counts_noun(scheme, window[label_end:]):
            return key
    return None


def _counts_next_noun(scheme: Scheme, text: str, number: int, figure: Figure) -> bool:
    """Whether a count's classifier is followed by the noun it counts ("重点项目1560项联审联批事项")."""
    word = count_word(text, number) if figure.unit == NUM else None
    if word is None:
        return False
    at = text.find(word, number) + len(word)
    return _counts_noun(scheme, text[at : at + 12])


def _counts_noun(scheme: Scheme, rest: str) -> bool:
    """Whether ``rest``, after a count, goes on to name what is counted ("先导项目", "联审事项")."""
    rest = unquoted(rest)
    stop = CLAUSE_END.search(rest)
    return (
        bool(CJK.match(rest))
        and scheme.noun_heads.search(rest[: stop.start() if stop else len(rest)]) is not None
    )


def _ends_noun(scheme: Scheme, rest: str) -> bool:
    """Whether a label ends the noun the number counts ("7个保障性住房先导项目" counts projects)."""
    return not CJK.match(rest) or scheme.link_cues.match(fold(rest)) is not None
