"""Indicator tables from files: an Excel workbook (.xlsx) or a CSV file, read into rows of cells
for importing.sheet. Whatever the file is, the user gets a Chinese message, never a traceback:
an old .xls, a workbook with an opening password, a damaged file, a formula Excel never computed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.answer_files import AnswersFileError, decode_text, read_bytes
from assistant.errors import AnswerError
from assistant.importing.funds import FundsLine, read_funds
from assistant.importing.sheet import (
    NO_HEADER_HINT,
    IndicatorRow,
    Unreadable,
    find_header,
    has_header,
    read_body,
    read_indicator_rows,
)

WHAT = "表格文件"
MAX_BYTES = 20 * 1024 * 1024  # an indicator table takes some 20 KB; a workbook with pictures a few MB
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_SAVE_AS_XLSX = "请在Excel或WPS中打开它，选“文件→另存为”，保存类型选“Excel工作簿（*.xlsx）”，再导入另存的文件。"


@dataclass(frozen=True)
class ImportedTable:
    """The indicators of a file and where they were found (表格文件 x.xlsx 的工作表“指标”), and the
    funds rows of the same sheet with their unit (none: "", [])."""

    rows: list[IndicatorRow]
    where: str
    unit: str = ""
    funds: list[FundsLine] = field(default_factory=list)


def read_indicator_file(path: Path) -> ImportedTable:
    """The indicator table of an .xlsx or .csv file; AnswerError saying what is wrong, and where."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise AnswerError(f"{WHAT} {path.name} 是旧版Excel格式（.xls），无法读取。{_SAVE_AS_XLSX}")
    if suffix not in TABLE_SUFFIXES:
        raise AnswerError(f"{WHAT} {path.name} 不是.xlsx或.csv文件。指标表请用Excel工作簿（.xlsx）或CSV文件。")
    try:
        data = read_bytes(path, WHAT, MAX_BYTES)
    except AnswersFileError as err:
        raise AnswerError(err.message) from None
    if suffix == ".csv":
        return _csv(data, path)
    return _xlsx(data, path)


def table_path(text: str) -> Path | None:
    """The file an answer names, when it is only the path of a table (typed, pasted, or dropped on
    the terminal: in quotes, as a file:// address, spaces escaped); None for anything else."""
    t = text.strip()
    if not t or "\n" in t or any(mark in t for mark in "｜|\t"):
        return None
    if len(t) > 1 and t[0] == t[-1] and t[0] in "'\"":
        t = t[1:-1]
    if t.startswith("file://"):
        from urllib.parse import unquote, urlparse

        t = unquote(urlparse(t).path)
    t = re.sub(r"\\(.)", r"\1", t) if "\\ " in t else t  # /path/my\ table.xlsx, as a terminal drops it
    path = Path(t).expanduser()
    return path if path.suffix.lower() in (*TABLE_SUFFIXES, ".xls") else None


# --- .xlsx -------------------------------------------------------------------------------------


def _xlsx(data: bytes, path: Path) -> ImportedTable:
    name = f"{WHAT} {path.name}"
    if data.startswith(_CFB):
        if _ENCRYPTED in data:
            raise AnswerError(f"{name} 设置了打开密码（已加密），无法读取。请在Excel或WPS中取消密码后另存一份再导入。")
        raise AnswerError(f"{name} 实际是旧版Excel格式（.xls），只是扩展名为{path.suffix}，无法读取。{_SAVE_AS_XLSX}")
    if not data.startswith(b"PK"):
        raise AnswerError(f"{name} 不是Excel工作簿（.xlsx），或者文件已损坏，无法读取。")
    formulas = _open(data, name, computed=False)
    sheets = [ws for ws in formulas.worksheets if ws.sheet_state == "visible"] or formulas.worksheets
    opened: list[Any] = []

    def computed(title: str) -> Any:
        """The sheet as Excel computed it: loaded again (data_only), once, only for a formula."""
        if not opened:
            opened.append(_open(data, name, computed=True))
        return opened[0][title]

    for ws in sheets:
        rows = _rows(ws, computed)
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        where = f"{name} 的工作表“{ws.title}”"
        if len(sheets) > 1 and not has_header(rows, merged):
            continue  # (another sheet: the particulars, last year's, notes)
        header = find_header(rows, where=where, merged=merged)
        body = read_body(rows[header.index + 1 :], header, where=where, first_row=header.index + 2)
        return ImportedTable(body, where, *read_funds(rows[: header.index]))
    titles = "、".join(f"“{ws.title}”" for ws in sheets)
    raise AnswerError(f"{name} 的工作表（{titles}）中都找不到指标表的表头：{NO_HEADER_HINT}")


