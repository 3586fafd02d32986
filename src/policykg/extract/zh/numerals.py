"""Chinese numbers: Arabic, full-width and Chinese numerals with 万 / 亿 / 万亿 scales, read in place.

Every reading keeps the exact offsets of its characters in the text (nothing is rewritten), so a
figure's evidence is the text itself.
May import: the standard library.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
SCALES = {"万": Decimal(10000), "亿": Decimal(100000000), "万亿": Decimal(1000000000000)}
FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
SCALE = r"(?:万亿|亿|万)"
# A number: Arabic or Chinese numerals, an optional scale (万 / 亿 / 万亿, also "3千万", "1.2万亿").
NUMBER = re.compile(rf"(?:{ARABIC}|{CHINESE})(?:千万|百万|{SCALE})?")
PERCENT_WORDS = re.compile(rf"百分之({CHINESE}|{ARABIC})")
ARABIC_DIGIT = re.compile(r"[0-9０-９]")
GROUP_MARK = re.compile(r"[,，]")


def chinese_integer(text: str) -> int | None:
    """The value of a Chinese numeral below 万 (十二 → 12, 三千五百 → 3500, 两 → 2).

    >>> chinese_integer("三千五百"), chinese_integer("十六"), chinese_integer("二十"), chinese_integer("一〇五")
    (3500, 16, 20, 105)
    """
    if text and all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (digit or 1) * SMALL_UNITS[ch]
            digit = 0
        else:
            return None
    return total + digit


def chinese_value(text: str) -> Decimal | None:
    """A Chinese numeral with 万 / 亿 and 点 (三千五百万 → 35000000, 六点五 → 6.5).

    >>> chinese_value("三千五百万"), chinese_value("六点五"), chinese_value("一万二千")
    (Decimal('35000000'), Decimal('6.5'), Decimal('12000'))
    """
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = chinese_integer(whole)
        if head is None or not all(ch in DIGITS for ch in frac):
            return None
        return Decimal(f"{head}.{''.join(str(DIGITS[ch]) for ch in frac)}")
    total = Decimal(0)
    rest = text
    for mark, size in (("亿", SCALES["亿"]), ("万", SCALES["万"])):
        if mark in rest:
            head, _, rest = rest.partition(mark)
            part = chinese_integer(head) if head else 1
            if part is None:
                return None
            total += part * size
    if rest:
        part = chinese_integer(rest)
        if part is None:
            return None
        total += part
    return total


@functools.lru_cache(maxsize=1 << 14)
def number_value(text: str) -> Decimal | None:
    """The value of a number as written, scales applied (numbers repeat: cached, a Decimal is immutable).

    >>> number_value("6744.6亿"), number_value("１２０万"), number_value("1.2万亿"), number_value("百分之六")
    (Decimal('674460000000.0'), Decimal('1200000'), Decimal('1200000000000.0'), Decimal('6'))
    >>> number_value("3千万"), number_value("二十")
    (Decimal('30000000'), Decimal('20'))
    """
    words = PERCENT_WORDS.fullmatch(text)
    if words:
        return number_value(words.group(1))
    scale = Decimal(1)
    body = text
    for mark, size in (("万亿", SCALES["万亿"]), ("千万", Decimal(10**7)), ("百万", Decimal(10**6))):
        if (
            body.endswith(mark)
            and len(body) > len(mark)
            and body[-len(mark) - 1] not in "零一二两三四五六七八九十百千"
        ):
            body, scale = body[: -len(mark)], size
            break
    else:
        if body[-1:] in ("亿", "万") and ARABIC_DIGIT.search(body):
            body, scale = body[:-1], SCALES[body[-1]]
    if ARABIC_DIGIT.search(body):
        try:
            return Decimal(GROUP_MARK.sub("", body.translate(FULL_WIDTH))) * scale
        except InvalidOperation:
            return None
    value = chinese_value(body)
    return None if value is None else value * scale
