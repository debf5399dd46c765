"""Indicator rows pasted from Excel or WPS into the indicators answer: tab-separated cells (made ｜
by answers.clean_answer), with the sheet's header row or without it.

Without a header, rows of six or seven cells are the rows the question takes, as typed; rows of
eight are the 自评表's own columns (…｜分值｜得分｜偏差原因), as copied from a finance bureau's form.
With a header, the columns are found by their names (importing.sheet). What was read is shown as
a small table (`echo_table`) before it is taken.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from assistant.importing.sheet import IndicatorRow, has_header, read_indicator_rows
from assistant.models import Indicator
from assistant.textclean import split_row

WHERE = "粘贴的表格"
# the columns of the 自评表's indicator part (财预〔2020〕10号 附件1), as a header for rows pasted without one
FORM_COLUMNS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"]


def read_pasted(text: str) -> list[IndicatorRow] | None:
    """The indicator rows of pasted text with a header row, or in the form's eight columns; None
    for rows as typed (the indicators parser reads those). AnswerError naming the row (its line)
    and the column (by number) when a row cannot be read."""
    rows = [split_row(line) for line in text.split("\n")]
    if has_header(rows):
        return read_indicator_rows(rows, where=WHERE, letters=False)
    widths = {len(r) for r in rows if any(r)}
    if widths == {len(FORM_COLUMNS)}:
        return read_indicator_rows([FORM_COLUMNS, *rows], where=WHERE, letters=False, first_row=0)
    return None


def echo_table(indicators: Sequence[Indicator]) -> str:
    """The indicators as a small table for the chat, columns aligned (a Chinese character is two
    cells wide): a group's 一级 and 二级 said once, as merged on the form; a row's 偏差原因 on a
    line of its own below it (as a column it would push the rows past the chat's width)."""
    head = ["", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"]
    rows = [head]
    for n, ind in enumerate(indicators, 1):
        above = indicators[n - 2] if n > 1 else None
        new_group = above is None or above.level1 != ind.level1
        rows.append([
            str(n), ind.level1 if new_group else "", ind.level2 if new_group or above.level2 != ind.level2 else "",
            ind.level3, ind.target_text, _actual(ind), _plain(ind.points),
        ])  # fmt: skip
    widths = [max(_width(r[c]) for r in rows) for c in range(len(head))]
    lines = []
    for r, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if r and (reason := indicators[r - 1].reason):
            lines.append(" " * (widths[0] + 2) + f"偏差原因：{reason}")
    return "\n".join(lines)


def _actual(ind: Indicator) -> str:
    """The actual value; a band in its short form, with the score claimed (部分达成（7分）)."""
    if ind.band is None:
        return ind.actual_text
    return ind.band + (f"（{_plain(ind.claimed)}分）" if ind.claimed is not None else "")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
