"""Derived figures in Decimal, rounded half-up (rules.md §4), and the figures of the example."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.figures import compute, compute_all, growth, percent, round2
from assistant.formatting import change, money, pct
from assistant.models import Figure

D = Decimal


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("2570.97", "6714.88", "38.29"),
        ("8", "228.25", "3.50"),
        ("220.25", "228.25", "96.50"),
        ("228.63", "228.63", "100.00"),
        ("228.25", "228.63", "99.83"),
        ("11", "12", "91.67"),
        ("1", "3", "33.33"),
        ("2", "3", "66.67"),
        ("1", "8", "12.50"),
        ("0", "5", "0.00"),
    ],
)
def test_percent_half_up(part: str, whole: str, expected: str) -> None:
    result = percent(D(part), D(whole))
    assert isinstance(result, Decimal)
    assert str(result) == expected


def test_percent_of_zero_is_none() -> None:
    assert percent(D(1), D(0)) is None


@pytest.mark.parametrize(
    ("last", "this", "expected"),
    [("18856.1", "20247.2", "7.38"), ("74583", "81570", "9.37"), ("100", "96.5", "-3.50"), ("200", "200", "0.00")],
)
def test_growth(last: str, this: str, expected: str) -> None:
    assert str(growth(D(this), D(last))) == expected


def test_growth_words() -> None:
    assert change(growth(D("20247.2"), D("18856.1"))) == "增长7.38%"
    assert change(growth(D("96.5"), D("100"))) == "下降3.50%"  # a fall as 下降 with the absolute value
    assert change(D(0)) == "与上年持平"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.125", "0.13"),  # half-even would give 0.12
        ("0.135", "0.14"),
        ("2.675", "2.68"),  # the float 2.675 is 2.67499…: round(2.675, 2) == 2.67
        ("1.005", "1.01"),  # the float 1.005 is 1.00499…
        ("3.5049", "3.50"),
        ("7.3775", "7.38"),
        ("-0.125", "-0.13"),  # half away from zero
        ("99.995", "100.00"),
    ],
)
def test_round_half_up_not_half_even(value: str, expected: str) -> None:
    assert str(round2(D(value))) == expected


def test_share_ending_in_exactly_five() -> None:
    # 1 ÷ 8 = 0.125 → 12.5%; 1 ÷ 16 = 6.25%; 1 ÷ 80 = 1.25%; 1 ÷ 400 = 0.25%; 1 ÷ 1600 = 0.0625% → 0.06
    assert pct(percent(D(1), D(80))) == "1.25%"
    assert str(percent(D(1), D(1600))) == "0.06"
    # 0.000125 as a share: 0.0125% exactly → half-up 0.01, and 0.045 → 0.05 (half-even: 0.04)
    assert str(percent(D("0.045"), D(100))) == "0.05"
    assert str(percent(D("0.015"), D(100))) == "0.02"


def test_money_two_decimals() -> None:
    assert money(D(8)) == "8.00万元"
    assert money(D("307.4528")) == "307.45万元"
    assert money(D("220.245")) == "220.25万元"
    assert money(D("1.005"), "元") == "1.01元"


def test_compute_ops() -> None:
    values = {"a": D("8"), "b": D("228.25"), "n": 11, "m": 12, "x": D("5"), "y": D("2")}
    assert compute(Figure(id="f", label="L", op="share", args=["a", "b"]), values) == D("3.50")
    assert compute(Figure(id="f", label="L", op="ratio", args=["n", "m"]), values) == D("91.67")
    assert compute(Figure(id="f", label="L", op="sum", args=["a", "b"]), values) == D("236.25")
    assert compute(Figure(id="f", label="L", op="difference", args=["b", "a"]), values) == D("220.25")
    assert compute(Figure(id="f", label="L", op="adjustment", args=["x", "y"]), values) == D("-60.00")
    assert compute(Figure(id="f", label="L", op="growth", args=["x", "y"]), values) == D("150.00")
    assert compute(Figure(id="f", label="L", op="share", args=["a", "missing"]), values) is None
    assert compute(Figure(id="f", label="L", op="share", args=["a", "zero"]), {**values, "zero": D(0)}) is None


def test_a_figure_may_use_one_declared_before_it() -> None:
    figures = [
        Figure(id="total", label="合计", op="sum", args=["a", "b"]),
        Figure(id="share", label="占比", op="share", args=["a", "total"]),
    ]
    assert compute_all(figures, {"a": D(1), "b": D(7)}) == {"total": D(8), "share": D("12.50")}


def test_example_figures(example_ev) -> None:
    f = example_ev.figures
    assert str(f["fiscal_share"]) == "100.00"
    assert str(f["basic_share"]) == "96.50"
    assert str(f["project_share"]) == "3.50"
    assert str(f["execution_rate"]) == "99.83"
    assert str(f["staff_control"]) == "91.67"
    assert f["income_growth"] is None  # no 上年总收入 in the example
    assert str(f["spend_growth"]) == "3.84"  # 219.80 → 228.25
    assert f["procurement_rate"] is None
    assert all(isinstance(v, Decimal) for v in f.values() if v is not None)
    for qid in ("income_total", "spend_basic", "help_amount", "budget_final"):
        assert type(example_ev.values[qid]) is Decimal
    assert not [k for k, v in example_ev.values.items() if isinstance(v, float)]
