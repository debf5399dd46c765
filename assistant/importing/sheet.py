"""An indicator table from rows of cells, whatever their source (a worksheet, a CSV file, rows
pasted from Excel or WPS, a table of last year's .docx): the rows the indicators question takes.

The header row is found by its column names, with the usual variants (指标值 / 年度指标值 / 目标值,
实际完成值 / 完成值 / 实际值, 分值 / 权重 …); the other columns are ignored. An empty 一级 or 二级
cell (a merged cell arrives so) repeats the row above. Each row is read by the same function as a
typed row (indicators.parse_row), so an imported table gives exactly the indicators typing it would;
what cannot be read is refused with a message naming the sheet, the row and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.errors import AnswerError
from assistant.formatting import pct, plain_number
from assistant.indicators import OVER_ACHIEVEMENT_REASON, achievement, band_of, parse_row
from assistant.models import Indicator
from assistant.numbers import to_decimal
from assistant.textclean import clean_text, half_width
from assistant.wording import placeholder_re

Cells = Sequence[str | None]
Merged = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col: 1-based, as openpyxl names a range

# The fields of an indicator row, in the order the indicators question takes them, and the names
# their columns go by (compared without spaces, full-width forms or a bracketed note: 分值（分）).
ROW_FIELDS = ("level1", "level2", "level3", "target", "actual", "points", "reason")
LABELS = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值",
    "actual": "实际完成值", "points": "分值", "reason": "偏差原因分析及改进措施", "score": "得分",
    "direction": "指标性质", "unit": "度量单位",
}  # fmt: skip
_NAMES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级指标名称"),
    "level2": ("二级指标", "二级指标名称"),
    "level3": ("三级指标", "三级指标名称", "指标名称", "绩效指标名称", "具体指标"),
    "target": ("年度指标值", "指标值", "目标值", "年度目标值", "年度目标", "指标目标值", "预期目标值",
               "绩效指标值", "计划值", "年度计划值", "预期指标值"),
    "actual": ("实际完成值", "完成值", "实际值", "全年实际值", "全年完成值", "全年实际完成值", "实际完成",
               "实际完成情况", "实际完成数"),
    "points": ("分值", "权重", "指标分值", "权重分", "标准分", "权重分值", "满分"),
    "score": ("得分", "自评得分", "实际得分", "评分"),
    "direction": ("指标性质", "指标方向", "方向", "运算符号", "符号", "比较符号", "指标值性质"),
    "unit": ("度量单位", "计量单位", "单位"),
}  # fmt: skip
_REASON_STARTS = ("偏差原因", "原因分析", "未完成原因", "偏差说明", "偏差分析", "存在问题及原因")
REQUIRED = ("level1", "level2", "level3", "target", "actual", "points")
NO_HEADER_HINT = (
    "表头一行应有“" + "”“".join(LABELS[f] for f in REQUIRED) + "”等栏目名称（也可写作指标值、目标值、完成值、权重等）。"
    "请检查是否选对了工作表，或在表格上方加上表头。"
)
HEADER_SEARCH = 50  # rows looked through for the header
# a row that ends the indicators (the form's 总分 and grade rows) or stands between them (subtotals)
_END_WORDS = ("总分", "合计", "总计", "自评等级", "评价等级", "自评结论", "等级")
_SKIP_WORDS = ("小计",)
# what a form writes in a cell with nothing to say (the program's own placeholder is taken off too)
_EMPTY = {"—", "——", "－", "-", "--", "/", "／", "\\", "无数据"}
_DIRECTIONS = {"≥": "≥", ">=": "≥", ">": "≥", "正向": "≥", "正向指标": "≥", "≤": "≤", "<=": "≤", "<": "≤",
               "反向": "≤", "反向指标": "≤", "=": "=", "等于": "=", "定性": "", "定性指标": ""}  # fmt: skip


class Unreadable(str):
    """A cell whose value cannot be used (a formula never computed, an error value): its text,
    and why, said with the cell's place when it is read (a header or a skipped row may hold it)."""

    why: str

    def __new__(cls, text: str, why: str) -> Unreadable:
        cell = super().__new__(cls, text)
        cell.why = why
        return cell


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator read from a sheet: its row there, its cells as the indicators question takes
    them (一级｜二级｜三级｜年度指标值｜实际完成值｜分值｜偏差原因), and the indicator they give."""

    number: int
    cells: tuple[str, ...]
    indicator: Indicator


@dataclass(frozen=True)
class Header:
    """Where the header row is (0-based in the rows given) and the column of each field found."""

    index: int
    columns: dict[str, int]
    names: dict[str, str]  # each field's column name as the sheet writes it, compared form
    text: dict[str, str | None]  # and as its cell holds it


def column_letter(index: int) -> str:
    """A 0-based column as a worksheet names it: A, B … Z, AA …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _heading(text: str | None) -> str:
    """A column name compared: no spaces or line breaks, half width, no note in brackets, no mark
    of a required column (*)."""
    t = re.sub(r"\s+", "", half_width(text or ""))
    t = re.sub(r"[(（\[【][^)）\]】]*[)）\]】]$", "", t)
    return t.strip("*※:：")


