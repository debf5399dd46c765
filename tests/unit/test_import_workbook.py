"""Indicator tables from .xlsx and .csv files (assistant/importing/workbook.py): the shapes units have,
and every file that cannot be read refused with a Chinese message naming the sheet, row and column."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from assistant.errors import AnswerError
from assistant.importing.sheet import indicators_text
from assistant.importing.workbook import cell_text, read_indicator_file
from assistant.indicators import parse_indicators

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
BODY: list[list[Any]] = [
    ["产出指标", "数量指标", "培训人次", "≥500人次", "520人次", 20, 20, None],
    [None, None, "发放台数", "≥100台", "90台", 20, 18, "供货延迟，已督促"],
    [None, "质量指标", "合格率", "≥95%", 0.98, 10, 10, "—"],
    ["效益指标", "社会效益指标", "群众认可度", "明显提升", "部分达成", 30, 21, "宣传不足"],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", 0.92, 20, 20, None],
]
TYPED = """产出指标｜数量指标｜培训人次｜≥500人次｜520人次｜20
产出指标｜数量指标｜发放台数｜≥100台｜90台｜20｜供货延迟，已督促
产出指标｜质量指标｜合格率｜≥95%｜98%｜10
效益指标｜社会效益指标｜群众认可度｜明显提升｜部分达成（21分）｜30｜宣传不足
满意度指标｜服务对象满意度指标｜服务对象满意度｜≥90%｜92%｜20"""


def _workbook(path: Path, rows: list[list[Any]], *, title: str = "指标", merged: tuple[str, ...] = (),
              before: tuple[str, ...] = ()) -> Path:  # fmt: skip
    """A workbook with sheets named `before` (empty but a title), then the indicator sheet; the
    shares (0.98) formatted as percentages, as Excel stores 98% typed in a cell."""
    wb = openpyxl.Workbook()
    wb.active.title = before[0] if before else title
    for name in before[1:]:
        wb.create_sheet(name)
    for ws in wb.worksheets:
        ws["A1"] = "说明"
    ws = wb.create_sheet(title) if before else wb.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c, value)
            if isinstance(value, float) and value <= 1:
                cell.number_format = "0%"
    for ref in merged:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def _cached(path: Path, values: dict[str, str]) -> Path:
    """The workbook as Excel saves it: each formula with its computed value (openpyxl writes none)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            xml = data.decode()
            for ref, value in values.items():
                kind = ' t="e"' if value.startswith("#") else ""  # an error value, as Excel marks it
                xml = re.sub(rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*/?>(</v>)?',
                             rf'<c r="{ref}"\g<1>{kind}><f>\g<2></f><v>{value}</v>', xml)  # fmt: skip
            parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _indicators(path: Path) -> list[Any]:
    return [r.indicator for r in read_indicator_file(path).rows]


def _refused(path: Path) -> str:
    with pytest.raises(AnswerError) as err:
        read_indicator_file(path)
    return err.value.message


def test_a_plain_sheet_with_a_header_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "指标.xlsx", [HEADER, *BODY])
    table = read_indicator_file(path)
    assert [r.indicator for r in table.rows] == parse_indicators(TYPED)
    assert table.where == "表格文件 指标.xlsx 的工作表“指标”"
    assert parse_indicators(indicators_text(table.rows)) == parse_indicators(TYPED)


def test_the_project_form_of_the_finance_ministry_with_merged_groups(tmp_path: Path) -> None:
    """附件1 of 财预〔2020〕10号: particulars on top, 绩效指标 merged down column A, 一级/二级 merged
    down their rows, 总分 a formula (not computed: openpyxl wrote it) and 自评等级 below."""
    top = [["项目支出绩效自评表"], ["项目名称", None, "农业技术推广"], ["年度总体目标", "预期目标", None, "实际完成"]]
    rows = [*top, ["绩效指标", *HEADER]] + [[None, *r] for r in BODY]
    rows += [["总分", None, None, None, None, None, 100, "=SUM(H5:H9)"]]
    rows += [["自评等级", None, None, None, None, None, "良"]]
    merges = ("A1:I1", "A4:A9", "B5:B7", "C5:C6", "A10:F10", "A11:F11", "G11:I11")
    path = _workbook(tmp_path / "自评表.xlsx", rows, merged=merges)
    table = read_indicator_file(path)
    assert [r.indicator for r in table.rows] == parse_indicators(TYPED)
    assert [r.number for r in table.rows] == [5, 6, 7, 8, 9]


