"""Figures as a report writes them: 228.63万元, 96.50%, 18856.1吨, 9.98分, with their unit, the
decimals they are stated with and where they stand in the text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from assistant.figures import round_to
from assistant.numbers import MONEY_UNITS, convert_money, number_problem

_MONEY = "亿元|万元|千元|元"
NUMBER = r"(?<![\d.,〔\[［(（-])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
_QUANTITY = re.compile(NUMBER + rf"\s*(?P<unit>{_MONEY}|[%％]|个百分点|分|[\u4e00-\u9fff])?")
_NOT_A_FIGURE = ("年", "月", "日", "号", "期", "届", "季", "时", "岁", "条", "项", "级", "批", "版")


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    decimals: int  # as stated: 96.50 has 2
    unit: str  # 万元, %, 分, 吨, … or ""
    start: int
    end: int
    text: str

    @property
    def money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    def in_unit(self, unit: str) -> Decimal:
        return convert_money(self.value, self.unit, unit) if self.money and unit in MONEY_UNITS else self.value

    def comparable(self, other: Quantity) -> bool:
        return (self.money and other.money) or (self.unit == other.unit and not self.percent)

    @property
    def half_step(self) -> Decimal:
        """Half a unit of the last digit stated: what rounding may have taken away."""
        return Decimal(5).scaleb(-self.decimals - 1)


def quantities(text: str) -> list[Quantity]:
    """Every figure of a text; years, dates and document numbers are not figures."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        unit = (m["unit"] or "").replace("％", "%")
        if unit in _NOT_A_FIGURE or text[m.end() : m.end() + 1] in ("〕", "]", "］", "号"):
            continue
        if unit == "个百分点":
            unit = "pp"
        digits = m["int"].replace(",", "") + ("." + m["frac"] if m["frac"] else "")
        if number_problem(Decimal(digits)) is not None:  # a 30-digit run is no figure (and would not round)
            continue
        out.append(Quantity(Decimal(digits), len(m["frac"] or ""), unit, m.start(), m.end(), m.group(0)))
    return out


def stated(text: str) -> Quantity | None:
    """The one figure a cell holds (“99.83%”, “228.63”, “9.98”), or None."""
    found = quantities(text.strip())
    return found[0] if len(found) == 1 and found[0].start == 0 and found[0].end == len(text.strip()) else None


def agrees(
    said: Quantity, func: Callable[..., Decimal | None], *parts: Quantity | Decimal
) -> tuple[bool, Decimal | None]:
    """Whether a figure stated with `said.decimals` decimals is func(parts) rounded half-up to
    that precision; each stated part may be off by half its last digit (a report computes from
    figures it rounds for print). Returns (agrees, the exact value from the parts as stated)."""
    exact = func(*(p.value if isinstance(p, Quantity) else p for p in parts))
    if exact is None:
        return True, None
    if round_to(exact, said.decimals) == said.value:
        return True, exact
    ranges = [((p.value - p.half_step, p.value + p.half_step) if isinstance(p, Quantity) else (p, p)) for p in parts]
    values = [v for combo in product(*ranges) if (v := func(*combo)) is not None]
    low, high = round_to(min(values), said.decimals), round_to(max(values), said.decimals)
    return low <= said.value <= high, exact
