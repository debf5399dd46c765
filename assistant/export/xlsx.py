"""The 自评表 as an Excel workbook: each attachment with content (the same tables the .docx attaches,
built by assistant/tables.py) on a sheet of its own, in the form's layout.

Nothing is computed here: a cell's text becomes a number only when it is one as written (228.63,
96.50%), with a number format that shows it as the report does (0.00, 0.00%). The 总分 (and a
小计) becomes a SUM formula over the score cells it adds up (with the budget execution's score in
the funds part), written only when those cells add up to the total the program stated, and saved
with that value: a reviewer who changes a score sees the total move, and a reader that does not
calculate still shows the total.

Written with XlsxWriter (openpyxl reads the tables brought in): it saves a formula with its value,
strings in the shared table and elements in Excel's order, so the file passes the Office schema.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.export.paths import ExportError, write_file
from assistant.models import Attachment, Heading, Report, Table
from assistant.wording import placeholder_re, table_words

FONT = "宋体"
SIZE = 10  # pt: the forms' 五号 is 10.5; Excel's grid reads best at 10
TITLE_SIZE = 16
LINE_HEIGHT = 13.5  # pt a line of 10 pt text takes
MIN_WIDTH, MAX_WIDTH = 6, 36  # column widths in Excel's units (one a Latin character, two a Chinese one)
PAGE_WIDTH = 150  # width units across a landscape A4 page at 10 pt, margins taken off
PENDING_FILL = "#FFFF00"  # what is not answered yet: yellow, as the .docx marks it
_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.(\d+))?$")
_PERCENT = re.compile(r"^-?(0|[1-9]\d*)(\.(\d+))?%$")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class _Out:
    """A cell to write, 0-based: its value (text or a number), how it is shown, its span."""

    row: int
    col: int
    value: str | Decimal
    number_format: str = ""
    bold: bool = False
    align: str = "center"
    rows: int = 1
    cols: int = 1
    size: int = SIZE
    border: bool = True
    formula: str = ""

    @property
    def ref(self) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell  # (xlsxwriter is loaded by then: see write_xlsx)

        return xl_rowcol_to_cell(self.row, self.col)


@dataclass
class _Sheet:
    name: str
    cells: list[_Out] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    titles: tuple[int, int] | None = None  # the rows printed at the top of each page


def workbook_bytes(report: Report) -> bytes:
    """The workbook of the report's attachments with content; ExportError when it has none."""
    import xlsxwriter  # (loaded only for this export)

    attachments = [a for a in report.attachments if a.blocks]
    if not attachments:
        raise ExportError(
            "这份报告还没有可以导出的自评表（它所依据的考核项目或绩效指标尚未填写），无法导出为 .xlsx；"
            "请先填写，或导出为 .docx、.md 或 .txt。"
        )
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    wb.set_properties({"title": report.title, "author": report.unit, "comments": "自评报告助手导出"})
    names: set[str] = set()
    formats: dict[tuple[Any, ...], Any] = {}
    for attachment in attachments:
        _write_sheet(wb, _lay_out(attachment, _sheet_name(attachment.name, names)), formats)
    wb.close()
    return buffer.getvalue()


def write_xlsx(report: Report, target: Path) -> Path:
    write_file(target, workbook_bytes(report))
    return target


def _sheet_name(title: str, taken: set[str]) -> str:
    """A sheet's name: the attachment's title within Excel's 31 characters, without []:*?/\\."""
    base = _SHEET_NAME_BAD.sub("", title).strip().strip("'") or "自评表"
    name, n = base[:31], 1
    while name in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    taken.add(name)
    return name


# --- the layout ------------------------------------------------------------------------------------


