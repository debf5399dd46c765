"""The budget-execution figures of the common framework (财预〔2013〕53号, rules.md §8) as
indicators: computed from the answers, prefilled in the dept-overall default indicator table, and
scored with the province's deduction rules, which are data of the kind (rules.md §2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.answers import parse_answer
from assistant.figures import compute_all, names_figure
from assistant.formatting import pct
from assistant.interview import Interview
from assistant.kinds import load_kind
from assistant.models import Deduction, Indicator, ScoringSpec, ScoringVariant
from assistant.scoring import score_indicator
from assistant.templating import render_default
from tests.support.examples import example_ev, example_raw, table_with

DEPT = "dept-overall"
D = Decimal


def rate_row(name: str, target: str, actual: str, points: str = "5") -> Indicator:
    text = f"产出指标｜成本指标｜{name}｜{target}｜{actual}｜{points}"
    [row] = parse_answer(load_kind(DEPT).question("indicators"), text)
    return row


def scored(row: Indicator, kind_id: str = DEPT) -> Decimal:
    spec = load_kind(kind_id).scoring
    return score_indicator(row, spec.reverse_formula, spec.deductions_for({})).score


@pytest.mark.parametrize(("name", "target", "actual", "with_rule", "without"), [
    ("在职人员控制率", "≤100%", "107.14%", "4.29", "4.64"),  # 5 − 0.1 × 7.14; the general formula gave 4.64
    ("在职人员控制率", "≤100%", "100%", "5", "5"),
    ("在职人员控制率", "≤100%", "160%", "0", "2"),  # floored at 0
    ("“三公经费”变动率", "≤0%", "5%", "3.5", "0"),  # 5 − 0.3 × 5; against a target of 0 the general rule gave 0
    ("“三公”经费变动率", "≤0%", "1.23%", "4.63", "0"),  # 5 − 0.369 = 4.631
    ("三公经费变动率", "≤0%", "-11.96%", "5", "5"),
    ("公用经费控制率", "≤100%", "104%", "4.8", "4.8"),  # no rule for it: the general one
])  # fmt: skip
def test_the_framework_figures_are_scored_with_the_kinds_rules(name, target, actual, with_rule, without) -> None:
    row = rate_row(name, target, actual)
    assert scored(row) == D(with_rule)
    assert score_indicator(row, "deduct").score == D(without)


def test_a_variant_may_have_rules_of_its_own() -> None:
    own = [Deduction(indicator="在职人员控制率", per_point=D("0.5"))]
    spec = ScoringSpec(variant="form",
                       variants=[ScoringVariant(label="甲"), ScoringVariant(label="乙", deductions=own)],
                       deductions=[Deduction(indicator="在职人员控制率", per_point=D("0.1"))])  # fmt: skip
    row = rate_row("在职人员控制率", "≤100%", "104%")
    for answer, expected in (("甲", "4.6"), ("乙", "3")):
        assert score_indicator(row, "deduct", spec.deductions_for({"form": answer})).score == D(expected)
    with pytest.raises(ValueError):
        Deduction(indicator="在职人员控制率", per_point=D(0))


def test_a_table_with_the_figures_is_scored_by_the_rules_in_the_report() -> None:
    """在职 30 of 编制 28: 107.14% in the text and the row, 4.29 of 5 points in the total."""
    row = "｜成本指标｜在职人员控制率｜≤100%｜107.14%｜5｜超编2人，已申请核增编制"
    ev = example_ev(DEPT, staff_quota="28人", staff_actual="30人", staff_over_reason="按政策安置退役军人",
                    indicators=table_with(row))  # fmt: skip
    assert ev.scorecard is not None
    [s] = [s for s in ev.scorecard.indicators if s.indicator.level3 == "在职人员控制率"]
    assert s.score == D("4.29") and ev.scorecard.total == D("97.29")  # 98 − 5 + 4.29
    assert not [f for f in ev.findings if f.level == "error"]


def test_the_interview_names_the_score_the_table_gets() -> None:
    raw = {k: v for k, v in example_raw(DEPT).items() if k != "indicators"}
    table = table_with("｜成本指标｜在职人员控制率｜≤100%｜107.14%｜5")
    out = Interview(load_kind(DEPT), raw).submit("indicators", table)
    assert not out.accepted and "得4.29分/满分5分" in "".join(t.text for t in out.turns)


# --- the default indicator table -------------------------------------------------------------------

ROWS = {"staff_control": "在职人员控制率", "public_control": "公用经费控制率",
        "three_public_change": "“三公经费”变动率"}  # fmt: skip


def prefilled(values: dict) -> dict[str, str]:
    text = render_default(load_kind(DEPT).question("indicators").default or "", values)
    return {cells[2]: cells[4] for cells in (line.split("｜") for line in text.splitlines())}


def test_the_default_table_quotes_the_figures_of_the_example() -> None:
    ev = example_ev(DEPT)
    cells = prefilled(ev.values)
    assert [cells[name] for name in ROWS.values()] == ["91.67%", "98.91%", "-11.96%"]
    assert prefilled({})["公用经费控制率"] == "？" and prefilled({})["“三公经费”变动率"] == "？"


money = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)


@given(quota=st.integers(1, 500), staff=st.integers(1, 600), public_budget=money, public_spent=money,
       three_this=st.decimals(min_value=D(0), max_value=D("999.99"), places=2), three_last=money)  # fmt: skip
def test_the_default_table_computes_as_the_figures_do(quota, staff, public_budget, public_spent, three_this,
                                                      three_last) -> None:  # fmt: skip
    """Half-up to two decimals, a fall signed: the prefilled rows equal figures.py's figures, so the
    check that holds a row to its figure never fires on a table the assistant filled in."""
    values = {"staff_quota": quota, "staff_actual": staff, "public_budget": public_budget,
              "public_spent": public_spent, "three_public_total": three_this,
              "three_public_last": three_last}  # fmt: skip
    figures = compute_all(load_kind(DEPT).figures, values)
    cells = prefilled(values)
    for fid, name in ROWS.items():
        row = rate_row(name, "≤100%", cells[name])
        assert row.actual == figures[fid], name
        assert cells[name] == pct(figures[fid]).replace("-0.00%", "0.00%"), name


def test_names_of_a_figure() -> None:
    assert names_figure("“三公”经费变动率", "“三公经费”变动率")
    assert names_figure("在职人员控制率（%）", "在职人员控制率")
    assert not names_figure("结转结余变动率", "结转结余率")
    assert not names_figure("政府采购执行率", "预算执行率")
