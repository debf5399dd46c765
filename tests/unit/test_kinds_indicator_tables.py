"""Every kind with an indicator table (project, dept-overall): rules.md §1 over-achievement. A row
at 130% of its target or more needs a 偏差原因 and is refused without one, at answer time, as a row
scored below its points is; from 120% it is only pointed out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.indicators import OVER_ACHIEVEMENT_REASON, parse_indicators
from assistant.interview import Interview
from assistant.kinds import available_kinds, load_kind
from assistant.models import ScoringSpec
from tests.support.examples import example_ev, example_raw

KINDS = sorted(k.id for k in available_kinds()[0] if any(q.type == "indicators" for q in k.questions))
ROWS = (
    "产出指标｜数量指标｜整治点位｜≥12处｜{actual}｜50{reason}\n"
    "效益指标｜社会效益指标｜知晓率｜≥80%｜80%｜30\n"
    "满意度指标｜服务对象满意度指标｜满意度｜≥90%｜90%｜10"
)


def table(actual: str, reason: str = "") -> str:
    return ROWS.format(actual=actual, reason=f"｜{reason}" if reason else "")


def test_both_kinds_with_indicator_tables_are_checked() -> None:
    assert KINDS == ["dept-overall", "project"]


@pytest.mark.parametrize("kind_id", KINDS)
def test_a_row_at_130_percent_without_a_reason_is_refused(kind_id: str) -> None:
    iv = Interview(load_kind(kind_id), example_raw(kind_id))
    out = iv.submit("indicators", table("16处"))  # 133.33%
    assert not out.accepted
    [turn] = out.turns
    assert turn.kind == "error"
    assert "第1行“整治点位”（≥12处，实际16处，为目标的133.33%）" in turn.text
    assert "达到年度指标值的130%及以上，须在第7栏写明偏差原因及改进措施" in turn.text
    assert iv.answers["indicators"] == example_raw(kind_id)["indicators"], "the stored table stays as it was"


@pytest.mark.parametrize("kind_id", KINDS)
def test_at_130_percent_with_a_reason_is_accepted_and_pointed_out(kind_id: str) -> None:
    iv = Interview(load_kind(kind_id), example_raw(kind_id))
    assert iv.submit("indicators", table("15.6处", "年初目标偏保守，下年据实调高")).accepted  # exactly 130%
    [f] = [f for f in iv.evaluation.findings if f.code == "over_achievement"]
    assert f.level == "hint" and "130.00%" in f.message


@pytest.mark.parametrize("kind_id", KINDS)
def test_between_120_and_130_percent_is_only_a_hint(kind_id: str) -> None:
    iv = Interview(load_kind(kind_id), example_raw(kind_id))
    assert iv.submit("indicators", table("15.5处")).accepted  # 129.17%
    [f] = [f for f in iv.evaluation.findings if f.code == "over_achievement"]
    assert f.level == "hint" and "129.17%" in f.message


@pytest.mark.parametrize("kind_id", KINDS)
def test_a_stored_table_without_the_reason_is_asked_again(kind_id: str) -> None:
    ev = example_ev(kind_id, indicators=table("16处"))
    assert "为目标的133.33%" in ev.invalid["indicators"]
    iv = Interview(load_kind(kind_id), dict(ev.raw))
    [notice] = [t.text for t in iv.ask(iv.kind.question("indicators")) if t.kind == "notice"]
    assert "不再符合要求" in notice and "为目标的133.33%" in notice


def test_the_refusal_uses_the_kinds_default_threshold() -> None:
    assert ScoringSpec().over_achievement_reason == OVER_ACHIEVEMENT_REASON
    assert all(load_kind(k).scoring.over_achievement_reason == OVER_ACHIEVEMENT_REASON for k in KINDS)


# --- qualitative bands (rules.md §1: 达成 80%–100%, 部分达成 60%–80%, 未达成 below 60%) ---

BAND_ERRORS = [
    ("部分达成（8分）", "第1行“部分达成”的得分应不低于6分、低于8分（8分及以上为“达成”），而不是8分。"),
    ("部分达成（5分）", "第1行“部分达成”的得分应不低于6分、低于8分（低于6分为“未达成”），而不是5分。"),
    ("未达成（6分）", "第1行“未达成”的得分应低于6分（6分及以上为“部分达成”），而不是6分。"),
    ("达成（7.5分）", "第1行“达成”的得分应不低于8分、不超过10分（低于8分为“部分达成”），而不是7.5分。"),
    ("达成（11分）", "第1行“达成”的得分应不低于8分、不超过10分（该指标分值为10分），而不是11分。"),
    ("部分达成", "第1行为“部分达成”，请在括号中写自评得分，应不低于6分、低于8分，例如“部分达成（6分）”。"),
    ("未达成", "第1行为“未达成”，请在括号中写自评得分，应低于6分，例如“未达成（0分）”。"),
]  # fmt: skip


@pytest.mark.parametrize("kind_id", KINDS)
@pytest.mark.parametrize(("actual", "message"), BAND_ERRORS)
def test_a_score_outside_its_band_says_where_the_band_ends(kind_id: str, actual: str, message: str) -> None:
    iv = Interview(load_kind(kind_id), example_raw(kind_id))
    out = iv.submit("indicators", f"效益指标｜社会效益指标｜生活改善｜明显改善｜{actual}｜10｜宣传不足，下年加强")
    assert not out.accepted
    assert [t.text for t in out.turns] == [message]


EDGES = ["部分达成（6分）", "部分达成（7.99分）", "未达成（5.9分）", "达成（8分）", "达成（10分）"]


@pytest.mark.parametrize("actual", EDGES)
def test_a_score_at_the_edge_of_its_band_is_accepted(actual: str) -> None:
    [row] = parse_indicators(f"效益指标｜社会效益指标｜生活改善｜明显改善｜{actual}｜10｜宣传不足，下年加强")
    assert row.band == actual.split("（")[0]


def test_a_reason_same_as_above_is_written_out_and_refused_when_there_is_none_above() -> None:
    from assistant.errors import AnswerError

    table = ("产出指标｜数量指标｜培训次数｜≥10次｜8次｜10｜培训场地改造，两期培训延后\n"
             "｜｜培训人次｜≥500人次｜420人次｜10｜同上。")  # fmt: skip
    first, second = parse_indicators(table)
    assert second.reason == first.reason == "培训场地改造，两期培训延后"
    with pytest.raises(AnswerError, match="第1行的偏差原因写了“同上”，但它是第一个指标"):
        parse_indicators("产出指标｜数量指标｜培训次数｜≥10次｜8次｜10｜同上")
    with pytest.raises(AnswerError, match="第2行的偏差原因写了“见上”，但上一行没有偏差原因"):
        parse_indicators("产出指标｜数量指标｜培训次数｜≥10次｜10次｜10\n｜｜培训人次｜≥500人次｜420人次｜10｜见上")


def test_a_rate_of_change_may_be_negative_and_is_scored_by_its_distance_to_the_target() -> None:
    from assistant.errors import AnswerError
    from assistant.scoring import score_indicator

    rows = ("产出指标｜成本指标｜“三公”经费变动率｜≤0%｜-3.2%｜5\n"
            "｜｜公用经费变动率｜≤0%｜下降1.5%｜5\n"
            "｜｜能耗变动率｜≤-5%｜-3.2%｜10｜节能改造延期")  # fmt: skip
    fallen, in_words, short = parse_indicators(rows)
    assert (fallen.actual_text, in_words.actual_text) == ("-3.20%", "-1.50%")
    scores = [score_indicator(i).score for i in (fallen, in_words, short)]
    assert scores == [5, 5, Decimal("6.40")]  # 10 × (1 − 1.8 ÷ 5)
    with pytest.raises(AnswerError, match="不能为负数"):
        parse_indicators("产出指标｜数量指标｜经费｜≤5万元｜-1万元｜10")


def test_a_share_of_a_whole_over_100_percent_is_refused_a_completion_rate_is_not() -> None:
    from assistant.errors import AnswerError

    with pytest.raises(AnswerError, match="第1行“群众满意度”是所占的比例，不会超过100%，实际完成值却是120%"):
        parse_indicators("满意度指标｜服务对象满意度指标｜群众满意度｜≥90%｜120%｜10｜问卷回收数超过计划")
    [done] = parse_indicators("产出指标｜数量指标｜任务完成率｜≥100%｜120%｜10｜新增任务")
    assert done.actual_text == "120.00%"