def _field(text: str | None) -> str | None:
    name = _heading(text)
    if not name:
        return None
    for field, names in _NAMES.items():
        if name in names:
            return field
    return "reason" if name.startswith(_REASON_STARTS) else None


def _header_cells(rows: Sequence[Cells], index: int, merged: Sequence[Merged]) -> list[str | None]:
    """The cells of a row as header: a name merged down from a row above (a two-row header whose
    年度指标值 spans both) is read in this row too."""
    cells = list(rows[index])
    for min_row, min_col, max_row, max_col in merged:
        if min_col == max_col and min_row - 1 < index <= max_row - 1 and min_col - 1 < len(cells):
            top = rows[min_row - 1]
            if not cells[min_col - 1] and min_col - 1 < len(top):
                cells[min_col - 1] = top[min_col - 1]
    return cells


def _header_row(rows: Sequence[Cells], merged: Sequence[Merged]) -> int | None:
    """The row among the first that names the most indicator columns (three at least)."""
    best: tuple[int, int] | None = None  # (fields found, index)
    for index in range(min(len(rows), HEADER_SEARCH)):
        found = {f for c in _header_cells(rows, index, merged) if (f := _field(c)) in REQUIRED}
        if len(found) >= 3 and (best is None or len(found) > best[0]):
            best = (len(found), index)
    return None if best is None else best[1]


def has_header(rows: Sequence[Cells], merged: Sequence[Merged] = ()) -> bool:
    """Whether the rows hold an indicator table's header (the sheet of a workbook to read)."""
    return _header_row(rows, merged) is not None


def find_header(rows: Sequence[Cells], *, where: str, merged: Sequence[Merged] = (), first_row: int = 1) -> Header:
    """The row naming the most of the indicator columns among the first rows, and each field's
    column; a field named twice, or a name across merged columns, is refused."""
    found = _header_row(rows, merged)
    if found is None:
        raise AnswerError(f"{where}前{HEADER_SEARCH}行中找不到指标表的表头：{NO_HEADER_HINT}")
    index = found
    row_number = first_row + index
    for min_row, min_col, max_row, max_col in merged:
        if min_col != max_col and min_row - 1 <= index <= max_row - 1:
            span = f"{column_letter(min_col - 1)}{min_row}:{column_letter(max_col - 1)}{max_row}"
            raise AnswerError(
                f"{where}第{row_number}行是表头，但其中{span}是合并单元格，无法确定各栏对应的内容。"
                "请取消表头的合并单元格，使每个栏目名称各占一列后再导入。"
            )
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    text: dict[str, str | None] = {}
    for col, cell in enumerate(_header_cells(rows, index, merged)):
        field = _field(cell)
        if field is None:
            continue
        if field in columns:
            raise AnswerError(
                f"{where}第{row_number}行的表头中，{column_letter(columns[field])}列“{names[field]}”和"
                f"{column_letter(col)}列“{_heading(cell)}”都是“{LABELS[field]}”，无法确定用哪一列，请删去或改名其中一列。"
            )
        columns[field], names[field], text[field] = col, _heading(cell), cell
    missing = [LABELS[f] for f in REQUIRED if f not in columns]
    if missing:
        told = "（像是绩效目标申报表：只有年度指标值）" if "actual" not in columns else ""
        raise AnswerError(
            f"{where}第{row_number}行的表头缺少“{'”“'.join(missing)}”一栏{told}。请在表中补上这些栏目并填好，再导入。"
        )
    return Header(index, columns, names, text)


