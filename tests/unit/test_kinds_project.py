"""project — 项目支出绩效自评 (rules.md §1): the MoF reference outline, funds by source, the
indicator table scored 10 + 50 + 30 + 10, and 附件1 项目支出绩效自评表 built into the report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answers import parse_answer
from assistant.compose import compose
from assistant.kinds import load_kind
from assistant.models import Table, joined_tables
from assistant.templating import render_default
from tests.support.examples import example_ev, example_seed, headings, paragraphs, section
from tests.support.report import all_text

KIND = "project"
OUTLINE = ["基本情况", "绩效评价工作开展情况", "综合评价情况及评价结论", "绩效评价指标分析",
           "主要经验及做法、存在的问题及原因分析", "有关建议", "其他需要说明的问题"]  # fmt: skip


@pytest.fixture(scope="module")
def report():
    return compose(example_ev(KIND), seed=example_seed(KIND))


def self_eval(report) -> Table:
    """The 自评表 as one table (the attachment holds it in two parts, see test_self_evaluation_table)."""
    [attachment] = [a for a in report.attachments if a.blocks]
    [table] = joined_tables(attachment.blocks)
    assert isinstance(table, Table) and table.name == "self_eval"
    return table


def test_outline(report) -> None:
    assert headings(report, level=1) == OUTLINE
    assert headings(report, level=2) == [
        "项目概况",
        "项目资金情况",
        "项目绩效目标",
        "评价目的、对象和范围",
        "评价依据和方法",
        "评价工作过程",
        "预算执行情况",
        "产出指标完成情况",
        "效益指标完成情况",
        "满意度指标完成情况",
        "主要经验及做法",
        "上年问题整改情况",
        "存在的问题及原因分析",
    ]  # fmt: skip  (七 has parts of its own only with other notes)
    assert report.title == "泾县2025年茶园病虫害绿色防控技术推广项目绩效自评报告"
    assert (report.unit, report.date) == ("泾县植保植检站", "2026年2月20日")


def test_scores() -> None:
    card = example_ev(KIND).scorecard
    assert card is not None
    assert (card.execution_rate, card.execution_score) == (Decimal("97.50"), Decimal("9.75"))
    assert (card.total, card.max_total, card.grade) == (Decimal("99.08"), Decimal(100), "优")
    assert [s.score for s in card.indicators if not s.full] == [Decimal("4.80"), Decimal("9.53")]


@pytest.mark.parametrize("seed", range(6))
def test_figures_in_the_text(seed: int) -> None:
    report = compose(example_ev(KIND), seed=seed)
    text = all_text(report)
    for words in ("56.00万元", "52.00万元", "54.60万元", "当年财政拨款50.00万元", "上年结转资金6.00万元",
                  "当年财政拨款48.60万元", "97.50%", "年中追加预算4.00万元，预算调整率为7.69%", "99.08分", "“优”",
                  "9.75分", "49.80分", "29.53分", "年末结转结余资金1.40万元，结转结余率为2.50%"):  # fmt: skip
        assert words in text, words
    verdict = section(report, "综合评价情况及评价结论")[0]
    assert "99.08分" in verdict and "“优”" in verdict and "9.75分（满分10分）" in verdict
    assert "产出指标得" in verdict and "49.80分（满分50分）" in verdict  # two decimals beside 29.53, never 49.8


def test_self_evaluation_table(report) -> None:
    assert not any(isinstance(b, Table) for b in report.blocks), "the body refers to the attachment"
    [attachment] = report.attachments
    assert (attachment.label, attachment.name) == ("附件", "项目支出绩效自评表（2025年度）")
    top, indicators = attachment.blocks
    assert isinstance(top, Table) and isinstance(indicators, Table)
    assert (top.header_rows, indicators.header_rows, indicators.continues) == (0, 1, True)
    table = self_eval(report)
    grid = table.grid()
    assert all(len(row) == table.columns == 9 for row in grid)
    cells = [[c.text if c else "" for c in row] for row in grid]
    assert cells[0][:3] == ["项目名称", "", "泾县2025年茶园病虫害绿色防控技术推广项目"]
    header = [cells[1][0], cells[1][2], cells[1][5], cells[1][7]]
    assert header == ["主管部门", "泾县农业农村局", "实施单位", "泾县植保植检站"]
    assert cells[2] == ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert cells[3][1:] == ["年度资金总额", "", "52.00", "56.00", "54.60", "10", "97.50%", "9.75"]
    assert cells[4][1:6] == ["其中：当年财政拨款", "", "46.00", "50.00", "48.60"]
    assert cells[5][1:6] == ["上年结转资金", "", "6.00", "6.00", "6.00"]
    assert cells[6][1:6] == ["其他资金", "", "0.00", "0.00", "0.00"]
    assert [cells[7][0], cells[7][1], cells[7][5]] == ["年度总体目标", "预期目标", "实际完成情况"]
    assert cells[8][1].startswith("1.在全县主要产茶乡镇推广") and "\n4.示范区茶农亩均增收300元以上" in cells[8][1]
    assert cells[8][5].startswith("1.完成绿色防控技术推广2.15万亩")
    assert cells[9] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                        "偏差原因分析及改进措施"]  # fmt: skip
    assert len(grid) == 10 + 10 + 2
    assert cells[10][1:8] == ["产出指标", "数量指标", "绿色防控技术推广面积", "≥2万亩", "2.15万亩", "15", "15.00"]
    assert cells[-2] == ["总分", "", "", "", "", "", "100", "99.08", ""]
    # the grade in a cell of its own (it was 自评等级：优 in the 偏差原因 column of the 总分 row)
    assert cells[-1] == ["自评等级", "", "", "", "", "", "优", "", ""]
    assert [c.colspan for c in table.rows[-1]] == [6, 3]
    assert "1.2" not in cells[-2] and "部分达成" not in " ".join(map(" ".join, cells))


def test_points_not_adding_up_to_100_in_the_table_and_the_text() -> None:
    """产出指标 rows totalling 45: the 总分 row's maximum is 95, and no grade is given anywhere."""
    rows = example_ev(KIND).raw["indicators"].replace("2.15万亩｜15", "2.15万亩｜10")
    ev = example_ev(KIND, indicators=rows)
    assert ev.scorecard is not None and ev.scorecard.max_total == Decimal(95)
    report = compose(ev, seed=example_seed(KIND))
    grid = self_eval(report).grid()
    assert [c.text if c else "" for c in grid[-2]][6:8] == ["95", "94.08"]
    assert grid[-1][6] is not None and grid[-1][6].text == "【待补充：分值合计95分，不是100分，暂不评定等级】"
    text = all_text(report)
    assert "评分体系满分95分" in text and "“优”" not in text and "94.08分，【待补充：分值合计95分" in text
    assert "weight_total" in {f.code for f in ev.findings}