def _open(data: bytes, name: str, *, computed: bool) -> Any:
    import openpyxl  # (loaded only when a workbook is read)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # openpyxl's English notes (data validation, conditional formats
            warnings.simplefilter("ignore")  # it drops) are of no use to the user: the table is read
            return openpyxl.load_workbook(io.BytesIO(data), data_only=computed, read_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, IndexError, EOFError,
            OSError) as err:  # fmt: skip
        raise AnswerError(f"{name} 已损坏或不是完整的Excel工作簿，无法读取（{type(err).__name__}）。"
                          "请在Excel或WPS中打开，另存一份后再导入。") from None  # fmt: skip
    except Exception as err:  # lxml's XMLSyntaxError and the like: a damaged part of the package
        if type(err).__module__.startswith(("lxml", "xml", "openpyxl")):
            raise AnswerError(f"{name} 的内容已损坏，无法读取。请在Excel或WPS中打开，另存一份后再导入。") from None
        raise


def _rows(ws: Any, computed: Callable[[str], Any]) -> list[list[str | None]]:
    """The sheet's cells as text, a formula by the value Excel computed and saved with it."""
    rows: list[list[str | None]] = []
    for row in ws.iter_rows():
        cells: list[str | None] = []
        for cell in row:
            value = cell.value
            if cell.data_type == "f" and _CONSTANT.match(str(cell.value)):
                value = str(cell.value)  # =100% typed in a cell: a target of direction =, not a sum
            elif cell.data_type == "f":
                value = computed(ws.title)[cell.coordinate].value
                if value is None:
                    formula = str(cell.value)
                    cells.append(Unreadable(
                        formula, f"是公式（{formula[:40]}），但文件中没有保存它的计算结果"
                        "（由程序生成、未在Excel或WPS中打开保存过的文件常常如此）。请在Excel或WPS中打开、保存后再导入"
                    ))  # fmt: skip
                    continue
            cells.append(cell_text(value, cell.number_format))
        rows.append(cells)
    return rows


_CONSTANT = re.compile(r"^=\s*[+-]?\d[\d.,]*\s*%?\s*$")
_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA")
_QUOTED_SUFFIX = re.compile(r'"([^"]+)"\s*(?:;.*)?$')


def cell_text(value: Any, number_format: str = "General") -> str | None:
    """A cell as the text it shows: a number as Excel writes it (15 significant digits: 0.1+0.2
    is 0.3), a percentage format as a percentage (0.98 → 98%), a unit in the format (0"万元")."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        try:
            number = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(value)
        except InvalidOperation:  # inf, nan: not in a workbook Excel wrote
            return Unreadable(str(value), "不是有效的数字")
        fmt = number_format or "General"
        if "%" in fmt.split(";")[0].replace('"%"', ""):
            return f"{_plain(number * 100)}%"
        unit = _QUOTED_SUFFIX.search(fmt.split(";")[0])
        return _plain(number) + (unit[1] if unit else "")
    text = str(value)
    if text in _ERRORS:
        return Unreadable(text, f"是错误值{text}（公式无法计算），请在Excel或WPS中改正后再导入")
    return text


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f") if number else "0"


# --- .csv ---------------------------------------------------------------------------------------


def _csv(data: bytes, path: Path) -> ImportedTable:
    where = f"{WHAT} {path.name}"
    try:
        text = decode_text(data, path, WHAT)
    except AnswersFileError as err:
        # Excel on a Chinese Windows saves CSV in GBK: taken when the table's header reads in it
        try:
            text = data.decode("gb18030")
            indicators = read_indicator_rows(_csv_rows(text), where=where)
        except (UnicodeDecodeError, AnswerError):
            raise AnswerError(err.message) from None
    else:
        indicators = read_indicator_rows(_csv_rows(text), where=where)
    return ImportedTable(indicators, where, *read_funds(_csv_rows(text)))


def _csv_rows(text: str) -> list[Sequence[str | None]]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [[c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text), dialect)]
