"""Derived figures in Decimal, rounded half-up (rules.md §4)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assistant.models import Figure
from assistant.registry import Registry

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    """Two decimals, half-up: 3.5049 → 3.50, 7.3775 → 7.38 (never banker's rounding)."""
    return round_to(value, 2)


def round_to(value: Decimal, places: int) -> Decimal:
    """`places` decimals, half-up: what a figure stated with that precision should read
    (9.368 at one decimal is 9.4); the one rounding of the program, round2 included."""
    return value.quantize(CENT if places == 2 else Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole as a percentage with two decimals; None when whole is zero."""
    if whole == 0:
        return None
    return round2(part * HUNDRED / whole)


def growth(this_year: Decimal, last_year: Decimal) -> Decimal | None:
    """(this − last) ÷ last in percent, signed: 18856.1 → 20247.2 gives 7.38."""
    if last_year == 0:
        return None
    return round2((this_year - last_year) * HUNDRED / last_year)


# The figure operations, over the figure's args in order; `percent`: the figure is a percentage.
OPERATIONS: Registry[Callable[[list[Decimal]], Decimal | None]] = Registry()


@OPERATIONS.register("ratio", args=(2, 2), traits=("percent",))
@OPERATIONS.register("share", args=(2, 2), traits=("percent",))
def _share(args: list[Decimal]) -> Decimal | None:
    return percent(args[0], args[1])


@OPERATIONS.register("growth", args=(2, 2), traits=("percent",))  # this year's, last year's
def _growth(args: list[Decimal]) -> Decimal | None:
    return growth(args[0], args[1])


@OPERATIONS.register("sum", args=(1, None))
def _sum(args: list[Decimal]) -> Decimal | None:
    return sum(args, Decimal(0))


@OPERATIONS.register("difference", args=(2, None))  # the first less the others
def _difference(args: list[Decimal]) -> Decimal | None:
    return args[0] - sum(args[1:], Decimal(0))


@OPERATIONS.register("adjustment", args=(2, 2), traits=("percent",))
def _adjustment(args: list[Decimal]) -> Decimal | None:
    """预算调整率: (全年预算数 − 年初预算数) ÷ 年初预算数, of 年初预算数 and 全年预算数."""
    return growth(args[1], args[0])


PERCENT_OPERATIONS = OPERATIONS.having("percent")


def compute(figure: Figure, values: Mapping[str, Any]) -> Decimal | None:
    args: list[Decimal] = []
    for name in figure.args:
        value = values.get(name)
        if isinstance(value, list) and figure.column:
            value = cell(value, figure.row or "", figure.column)
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if not isinstance(value, Decimal):
            return None
        args.append(value)
    return OPERATIONS[figure.op](args)


def cell(rows: list[dict[str, Any]], row: str, column: str) -> Any:
    """The `column` of the records row named `row` (by its first column, as the row was typed
    in the question's column order); None when there is no such row."""
    for r in rows:
        if next(iter(r.values()), None) == row:
            return r.get(column)
    return None


_NOT_IN_A_NAME = re.compile(r"[“”\"‘’'《》〈〉（）()\s]")


def figure_key(name: str) -> str:
    """A figure's name without quotes, brackets and spaces: “三公经费”变动率, "三公"经费变动率 and
    三公经费变动率 are one name."""
    return _NOT_IN_A_NAME.sub("", name)


def names_figure(level3: str, label: str) -> bool:
    """Whether an indicator's 三级指标 names the figure `label` (在职人员控制率（%） does)."""
    key = figure_key(label)
    return bool(key) and key in figure_key(level3)


def compute_all(figures: list[Figure], values: Mapping[str, Any]) -> dict[str, Decimal | None]:
    """Every figure of a kind; a figure may use one declared before it."""
    known: dict[str, Any] = dict(values)
    out: dict[str, Decimal | None] = {}
    for figure in figures:
        out[figure.id] = known[figure.id] = compute(figure, known)
    return out
