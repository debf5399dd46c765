"""The 自评表 as an attachment after the 落款 (rules.md §1, §7; issue 13): its cells and merges
for each kind, the grade in a cell of its own, the department's 年度预算 rows by source and by
kind of spending, the goals as numbered lines, the provinces' variants chosen by a question, and
how compose numbers the attachments and lets the body refer to them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml

from assistant.compose import compose
from assistant.errors import KindError
from assistant.kinds import load_kind, load_kind_file, prompts_dir
from assistant.models import Cell, Table, joined_tables
from tests.support.examples import example_ev, example_seed
from tests.support.report import all_text

STANDARD = "预算执行率10分，产出、效益、满意度指标分别为50分、30分、10分（财政部通用格式）"
SICHUAN = "预算执行率10分，绩效指标合计90分，表中另列指标性质和度量单位（如四川省）"


def form(kind_id: str, **changes: str | None) -> tuple[Table, list[list[str]]]:
    """The attached 自评表 as one table, and its grid's texts ("" under a merge)."""
    report = compose(example_ev(kind_id, **changes), seed=example_seed(kind_id))
    [attachment] = [a for a in report.attachments if a.blocks]
    [table] = joined_tables(attachment.blocks)
    assert isinstance(table, Table)
    grid = table.grid()
    assert all(len(row) == table.columns for row in grid), "every row covers the grid"
    return table, [[c.text if c else "" for c in row] for row in grid]


def cell(table: Table, row: int, col: int) -> Cell:
    found = table.grid()[row][col]
    assert found is not None, (row, col)
    return found


# --- dept-overall: 部门整体支出绩效自评表 ----------------------------------------------------------


def test_the_department_form_cells_and_merges() -> None:
    table, cells = form("dept-overall")
    assert table.columns == 9
    assert cells[0][:3] == ["部门（单位）名称", "", "昆明市五华区总工会"]
    assert [cells[1][0], cells[1][2], cells[1][5], cells[1][7]] == ["主管部门", "昆明市五华区总工会", "填报日期",
                                                                      "2026年3月15日"]  # fmt: skip
    assert cells[2] == ["年度预算（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert cell(table, 2, 0).rowspan == 1 + 1 + 5 + 2, "the label runs down the 年度预算 part"
    assert cells[3][1:] == ["年度资金总额", "", "228.63", "228.63", "228.25", "10", "99.83%", "9.98"]
    income = ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]
    assert [row[2] for row in cells[4:9]] == income and [row[2] for row in cells[9:11]] == ["基本支出", "项目支出"]
    assert (cells[4][1], cell(table, 4, 1).rowspan) == ("按收入性质分", 5)
    assert (cells[9][1], cell(table, 9, 1).rowspan) == ("按支出性质分", 2)
    # the 其中 rows: 执行率 filled, 分值 and 得分 "—"; a source the unit does not have is 0
    assert cells[4][3:] == ["228.63", "228.63", "228.25", "—", "99.83%", "—"]
    assert cells[5][3:] == ["0.00", "0.00", "0.00", "—", "—", "—"]
    assert cells[9][3:] == ["220.63", "220.63", "220.25", "—", "99.83%", "—"]
    assert cells[10][3:] == ["8.00", "8.00", "8.00", "—", "100.00%", "—"]
    # 年度总体目标: one cell each, the goals as numbered lines
    assert [cells[11][0], cells[11][1], cells[11][5]] == ["年度总体目标", "预期目标", "实际完成情况"]
    expected, actual = cell(table, 12, 1), cell(table, 12, 5)
    assert (expected.colspan, actual.colspan) == (4, 4)
    assert expected.text.startswith("1.突出抓好思想引领") and expected.text.count("\n") == 3
    assert "\n4.坚持以组织建设为基础" in expected.text
    assert actual.text.split("\n")[2].startswith("3.签订集体合同142份")
    assert cells[13] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                         "偏差原因分析及改进措施"]  # fmt: skip
    rows = cells[14:-2]
    assert len(rows) == 16 and rows[0][1:8] == [
        "产出指标",
        "数量指标",
        "职工代表联络员座谈会次数",
        "≥1次",
        "1次",
        "5",
        "5.00",
    ]  # fmt: skip  (one precision: 5.52 is in the table)
    quali = next(r for r in rows if r[3] == "困难职工生活得到改善")
    assert quali[5:8] == ["部分达成年度指标并具有一定效果", "5", "3.50"], "the band in the official wording"
    assert cells[-2] == ["总分", "", "", "", "", "", "100", "98.00", ""]
    assert cells[-1] == ["自评等级", "", "", "", "", "", "优", "", ""]
    assert [c.colspan for c in table.rows[-1]] == [6, 3], "the grade in a cell of its own"


