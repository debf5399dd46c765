"""The Ministry of Finance's scoring rules (rules.md §1): grades, indicator formulas, execution."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assistant.models import Indicator, ScoringSpec
from assistant.scoring import execution, grade, score_indicator, scorecard

D = Decimal
LABELS = ["优", "良", "中", "差"]


@pytest.mark.parametrize(
    ("total", "expected"),
    [("59.99", "差"), ("60", "中"), ("79.99", "中"), ("80", "良"), ("89.99", "良"), ("90", "优"),
     ("0", "差"), ("100", "优"), ("89.995", "良"), ("59.999", "差")],
)  # fmt: skip
def test_grade_boundaries(total: str, expected: str) -> None:
    assert grade(D(total), LABELS) == expected


def test_grade_labels_vary() -> None:
    assert grade(D(72), ["一等", "二等", "三等", "四等"]) == "三等"


def quant(direction: str, target: str, actual: str, points: str = "10") -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", level3="指标", direction=direction,  # type: ignore[arg-type]
                     target=D(target), target_text=f"{direction}{target}", actual=D(actual),
                     actual_text=actual, points=D(points))  # fmt: skip


def quali(band: str, claimed: str | None, points: str = "10") -> Indicator:
    return Indicator(level1="效益指标", level2="社会效益指标", level3="改善", direction="定性",
                     target_text="明显改善", actual_text=band, points=D(points), band=band,  # type: ignore[arg-type]
                     claimed=D(claimed) if claimed else None)  # fmt: skip


@pytest.mark.parametrize(
    ("direction", "target", "actual", "points", "score", "full"),
    [
        ("≥", "90", "95", "10", "10.00", True),  # met: full points
        ("≥", "90", "90", "10", "10.00", True),
        ("≥", "90", "82.8", "6", "5.52", False),  # proportional: 6 × 82.8 ÷ 90
        ("≥", "3", "2", "5", "3.33", False),
        ("≥", "3", "0", "5", "0.00", False),
        ("≥", "0", "0", "5", "5.00", True),
        ("=", "100", "100", "5", "5.00", True),
        ("=", "100", "95", "5", "4.75", False),  # not met exactly: like 正向
        ("≤", "8", "8", "5", "5.00", True),
        ("≤", "8", "6", "5", "5.00", True),
    ],
)
def test_quantitative(direction: str, target: str, actual: str, points: str, score: str, full: bool) -> None:
    s = score_indicator(quant(direction, target, actual, points))
    assert str(s.score) == score
    assert s.full is full


def test_reverse_deduct_formula_floored_at_zero() -> None:
    # points × (1 − (actual − target) ÷ target)
    assert score_indicator(quant("≤", "8", "10", "5"), "deduct").score == D("3.75")
    assert score_indicator(quant("≤", "8", "12", "10"), "deduct").score == D("5.00")
    assert score_indicator(quant("≤", "8", "16", "10"), "deduct").score == D("0.00")
    assert score_indicator(quant("≤", "8", "30", "10"), "deduct").score == D("0.00")  # not negative
    assert score_indicator(quant("≤", "0", "1", "10"), "deduct").score == D("0.00")


def test_reverse_ratio_formula() -> None:
    # points × target ÷ actual
    assert score_indicator(quant("≤", "8", "10", "5"), "ratio").score == D("4.00")
    assert score_indicator(quant("≤", "8", "30", "10"), "ratio").score == D("2.67")
    assert score_indicator(quant("≤", "8", "16", "10"), "ratio").raw == D(5)


def test_scores_keep_the_unrounded_raw() -> None:
    s = score_indicator(quant("≥", "3", "2", "5"))
    assert s.score == D("3.33")
    assert s.raw != s.score and round(s.raw, 6) == D("3.333333")
    assert s.ratio is not None and round(s.ratio, 4) == D("0.6667")


def test_qualitative_bands_and_claims() -> None:
    assert score_indicator(quali("达成", None)).score == D(10)  # 达成 without a claim: full points
    assert score_indicator(quali("达成", None)).full
    assert score_indicator(quali("达成", "9")).score == D(9)
    assert not score_indicator(quali("达成", "9")).full
    assert score_indicator(quali("部分达成", "3.5", "5")).score == D("3.5")
    assert score_indicator(quali("未达成", "2", "5")).score == D(2)
    assert score_indicator(quali("达成", None)).ratio is None


@pytest.mark.parametrize(
    ("budget", "spent", "rate", "score"),
    [
        ("228.63", "228.25", "99.83", "9.98"),
        ("100", "100", "100.00", "10.00"),
        ("100", "85", "85.00", "8.50"),
        ("100", "120", "120.00", "10.00"),  # capped at 分值
        ("200", "0", "0.00", "0.00"),
    ],
)
def test_execution_score_capped(budget: str, spent: str, rate: str, score: str) -> None:
    r, s, raw = execution(ScoringSpec(), D(budget), D(spent))
    assert (str(r), str(s)) == (rate, score)
    assert raw is not None and raw <= D(10)


def test_execution_without_figures() -> None:
    assert execution(ScoringSpec(), None, D(1)) == (None, None, None)
    assert execution(ScoringSpec(), D(0), D(1)) == (None, None, None)


def _values(rows: list[Indicator], budget: str = "100", spent: str = "100") -> dict[str, Any]:
    return {"budget": D(budget), "spent": D(spent), "inds": rows}


SPEC = ScoringSpec(budget="budget", spent="spent", indicators="inds")


def test_total_is_the_sum_of_rounded_scores_and_grade_uses_the_raw_total() -> None:
    # three indicators each worth 10 with 2 of 3 done: 6.666… each, shown 6.67
    rows = [quant("≥", "3", "2", "10") for _ in range(3)]
    rows += [quant("≥", "1", "1", "30"), quant("≥", "1", "1", "30")]
    card = scorecard(SPEC, _values(rows, "100", "100"))
    assert card is not None
    assert [s.score for s in card.indicators[:3]] == [D("6.67")] * 3
    assert card.total == D("90.01")  # 10 + 3 × 6.67 + 30 + 30: the table adds up
    assert round(card.total_raw, 6) == D("90.000000")
    assert card.max_total == D(100)
    assert card.grade == "优"


def test_grade_taken_from_the_unrounded_total() -> None:
    # execution 8.9999 → shown 9.00; total shown 90.00 but raw 89.9999: 良, not 优
    rows = [quant("≥", "1", "1", "50"), quant("≥", "1", "1", "30"), quant("≥", "10", "1", "10")]
    card = scorecard(SPEC, _values(rows, "100000", "89999"))
    assert card is not None
    assert card.execution_score == D("9.00")
    assert card.total == D("90.00")
    assert card.total_raw < D(90)
    assert card.grade == "良"


def test_example_scorecard(example_ev) -> None:
    card = example_ev.scorecard
    assert card is not None
    assert card.execution_rate == D("99.83")
    assert card.execution_score == D("9.98")
    assert card.total == D(98)
    assert card.grade == "优"
    assert card.max_total == D(100)
    assert [str(s.score) for s in card.indicators if not s.full] == ["3.50", "5.52"]
    assert card.funds[0].label == "年度资金总额"
    assert (card.funds[0].initial, card.funds[0].budget, card.funds[0].spent) == (D("228.63"), D("228.63"), D("228.25"))


def test_no_scorecard_for_kinds_without_scores() -> None:
    assert scorecard(ScoringSpec(mode="none"), {}) is None


def test_the_kind_chooses_the_reverse_formula() -> None:
    rows = [quant("≤", "8", "10", "5")]
    deduct = scorecard(SPEC, _values(rows))
    ratio = scorecard(SPEC.model_copy(update={"reverse_formula": "ratio"}), _values(rows))
    assert deduct is not None and ratio is not None
    assert deduct.indicators[0].score == D("3.75") and ratio.indicators[0].score == D("4.00")
    assert (deduct.total, ratio.total) == (D("13.75"), D("14.00"))


def test_points_not_adding_up_to_100_give_the_real_maximum_and_no_grade() -> None:
    # 产出指标 45 instead of 50: the maximum is what the points add up to, and no grade is given
    rows = [quant("≥", "1", "1", "45"), quant("≥", "1", "1", "30"), quant("≥", "10", "8", "10")]
    card = scorecard(SPEC, _values(rows, "100", "90"))
    assert card is not None
    assert card.total == D(92) and card.max_total == D(95)  # 9 + 45 + 30 + 8
    assert not card.graded
    assert card.grade_note == "分值合计95分，不是100分，暂不评定等级"
    assert card.grade == "" and not card.graded
    rows[0] = quant("≥", "1", "1", "50")
    fixed = scorecard(SPEC, _values(rows, "100", "90"))
    assert fixed is not None and fixed.graded
    assert (fixed.max_total, fixed.grade, fixed.grade_note) == (D(100), "优", "")


def test_no_grade_before_there_are_indicators() -> None:
    card = scorecard(SPEC, _values([]))
    assert card is not None and not card.graded
    assert card.max_total == D(10) and card.grade_note == "绩效指标还没有填写，暂不评定等级"