def test_spending_in_the_table_is_the_spending_in_the_text(report) -> None:
    funds = " ".join(section(report, "项目资金情况"))
    spent = [c.text for c in self_eval(report).rows[3]][3]
    assert f"实际支出{spent}万元" in funds or f"全年执行数{spent}万元" in funds


def test_sources_must_add_up() -> None:
    ev = example_ev(KIND, fiscal_spent="47.60万元")
    sums = [f for f in ev.findings if f.code == "sum"]
    assert len(sums) == 1 and sums[0].level == "error" and "54.60万元" in sums[0].message


def test_fiscal_defaults_are_the_remainder() -> None:
    kind = load_kind(KIND)
    values = example_ev(KIND).values
    assert render_default(kind.question("fiscal_initial").default or "", values) == "46.00万元"
    assert render_default(kind.question("fiscal_budget").default or "", values) == "50.00万元"
    assert render_default(kind.question("fiscal_spent").default or "", values) == "48.60万元"
    assert render_default(kind.question("budget_final").default or "", {"budget_initial": Decimal(52)}) == "52.00万元"
    assert render_default(kind.question("fiscal_spent").default or "", {}) == ""
    # with its unit, as the user would type it: the hint reads “直接提交将采用：46.00万元”
    assert parse_answer(kind.question("fiscal_initial"), "46.00万元") == Decimal("46.00")