def test_the_department_form_says_what_is_missing_and_invents_nothing() -> None:
    _, cells = form("dept-overall", department=None, goals_actual=None, budget_detail=None, report_date=None)
    assert cells[1][2] == "【待补充：主管部门】" and cells[1][7] == "【待补充：成文日期】"
    assert cells[4][3] == "【待补充：年度预算明细】"
    assert all(row[3:6] == ["【待补充】"] * 3 or row is cells[4] for row in cells[4:11])
    assert cells[12][5] == "【待补充：年度总体目标完成情况】"
    assert cells[3][3:] == ["228.63", "228.63", "228.25", "10", "99.83%", "9.98"], "the totals are answered"


def test_the_department_form_is_the_attachment_and_the_body_points_to_it() -> None:
    report = compose(example_ev("dept-overall"), seed=example_seed("dept-overall"))
    assert not any(isinstance(b, Table) for b in report.blocks), "no 资金情况表, no indicator table in the body"
    [attachment] = report.attachments  # the example also lists 部门整体支出绩效自评表: named once
    assert (attachment.label, attachment.name) == ("附件", "部门整体支出绩效自评表（2025年度）")
    top, indicators = attachment.blocks
    assert isinstance(top, Table) and isinstance(indicators, Table)
    assert (top.header_rows, indicators.header_rows, indicators.continues) == (0, 1, True)
    assert [c.text for c in indicators.rows[0]][:2] == ["绩效指标", "一级指标"], "its headings repeat as a row"
    text = all_text(report)
    assert "见附件。" in text and "见附件1" not in text


# --- project: 项目支出绩效自评表 -----------------------------------------------------------------


def test_the_project_form_keeps_the_grade_out_of_the_reasons_column() -> None:
    _, cells = form("project")
    assert cells[-2][6:] == ["100", "99.08", ""]
    assert cells[-1][0] == "自评等级" and cells[-1][6] == "优"
    assert "自评等级：" not in "".join(map("".join, cells))
    quali = next(r for r in cells if r[3] == "绿色防控技术长效推广机制")
    assert quali[5] == "达成年度指标"


# --- compose: numbering, references, the user's own attachments ---------------------------------


def test_attachments_are_numbered_when_the_user_lists_more() -> None:
    ev = example_ev("project", attachments="项目资金支出明细表\n项目支出绩效自评表")
    report = compose(ev, seed=0)
    assert report.attachment_names == ["项目支出绩效自评表（2025年度）", "项目资金支出明细表"]
    assert [a.label for a in report.attachments] == ["附件1", "附件2"]
    assert not report.attachments[1].blocks, "a listed name stays a name"
    text = all_text(report)
    assert "详见附件1。" in text or "汇总于附件1的项目支出绩效自评表" in text


def test_a_reference_to_an_undeclared_attachment_is_a_kind_error(tmp_path: Any) -> None:
    from assistant.compose import parse_markup

    with pytest.raises(KindError, match="没有声明的附件“self_eval”"):
        parse_markup("正文见[[ref:self_eval]]。", example_ev("project"))
    with pytest.raises(KindError, match="附件“nosuch”不存在"):
        parse_markup("[[appendix:nosuch]]", example_ev("project"))


# --- variants: a province's weights and columns, chosen by a question -------------------------------

NINETY = (
    "产出指标｜数量指标｜培训次数｜≥10次｜12次｜30\n"
    "｜成本指标｜项目支出控制数｜≤8万元｜8万元｜25\n"
    "效益指标｜社会效益指标｜知晓率｜≥80%｜86%｜20\n"
    "｜可持续影响指标｜困难职工生活得到改善｜明显改善｜部分达成（3.5分）｜5｜因病致困情况复杂\n"
    "满意度指标｜服务对象满意度指标｜满意度｜≥90%｜82.8%｜10｜宣传覆盖不足"
)


