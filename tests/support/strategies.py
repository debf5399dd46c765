"""Hypothesis strategies for what people type, paste or leave in files: numbers as they write
them (Chinese numerals, full-width digits, units, separators, 30-digit amounts), rows pasted from
Excel and WPS (tabs, ｜, NBSP, BOM, CRLF, stray quotes), terminal codes and control characters,
and any text at all. Shared by tests/unit/test_properties_*.py."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from assistant.models import Indicator

# pieces of answers as typed: digits and units, signs, numerals, marks, and what pastes bring along
PIECES = [
    "0", "1", "9", "12", "100", "228.63", "8.005", "1,234", "2,286,300", "12,3456", "1.2.3", ".5", "0.00",
    "１２", "２２８．６３", "．", "９６．５％", "9" * 13, "9" * 30, "1" * 40, "0." + "0" * 10 + "1", "1e5", "1E-9",
    "NaN", "Infinity", "-", "+", "−", "负", "约", "多", "左右", "几", "若干", "百分之", "万元", "元", "亿元", "亿",
    "万", "千元", "%", "％", "人", "个", "次", "分", "≥", "≤", "=", ">=", "<", "不低于", "以上", "以内", "下降",
    "增长", "一", "二", "两", "十", "百", "千", "零", "〇", "壹", "九亿亿亿亿亿", "一百零一", "第", "项", "年",
    "年度", "月", "日", "2025", "2025年12月31日", "2月30日", "13月", "是", "否", "没有", "已开展", "未开展",
    "达成", "部分达成（7分）", "未达成（1分）", "达成(12分)", "同上", "明显改善", "产出指标", "数量指标",
    "附加分", "\t", "｜", "|", "\n", "\r\n", "\r", "\u2028", "\xa0", "\u3000", "\ufeff", "\u200b",
    "\x1b[31m", "\x1b[0m", "\x1b]0;title\x07", "\x1b", "\x00", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\x85",
    "\ud83d", "\ude00", "😀", "𠮷", "“", "”", "\"", "'", "《", "》", "（", "）", "(", ")", "、", "，", ",", "；",
    ";", "。", ".", "：", " ", "  ", "一是", "1.", "（一）", "①", "٣", "²", "⑴", "Ⅻ", "[/]", "{{", "}}", "{%",
]  # fmt: skip


def pieces(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text made of pieces of real answers, with now and then any characters in between."""
    piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
    return st.lists(piece, min_size=min_size, max_size=max_size).map("".join)


ANY_CHARACTER = st.characters(codec=None, exclude_categories=())  # surrogates included


def anything() -> st.SearchStrategy[str]:
    """What may reach a parser: answer-like pieces, any text, text with lone surrogates."""
    return st.one_of(pieces(), st.text(), st.text(alphabet=ANY_CHARACTER, max_size=20))


CELL_PIECES = [
    "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "", "培训人次", "满意度", "≥90%", "≤5万元",
    "=100%", "90%以上", "明显改善", "95%", "82.8%", "4万元", "40000元", "1次", "10", "6", "0", "-3.2%",
    "下降3.2%", "达成", "部分达成（7分）", "未达成（1分）", "同上", "原因", " 10 ", "\xa0", "\"10\"", "'6'",
    "１０", "≥" + "9" * 30 + "次", "9" * 30, "0.0000001", "≥0次", "≤0%", "1亿元", "1元", "≥1元", "5亿元",
]  # fmt: skip
SEPARATORS = ["｜", "|", "\t", " | ", "｜ ", "\t\t"]


@st.composite
def table_text(draw: Any, max_rows: int = 5) -> str:
    """Rows as pasted from Excel or WPS: cells separated by tabs or ｜, NBSP, full-width digits,
    quotes around cells, a BOM, CRLF line ends, cells too many or too few."""
    rows = []
    for _ in range(draw(st.integers(1, max_rows))):
        width = draw(st.integers(1, 9))
        cells = [draw(st.one_of(st.sampled_from(CELL_PIECES), pieces(max_size=3))) for _ in range(width)]
        row = ""
        for i, cell in enumerate(cells):
            row += (draw(st.sampled_from(SEPARATORS)) if i else "") + cell
        rows.append(row)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return draw(st.sampled_from(["", "\ufeff"])) + newline.join(rows)


def strings_in(value: Any) -> list[str]:
    """Every string inside a parsed value (lists, rows, indicators), for checks on each."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, Indicator):
        return strings_in(value.model_dump(mode="python"))
    return []


def numbers_in(value: Any) -> list[Decimal]:
    if isinstance(value, Decimal):
        return [value]
    if isinstance(value, int) and not isinstance(value, bool):
        return [Decimal(value)]
    if isinstance(value, list | tuple):
        return [n for v in value for n in numbers_in(v)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers_in(v)]
    if isinstance(value, Indicator):
        return numbers_in(value.model_dump(mode="python"))
    return []


# what no parsed value may keep: control characters, escape codes, lone surrogates
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x1b\ud800-\udfff]")