def read_indicator_rows(
    rows: Sequence[Cells], *, where: str, merged: Sequence[Merged] = (), first_row: int = 1,
    letters: bool = True,
) -> list[IndicatorRow]:  # fmt: skip
    """The indicators of a table whose header row is among its first rows. `where` names the
    table in messages (工作表“指标”); `merged` are the merged ranges of a worksheet; `first_row` is
    the number of rows[0]; columns are named by letter (a sheet) or by number (a paste)."""
    header = find_header(rows, where=where, merged=merged, first_row=first_row)
    return read_body(rows[header.index + 1 :], header, where=where, first_row=first_row + header.index + 1,
                     letters=letters)  # fmt: skip


def read_body(
    rows: Sequence[Cells], header: Header, *, where: str, first_row: int, letters: bool = True
) -> list[IndicatorRow]:
    """The indicator rows under a header: carried down, read, checked as a table."""

    def column(field: str) -> str:
        col = header.columns[field]
        place = f"{column_letter(col)}列" if letters else f"第{col + 1}栏"
        return f"{place}“{header.names[field]}”"

    by_label = {LABELS[f]: f for f in ("target", "actual", "points")}
    head_level3 = header.text["level3"]
    read: list[IndicatorRow] = []
    level1 = level2 = ""
    for offset, raw in enumerate(rows):
        number = first_row + offset
        at = f"{where}第{number}行"
        first = _heading(next((c for c in raw if c is not None and c.strip()), ""))
        level3 = raw[header.columns["level3"]] if header.columns["level3"] < len(raw) else None
        if first.startswith(_END_WORDS) and not level3:
            break  # (before its cells are read: the form's 总分 may be a formula)
        if first.startswith(_SKIP_WORDS):
            continue
        cells = {field: _cell(raw, col, f"{at}{column(field)}") for field, col in header.columns.items()}
        if not any(cells[f] for f in ROW_FIELDS if f in cells):
            continue
        if level3 == head_level3:
            continue  # the header again (repeated at a page break)
        # an empty 一级 or 二级 cell is the one above; 二级 only within the same 一级
        same_group = not cells["level1"] or cells["level1"] == level1
        level1 = cells["level1"] or level1
        level2 = cells["level2"] or (level2 if same_group else "")
        filled = {**cells, "level1": level1, "level2": level2}
        for field in REQUIRED:
            if not filled[field]:
                raise AnswerError(f"{at}{column(field)}是空的，请填上{LABELS[field]}后再导入。")
        typed = (level1, level2, cells["level3"], _target(cells), _actual(cells), cells["points"],
                 cells.get("reason", ""))  # fmt: skip
        _refuse_fraction(typed[3], typed[4], f"{at}{column('actual')}")
        above = read[-1].indicator if read else None
        ind = parse_row(list(typed), len(read) + 1, above, where=at,
                        name=lambda label: column(by_label[label]))  # fmt: skip
        read.append(IndicatorRow(number, typed, ind))
    if not read:
        raise AnswerError(f"{where}的表头下面没有指标：请在表头下逐行填写指标。")
    _check_far_above(read, where, column("reason") if "reason" in header.columns else "")
    return read


def _cell(row: Cells, col: int, at: str) -> str:
    """A cell as typed text: one line, without a form's “—” or the program's placeholder; a cell
    holding the cell separator ｜ is refused (the row could not be read back)."""
    value = row[col] if col < len(row) else None
    if isinstance(value, Unreadable):
        raise AnswerError(f"{at}{value.why}。")
    text = value or ""
    if not text.isprintable() or "  " in text or text != text.strip(" "):  # (most cells are clean as they are)
        text = clean_text(text, multiline=False)
    if "｜" in text or "|" in text:
        raise AnswerError(f"{at}中有竖线“｜”，它用来分隔表格的各栏，请改用顿号或斜线。")
    text = placeholder_re().sub("", text).strip()
    return "" if text in _EMPTY else text