def test_without_carryover() -> None:
    ev = example_ev(KIND, carry_initial="0", carry_budget="0", carry_spent="0", fiscal_initial="52万元",
                    fiscal_budget="56万元", fiscal_spent="54.6万元")  # fmt: skip
    assert [f for f in ev.findings if f.level == "error"] == []
    report = compose(ev, seed=0)
    assert "上年结转资金6.00万元" not in all_text(report)
    assert [c.text for c in self_eval(report).rows[5]][1:4] == ["0.00", "0.00", "0.00"]


def test_low_execution_and_a_cut_budget() -> None:
    ev = example_ev(KIND, spent_total="40万元", fiscal_spent="34万元")
    assert any(f.code == "execution_low" for f in ev.findings)
    reason = "部分防控物资采购流标后重新招标，资金结转下年支付"
    ev = example_ev(KIND, spent_total="40万元", fiscal_spent="34万元", low_execution_reason=reason)
    assert not any(f.code == "execution_low" for f in ev.findings)
    text = all_text(compose(ev, seed=0))
    assert "资金未执行完毕的主要原因是部分防控物资采购流标后重新招标" in text and "71.43%" in text
    ev = example_ev(KIND, budget_final="50万元", fiscal_budget="44万元", spent_total="48万元", fiscal_spent="42万元",
                    adjustment_reason="项目部分内容调整至下年实施")  # fmt: skip
    assert [f for f in ev.findings if f.level == "error"] == []
    assert "年中调减预算2.00万元，调减幅度为3.85%" in all_text(compose(ev, seed=0))


def test_title_adds_the_year_when_the_name_has_none() -> None:
    report = compose(example_ev(KIND, project_name="茶园病虫害绿色防控技术推广项目"), seed=0)
    assert report.title == "茶园病虫害绿色防控技术推广项目2025年度绩效自评报告"
    assert "2025年度2025" not in all_text(report)


def test_other_notes(report) -> None:
    # nothing else to say: 七 holds the use and publication of the results, with no empty sub-part
    assert not [p for p in section(report, "其他需要说明的问题") if "无其他需要说明的问题" in p]
    note = "项目形成的杀虫灯等固定设施已移交各乡镇农业综合服务站管护"
    noted = compose(example_ev(KIND, other_notes=note), seed=0)
    assert section(noted, "其他事项") == [note + "。"]
    assert section(noted, "自评结果应用和公开情况")[0].startswith("在自评结果应用方面")


def test_indicator_analysis_explains_every_deduction(report) -> None:
    output = " ".join(section(report, "产出指标完成情况"))
    # summed up by 二级指标, each shortfall with the points lost and its cause (no form label in the prose)
    shortfall = (
        "时效指标“防控物资发放及时率”年度指标值为100.00%，实际完成96.00%，得4.80分，扣0.20分，"
        "主要原因是部分物资到货延迟"
    )
    assert shortfall in output
    assert "数量指标2项均达到年度指标值" in output and "偏差原因及改进措施：" not in output
    benefit = " ".join(section(report, "效益指标完成情况"))
    assert "得9.53分，扣0.47分，主要原因是春季低温" in benefit
    assert len(paragraphs(report)) > 20


def test_the_low_execution_reason_is_asked_only_under_90_percent() -> None:
    def asked(**changes: str | None) -> bool:
        return "low_execution_reason" in {q.id for q in example_ev(KIND, **changes).active}

    assert not asked(budget_final="100万元", spent_total="112.5万元"), "112.5%: nothing to explain"
    assert not asked(budget_final="100万元", spent_total="90万元")
    assert asked(budget_final="100万元", spent_total="89.99万元")


def test_no_total_or_grade_is_stated_before_the_execution_is_known() -> None:
    """Without 全年执行数 the total lacks the execution's score: neither it nor a grade is final."""
    ev = example_ev(KIND, spent_total=None)
    assert ev.scorecard is not None and ev.scorecard.execution_score is None and not ev.scorecard.graded
    report = compose(ev, seed=example_seed(KIND))
    total, grade = ([c.text if c else "" for c in row] for row in self_eval(report).grid()[-2:])
    assert total[7] == "【待补充】" and "预算执行率还不能计算" in grade[6], (total, grade)
    text = all_text(report)
    assert "评价等级为“" not in text and "自评等级为“" not in text
    assert "绩效自评综合得分和评价等级【待补充：综合得分" in text
