"""The report's tables as Table blocks: funds (项目资金), indicators (绩效指标), assessment items.

Their headings, captions and fixed words are those of templates/_common/words.yaml (`tables`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from assistant.figures import percent
from assistant.formatting import (
    clause,
    date_cn,
    money,
    pct,
    plain_number,
    quantity,
    score_style,
    versus_last,
)
from assistant.models import Attachment, Cell, FundsRow, Scorecard, ScoringSpec, SelfEvalSpec, Table
from assistant.wording import pending, table_words


def _words(table: str | None = None) -> Any:
    """The words of one table (words.yaml's tables.funds …), or those all tables share."""
    return table_words()[table] if table else table_words()


def _none() -> str:
    return str(_words()["empty"])  # —


def _pending_data() -> str:
    """A form's particular while there is no answer to take it from (a placeholder: highlighted)."""
    return pending(_words()["pending"])


def grade_cell(card: Scorecard) -> str:
    """The grade (优), or why there is none yet as a placeholder (it says 暂不评定等级 itself)."""
    return card.grade if card.graded else pending(card.grade_note)


def card_score_text(card: Scorecard) -> Any:
    """How the scores of one card are written in its tables: the report's one precision."""
    return score_style(card)


def total_cell(card: Scorecard) -> str:
    """The total, once the budget execution's score is in it."""
    final = card.execution_score is not None or not card.execution_points
    return card_score_text(card)(card.total) if final else pending()


def _m(value: Decimal | None, missing: str | None = None) -> str:
    return money(value, "") if value is not None else _none() if missing is None else missing


def funds_rows(card: Scorecard, funds: list[FundsRow], label_colspan: int = 1) -> list[list[Cell]]:
    """年度资金总额 and its sources (其中：…): budgets, execution rate and score on the total."""
    said, none = _words("funds"), _none()
    figures = said["columns"][:3]  # 年初预算数, 全年预算数, 全年执行数
    rows = []
    for i, row in enumerate(funds):
        first = i == 0
        rows.append([
            Cell(text=_funds_label(funds, i), colspan=label_colspan, align="left"),
            # the total row's figures are answers: a missing one is pending, not "—"
            *(Cell(text=_m(x, pending(name) if first else none))
              for x, name in zip((row.initial, row.budget, row.spent), figures, strict=True)),
            Cell(text=plain_number(card.execution_points) if first else none),
            Cell(text=(pct(card.execution_rate) if card.execution_rate is not None else pending(said["pending_rate"]))
                 if first else none),
            Cell(text=(card_score_text(card)(card.execution_score) if card.execution_score is not None
                       else pending(said["pending_rate"])) if first else none),
        ])  # fmt: skip
    return rows


def _funds_label(funds: list[FundsRow], i: int) -> str:
    """年度资金总额, 其中：当年财政拨款 …; a group's first row says its group (按收入性质分：…)."""
    row, said = funds[i], _words("funds")
    if i and row.group:
        return said["group_first"].format(row.group, row.label) if funds[i - 1].group != row.group else row.label
    return said["first_source"].format(row.label) if i == 1 else row.label


def funds_table(card: Scorecard) -> Table:
    said = _words("funds")
    header = [Cell(text=t, bold=True) for t in (said["label"], *said["columns"])]
    rows: list[list[Cell]] = [header]
    rows += funds_rows(card, card.funds)
    # the department's funds as a whole (the project kind's are in its 自评表, self_eval_table)
    return Table(name="funds", caption=said["caption"], columns=7, rows=rows)


def _indicator_headings(extended: bool) -> list[str]:
    """The indicator part's headings; the extended form (as Sichuan's) has the target's direction
    and its unit in columns of their own."""
    return _words("indicators")["extended" if extended else "columns"]


def indicator_rows(card: Scorecard, *, extended: bool = False) -> list[list[Cell]]:
    """A row per indicator, a group's 一级 / 二级 cells merged down the rows that share them."""
    rows: list[list[Cell]] = []
    scored = card.indicators
    for i, si in enumerate(scored):
        ind = si.indicator
        row: list[Cell] = []
        if i == 0 or scored[i - 1].indicator.level1 != ind.level1:
            span = _run(scored, i, lambda s: s.indicator.level1)
            row.append(Cell(text=ind.level1, rowspan=span))
        if (i == 0 or scored[i - 1].indicator.level1 != ind.level1
                or scored[i - 1].indicator.level2 != ind.level2):  # fmt: skip
            span = _run(scored, i, lambda s: (s.indicator.level1, s.indicator.level2))
            row.append(Cell(text=ind.level2, rowspan=span))
        row.append(Cell(text=ind.level3, align="left"))
        if extended:
            unit = ind.unit if ind.direction != "定性" and ind.unit else ""
            row += [Cell(text=ind.direction), Cell(text=_bare_value(ind.target_text, ind.direction, unit)),
                    Cell(text=unit or _none()), Cell(text=_bare_value(ind.actual_text, "", unit))]  # fmt: skip
        else:
            row += [Cell(text=ind.target_text), Cell(text=ind.actual_text)]
        row += [
            Cell(text=plain_number(ind.points)),
            Cell(text=card_score_text(card)(si.score)),
            Cell(
                text=ind.reason or (_none() if si.full else pending(_words("indicators")["pending_reason"])),
                align="left",
            ),
        ]
        rows.append(row)
    return rows


def _bare_value(text: str, direction: str, unit: str) -> str:
    """≥90% → 90 when the sign and the unit have columns of their own (a qualitative value, or a
    text not made of them, stays whole)."""
    if direction in ("≥", "≤", "=") and text.startswith(direction):
        text = text[len(direction) :]
    return text[: -len(unit)] if unit and text.endswith(unit) and len(text) > len(unit) else text


def indicator_table(card: Scorecard) -> Table:
    rows: list[list[Cell]] = [[Cell(text=t, bold=True) for t in _indicator_headings(False)]]
    rows += indicator_rows(card)
    rows += _total_rows(card, 8)
    return Table(name="indicators", caption=_words("indicators")["caption"], columns=8, rows=rows)


def _total_rows(card: Scorecard, columns: int) -> list[list[Cell]]:
    """总分 (the points and the score in their columns), then 自评等级 in a cell of its own."""
    label, said = columns - 3, _words("indicators")  # 总分 spans the columns before 分值
    return [
        [Cell(text=said["total"], colspan=label, bold=True), Cell(text=plain_number(card.max_total), bold=True),
         Cell(text=total_cell(card), bold=True), Cell()],
        [Cell(text=said["grade"], colspan=label, bold=True), Cell(text=grade_cell(card), colspan=3, bold=True)],
    ]  # fmt: skip


def _run(scored: list[Any], start: int, key: Any) -> int:
    n = 1
    while start + n < len(scored) and key(scored[start + n]) == key(scored[start]):
        n += 1
    return n


def items_table(card: Scorecard) -> Table:
    """目标管理考核 (the CLI's summary): one row per assessment item; a bonus item's points go in
    the 附加分 column, the points lost in 扣分, and the total row adds standard and bonus points."""
    said, none = _words("items"), _none()
    header = [Cell(text=t, bold=True) for t in said["columns"]]
    rows: list[list[Cell]] = [header]
    scored = card_score_text(card)
    for n, item in enumerate(card.items, 1):
        points = plain_number(item["points"])
        rows.append([
            Cell(text=str(n)), Cell(text=str(item["name"]), align="left"),
            Cell(text=none if item.get("bonus") else points),
            Cell(text=points if item.get("bonus") else none),
            Cell(text=scored(item["score"]) if item.get("score") is not None
                 else pending(said["pending_score"])),
            Cell(text=plain_number(item["lost"]) if item.get("lost") else none),
        ])  # fmt: skip
    lost = sum((i.get("lost") or Decimal(0) for i in card.items), Decimal(0))
    rows.append([
        Cell(text=said["total"], colspan=2, bold=True),
        Cell(text=plain_number(card.standard_points), bold=True),
        Cell(text=plain_number(card.bonus_points) if card.bonus_points else none, bold=True),
        Cell(text=card_score_text(card)(card.total), bold=True),
        Cell(text=plain_number(lost) if lost else none, bold=True),
    ])  # fmt: skip
    return Table(name="items", caption=said["caption"], columns=6, rows=rows)


def items_form(card: Scorecard, ev: Any = None) -> Attachment:
    """The itemised self-assessment table attached to a target-management or comprehensive report
    (附件1): 序号 | 考核项目 | 标准分 | 完成情况 | 自评分 | 扣分原因 | 佐证材料, the standard items,
    then (under their own headings, when there are any) the bonus items, each part with its
    subtotal, and the total as standard plus bonus points. Evidence is named by its 附件 number."""
    spec = ev.kind.scoring if ev is not None else ScoringSpec()
    said, none = _words("items_form"), _none()
    name_label = _items_column_label(ev, "name", said["name"])
    rows: list[list[Cell]] = [[_head(t.format(name=name_label, points=spec.items_points)) for t in said["columns"]]]
    standard = [i for i in card.items if not i.get("bonus")]
    bonus = [i for i in card.items if i.get("bonus")]
    n = 0
    for title, part, points, score in ((spec.items_standard, standard, card.standard_points, card.standard_score),
                                       (spec.items_bonus, bonus, card.bonus_points, card.bonus_score)):  # fmt: skip
        if not part:
            continue
        if bonus:
            rows.append([Cell(text=title, colspan=7, align="left", bold=True)])
        for item in part:
            n += 1
            rows.append(_item_row(n, item, ev, card_score_text(card)))
        if bonus:
            lost = sum((i["lost"] for i in part), Decimal(0))
            rows.append([
                Cell(text=said["subtotal"], colspan=2, bold=True), Cell(text=plain_number(points), bold=True),
                Cell(text=none), Cell(text=card_score_text(card)(score), bold=True),
                Cell(text=said["lost_total"].format(card_score_text(card)(lost)) if lost else none), Cell(text=none),
            ])  # fmt: skip
    # the total: standard plus bonus points (each part's subtotal is the row above it)
    lost = sum((i["lost"] for i in standard), Decimal(0))
    rows.append([
        Cell(text=said["total_with_bonus"] if card.bonus_points else said["total"], colspan=2, bold=True),
        Cell(text=plain_number(card.max_total), bold=True),
        Cell(text=none), Cell(text=card_score_text(card)(card.total), bold=True),
        Cell(text=said["lost_total"].format(card_score_text(card)(lost)) if lost else none), Cell(text=none),
    ])  # fmt: skip
    year = ev.values.get("year") if ev is not None else None
    title = spec.items_title + _of_year(year)
    return Attachment(name=title, blocks=[Table(name="items", columns=7, header_rows=1, rows=rows)])


def _items_column_label(ev: Any, column: str, fallback: str) -> str:
    """The label the kind's items question gives a column (考核项目, 考评指标)."""
    if ev is None or not ev.kind.scoring.items:
        return fallback
    q = ev.kind.question(ev.kind.scoring.items)
    return next((c.label for c in q.columns if c.id == column), fallback)


def _item_row(n: int, item: dict[str, Any], ev: Any, score_cell: Any) -> list[Cell]:
    score, said, none = item.get("score"), _words("items_form"), _none()
    if item.get("bonus"):
        reason = str(item.get("reason") or none)
    elif item.get("lost"):
        why = clause(item["reason"]) if item.get("reason") else pending(said["pending_reason"])
        reason = said["lost"].format(score_cell(item["lost"]), why)
    else:
        reason = none
    numbers = item.get("evidence_numbers") or []
    evidence = "、".join(said["this_table"] if x == 1 else said["attachment"].format(x) for x in numbers) or none
    return [
        Cell(text=str(n)), Cell(text=str(item["name"]), align="left"), Cell(text=plain_number(item["points"])),
        Cell(text=item_done(item, ev) or pending(said["pending_done"]), align="left"),
        Cell(text=score_cell(score) if score is not None else pending(said["pending_score"])),
        Cell(text=reason, align="left" if reason != none else "center"),
        Cell(text=evidence),
    ]  # fmt: skip


def item_done(item: dict[str, Any], ev: Any = None) -> str:
    """What an item achieved, as one cell says it: what was done, then this year's figure and its
    change on last year (粮食总产20247.2吨，上年18856.1吨，比上年增长7.38%)."""
    parts = [clause(item["achieved"])] if item.get("achieved") else []
    this, last = item.get("this"), item.get("last")
    if this is not None:
        unit = str(item.get("unit") or "")
        figure = f"{item.get('metric') or item['name']}{quantity(this, unit)}"
        if last is not None and item.get("growth") is not None:
            figure = _words("items_form")["last_year"].format(figure, quantity(last, unit), versus_last(item["growth"]))
        parts.append(figure)
    return "；".join(parts)


def _answer(ev: Any, qid: str | None) -> Any:
    """The answer, or the placeholder naming the question's label (主管部门) while there is none."""
    value = ev.values.get(qid) if qid else None
    if value is not None:
        return value
    return pending(ev.kind.question(qid).label) if qid else _pending_data()


def _lines(value: Any) -> str:
    """A list answer as numbered lines in one cell; other answers as they are."""
    if isinstance(value, list):
        if len(value) == 1:
            return str(value[0]).rstrip("。；;") + "。"
        return "\n".join(f"{i}.{str(v).rstrip('。；;')}。" for i, v in enumerate(value, 1))
    return str(value)


def _head(text: str, **kw: Any) -> Cell:
    return Cell(text=text, bold=True, **kw)


def _pair(label1: str, value1: Any, label2: str, value2: Any, columns: int) -> list[Cell]:
    """One header row of two particulars: 主管部门 | … | 实施单位 | … across `columns`."""
    rest = columns - 4
    return [_head(label1, colspan=2), Cell(text=str(value1), colspan=rest - rest // 2, align="left"),
            _head(label2, colspan=2), Cell(text=str(value2), colspan=rest // 2, align="left")]  # fmt: skip


def _spans(room: int, n: int) -> list[int]:
    """`room` grid columns for `n` cells, the extra ones to the first cells."""
    return [room // n + (1 if i < room % n else 0) for i in range(n)]


def _goal_rows(expected: Any, actual: Any, columns: int) -> list[list[Cell]]:
    half, rest = (columns - 1) // 2, columns - 1 - (columns - 1) // 2
    said = _words("goals")
    return [
        [_head(said["title"], rowspan=2), _head(said["expected"], colspan=half),
         _head(said["actual"], colspan=rest)],
        [Cell(text=_lines(expected), colspan=half, align="left"),
         Cell(text=_lines(actual), colspan=rest, align="left")],
    ]  # fmt: skip


def _indicator_part(card: Scorecard, extended: bool) -> list[list[Cell]]:
    """绩效指标: the headings, a row per indicator, 总分 and 自评等级. The row-group label heads its
    column in the headings' row (not merged down the indicators' rows), so that the row can be
    repeated on each page as a whole."""
    headings = _indicator_headings(extended)
    rows: list[list[Cell]] = [[_head(_words()["indicator_part"]), *(_head(t) for t in headings)]]
    body = indicator_rows(card, extended=extended)
    if body:
        body[0].insert(0, Cell(rowspan=len(body)))
    return rows + body + _total_rows(card, len(headings) + 1)


def _form(ev: Any) -> tuple[SelfEvalSpec, bool, int]:
    """The 自评表's particulars, whether its indicator columns are the extended ones, and its
    grid columns: a row-group label, then the indicator part's columns."""
    spec = (ev.kind.scoring.self_eval if ev is not None else None) or SelfEvalSpec()
    extended = ev is not None and ev.kind.scoring.chosen(ev.values).columns == "extended"
    return spec, extended, 1 + len(_indicator_headings(extended))


def self_eval_form(card: Scorecard, ev: Any = None) -> Attachment:
    """附件1 项目支出绩效自评表 (财预〔2020〕10号): header, 项目资金, 年度总体目标, 绩效指标, 总分,
    自评等级. Nine grid columns (eleven in the extended form)."""
    spec, extended, columns = _form(ev)
    said = _words("self_eval")

    def get(attr: str) -> Any:
        return _answer(ev, getattr(spec, attr)) if ev is not None else _pending_data()

    rows: list[list[Cell]] = [
        [_head(said["project"], colspan=2), Cell(text=str(get("project")), colspan=columns - 2, align="left")],
        _pair(said["department"], get("department"), said["implementer"], get("implementer"), columns),
    ]
    funds = card.funds
    value_spans = _spans(columns - 3, 6)
    rows.append([
        _head(said["funds"], rowspan=len(funds) + 1), Cell(colspan=2),
        *(_head(t, colspan=n) for t, n in zip(_words("funds")["columns"], value_spans, strict=True)),
    ])  # fmt: skip
    rows += [_spread(row, value_spans) for row in funds_rows(card, funds, label_colspan=2)]
    rows += _goal_rows(get("expected"), get("actual"), columns)
    return _attachment("self_eval", said["title"], get("year"), rows, _indicator_part(card, extended), columns)


def _attachment(name: str, title: str, year: Any, top: list[list[Cell]], indicators: list[list[Cell]],
                columns: int) -> Attachment:  # fmt: skip
    """The form as an attachment titled 项目支出绩效自评表（2025年度）: one table in two parts, its
    particulars (no heading repeats: they are not column headings) and its indicators (whose
    headings repeat on each page the part runs over)."""
    return Attachment(name=title + _of_year(year), blocks=[
        Table(name=name, columns=columns, header_rows=0, rows=top),
        Table(name=f"{name}_indicators", columns=columns, header_rows=1, rows=indicators, continues=True),
    ])  # fmt: skip


def _of_year(year: Any) -> str:
    """（2025年度） after a form's title, when the year is answered."""
    return _words()["year"].format(year) if isinstance(year, int) else ""


def _spread(row: list[Cell], spans: list[int]) -> list[Cell]:
    """A funds row (its label, then the six figures) with the figures across `spans` columns."""
    label, *figures = row
    return [label, *(c.model_copy(update={"colspan": n}) for c, n in zip(figures, spans, strict=True))]


def dept_self_eval_form(card: Scorecard, ev: Any = None) -> Attachment:
    """部门整体支出绩效自评表 (rules.md §7): header, 年度预算 (年度资金总额, then the rows by
    source and by kind of spending with their 执行率 and "—" for 分值 and 得分), 年度总体目标,
    绩效指标, 总分, 自评等级. Nine grid columns (eleven in the extended form)."""
    spec, extended, columns = _form(ev)
    said, none = _words("dept_self_eval"), _none()

    def get(attr: str) -> Any:
        return _answer(ev, getattr(spec, attr)) if ev is not None else _pending_data()

    date = get("date")
    rows: list[list[Cell]] = [
        [_head(said["unit"], colspan=2), Cell(text=str(get("unit")), colspan=columns - 2, align="left")],
        _pair(said["department"], get("department"), said["date"],
              date_cn(date) if isinstance(date, dt.date) else date, columns),
    ]  # fmt: skip
    total, *detail = card.funds
    value_spans = _spans(columns - 3, 6)
    rows.append([
        _head(said["funds"], rowspan=len(card.funds) + 1), Cell(colspan=2),
        *(_head(t, colspan=n) for t, n in zip(_words("funds")["columns"], value_spans, strict=True)),
    ])  # fmt: skip
    rows.append(_spread(funds_rows(card, [total], label_colspan=2)[0], value_spans))
    # while the 年度预算明细 is unanswered its first cell names it, the others are bare placeholders
    source = ev.kind.scoring.detail if ev is not None else None
    named = _answer(ev, source.question) if source else _pending_data()
    for i, row in enumerate(detail):
        first = i == 0 or detail[i - 1].group != row.group
        group = [Cell(text=row.group, rowspan=_run(detail, i, lambda r: r.group))] if first else []
        blanks = [named if i == 0 else pending(), pending(), pending()]
        amounts = [_m(x, blank) for x, blank in zip((row.initial, row.budget, row.spent), blanks, strict=True)]
        figures = [*amounts, none, _rate(row), none]
        rows.append([*group, Cell(text=row.label, align="left"),
                     *(Cell(text=t, colspan=n) for t, n in zip(figures, value_spans, strict=True))])  # fmt: skip
    rows += _goal_rows(get("expected"), get("actual"), columns)
    return _attachment("dept_self_eval", said["title"], get("year"), rows, _indicator_part(card, extended),
                       columns)  # fmt: skip


def _rate(row: FundsRow) -> str:
    """A row's 执行率: 全年执行数 ÷ 全年预算数; "—" with no budget (0: the unit has none)."""
    if row.budget is None or row.spent is None:
        return pending()
    rate = percent(row.spent, row.budget)
    return _none() if rate is None else pct(rate)


BUILDERS = {"funds": funds_table, "indicators": indicator_table, "items": items_table}
APPENDICES = {"self_eval": self_eval_form, "dept_self_eval": dept_self_eval_form, "items": items_form}


def build_table(name: str, ev: Any) -> Table | None:
    """The table named in a template's [[table:name]], or None when it cannot be built yet."""
    builder = BUILDERS.get(name)
    if builder is None or ev.scorecard is None:
        return None
    return builder(ev.scorecard)  # type: ignore[operator]


def build_appendix(name: str, ev: Any) -> Attachment | None:
    """The attachment named in a template's [[appendix:name]] (the 自评表, on pages of its own),
    or None for a name no builder has, or a kind without scores (a kind's error)."""
    builder = APPENDICES.get(name)
    if builder is None or ev.scorecard is None:
        return None
    return builder(ev.scorecard, ev)