def test_a_target_form_with_a_two_row_header(tmp_path: Path) -> None:
    """绩效目标申报表 with its actual values added: 绩效指标 across 一级/二级/三级, the other names
    merged down over both header rows."""
    first = ["绩效指标", None, None, "指标值", "完成值", "权重", "得分", "偏差原因"]
    second = ["一级指标", "二级指标", "三级指标"]
    merges = ("A1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2")
    path = _workbook(tmp_path / "申报表.xlsx", [first, second, *BODY], merged=merges)
    assert _indicators(path) == parse_indicators(TYPED)


def test_the_indicator_sheet_is_found_among_others(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "t.xlsx", [HEADER, *BODY], title="绩效指标", before=("封面", "资金"))
    table = read_indicator_file(path)
    assert table.where.endswith("工作表“绩效指标”")
    assert [r.indicator for r in table.rows] == parse_indicators(TYPED)


def test_a_formula_with_its_saved_value_is_read_by_the_value(tmp_path: Path) -> None:
    rows = [HEADER, *BODY]
    rows[1] = [*rows[1][:5], "=10*2", *rows[1][6:]]
    path = _cached(_workbook(tmp_path / "t.xlsx", rows), {"F2": "20"})
    assert _indicators(path) == parse_indicators(TYPED)


def test_a_formula_without_a_saved_value_is_named(tmp_path: Path) -> None:
    rows = [HEADER, *BODY]
    rows[2] = [*rows[2][:5], "=10*2", *rows[2][6:]]
    message = _refused(_workbook(tmp_path / "t.xlsx", rows))
    assert message.startswith("表格文件 t.xlsx 的工作表“指标”第3行F列“分值”是公式（=10*2），")
    assert "但文件中没有保存它的计算结果" in message
    assert "请在Excel或WPS中打开、保存后再导入" in message


def test_an_error_value_is_named(tmp_path: Path) -> None:
    rows = [HEADER, *BODY]
    rows[2] = [*rows[2][:4], "=1/0", *rows[2][5:]]
    message = _refused(_cached(_workbook(tmp_path / "t.xlsx", rows), {"E3": "#DIV/0!"}))
    assert message == (
        "表格文件 t.xlsx 的工作表“指标”第3行E列“实际完成值”是错误值#DIV/0!（公式无法计算），"
        "请在Excel或WPS中改正后再导入。"
    )


def test_no_header_in_any_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "t.xlsx", BODY, title="数据", before=("封面",))
    assert _refused(path).startswith("表格文件 t.xlsx 的工作表（“封面”、“数据”）中都找不到指标表的表头：表头一行应有")


def test_a_merged_header_is_refused(tmp_path: Path) -> None:
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", None, "分值", "得分", "偏差原因"]
    path = _workbook(tmp_path / "t.xlsx", [head, *BODY], merged=("D1:E1",))
    assert _refused(path).startswith("表格文件 t.xlsx 的工作表“指标”第1行是表头，但其中D1:E1是合并单元格")


def test_a_row_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    rows = [HEADER, *BODY]
    rows[4] = [*rows[4][:5], "三十", *rows[4][6:]]
    assert _refused(_workbook(tmp_path / "t.xlsx", rows)) == (
        "表格文件 t.xlsx 的工作表“指标”第5行F列“分值”应为正数，例如 10，而不是“三十”。"
    )


def test_an_old_xls_is_refused_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "指标.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert _refused(path).startswith("表格文件 指标.xls 是旧版Excel格式（.xls），无法读取。请在Excel或WPS中打开它")


def test_an_old_xls_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "指标.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert _refused(path).startswith("表格文件 指标.xlsx 实际是旧版Excel格式（.xls），只是扩展名为.xlsx")


def test_a_workbook_with_an_opening_password_is_refused(tmp_path: Path) -> None:
    """An encrypted workbook is an OLE compound file holding the streams EncryptionInfo and
    EncryptedPackage (MS-OFFCRYPTO); the directory entry names them in UTF-16."""
    path = tmp_path / "加密.xlsx"
    directory = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + directory + bytes(400))
    assert _refused(path) == (
        "表格文件 加密.xlsx 设置了打开密码（已加密），无法读取。请在Excel或WPS中取消密码后另存一份再导入。"
    )


def test_a_real_encrypted_workbook_is_refused() -> None:
    """tests/data/encrypted.xlsx: a workbook with the opening password “secret”, encrypted as Excel
    does (agile encryption) by msoffcrypto-tool 6.1.0."""
    path = Path(__file__).resolve().parents[1] / "data" / "encrypted.xlsx"
    assert _refused(path).startswith("表格文件 encrypted.xlsx 设置了打开密码（已加密），无法读取。")


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    whole = _workbook(tmp_path / "whole.xlsx", [HEADER, *BODY]).read_bytes()
    path = tmp_path / "断.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert _refused(path).startswith("表格文件 断.xlsx 已损坏或不是完整的Excel工作簿，无法读取")


