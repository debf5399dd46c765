"""Reading numbers as people write them: Chinese numerals, separators, money units."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def chinese_to_int(text: str) -> int | None:
    """'十二' → 12, '一百零五' → 105, '三万二千' → 32000, '二〇二五' → 2025; None if not one."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if text[0] in _BIG_UNITS:  # "万", "亿元" alone are units, not numbers
        return None
    if all(ch in _DIGITS for ch in text) and len(text) > 1:  # digit by digit: 二〇二五
        return int("".join(str(_DIGITS[ch]) for ch in text))
    yi = wan = section = digit = 0  # the part above 亿, the part between 亿 and 万, the rest
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        elif ch == "万":  # 一亿三千万: 万 multiplies only what follows 亿
            wan = (wan + section + digit) * _BIG_UNITS[ch]
            section = digit = 0
        else:
            yi = (yi + wan + section + digit) * _BIG_UNITS[ch]
            wan = section = digit = 0
    return yi + wan + section + digit


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)$")
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def to_decimal(text: str) -> Decimal | None:
    """'1,234.50' → Decimal('1234.50'); thousands separators only in groups of three."""
    text = text.replace(" ", "")
    if _GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


# money units, in 元
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "百万元": Decimal(1_000_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
}


def convert_money(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    return amount * MONEY_UNITS[from_unit] / MONEY_UNITS[to_unit]
