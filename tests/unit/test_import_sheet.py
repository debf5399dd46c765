"""Indicator tables from rows of cells (assistant/importing/sheet.py): the header found by its names,
merged cells carried down, and the same indicators as the rows typed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.errors import AnswerError
from assistant.importing.sheet import column_letter, indicators_text, read_indicator_rows
from assistant.indicators import parse_indicators
from assistant.textclean import split_row

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
# the examples of the kinds scored by indicators (the others score assessment items)
WITH_INDICATORS = [p for p in EXAMPLES if "indicators" in answers_file(p)]
WHERE = "工作表“指标”"
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
BODY = [
    ["产出指标", "数量指标", "培训人次", "≥500人次", "520人次", "20", "20", ""],
    ["", "", "发放台数", "≥100台", "90台", "20", "18", "供货延迟，已督促"],
    ["", "质量指标", "合格率", "≥95%", "98%", "10", "10", "—"],
    ["效益指标", "社会效益指标", "群众认可度", "明显提升", "部分达成年度指标并具有一定效果", "30", "21", "宣传不足"],
    ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "92%", "20", "20", None],
]
TYPED = """产出指标｜数量指标｜培训人次｜≥500人次｜520人次｜20
产出指标｜数量指标｜发放台数｜≥100台｜90台｜20｜供货延迟，已督促
产出指标｜质量指标｜合格率｜≥95%｜98%｜10
效益指标｜社会效益指标｜群众认可度｜明显提升｜部分达成（21分）｜30｜宣传不足
满意度指标｜服务对象满意度指标｜服务对象满意度｜≥90%｜92%｜20"""


def _read(rows: list[list[str | None]], **kw: object) -> list:
    return [r.indicator for r in read_indicator_rows(rows, where=WHERE, **kw)]  # type: ignore[arg-type]


def test_a_table_gives_the_indicators_its_rows_typed_give() -> None:
    assert _read([HEADER, *BODY]) == parse_indicators(TYPED)


def test_the_answer_text_reads_back_to_the_same_indicators_with_the_groups_written_out() -> None:
    rows = read_indicator_rows([HEADER, *BODY], where=WHERE)
    text = indicators_text(rows)
    assert parse_indicators(text) == parse_indicators(TYPED)
    assert text.splitlines()[1].startswith("产出指标｜数量指标｜发放台数")  # carried down, not left empty
    assert [r.number for r in rows] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "names",
    [
        ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "自评得分", "偏差原因分析"],
        ["一级指标", "二级指标", "指标名称", "目标值", "实际值", "分值（分）", "得分", "偏差原因及改进措施"],
        ["一级指标", "二级指标", "三级指标", "年度目标值", "全年实际值", "指标分值", "得分", "未完成原因"],
        [" 一级\n指标 ", "二级指标*", "三级指标", "年度指标值(A)", "实际完成值（B）", "分值", "得分", "原因分析"],
    ],
)
def test_header_variants_name_the_same_columns(names: list[str]) -> None:
    assert _read([names, *BODY]) == parse_indicators(TYPED)


def test_columns_in_any_order_and_unknown_columns_are_ignored() -> None:
    order = [7, 5, 0, 2, 1, 4, 3, 6]
    rows = [["序号", *(HEADER[i] for i in order), "备注"]]
    rows += [[str(n), *(row[i] for i in order), "见附件"] for n, row in enumerate(BODY, 1)]
    assert _read(rows) == parse_indicators(TYPED)


def test_the_official_form_with_particulars_above_and_totals_below() -> None:
    """财预〔2020〕10号 附件1: the particulars, a group label in column A, then 总分 and 自评等级."""
    top = [["项目支出绩效自评表"], ["项目名称", "农业技术推广"], [], ["年度总体目标", "预期目标", "实际完成情况"]]
    head = ["绩效指标", *HEADER]
    body = [[None, *row] for row in BODY]
    tail = [["总分", None, None, None, None, None, "100", "89", None], ["自评等级", None, None, None, None, None, "良"]]
    rows = read_indicator_rows([*top, head, *body, tail[0], tail[1], ["说明：", "本表由单位填报"]], where=WHERE)
    assert [r.indicator for r in rows] == parse_indicators(TYPED)
    assert rows[0].number == 6


def test_a_two_row_header_with_names_merged_down() -> None:
    """绩效目标申报表: 绩效指标 across 一级/二级/三级 in the first row, 指标值 merged over both rows."""
    first = ["绩效指标", None, None, "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    second = ["一级指标", "二级指标", "三级指标", None, None, None, None, None]
    merged = [(1, 1, 1, 3), *((1, c, 2, c) for c in range(4, 9))]
    rows = read_indicator_rows([first, second, *BODY], where=WHERE, merged=merged)
    assert [r.indicator for r in rows] == parse_indicators(TYPED)
    assert rows[0].number == 3


def test_repeated_header_blank_and_subtotal_rows_are_skipped() -> None:
    blank: list[str | None] = [None] * 8
    subtotal = ["小计", None, None, None, None, "50", "48", None]
    rows = [HEADER, BODY[0], blank, BODY[1], HEADER, BODY[2], subtotal, *BODY[3:]]
    assert _read(rows) == parse_indicators(TYPED)


def test_extended_columns_direction_value_and_unit_apart() -> None:
    """As Sichuan's form (and this program's extended 自评表): 指标性质, 指标值, 度量单位."""
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分",
            "偏差原因分析及改进措施"]  # fmt: skip
    rows = [
        head,
        ["产出指标", "数量指标", "培训人次", "≥", "500", "人次", "520", "20", "20", "—"],
        ["", "", "发放台数", "正向", "100", "台", "90台", "20", "18", "供货延迟，已督促"],
        ["", "质量指标", "合格率", "≥", "95", "%", "98", "10", "10", "—"],
        ["效益指标", "社会效益指标", "群众认可度", "定性", "明显提升", "—", "部分达成年度指标并具有一定效果", "30",
         "21", "宣传不足"],
        ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", "92", "20", "20", "—"],
    ]  # fmt: skip
    assert _read(rows) == parse_indicators(TYPED)


def test_a_reverse_indicator_and_an_equal_one_keep_their_direction() -> None:
    body = [["成本指标", "经济成本指标", "单位成本", "≤5万元", "4.8万元", "10", "10", ""],
            ["", "", "完成率", "=100%", "100%", "10", "10", ""]]  # fmt: skip
    got = _read([HEADER, *body])
    assert [i.direction for i in got] == ["≤", "="]
    assert got[1].level1 == "成本指标" and got[1].level2 == "经济成本指标"


def test_qualitative_score_column_becomes_the_claimed_score_only_below_full_points() -> None:
    body = [["效益指标", "社会效益指标", "甲", "明显提升", "达成", "10", "10", ""],
            ["", "", "乙", "明显提升", "达成年度指标", "10", "9", ""],
            ["", "", "丙", "明显提升", "未达成", "10", "3", "推进慢"]]  # fmt: skip
    got = _read([HEADER, *body])
    assert [i.claimed for i in got] == [None, 9, 3]


def test_a_new_first_level_starts_its_own_second_level() -> None:
    """An empty 二级 cell repeats the one above only within the same 一级 (as typed rows)."""
    body = [BODY[0], ["效益指标", "", "群众认可度", "明显提升", "达成", "30", "30", ""]]
    with pytest.raises(AnswerError) as err:
        _read([HEADER, *body])
    assert err.value.message == "工作表“指标”第3行B列“二级指标”是空的，请填上二级指标后再导入。"


def test_pasted_rows_are_named_by_column_number() -> None:
    body = [["产出指标", "数量指标", "培训人次", "≥500人次", "很多", "20", "", ""]]
    with pytest.raises(AnswerError) as err:
        read_indicator_rows([HEADER, *body], where="粘贴的内容", letters=False)
    assert err.value.message.startswith("粘贴的内容第2行第5栏“实际完成值”应为数字")


# --- what cannot be read: a Chinese message naming the sheet, the row and the column ------------


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        (5, "abc", "工作表“指标”第3行F列“分值”应为正数，例如 10，而不是“abc”。"),
        (5, "-2", "工作表“指标”第3行F列“分值”应为正数，例如 10，而不是“-2”。"),
        (4, "", "工作表“指标”第3行E列“实际完成值”是空的，请填上实际完成值后再导入。"),
        (2, None, "工作表“指标”第3行C列“三级指标”是空的，请填上三级指标后再导入。"),
        (3, "≥", "工作表“指标”第3行D列“年度指标值”无法识别：“≥”。"),
        (4, "九十台", "工作表“指标”第3行E列“实际完成值”应为数字"),
        (4, "90吨", "工作表“指标”第3行实际完成值的单位“吨”与年度指标值的单位“台”不一致。"),
        (7, "原因｜措施", "工作表“指标”第3行H列“偏差原因分析及改进措施”中有竖线“｜”"),
    ],
)
def test_a_cell_that_cannot_be_read_is_named(cell: int, value: str | None, message: str) -> None:
    row = list(BODY[1])
    row[cell] = value
    with pytest.raises(AnswerError) as err:
        _read([HEADER, BODY[0], row])
    assert err.value.message.startswith(message)


def test_a_fraction_against_a_percentage_is_asked_not_guessed() -> None:
    row = ["产出指标", "质量指标", "合格率", "≥95%", "0.98", "10", "10", ""]
    with pytest.raises(AnswerError) as err:
        _read([HEADER, row])
    assert "第2行E列“实际完成值”是0.98，没有百分号" in err.value.message
    assert "请写成“98%”" in err.value.message


def test_one_against_a_percentage_above_one_is_asked_but_not_against_one_percent() -> None:
    with pytest.raises(AnswerError) as err:
        _read([HEADER, ["产出指标", "时效指标", "按时完成率", "=100%", "1", "10", "", ""]])
    assert "是1，没有百分号" in err.value.message
    got = _read([HEADER, ["成本指标", "经济成本指标", "损耗率", "≤1%", "1", "10", "", ""]])
    assert got[0].actual_text == "1.00%"


def test_far_above_target_without_a_reason_is_refused_naming_the_row() -> None:
    row = ["产出指标", "数量指标", "培训人次", "≥100人次", "150人次", "20", "20", ""]
    with pytest.raises(AnswerError) as err:
        _read([HEADER, row])
    assert "须在H列“偏差原因分析及改进措施”写明偏差原因" in err.value.message
    assert "第2行“培训人次”" in err.value.message


def test_no_header_is_refused() -> None:
    with pytest.raises(AnswerError) as err:
        _read([row for row in BODY])
    assert err.value.message.startswith("工作表“指标”前50行中找不到指标表的表头")


def test_a_header_across_merged_columns_is_refused() -> None:
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", None, "分值", "得分", "偏差原因"]
    with pytest.raises(AnswerError) as err:
        _read([["绩效指标表"], head, *BODY], merged=[(2, 4, 2, 5)])
    assert err.value.message.startswith("工作表“指标”第2行是表头，但其中D2:E2是合并单元格")


def test_a_target_sheet_without_actual_values_says_what_to_add() -> None:
    head = ["一级指标", "二级指标", "三级指标", "指标值", "分值"]
    with pytest.raises(AnswerError) as err:
        _read([head, ["产出指标", "数量指标", "培训人次", "≥500人次", "20"]])
    assert err.value.message == (
        "工作表“指标”第1行的表头缺少“实际完成值”一栏（像是绩效目标申报表：只有年度指标值）。请在表中补上这些栏目并填好，再导入。"
    )


def test_a_column_named_twice_is_refused() -> None:
    head = ["一级指标", "二级指标", "三级指标", "指标值", "年度指标值", "实际完成值", "分值"]
    with pytest.raises(AnswerError) as err:
        _read([head])
    assert "D列“指标值”和E列“年度指标值”都是“年度指标值”" in err.value.message


def test_a_header_without_rows_is_refused() -> None:
    with pytest.raises(AnswerError) as err:
        _read([HEADER, [None] * 8, ["总分", None, None, None, None, "100"]])
    assert err.value.message == "工作表“指标”的表头下面没有指标：请在表头下逐行填写指标。"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


@pytest.mark.parametrize("example", WITH_INDICATORS, ids=lambda p: p.stem)
def test_every_examples_indicators_read_from_a_sheet_as_typed(example: Path) -> None:
    data = answers_file(example)
    text = answer_from_file(data["indicators"])
    rows = [split_row(line) for line in text.splitlines() if line.strip()]
    sheet = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "偏差原因分析及改进措施"]]
    sheet += [[*r, *[""] * (7 - len(r))] for r in rows]
    read = read_indicator_rows(sheet, where=WHERE)
    assert [r.indicator for r in read] == parse_indicators(text)
    assert parse_indicators(indicators_text(read)) == parse_indicators(text)


def test_the_programs_placeholder_is_an_empty_cell() -> None:
    """A form this program wrote before the reason was given says 【待补充：偏差原因】 there."""
    row = ["产出指标", "数量指标", "培训人次", "≥500人次", "520人次", "20", "20", "【待补充：偏差原因】"]
    assert _read([HEADER, row])[0].reason == ""
