"""Consistency findings across answers (checks.py), on the dept-overall kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.models import Finding, ReportKind
from assistant.pipeline import evaluate

PERFECT = (
    "产出指标｜数量指标｜培训次数｜≥10次｜10次｜50\n"
    "效益指标｜社会效益指标｜知晓率｜≥80%｜80%｜30\n"
    "满意度指标｜服务对象满意度指标｜满意度｜≥90%｜90%｜10"
)


def findings(kind: ReportKind, raw: dict[str, str]) -> dict[str, list[Finding]]:
    ev = evaluate(kind, raw)
    assert not ev.invalid, ev.invalid
    out: dict[str, list[Finding]] = {}
    for f in ev.findings:
        out.setdefault(f.code, []).append(f)
    return out


def only(found: dict[str, list[Finding]], code: str) -> Finding:
    assert code in found, found
    assert len(found[code]) == 1, found[code]
    return found[code][0]


def test_the_example_has_no_findings(kind, example_raw) -> None:
    assert findings(kind, example_raw) == {}


def test_income_parts_not_adding_up(kind, example_raw) -> None:
    example_raw["income_fiscal"] = "200万元"
    f = only(findings(kind, example_raw), "sum")
    assert f.level == "error"
    assert f.question_ids == ["income_total", "income_fiscal", "income_other"]
    for words in ("财政拨款收入200.00万元", "其他收入0.00万元", "合计200.00万元", "总收入228.63万元", "相差28.63万元"):
        assert words in f.message


def test_spending_parts_not_adding_up(kind, example_raw) -> None:
    example_raw["spend_basic"] = "218.65万元"
    parts, detail = findings(kind, example_raw)["sum"]
    assert "基本支出218.65万元、项目支出8.00万元合计226.65万元，与总支出228.25万元不一致，相差1.60万元" in parts.message
    # and the 年度预算明细's 基本支出 row (220.25) no longer agrees with the answer
    assert detail.question_ids == ["spend_basic", "budget_detail"]
    assert "年度预算明细中基本支出的全年执行数220.25万元，与基本支出218.65万元不一致，相差1.60万元" in detail.message


DETAIL = (
    "一般公共预算｜220万元｜228.63万元｜228.25万元\n基本支出｜212万元｜220.63万元｜220.25万元\n"
    "项目支出｜8万元｜8万元｜8万元"
)


def test_the_budget_detail_adds_up_by_source_and_by_kind_of_spending(kind, example_raw) -> None:
    """Each grouping of the 年度预算明细 against the totals answered before (rules.md §7)."""
    example_raw["budget_detail"] = DETAIL.replace(
        "一般公共预算｜220万元｜228.63万元｜228.25万元",
        "一般公共预算｜200万元｜208.63万元｜208.25万元\n单位资金｜20万元｜20万元｜20万元",
    )
    example_raw.update(budget_initial="220万元", adjustment_reason="年中追加困难职工帮扶资金8.63万元")
    assert findings(kind, example_raw) == {}, "two sources, 200 + 20: both groupings make 220"
    example_raw["budget_detail"] = DETAIL.replace("一般公共预算｜220万元", "一般公共预算｜210万元")
    (f,) = findings(kind, example_raw)["sum"]
    assert f.level == "error" and f.question_ids == ["budget_initial", "budget_detail"]
    assert f.message.startswith(
        "年度预算明细中一般公共预算的年初预算数210.00万元，与年初预算数220.00万元不一致，相差10.00万元"
    )
    example_raw["budget_detail"] = DETAIL.replace("项目支出｜8万元｜8万元｜8万元", "项目支出｜8万元｜8万元｜7万元")
    messages = [f.message for f in findings(kind, example_raw)["sum"]]
    assert messages == [
        "年度预算明细中项目支出的全年执行数7.00万元，与项目支出8.00万元不一致，相差1.00万元。请核对各项数字。"
    ]


def test_the_budget_detail_without_its_spending_rows_is_pointed_out(kind, example_raw) -> None:
    example_raw["budget_detail"] = "一般公共预算｜228.63万元｜228.63万元｜228.25万元"
    messages = [f.message for f in findings(kind, example_raw)["sum"]]
    assert messages[0].startswith("年度预算明细中基本支出、项目支出的年初预算数0.00万元，与年初预算数228.63万元不一致")
    assert len(messages) == 4  # 年初, 全年预算数, and each of 基本支出, 项目支出 against its answer


def test_a_budget_detail_row_must_be_one_of_the_forms_rows(kind, example_raw) -> None:
    from assistant.answers import parse_answer
    from assistant.errors import AnswerError

    question = kind.question("budget_detail")
    with pytest.raises(AnswerError) as err:
        parse_answer(question, "财政拨款｜228.63万元｜228.63万元｜228.25万元")
    assert "第1行“项目”" in err.value.message and "一般公共预算" in err.value.message
    rows = parse_answer(question, "基本｜220.63万元｜220.63万元｜220.25万元")  # the unambiguous part of a name
    assert rows[0]["name"] == "基本支出"


def test_parts_that_add_up_after_conversion(kind, example_raw) -> None:
    example_raw["spend_basic"] = "2,202,500元"
    example_raw["spend_project"] = "80000元"
    assert findings(kind, example_raw) == {}


def test_a_part_still_to_come_is_not_an_error(kind, example_raw) -> None:
    del example_raw["spend_project"]
    assert "sum" not in findings(kind, example_raw)
    example_raw["spend_basic"] = "300万元"  # already more than the whole
    assert "sum" in findings(kind, example_raw)


def test_execution_over_100_percent(kind, example_raw) -> None:
    example_raw.update(spend_total="230万元", spend_basic="222万元", spend_project="8万元")
    f = only(findings(kind, example_raw), "execution_over")
    assert f.level == "error"
    assert "预算执行率为100.60%" in f.message and "超过100%" in f.message


def test_execution_under_90_percent_needs_a_reason(kind, example_raw) -> None:
    example_raw.update(budget_initial="300万元", budget_final="300万元")
    f = only(findings(kind, example_raw), "execution_low")
    assert f.level == "warning"
    assert "预算执行率为76.08%，低于90%" in f.message and "执行率偏低原因" in f.message
    example_raw["low_execution_reason"] = "部分项目因政策调整延期实施"
    assert "execution_low" not in findings(kind, example_raw)


def test_execution_exactly_90_percent_is_fine(kind, example_raw) -> None:
    example_raw.update(budget_initial="253.61万元", budget_final="253.61万元")  # 228.25 ÷ 253.61 = 90.00%
    assert "execution_low" not in findings(kind, example_raw)


def test_budget_adjustment_needs_a_reason(kind, example_raw) -> None:
    example_raw["budget_initial"] = "220万元"
    example_raw["budget_detail"] = DETAIL
    f = only(findings(kind, example_raw), "adjustment")
    assert f.level == "warning"
    assert "追加" in f.message and "预算调整率3.92%" in f.message and "预算调整原因" in f.message
    example_raw["adjustment_reason"] = "年中追加困难职工帮扶资金8.63万元"
    assert findings(kind, example_raw) == {}


def test_budget_reduction_and_a_large_adjustment(kind, example_raw) -> None:
    example_raw["budget_initial"] = "300万元"
    f = only(findings(kind, example_raw), "adjustment")
    assert "调减" in f.message and "-23.79%" in f.message
    example_raw["adjustment_reason"] = "年中收回结余资金"
    hint = only(findings(kind, example_raw), "adjustment_large")
    assert hint.level == "hint" and "幅度较大" in hint.message


def _indicators(kind, example_raw, table: str) -> dict[str, list[Finding]]:
    example_raw["indicators"] = table
    return findings(kind, example_raw)


def test_over_achievement_hint_at_120_percent(kind, example_raw) -> None:
    table = PERFECT.replace("≥10次｜10次", "≥10次｜12次")
    f = only(_indicators(kind, example_raw, table), "over_achievement")
    assert f.level == "hint"
    assert "第1行“培训次数”" in f.message and "120.00%" in f.message


def test_under_120_percent_is_not_flagged(kind, example_raw) -> None:
    table = PERFECT.replace("≥10次｜10次", "≥10次｜11.9次")
    assert "over_achievement" not in _indicators(kind, example_raw, table)


def test_over_achievement_at_130_percent_needs_a_reason(kind, example_raw) -> None:
    example_raw["indicators"] = PERFECT.replace("≥10次｜10次", "≥10次｜13次")
    refused = evaluate(kind, example_raw).invalid["indicators"]
    assert "第1行“培训次数”（≥10次，实际13次，为目标的130.00%）" in refused and "偏差原因" in refused
    with_reason = PERFECT.replace("≥10次｜10次｜50", "≥10次｜13次｜50｜年初目标偏保守，下年据实调高")
    assert only(_indicators(kind, example_raw, with_reason), "over_achievement").level == "hint"


def test_over_achievement_from_a_lower_threshold_of_the_kind_is_an_error(kind, example_raw) -> None:
    scoring = kind.scoring.model_copy(update={"over_achievement_reason": Decimal("1.25")})
    lower = kind.model_copy(update={"scoring": scoring})
    f = only(_indicators(lower, example_raw, PERFECT.replace("≥10次｜10次", "≥10次｜12.6次")), "over_achievement")
    assert f.level == "error" and "126.00%" in f.message and "须填写偏差原因分析及改进措施" in f.message


def test_reverse_indicator_below_target_is_not_over_achievement(kind, example_raw) -> None:
    table = PERFECT.replace("≥10次｜10次｜50", "≤10次｜2次｜50")
    assert "over_achievement" not in _indicators(kind, example_raw, table)


def test_indicator_below_full_points_needs_a_reason(kind, example_raw) -> None:
    table = PERFECT.replace("≥90%｜90%", "≥90%｜81%")
    f = only(_indicators(kind, example_raw, table), "deviation_reason")
    assert f.level == "error"
    assert "第3行“满意度”得分9分，未得满分（10分）" in f.message and "偏差原因" in f.message
    fixed = PERFECT.replace("≥90%｜90%｜10", "≥90%｜81%｜10｜宣传不足，下年加强")
    assert "deviation_reason" not in _indicators(kind, example_raw, fixed)


def test_qualitative_below_full_points_needs_a_reason(kind, example_raw) -> None:
    table = PERFECT.replace("知晓率｜≥80%｜80%｜30", "生活改善｜明显改善｜部分达成（20分）｜30")
    f = only(_indicators(kind, example_raw, table), "deviation_reason")
    assert "第2行“生活改善”得分20分" in f.message


def test_group_points_must_match_the_weights(kind, example_raw) -> None:
    table = PERFECT.replace("｜30", "｜25").replace("满意度指标｜", "服务指标｜")
    found = _indicators(kind, example_raw, table)
    assert (
        "效益指标各指标分值合计25分，应为30分（少5分），请调整效益指标各行的“分值”"
        in only(found, "group_weight").message
    )
    assert "一级指标“服务指标”不在评分体系中" in only(found, "group_unknown").message


def test_points_not_adding_up_to_100_say_there_is_no_grade_and_what_to_fix(kind, example_raw) -> None:
    found = _indicators(kind, example_raw, PERFECT.replace("｜50", "｜45"))
    f = only(found, "weight_total")
    assert f.level == "error" and f.question_ids == ["indicators"]
    assert "预算执行率10分与各指标分值合计95分，不是100分，暂不评定等级" in f.message
    assert "使各指标分值合计为90分（目前85分）" in f.message
    assert "产出指标各指标分值合计45分，应为50分（少5分）" in only(found, "group_weight").message
    assert "weight_total" not in _indicators(kind, example_raw, PERFECT)


def test_more_problems_than_measures(kind, example_raw) -> None:
    example_raw["problems"] = "目标不够量化\n执行进度偏慢\n监控不到位"
    f = only(findings(kind, example_raw), "measure_missing")
    assert f.level == "warning" and "列出了3个问题，但只有2条改进措施" in f.message


@pytest.mark.parametrize("none", ["无", "暂无", "暂无。", "没有", "无明显问题"])
def test_no_problem_named_while_score_is_below_100(kind, example_raw, none: str) -> None:
    example_raw["problems"] = none
    f = only(findings(kind, example_raw), "no_problem")
    assert f.level == "warning"
    assert "自评得分98分，未得满分" in f.message
    assert f"写的是“{none.rstrip('。')}”" in f.message, "the message quotes what was written"


def test_measures_of_none_while_problems_are_named(kind, example_raw) -> None:
    example_raw["measures"] = "无"
    f = only(findings(kind, example_raw), "no_measure")
    assert f.level == "warning" and "列出了2个问题" in f.message and "写的是“无”" in f.message


def test_a_percentage_actual_over_100_is_questioned(kind, example_raw) -> None:
    example_raw["indicators"] = example_raw["indicators"].replace("｜92%｜8", "｜105%｜8")
    f = only(findings(kind, example_raw), "percent_over_100")
    assert f.level == "warning" and "105.00%" in f.message


def test_perfect_score_without_any_problem(kind, example_raw) -> None:
    example_raw.update(indicators=PERFECT, budget_initial="228.25万元", budget_final="228.25万元", problems="暂无")
    ev = evaluate(kind, example_raw)
    assert ev.scorecard is not None and ev.scorecard.total == Decimal(100)
    found = findings(kind, example_raw)
    assert "满分且未列出任何问题" in only(found, "perfect_score").message
    assert "no_problem" not in found


def test_no_problem_finding_before_the_score_is_known(kind, example_raw) -> None:
    del example_raw["indicators"]
    example_raw["problems"] = "暂无"
    assert "no_problem" not in findings(kind, example_raw)


def test_per_person_amount_that_looks_like_a_unit_slip(kind, example_raw) -> None:
    # sample 3 wrote 21207.31万元 for 501 people: 42.33万元 each, clearly 元 typed as 万元
    example_raw.update(help_amount="21207.31万元", help_people="501人")
    f = only(findings(kind, example_raw), "unit_slip")
    assert f.level == "warning"
    assert "帮扶慰问资金21207.31万元分到501人，人均42.33万元" in f.message and "“元”误填成了“万元”" in f.message
    example_raw["help_amount"] = "21207.31元"
    assert "unit_slip" not in findings(kind, example_raw)


def test_procurement_spent_above_its_budget(kind, example_raw) -> None:
    example_raw.update(procurement_count="2个", procurement_budget="5万元", procurement_spent="5.2万元")
    f = only(findings(kind, example_raw), "not_above")
    assert f.level == "error" and "政府采购实际支出（5.20万元）不应大于政府采购预算（5.00万元）" in f.message


def test_a_rate_kept_under_a_ceiling_may_go_over_100_without_a_typing_warning(kind, example_raw) -> None:
    """在职人员控制率 ≤100% at 125% is a target missed, not a figure typed wrong."""
    row = "效益指标｜社会效益指标｜在职人员控制率｜≤100%｜125%｜5｜超编"
    example_raw["indicators"] = example_raw["indicators"] + "\n" + row
    assert "percent_over_100" not in findings(kind, example_raw)


def test_a_report_dated_before_its_year_is_over_is_questioned(kind, example_raw) -> None:
    example_raw["report_date"] = "2025年1月5日"  # the example evaluates 2025
    f = only(findings(kind, example_raw), "dated_before_year_end")
    assert f.level == "warning" and "2025年1月5日" in f.message and "2025年结束之前" in f.message
    example_raw["report_date"] = "2026年1月5日"
    assert "dated_before_year_end" not in findings(kind, example_raw)


def test_a_model_texts_blanks_left_in_an_answer_are_pointed_out() -> None:
    from tests.support.examples import example_ev

    ev = example_ev("dept-overall", work_items="20xx年，举办职工大讲堂5场\n签订集体合同××份")
    [f] = [f for f in ev.findings if f.code == "unfilled"]
    assert f.level == "warning" and "“工作完成情况”中有“20xx”" in f.message
    assert not [f for f in example_ev("dept-overall").findings if f.code == "unfilled"]