def test_the_sichuan_weighting_has_no_points_per_group() -> None:
    """10 + 90: the indicators share 90 points with no weight per 一级指标 (产出 55, 效益 25, 满意度 10)."""
    standard = example_ev("dept-overall", indicators=NINETY)
    assert "group_weight" in {f.code for f in standard.findings}, "50/30/10 expected by the standard form"
    chosen = example_ev("dept-overall", indicators=NINETY, table_form="2")
    assert chosen.values["table_form"] == SICHUAN
    card = chosen.scorecard
    assert card is not None and card.group_points == {} and card.execution_points == Decimal(10)
    assert not [f for f in chosen.findings if f.code.startswith("group")]
    assert (card.max_total, card.graded) == (Decimal(100), True)
    broken = example_ev("dept-overall", indicators=NINETY.replace("｜30\n", "｜25\n"), table_form="2")
    assert "weight_total" in {f.code for f in broken.findings}, "the total of 100 still holds"


def test_the_extended_columns_show_the_direction_and_the_unit_apart() -> None:
    table, cells = form("dept-overall", indicators=NINETY, table_form="2")
    assert table.columns == 11
    heading = next(row for row in cells if row[0] == "绩效指标")
    assert heading == ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位",
                       "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]  # fmt: skip
    rows = {row[3]: row[4:10] for row in cells if row[4] in ("≥", "≤", "=", "定性")}
    assert rows["培训次数"] == ["≥", "10", "次", "12", "30", "30.00"]
    assert rows["项目支出控制数"] == ["≤", "8.00", "万元", "8.00", "25", "25.00"]
    assert rows["知晓率"] == ["≥", "80.00", "%", "86.00", "20", "20.00"]
    assert rows["困难职工生活得到改善"] == ["定性", "明显改善", "—", "部分达成年度指标并具有一定效果", "5", "3.50"]
    assert cells[-1][:1] == ["自评等级"] and cells[-1][8] == "优"
    budget = next(row for row in cells if row[1] == "年度资金总额")
    assert [t for t in budget[3:] if t] == ["228.63", "228.63", "228.25", "10", "99.83%", "9.98"]


def test_the_project_kind_offers_the_same_variants() -> None:
    scoring = load_kind("project").scoring
    assert [v.label for v in scoring.variants] == [STANDARD, SICHUAN]
    assert scoring.chosen({}).label == STANDARD, "unanswered: the first, the MoF's standard form"
    table, _ = form("project", table_form="2")
    assert table.columns == 11


def _script(kind_id: str) -> dict[str, Any]:
    data = yaml.safe_load((prompts_dir() / f"{kind_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["scoring"]["variants"][1]["weights"].update(groups={"产出指标": 50}), "应为100分"),
    (lambda d: d["scoring"].pop("variant"), "应同时写明"),
    (lambda d: d["scoring"].update(weights={"execution": 10}), "不再写 weights"),
    (lambda d: next(q for q in d["questions"] if q["id"] == "table_form")["choices"].reverse(), "选项依次为"),
    (lambda d: d["scoring"]["detail"]["groups"][0]["rows"].append("财政拨款"), "没有选项“财政拨款”"),
    (lambda d: d["checks"].append({"type": "sum", "args": ["spend_total", "budget_detail"], "column": "paid",
                                   "rows": ["基本支出"]}), "没有列“paid”"),
])  # fmt: skip
def test_the_variants_and_the_budget_rows_are_validated_with_the_kind(tmp_path: Any, change: Any, message: str) -> None:
    data = _script("dept-overall")
    change(data)
    path = tmp_path / "dept-overall.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KindError, match=message):
        load_kind_file(path, templates=prompts_dir().parent / "templates" / "dept-overall")


@pytest.mark.parametrize(("name", "expected"), [
    ("泾农〔2025〕61号《关于认定示范联合体的通知》", "关于认定示范联合体的通知（泾农〔2025〕61号）"),
    (" 宣农产〔2025〕第6号 《名单的通知》 ", "名单的通知（宣农产〔2025〕第6号）"),
    ("关于认定示范联合体的通知（泾农〔2025〕61号）", "关于认定示范联合体的通知（泾农〔2025〕61号）"),
    ("泾农[2025]61号《通知》", "泾农[2025]61号《通知》"),
    ("榔桥镇2025年新增家庭农场名录", "榔桥镇2025年新增家庭农场名录"),
])  # fmt: skip
def test_an_attachment_cited_number_first_is_named_title_first(name: str, expected: str) -> None:
    from assistant.compose import document_name

    assert document_name(name) == expected
