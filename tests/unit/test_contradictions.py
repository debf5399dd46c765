"""Checks for the contradictions a reviewer finds (issue 13, part 5): a figure the text computes
and an indicator row still quoting its old value; 在职 above 编制; money paid out above the
spending with no source stated."""

from __future__ import annotations

from decimal import Decimal

from assistant.compose import compose
from assistant.interview import Interview
from assistant.kinds import load_kind
from assistant.models import Finding
from assistant.pipeline import Evaluation
from tests.support.examples import example_ev, example_raw, section, table_with
from tests.support.report import all_text

DEPT = "dept-overall"
STAFF_ROW = "｜成本指标｜在职人员控制率｜≤100%｜{}｜5"


def found(ev: Evaluation, code: str) -> list[Finding]:
    return [f for f in ev.findings if f.code == code]


# --- a derived figure and the indicator row quoting it ------------------------------------------


def test_the_row_that_quotes_a_figure_must_change_with_it() -> None:
    """The issue's case: 编制28人, 实有26人 → 92.86% in the text and in the row; 实有 edited to 27:
    the text says 96.43%, the row still 92.86%."""
    table = table_with(STAFF_ROW.format("92.86%"))
    before = example_ev(DEPT, staff_quota="28人", staff_actual="26人", indicators=table)
    assert before.figures["staff_control"] == Decimal("92.86") and not found(before, "indicator_figure")
    after = example_ev(DEPT, staff_quota="28人", staff_actual="27人", indicators=table)
    assert all(any(f"在职人员控制率{w}96.43%" in all_text(compose(after, seed=seed)) for w in ("", "为"))
               for seed in range(4))  # fmt: skip
    [f] = found(after, "indicator_figure")
    assert f.level == "error" and f.question_ids == ["indicators", "staff_actual", "staff_quota"]
    assert f.message == ("指标表第10行“在职人员控制率”的实际完成值为92.86%，而报告按年末实有人数和编制人数计算的"
                         "在职人员控制率为96.43%，两处不一致。请把这一行的实际完成值改为96.43%"
                         "（或核对年末实有人数和编制人数）。")  # fmt: skip


def test_the_check_speaks_in_the_interview_when_the_staff_answer_changes() -> None:
    raw = {**example_raw(DEPT), "staff_quota": "28人", "staff_actual": "26人",
           "indicators": table_with(STAFF_ROW.format("92.86%"))}  # fmt: skip
    out = Interview(load_kind(DEPT), raw).submit("staff_actual", "27人")
    said = "\n".join(t.text for t in out.turns)
    assert "在职人员控制率：92.86% → 96.43%" in said and "【错误】指标表第10行“在职人员控制率”" in said


def test_every_framework_figure_is_held_to_its_row() -> None:
    cases = {  # row, as the unit might name it, with a stale value → the figure it must quote
        "“三公”经费变动率｜≤0%｜-10%": "-11.96%",
        "公用经费控制率（%）｜≤100%｜97%": "98.91%",
        "结转结余率｜≤5%｜0.2%": "0.17%",
        "预算完成率｜=100%｜99%": "99.83%",
        "预算执行率｜≥90%｜99.8%": "99.83%",
    }
    for cells, figure in cases.items():
        ev = example_ev(DEPT, indicators=table_with(f"｜成本指标｜{cells}｜5"))
        [f] = found(ev, "indicator_figure")
        assert f"改为{figure}" in f.message, (cells, f.message)
        fixed = cells.rsplit("｜", 1)[0] + "｜" + figure
        assert not found(example_ev(DEPT, indicators=table_with(f"｜成本指标｜{fixed}｜5")), "indicator_figure")


def test_rows_that_only_look_alike_are_left_alone() -> None:
    for cells in ("结转结余变动率｜≤0%｜-3%", "政府采购执行率｜≥90%｜95%", "在职人员控制率｜≤12人｜11人"):
        ev = example_ev(DEPT, indicators=table_with(f"｜成本指标｜{cells}｜5"))
        assert not found(ev, "indicator_figure"), cells
    # a cut stated as a 预算调整率 without its sign is the same figure
    cut = {"budget_initial": "240万元", "adjustment_reason": "年中调减会议费"}
    assert example_ev(DEPT, **cut).figures["adjustment_rate"] == Decimal("-4.74")
    for actual in ("-4.74%", "4.74%"):
        ev = example_ev(DEPT, **cut, indicators=table_with(f"｜成本指标｜预算调整率｜≤5%｜{actual}｜5"))
        assert not found(ev, "indicator_figure"), actual


def test_the_project_holds_its_rows_to_its_figures() -> None:
    table = table_with("｜成本指标｜结转结余率｜≤5%｜2.6%｜10", "project", replacing="每亩防控物资补助标准")
    ev = example_ev("project", indicators=table)
    [f] = found(ev, "indicator_figure")
    assert "按年末结转结余资金和全年预算数计算的结转结余率为2.50%" in f.message


# --- 在职 above 编制 ------------------------------------------------------------------------------


def test_staff_above_the_quota_asks_for_the_reason() -> None:
    assert not example_ev(DEPT).is_active("staff_over_reason")
    ev = example_ev(DEPT, staff_actual="13人")
    assert ev.is_active("staff_over_reason") and ev.figures["staff_control"] == Decimal("108.33")
    [f] = found(ev, "above_unexplained")
    assert f.level == "warning" and f.question_ids == ["staff_actual", "staff_quota", "staff_over_reason"]
    assert f.message == "年末实有人数13人超过编制人数12人（在职人员控制率108.33%），请在“超编原因”中说明。"
    reason = "按政策安置退役军人1名，已向编制部门申请核增编制"
    ev = example_ev(DEPT, staff_actual="13人", staff_over_reason=reason)
    assert not found(ev, "above_unexplained")
    org = " ".join(section(compose(ev, seed=0), "单位机构设置及编制"))
    assert f"年末实有人数超出编制1人，主要原因是{reason}。" in org
    assert not example_ev(DEPT, staff_actual="12人").is_active("staff_over_reason"), "100%: not over"


# --- money paid out above the spending ----------------------------------------------------------


def test_assistance_above_the_spending_asks_where_the_money_came_from() -> None:
    """307.45万元 paid out against 228.25万元 of spending: the source is asked, and flagged while
    unanswered; 200万元 paid out raises nothing."""
    ev = example_ev(DEPT, help_source=None)
    assert ev.is_active("help_source")
    [f] = found(ev, "above_unexplained")
    assert f.level == "warning" and f.question_ids == ["help_amount", "spend_total", "help_source"]
    assert f.message == "帮扶慰问资金307.45万元超过总支出228.25万元，请在“补助帮扶资金的来源”中说明。"
    ev = example_ev(DEPT)
    assert not found(ev, "above_unexplained")
    assert (
        "全年发放的困难职工帮扶和节日慰问资金307.45万元，多于我会全年总支出228.25万元，"
        "资金来源为上级工会拨付的困难职工帮扶、送温暖资金和社会各界捐赠资金。"
    ) in all_text(compose(ev, seed=0))
    ev = example_ev(DEPT, help_amount="200万元")
    assert not ev.is_active("help_source") and not found(ev, "above_unexplained")
    assert "资金来源为" not in all_text(compose(ev, seed=0))
    assert not example_ev(DEPT, has_grants="否").is_active("help_source")