def _lay_out(attachment: Attachment, name: str) -> _Sheet:
    """The attachment's title across the form, a blank row, then its blocks: a table's cells at
    their grid places, a part that continues the form right below the part before."""
    columns = max((b.columns for b in attachment.blocks if isinstance(b, Table)), default=1)
    sheet = _Sheet(name, widths=_widths(attachment, columns))
    sheet.cells.append(_Out(0, 0, attachment.name.strip(), bold=True, cols=columns, size=TITLE_SIZE, border=False))
    sheet.heights[0] = 32
    row = 2
    for block in attachment.blocks:
        if not isinstance(block, Table):
            text = f"{block.number}{block.text}" if isinstance(block, Heading) else block.text
            sheet.cells.append(_Out(row, 0, text, align="left", cols=columns, border=False))
            sheet.heights[row] = _height(text, sum(sheet.widths))
            row += 1
            continue
        if not block.continues and row > 2:
            row += 1  # a blank row between two tables
        if block.header_rows and sheet.titles is None:
            sheet.titles = (row, row + block.header_rows - 1)
        for r, line in enumerate(block.grid()):
            sheet.heights.setdefault(row + r, LINE_HEIGHT + 4)
            for c, cell in enumerate(line):
                if cell is None:
                    continue
                value, number_format = _typed(cell.text)
                sheet.cells.append(_Out(row + r, c, value, number_format, cell.bold, cell.align, cell.rowspan,
                                        cell.colspan))  # fmt: skip
                if cell.rowspan == 1:
                    need = _height(cell.text, sum(sheet.widths[c : c + cell.colspan]))
                    sheet.heights[row + r] = max(sheet.heights[row + r], need)
        row += len(block.rows)
    _totals(sheet.cells)
    return sheet


def _typed(text: str) -> tuple[str | Decimal, str]:
    """A cell's value and number format: a number where the text is one, its format keeping the
    decimals written (8.00 stays 8.00); a percentage as a number shown with %; text otherwise
    (=100.00% too: it is a target, not a formula)."""
    if m := _NUMBER.match(text):
        return Decimal(text), _decimals(m.group(3))
    if m := _PERCENT.match(text):
        return Decimal(text[:-1]) / 100, _decimals(m.group(3)) + "%"
    return text, ""


def _decimals(digits: str | None) -> str:
    return "0." + "0" * len(digits) if digits else "0"


# --- the totals ------------------------------------------------------------------------------------


def _totals(cells: list[_Out]) -> None:
    """The 总分 and 小计 cells as SUM formulas over the score cells they add up: in each table part,
    the column headed 得分 (自评分 in an itemised form); the 总分 adds the budget execution's score
    too. Each only where the cells add up to the number the program wrote, which stays otherwise."""
    words = table_words()
    score_words = {words["indicators"]["columns"][6], words["items_form"]["columns"][4]}  # 得分, 自评分
    total_words = {words["indicators"]["total"], words["items_form"]["total"], words["items_form"]["total_with_bonus"]}
    subtotal = words["items_form"]["subtotal"]
    by_row: dict[int, list[_Out]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, []).append(cell)
    execution = _execution_score(by_row, words["funds"]["columns"])
    score_col: int | None = None
    part: list[_Out] = []  # the score cells since the part began
    whole: list[_Out] = []  # the score cells of the table
    for row in sorted(by_row):
        line = by_row[row]
        first = str(line[0].value)
        heading = next((c.col for c in line if c.bold and c.value in score_words), None)
        if heading is not None and first not in total_words and first != subtotal:
            score_col, part, whole = heading, [], []
            continue
        if score_col is None:
            continue
        score = next((c for c in line if c.col == score_col), None)
        if first == subtotal or first in total_words:
            if score is not None:
                adds = part if first == subtotal else whole + ([execution] if execution is not None else [])
                _sum(score, adds)
            part = []
            score_col = None if first in total_words else score_col
        elif score is None:  # a part's title across the row (加分项目)
            part = []
        elif isinstance(score.value, Decimal):
            part.append(score)
            whole.append(score)


def _execution_score(by_row: dict[int, list[_Out]], columns: list[str]) -> _Out | None:
    """The budget execution's score (the funds part's 得分 on its 年度资金总额 row), if a number."""
    rate, score = columns[4], columns[5]  # 执行率, 得分
    for row in sorted(by_row):
        heads = {c.value: c.col for c in by_row[row] if c.bold}
        if rate in heads and score in heads:
            below = next((c for c in by_row.get(row + 1, []) if c.col == heads[score]), None)
            return below if below is not None and isinstance(below.value, Decimal) else None
    return None