def test_a_workbook_with_a_damaged_sheet_is_refused(tmp_path: Path) -> None:
    whole = _workbook(tmp_path / "t.xlsx", [HEADER, *BODY])
    with zipfile.ZipFile(whole) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:300]
    with zipfile.ZipFile(whole, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    message = _refused(whole)
    assert message.startswith("表格文件 t.xlsx ") and "损坏" in message


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("一级指标,二级指标", encoding="utf-8")
    assert _refused(path) == "表格文件 t.xlsx 不是Excel工作簿（.xlsx），或者文件已损坏，无法读取。"


def test_a_missing_file_and_another_format(tmp_path: Path) -> None:
    assert _refused(tmp_path / "无.xlsx") == f"找不到表格文件：{tmp_path / '无.xlsx'}"
    (tmp_path / "t.docx").write_bytes(b"PK")
    assert _refused(tmp_path / "t.docx").startswith("表格文件 t.docx 不是.xlsx或.csv文件")


# --- cells as they show ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.98, "0%", "98%"),
        (0.955, "0.00%", "95.5%"),
        (0.1 + 0.2, "General", "0.3"),
        (20.0, "General", "20"),
        (8, '0.00"万元"', "8万元"),
        (1234.5, "#,##0.00", "1234.5"),
        (True, "General", "是"),
        (None, "General", None),
        ("≥90%", "@", "≥90%"),
    ],
)
def test_cell_text(value: Any, fmt: str, text: str | None) -> None:
    assert cell_text(value, fmt) == text


# --- .csv -------------------------------------------------------------------------------------


def _csv_text(separator: str = ",") -> str:
    def show(v: Any) -> str:
        text = "" if v is None else f"{round(v * 100)}%" if isinstance(v, float) else str(v)
        return f'"{text}"' if separator in text else text

    return "\n".join(separator.join(show(v) for v in row) for row in [HEADER, *BODY]) + "\n"


@pytest.mark.parametrize(
    ("encoding", "separator"), [("utf-8", ","), ("utf-8-sig", ","), ("utf-16", "\t"), ("gbk", ","), ("utf-8", ";")]
)
def test_csv_as_excel_and_wps_save_it(tmp_path: Path, encoding: str, separator: str) -> None:
    """UTF-8 with or without BOM, Unicode text (UTF-16, tabs), and GBK: the CSV Excel writes on a
    Chinese Windows, taken because its header reads in it."""
    path = tmp_path / "指标.csv"
    path.write_bytes(_csv_text(separator).encode(encoding))
    assert _indicators(path) == parse_indicators(TYPED)


def test_csv_in_an_unknown_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "指标.csv"
    path.write_bytes(_csv_text().encode("big5", errors="replace"))
    message = _refused(path)
    assert message.startswith("表格文件 指标.csv 不是UTF-8编码（可能是GBK")
    assert "请另存为UTF-8" in message


def test_csv_row_that_cannot_be_read_is_named_by_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "指标.csv"
    path.write_text(_csv_text().replace("520人次", "五百多"), encoding="utf-8")
    assert _refused(path).startswith("表格文件 指标.csv第2行E列“实际完成值”应为数字")


def test_an_equal_target_typed_in_excel_keeps_its_direction(tmp_path: Path) -> None:
    """=100% typed in a cell is a formula to Excel (saved with its value 1): a target of direction =,
    not 100% read as ≥100%."""
    rows = [HEADER, ["产出指标", "时效指标", "按时完成率", "=100%", 1.0, 10, 10, None]]
    path = _cached(_workbook(tmp_path / "t.xlsx", rows), {"D2": "1"})
    assert _indicators(path) == parse_indicators("产出指标｜时效指标｜按时完成率｜=100%｜100%｜10")


def test_openpyxls_english_notes_do_not_reach_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template's data validation or conditional formats make openpyxl warn in English (what it
    drops); the table is read all the same and the user sees nothing of it."""
    import warnings

    real = openpyxl.load_workbook

    def noting(*args: Any, **kwargs: Any) -> Any:
        warnings.warn("Data Validation extension is not supported and will be removed", UserWarning, stacklevel=2)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", noting)
    path = _workbook(tmp_path / "带下拉框.xlsx", [HEADER, *BODY])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        table = read_indicator_file(path)
    assert indicators_text(table.rows) == TYPED and seen == []
