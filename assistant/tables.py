"""The report's tables as Table blocks: funds (项目资金), indicators (绩效指标), assessment items."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.formatting import money, pct, plain_number
from assistant.models import Cell, Scorecard, Table

PENDING = "【待补充】"


def _m(value: Decimal | None) -> str:
    return money(value, "") if value is not None else "—"


def funds_table(card: Scorecard) -> Table:
    header = [Cell(text=t, bold=True) for t in
              ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]  # fmt: skip
    rows: list[list[Cell]] = [header]
    for i, row in enumerate(card.funds):
        first = i == 0
        rows.append([
            Cell(text=row.label if first else f"其中：{row.label}" if i == 1 else row.label,
                 align="left"),
            Cell(text=_m(row.initial)), Cell(text=_m(row.budget)), Cell(text=_m(row.spent)),
            Cell(text=plain_number(card.execution_points) if first else "—"),
            Cell(text=(pct(card.execution_rate) if card.execution_rate is not None else PENDING)
                 if first else "—"),
            Cell(text=(plain_number(card.execution_score) if card.execution_score is not None
                       else PENDING) if first else "—"),
        ])  # fmt: skip
    return Table(name="funds", caption="项目资金情况表", columns=7,
                 widths=[22, 13, 13, 13, 9, 12, 10], rows=rows)  # fmt: skip


def indicator_table(card: Scorecard) -> Table:
    header = [Cell(text=t, bold=True) for t in
              ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
               "偏差原因分析及改进措施")]  # fmt: skip
    rows: list[list[Cell]] = [header]
    scored = card.indicators
    for i, si in enumerate(scored):
        ind = si.indicator
        row: list[Cell] = []
        # merge a group's 一级 / 二级 cells down the rows that share them
        if i == 0 or scored[i - 1].indicator.level1 != ind.level1:
            span = _run(scored, i, lambda s: s.indicator.level1)
            row.append(Cell(text=ind.level1, rowspan=span))
        if (i == 0 or scored[i - 1].indicator.level1 != ind.level1
                or scored[i - 1].indicator.level2 != ind.level2):  # fmt: skip
            span = _run(scored, i, lambda s: (s.indicator.level1, s.indicator.level2))
            row.append(Cell(text=ind.level2, rowspan=span))
        row += [
            Cell(text=ind.level3, align="left"),
            Cell(text=ind.target_text),
            Cell(text=ind.actual_text),
            Cell(text=plain_number(ind.points)),
            Cell(text=plain_number(si.score)),
            Cell(text=ind.reason or ("—" if si.full else PENDING), align="left"),
        ]
        rows.append(row)
    rows.append([
        Cell(text="总分", colspan=5, bold=True),
        Cell(text=plain_number(card.max_total), bold=True),
        Cell(text=plain_number(card.total), bold=True),
        Cell(text=f"自评等级：{card.grade}", bold=True),
    ])  # fmt: skip
    return Table(name="indicators", caption="绩效指标完成情况及得分表", columns=8,
                 widths=[10, 11, 20, 11, 11, 7, 7, 23], rows=rows)  # fmt: skip


def _run(scored: list[Any], start: int, key: Any) -> int:
    n = 1
    while start + n < len(scored) and key(scored[start + n]) == key(scored[start]):
        n += 1
    return n


def items_table(card: Scorecard) -> Table:
    header = [Cell(text=t, bold=True) for t in ("序号", "考核项目", "类别", "标准分", "自评得分")]
    rows: list[list[Cell]] = [header]
    for n, item in enumerate(card.items, 1):
        rows.append([
            Cell(text=str(n)), Cell(text=item["name"], align="left"),
            Cell(text="附加分" if item.get("bonus") else "考核分"),
            Cell(text=plain_number(item["points"])),
            Cell(text=plain_number(item["score"]) if item.get("score") is not None else PENDING),
        ])  # fmt: skip
    rows.append([
        Cell(text="合计", colspan=3, bold=True),
        Cell(text=plain_number(card.max_total), bold=True),
        Cell(text=plain_number(card.total), bold=True),
    ])  # fmt: skip
    return Table(name="items", caption="考核项目自评得分表", columns=5,
                 widths=[8, 42, 14, 14, 14], rows=rows)  # fmt: skip


BUILDERS = {"funds": funds_table, "indicators": indicator_table, "items": items_table}