def _target(cells: dict[str, str]) -> str:
    """The 年度指标值 as typed: with its direction and unit when they have columns of their own
    (指标性质 ≥ ｜ 指标值 90 ｜ 度量单位 % → ≥90%)."""
    value = cells["target"]
    sign = _DIRECTIONS.get(half_width(cells.get("direction", "")).replace(" ", ""), "")
    if cells.get("direction") and half_width(cells["direction"]).strip() in ("定性", "定性指标"):
        return value
    return sign + _with_unit(value, cells.get("unit", "")) if _is_number(value) else value


def _actual(cells: dict[str, str]) -> str:
    """The 实际完成值 as typed: its unit added from a column of its own; a band (部分达成) with the
    score of the 得分 column in brackets, as a typed row claims it (部分达成（7分）)."""
    value = cells["actual"]
    if _is_number(value):
        return _with_unit(value, cells.get("unit", ""))
    band, score = band_of(value), to_decimal(half_width(cells.get("score", "")).removesuffix("分"))
    points = to_decimal(half_width(cells["points"]).removesuffix("分"))
    if band is None or score is None or (band == "达成" and points is not None and score >= points):
        return value  # (达成 without a claim is full points: the 得分 column says nothing more)
    return f"{value}（{_plain(score)}分）"


def _refuse_fraction(target: str, actual: str, at: str) -> None:
    """0.98 or 1 against ≥95%: a share written as a fraction (a cell without the % format), which
    a typed row would read as 0.98%; asked, not guessed (1 against ≤1% is 1%)."""
    value = to_decimal(half_width(actual).strip())
    goal = re.search(r"\d[\d.,]*", half_width(target))
    goal_value = to_decimal(goal.group()) if goal else None
    if not (half_width(target).rstrip().endswith("%") and value is not None and goal_value is not None):
        return
    if 0 < abs(value) <= 1 < goal_value:
        shown = _plain(value * 100)
        raise AnswerError(
            f"{at}是{actual}，没有百分号，而年度指标值是百分比“{target}”：如果是{shown}%，请写成“{shown}%”"
            f"（或把单元格设为百分比格式）；如果确实是{actual}%，请写成“{actual}%”。"
        )


def _plain(value: Decimal) -> str:
    """A number as written, every digit kept, without trailing zeros: 7.00 → 7, 7.125 → 7.125."""
    return format(value.normalize(), "f")


def _is_number(text: str) -> bool:
    return re.match(r"^[+-]?\d", half_width(text).replace(" ", "")) is not None


def _with_unit(value: str, unit: str) -> str:
    unit = unit.strip()
    if not unit or unit in _EMPTY or half_width(value).rstrip().endswith(half_width(unit)):
        return value
    return value + unit


def _check_far_above(read: list[IndicatorRow], where: str, reason_column: str) -> None:
    """As a typed table: an indicator at 130% of its target or more needs a 偏差原因."""
    rows = [
        f"第{r.number}行“{r.indicator.level3}”（{r.indicator.target_text}，实际{r.indicator.actual_text}，"
        f"为目标的{pct(ratio * 100)}）"
        for r in read
        if not r.indicator.reason and (ratio := achievement(r.indicator)) is not None
        and ratio >= OVER_ACHIEVEMENT_REASON
    ]  # fmt: skip
    if rows:
        place = reason_column or "新加的一栏“偏差原因分析及改进措施”"
        raise AnswerError(
            f"{where}中以下指标的实际完成值达到年度指标值的{plain_number(OVER_ACHIEVEMENT_REASON * 100)}%及以上，"
            f"须在{place}写明偏差原因及改进措施（常见原因是目标定得偏低）：" + "；".join(rows) + "。"
        )


def indicators_text(rows: Sequence[IndicatorRow]) -> str:
    """The rows as the answer to the indicators question: a line each, cells separated by ｜."""
    return "\n".join("｜".join(r.cells).rstrip("｜") for r in rows)
