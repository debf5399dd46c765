"""Reading numbers as people write them (numbers.py) and cleaning typed text (textclean.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.formatting import cn_number
from assistant.numbers import chinese_to_int, convert_money, decimals, money_problem, number_problem, to_decimal
from assistant.textclean import clean_text, clean_title, half_width


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0), ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21),
        ("一百零五", 105), ("一百一十", 110), ("两千零五", 2005), ("一千零一十", 1010),
        ("三万二千", 32000), ("十万", 100_000), ("一百万", 1_000_000), ("一亿三千万", 130_000_000),
        ("三亿零五", 300_000_005), ("一万亿", 10**12), ("二〇二五", 2025), ("二二", 22),
        ("壹佰零伍", 105), ("贰拾", 20),
    ],
)  # fmt: skip
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "万", "亿", "万元", "三个", "几", "12", "一些"])
def test_not_chinese_numerals(text: str) -> None:
    assert chinese_to_int(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("228.63", "228.63"), ("8.00", "8.00"), (".5", "0.5"), ("-3", "-3"), ("1,234", "1234"),
        ("2,286,300", "2286300"), ("1,234,567.89", "1234567.89"), ("1 234", "1234"),
    ],
)  # fmt: skip
def test_to_decimal(text: str, value: str) -> None:
    result = to_decimal(text)
    assert isinstance(result, Decimal)
    assert result == Decimal(value)
    assert str(result) == value  # the digits as written, no float round trip


@pytest.mark.parametrize("text", ["1,23", "12,3456", "1,2345,678", "1.2.3", "abc", "1e5", "", ",", "NaN", "Infinity"])
def test_to_decimal_refuses(text: str) -> None:
    assert to_decimal(text) is None


def test_convert_money_exactly() -> None:
    assert convert_money(Decimal("3074528"), "元", "万元") == Decimal("307.4528")
    assert convert_money(Decimal("1.5"), "亿元", "万元") == Decimal("15000")
    assert convert_money(Decimal("8"), "万元", "元") == Decimal("80000")
    assert convert_money(Decimal("0.01"), "元", "亿元") == Decimal("1E-10")


def test_half_width() -> None:
    assert half_width("２２８．６３万元") == "228.63万元"
    assert half_width("９６．５％") == "96.5%"
    assert half_width("２，２８６，３００") == "2,286,300"


def test_clean_text() -> None:
    assert clean_text("甲\x00乙\x08丙\x0b丁\x1f戊\x7f己\x9f庚", multiline=False) == "甲乙丙丁戊己庚"
    assert clean_text("\ufeff甲\u200b乙\u2060", multiline=False) == "甲乙"
    assert clean_text("甲\u3000\u3000乙\xa0丙\u2003丁", multiline=False) == "甲 乙 丙 丁"
    assert clean_text("  甲  \n\n\n  乙  \n\n", multiline=True) == "甲\n\n乙"
    assert clean_text("甲\r\n乙\r丙\u2028丁", multiline=True) == "甲\n乙\n丙\n丁"
    assert clean_text("甲\n乙", multiline=False) == "甲 乙"
    assert clean_text("甲\t乙", multiline=True) == "甲 乙"
    assert clean_text("\t甲\t\t乙\t", multiline=True, keep_tabs=True) == "\t甲\t\t乙\t"


# --- bounds on every number typed (issue 12: 30-digit amounts raised decimal.InvalidOperation) ---


@pytest.mark.parametrize(("text", "places"), [("1.50", 1), ("1.5000000", 1), ("0.0000001", 7), ("123", 0),
                                              ("1E+5", 0), ("-0.000", 0), ("1e-7", 7), ("12.345678", 6)])  # fmt: skip
def test_decimals_are_counted_without_trailing_zeros(text: str, places: int) -> None:
    assert decimals(Decimal(text)) == places


def test_numbers_beyond_twelve_digits_or_six_decimals_are_refused() -> None:
    assert number_problem(Decimal("999999999999")) is None
    assert number_problem(Decimal("-999999999999.999999")) is None
    assert number_problem(Decimal("1.5000000000")) is None, "trailing zeros are not digits of the number"
    for text in ("1000000000000", "1" * 35, "-1E+12", "1E+100"):
        assert "数字过大：最多可以填写12位整数（999999999999）" in str(number_problem(Decimal(text)))
    assert "小数位数过多：最多保留6位小数" in str(number_problem(Decimal("0.0000001")))
    assert number_problem(Decimal("NaN")) and number_problem(Decimal("Infinity"))


def test_money_below_a_trillion_yuan() -> None:
    assert money_problem(Decimal("999999999999"), "元", "万元") is None
    assert money_problem(Decimal("99999999.99"), "万元", "万元") is None
    said = "金额过大：应小于1万亿元（100000000万元），请核对数字的位数和单位。"
    assert money_problem(Decimal("1000000000000"), "元", "万元") == said
    assert money_problem(Decimal("10000"), "亿元", "万元") == said
    assert "（1000000000000元）" in str(money_problem(Decimal("100000000"), "万元", "元"))


# --- numbers in words (ordinals: 一、 （一） 一是) --------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "零"), (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"), (100, "一百"),
        (101, "一百零一"), (110, "一百一十"), (112, "一百一十二"), (999, "九百九十九"), (1000, "一千"),
        (1001, "一千零一"), (1010, "一千零一十"), (10005, "一万零五"), (10100, "一万零一百"), (100000, "十万"),
        (120000, "十二万"), (100010000, "一亿零一万"), (123456789, "一亿二千三百四十五万六千七百八十九"),
    ],
)  # fmt: skip
def test_cn_number_of_any_count(n: int, words: str) -> None:
    """cn_number stopped at 99 (string index out of range at 100: fill with 100 work items failed)."""
    assert cn_number(n) == words


def test_cn_number_reads_back_for_every_count_up_to_twenty_thousand() -> None:
    assert all(chinese_to_int(cn_number(n)) == n for n in range(20_000))


def test_titles_lose_terminal_codes_and_control_characters() -> None:
    """A title with ESC [31m … was stored as typed and sent to the terminal by `list`."""
    assert clean_title("\x1b[31m红色\x1b[0m标题\x07\n第二行\x9b2J\x1b]0;窗口\x07 ") == "红色标题 第二行"
    assert clean_title("  报告\t（初稿）\u200b") == "报告 （初稿）"
