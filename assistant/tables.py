"""The report's tables as Table blocks: funds (项目资金), indicators (绩效指标), assessment items."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.formatting import money, pct, plain_number
from assistant.models import Cell, FundsRow, Scorecard, Table

PENDING = "【待补充：相关数据】"  # matches PLACEHOLDER_RE, so the .docx highlights it


def grade_cell(card: Scorecard) -> str:
    """自评等级：优, or why there is none yet as a placeholder (it says 暂不评定等级 itself)."""
    return f"自评等级：{card.grade}" if card.graded else f"【待补充：{card.grade_note}】"


def total_cell(card: Scorecard) -> str:
    """The total, once the budget execution's score is in it."""
    final = card.execution_score is not None or not card.execution_points
    return plain_number(card.total) if final else "【待补充】"


def _m(value: Decimal | None, missing: str = "—") -> str:
    return money(value, "") if value is not None else missing


def funds_rows(card: Scorecard, funds: list[FundsRow], label_colspan: int = 1) -> list[list[Cell]]:
    """年度资金总额 and its sources (其中：…): budgets, execution rate and score on the total."""
    rows = []
    for i, row in enumerate(funds):
        first = i == 0
        rows.append([
            Cell(text=row.label if first else f"其中：{row.label}" if i == 1 else row.label,
                 colspan=label_colspan, align="left"),
            # the total row's figures are answers: a missing one is pending, not "—"
            *(Cell(text=_m(x, f"【待补充：{name}】" if first else "—"))
              for x, name in ((row.initial, "年初预算数"), (row.budget, "全年预算数"), (row.spent, "全年执行数"))),
            Cell(text=plain_number(card.execution_points) if first else "—"),
            Cell(text=(pct(card.execution_rate) if card.execution_rate is not None else "【待补充：预算数和执行数】")
                 if first else "—"),
            Cell(text=(plain_number(card.execution_score) if card.execution_score is not None
                       else "【待补充：预算数和执行数】") if first else "—"),
        ])  # fmt: skip
    return rows


def funds_table(card: Scorecard) -> Table:
    header = [Cell(text=t, bold=True) for t in
              ("资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]  # fmt: skip
    rows: list[list[Cell]] = [header]
    rows += funds_rows(card, card.funds)
    # the department's funds as a whole (the project kind's are in its 自评表, self_eval_table)
    return Table(name="funds", caption="资金情况表", columns=7, rows=rows)


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
            Cell(text=ind.reason or ("—" if si.full else "【待补充：偏差原因】"), align="left"),
        ]
        rows.append(row)
    rows.append([
        Cell(text="总分", colspan=5, bold=True),
        Cell(text=plain_number(card.max_total), bold=True),
        Cell(text=total_cell(card), bold=True),
        Cell(text=grade_cell(card), bold=True),
    ])  # fmt: skip
    return Table(name="indicators", caption="绩效指标完成情况及得分表", columns=8, rows=rows)


def _run(scored: list[Any], start: int, key: Any) -> int:
    n = 1
    while start + n < len(scored) and key(scored[start + n]) == key(scored[start]):
        n += 1
    return n


def items_table(card: Scorecard) -> Table:
    """目标管理考核: one row per assessment item; a bonus item's points go in the 附加分 column,
    and the total row adds standard and bonus points."""
    header = [Cell(text=t, bold=True) for t in ("序号", "考核项目", "考核标准分", "附加分", "自评得分")]
    rows: list[list[Cell]] = [header]
    for n, item in enumerate(card.items, 1):
        points = plain_number(item["points"])
        rows.append([
            Cell(text=str(n)), Cell(text=str(item["name"]), align="left"),
            Cell(text="—" if item.get("bonus") else points),
            Cell(text=points if item.get("bonus") else "—"),
            Cell(text=plain_number(item["score"]) if item.get("score") is not None else "【待补充：自评得分】"),
        ])  # fmt: skip
    rows.append([
        Cell(text="合计", colspan=2, bold=True),
        Cell(text=plain_number(card.standard_points), bold=True),
        Cell(text=plain_number(card.bonus_points) if card.bonus_points else "—", bold=True),
        Cell(text=plain_number(card.total), bold=True),
    ])  # fmt: skip
    return Table(name="items", caption="考核项目自评得分表", columns=5, rows=rows)


def _answer(ev: Any, qid: str | None) -> Any:
    value = ev.values.get(qid) if qid else None
    return PENDING if value is None else value


def _lines(value: Any) -> str:
    """A list answer as numbered lines in one cell; other answers as they are."""
    if isinstance(value, list):
        if len(value) == 1:
            return str(value[0]).rstrip("。；;") + "。"
        return "\n".join(f"{i}.{str(v).rstrip('。；;')}。" for i, v in enumerate(value, 1))
    return str(value)


def self_eval_table(card: Scorecard, ev: Any = None) -> Table:
    """附件1 项目支出绩效自评表 (财预〔2020〕10号): header, 项目资金, 年度总体目标, 绩效指标, 总分.

    Nine grid columns: a row-group label, then the eight columns of the indicator part."""
    spec = ev.kind.scoring.self_eval if ev is not None else None
    get = (lambda attr: _answer(ev, getattr(spec, attr))) if spec else (lambda attr: PENDING)

    def head(text: str, **kw: Any) -> Cell:
        return Cell(text=text, bold=True, **kw)

    rows: list[list[Cell]] = [
        [head("项目名称", colspan=2), Cell(text=str(get("project")), colspan=7, align="left")],
        [head("主管部门", colspan=2), Cell(text=str(get("department")), colspan=3, align="left"),
         head("实施单位", colspan=2), Cell(text=str(get("implementer")), colspan=2, align="left")],
    ]  # fmt: skip
    funds = card.funds
    rows.append([
        head("项目资金（万元）", rowspan=len(funds) + 1), Cell(colspan=2),
        *(head(t) for t in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")),
    ])  # fmt: skip
    rows += funds_rows(card, funds, label_colspan=2)
    rows.append([head("年度总体目标", rowspan=2), head("预期目标", colspan=4), head("实际完成情况", colspan=4)])
    rows.append([Cell(text=_lines(get("expected")), colspan=4, align="left"),
                 Cell(text=_lines(get("actual")), colspan=4, align="left")])  # fmt: skip
    scored = card.indicators
    rows.append([
        head("绩效指标", rowspan=len(scored) + 1),
        *(head(t) for t in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                            "偏差原因分析及改进措施")),
    ])  # fmt: skip
    indicators = indicator_table(card).rows[1:-1]  # the same cells, spans and all
    rows.extend(indicators)
    rows.append([
        head("总分", colspan=6),
        head(plain_number(card.max_total)),
        head(total_cell(card)),
        head(grade_cell(card)),
    ])  # fmt: skip
    year = get("year")
    caption = "项目支出绩效自评表" + (f"（{year}年度）" if year != PENDING else "")
    # no repeating header: its first rows are the project's particulars, not column headings
    return Table(name="self_eval", caption=caption, columns=9, header_rows=0, rows=rows)


BUILDERS = {"funds": funds_table, "indicators": indicator_table, "items": items_table, "self_eval": self_eval_table}
NEEDS_ANSWERS = {"self_eval"}  # builders that also read answers: called with (scorecard, evaluation)


def build_table(name: str, ev: Any) -> Table | None:
    """The table named in a template's [[table:name]], or None when it cannot be built yet."""
    builder = BUILDERS.get(name)
    if builder is None or ev.scorecard is None:
        return None
    return builder(ev.scorecard, ev) if name in NEEDS_ANSWERS else builder(ev.scorecard)  # type: ignore[operator]