def _sum(total: _Out, adds: list[_Out]) -> None:
    if not adds or not isinstance(total.value, Decimal):
        return
    if sum((c.value for c in adds if isinstance(c.value, Decimal)), Decimal(0)) != total.value:
        return  # (a total its cells do not add up to is written as the program stated it)
    total.formula = f"=SUM({','.join(_ranges(adds))})"


def _ranges(cells: list[_Out]) -> list[str]:
    """The cells as ranges: those of one column in consecutive rows as H5:H9."""
    runs: list[list[_Out]] = []
    for cell in cells:
        if runs and (runs[-1][-1].col, runs[-1][-1].row + 1) == (cell.col, cell.row):
            runs[-1].append(cell)
        else:
            runs.append([cell])
    return [f"{run[0].ref}:{run[-1].ref}" if len(run) > 1 else run[0].ref for run in runs]


# --- writing -----------------------------------------------------------------------------------------


def _write_sheet(wb: Any, sheet: _Sheet, formats: dict[tuple[Any, ...], Any]) -> None:
    ws = wb.add_worksheet(sheet.name)
    for c, width in enumerate(sheet.widths):
        ws.set_column(c, c, width)
    for row, height in sheet.heights.items():
        ws.set_row(row, height)
    for cell in sheet.cells:
        pending = isinstance(cell.value, str) and placeholder_re().search(cell.value) is not None
        key = (cell.number_format, cell.bold, cell.align, cell.size, cell.border, pending)
        if key not in formats:
            spec: dict[str, Any] = {"font_name": FONT, "font_size": cell.size, "bold": cell.bold, "align": cell.align,
                                    "valign": "vcenter", "text_wrap": True}  # fmt: skip
            if cell.border:
                spec["border"] = 1
            if cell.number_format:
                spec["num_format"] = cell.number_format
            if pending:
                spec["bg_color"] = PENDING_FILL
            formats[key] = wb.add_format(spec)
        fmt = formats[key]
        if cell.rows > 1 or cell.cols > 1:  # (merged with an empty value, then the typed one written)
            ws.merge_range(cell.row, cell.col, cell.row + cell.rows - 1, cell.col + cell.cols - 1, "", fmt)
        if cell.formula:
            ws.write_formula(cell.row, cell.col, cell.formula, fmt, float(cell.value))
        elif isinstance(cell.value, Decimal):
            ws.write_number(cell.row, cell.col, float(cell.value), fmt)
        elif cell.value:
            ws.write_string(cell.row, cell.col, cell.value, fmt)
        else:
            ws.write_blank(cell.row, cell.col, None, fmt)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.hide_gridlines(2)
    if sheet.titles is not None:
        ws.repeat_rows(*sheet.titles)


# --- widths and heights ----------------------------------------------------------------------------


# wide (W) and full-width (F) characters: CJK, Hangul, kana, full-width forms and punctuation
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def _display_width(text: str) -> int:
    """Excel's width units a line takes: two for a Chinese or full-width character, one otherwise."""
    return len(text) + len(_WIDE.findall(text))


def _height(text: str, room: float) -> float:
    """The row height a cell's text needs in `room` width units, wrapped."""
    usable = max(int(room) - 1, 1)
    lines = sum(max(1, -(-_display_width(line) // usable)) for line in text.split("\n"))
    return lines * LINE_HEIGHT + 4


def _widths(attachment: Attachment, columns: int) -> list[float]:
    """Each column as wide as its longest line among the cells it holds alone, within bounds (a
    long reason wraps rather than widening the form); the widest then takes up the rest of a
    landscape page's width."""
    widths = [float(MIN_WIDTH)] * columns
    for block in attachment.blocks:
        if not isinstance(block, Table):
            continue
        for line in block.grid():
            for c, cell in enumerate(line):
                if cell is not None and cell.colspan == 1 and c < columns:
                    longest = max((_display_width(t) for t in cell.text.split("\n")), default=0)
                    widths[c] = min(MAX_WIDTH, max(widths[c], longest + 2))
    if sum(widths) < PAGE_WIDTH:
        widest = max(range(columns), key=lambda i: widths[i])
        widths[widest] += PAGE_WIDTH - sum(widths)
    return widths
