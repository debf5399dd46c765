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


# Bounds on every number typed, checked before any arithmetic: Decimal keeps 28 digits, and a
# figure past them (a 30-digit amount, a ratio to a tiny divisor) makes rounding raise instead of
# giving a number. Far above any figure of a report: a typo or a paste gone wrong.
MAX_INTEGER_DIGITS = 12
MAX_DECIMALS = 6
LARGEST_NUMBER = "9" * MAX_INTEGER_DIGITS
MONEY_LIMIT = Decimal(10) ** 12  # in 元: 1万亿元


def decimals(value: Decimal) -> int:
    """Digits after the point, trailing zeros not counted: 1.50 → 1 (read without rounding)."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0 or not any(digits):
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing)


def number_problem(value: Decimal) -> str | None:
    """Why a number typed cannot be used (too many digits), or None. Looks at the digits only:
    no arithmetic on a number before it is known to fit."""
    if not value.is_finite():
        return "这里需要一个具体的数字。"
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        return f"数字过大：最多可以填写{MAX_INTEGER_DIGITS}位整数（{LARGEST_NUMBER}），请核对位数。"
    if decimals(value) > MAX_DECIMALS:
        return f"小数位数过多：最多保留{MAX_DECIMALS}位小数，请核对。"
    return None


def money_problem(amount: Decimal, unit: str, shown_in: str) -> str | None:
    """Why an amount in `unit` (already within number_problem's bounds) is too large, its limit
    said in the question's unit `shown_in`; or None."""
    return money_limit(shown_in) if abs(convert_money(amount, unit, "元")) >= MONEY_LIMIT else None


def money_limit(unit: str) -> str:
    """The message for an amount of MONEY_LIMIT or more, the limit in the question's unit."""
    largest = format(convert_money(MONEY_LIMIT, "元", unit).normalize(), "f")
    return f"金额过大：应小于1万亿元（{largest}{unit}），请核对数字的位数和单位。"
