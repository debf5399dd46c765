"""The Ministry of Finance's scoring rules (rules.md §1) → a Scorecard with a grade."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from assistant.figures import HUNDRED, growth, names_figure, percent, round2
from assistant.formatting import plain_number
from assistant.models import (
    Deduction,
    FundDetail,
    FundsRow,
    Indicator,
    Scorecard,
    ScoredIndicator,
    ScoringSpec,
)
from assistant.wording import table_words, words

ZERO = Decimal(0)
GRADE_FLOORS = (Decimal(90), Decimal(80), Decimal(60))  # inclusive lower bounds of 优 良 中


def grade(total: Decimal, labels: list[str]) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below: of a total out of 100 points."""
    for floor, label in zip(GRADE_FLOORS, labels, strict=False):
        if total >= floor:
            return label
    return labels[-1]


def ungraded_reason(max_total: Decimal, indicators: int, *, execution_known: bool = True) -> str:
    """Why a total gets no grade (empty when it gets one): the bands are of 100 points, and only
    the points given count; a total without the budget execution's score is not final."""
    said = words()["grade_note"]
    if not indicators:
        return said["no_indicators"]
    if not execution_known:
        return said["no_execution"]
    if max_total != HUNDRED:
        return said["not_hundred"].format(plain_number(max_total))
    return ""


def graded(total_raw: Decimal, max_total: Decimal, indicators: int, labels: list[str], *,
           execution_known: bool = True) -> tuple[str, str]:  # fmt: skip
    """(grade, note): the grade and "", or "" and why there is none."""
    note = ungraded_reason(max_total, indicators, execution_known=execution_known)
    return ("" if note else grade(total_raw, labels)), note


def score_indicator(ind: Indicator, reverse_formula: str = "deduct",
                    deductions: list[Deduction] | None = None) -> ScoredIndicator:  # fmt: skip
    points = ind.points
    ratio: Decimal | None = None
    rule = _deduction(ind, deductions or [])
    if ind.direction == "定性":
        raw = ind.claimed if ind.claimed is not None else points  # 达成 without a claim: full
    else:
        target, actual = ind.target or ZERO, ind.actual or ZERO
        ratio = actual / target if target > 0 and actual >= 0 else None
        if rule is not None:
            met = actual <= target if ind.direction == "≤" else actual >= target
            raw = points if met else max(ZERO, points - rule.per_point * abs(actual - target))
        elif target < 0 or actual < 0:  # rates of change (≤0%, -3.2%): by the distance to the target
            raw = _by_distance(ind.direction, points, target, actual)
        elif ind.direction == "≤":
            if actual <= target:
                raw = points
            elif target == 0:
                raw = ZERO
            elif reverse_formula == "ratio":
                raw = points * target / actual
            else:
                raw = max(ZERO, points * (1 - (actual - target) / target))
        elif actual >= target or target == 0:  # ≥, and = (scored like ≥ when not met exactly)
            raw = points
        else:
            raw = points * actual / target
    return ScoredIndicator(indicator=ind, score=round2(raw), raw=raw, full=raw >= points, ratio=ratio)


def _deduction(ind: Indicator, deductions: list[Deduction]) -> Deduction | None:
    """The rule for a row whose 三级指标 names a framework figure, in percent (its unit is the
    percentage point the rule counts); the longest name first: 结转结余变动率 is not 结转结余率."""
    if ind.direction == "定性" or ind.unit != "%":
        return None
    named = [d for d in deductions if names_figure(ind.level3, d.indicator)]
    return max(named, key=lambda d: len(d.indicator), default=None)


def _by_distance(direction: str, points: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    """A target or an actual below zero (a 变动率 of -3.2% against ≤0%): met, full points; else
    the points less the shortfall's share of the target's size (all of them at a target of 0)."""
    met = actual <= target if direction == "≤" else actual >= target
    if met:
        return points
    if target == 0:
        return ZERO
    return max(ZERO, points * (1 - abs(actual - target) / abs(target)))


def execution(spec: ScoringSpec, budget: Decimal | None, spent: Decimal | None,
              points: Decimal | None = None) -> tuple[Decimal | None, Decimal | None, Decimal | None]:  # fmt: skip
    """(执行率 %, score rounded, score unrounded): 分值 × 执行率, capped at 分值 (the kind's
    weight, or `points`: the chosen variant's)."""
    if budget is None or spent is None or budget == 0:
        return None, None, None
    full = spec.weights.execution if points is None else points
    raw = min(full, full * spent / budget)
    return percent(spent, budget), round2(raw), raw


def scorecard(spec: ScoringSpec, values: Mapping[str, Any]) -> Scorecard | None:
    """The scorecard of a kind that scores indicators; None for kinds without scores."""
    if spec.mode == "items":
        return _items_scorecard(spec, values)
    if spec.mode != "indicators":
        return None
    weights = spec.chosen(values).weights
    budget = values.get(spec.budget) if spec.budget else None
    spent = values.get(spec.spent) if spec.spent else None
    rate, exec_score, exec_raw = execution(spec, budget, spent, weights.execution)
    indicators: list[Indicator] = (values.get(spec.indicators) if spec.indicators else None) or []
    deductions = spec.deductions_for(values)
    scored = [score_indicator(i, spec.reverse_formula, deductions) for i in indicators]
    total = sum((s.score for s in scored), exec_score or ZERO)
    total_raw = sum((s.raw for s in scored), exec_raw or ZERO)
    max_total = sum((s.indicator.points for s in scored), weights.execution)
    known = exec_score is not None or not weights.execution
    grade_label, grade_note = graded(total_raw, max_total, len(scored), spec.grade_labels, execution_known=known)
    return Scorecard(
        execution_points=weights.execution,
        group_points=dict(weights.groups),
        execution_rate=rate,
        execution_score=exec_score,
        execution_raw=exec_raw,
        funds=_funds(spec, values),
        indicators=scored,
        total=total,
        total_raw=total_raw,
        max_total=max_total,
        grade=grade_label,
        grade_note=grade_note,
    )


def _funds(spec: ScoringSpec, values: Mapping[str, Any]) -> list[FundsRow]:
    def get(qid: str | None) -> Decimal | None:
        return values.get(qid) if qid else None

    rows = [FundsRow(label=table_words()["funds"]["total"], initial=get(spec.initial), budget=get(spec.budget),
                     spent=get(spec.spent))]  # fmt: skip
    rows += [
        FundsRow(label=src.label, initial=get(src.initial), budget=get(src.budget), spent=get(src.spent))
        for src in spec.sources
    ]
    if spec.detail:
        rows += _detail(spec.detail, values.get(spec.detail.question))
    return rows


def _detail(detail: FundDetail, answer: list[dict[str, Any]] | None) -> list[FundsRow]:
    """Each row of each group: the figures of the answer's rows of that name (added up if it is
    written twice), 0 for a row left out; all None while the question is unanswered."""
    rows = []
    for group in detail.groups:
        for name in group.rows:
            if answer is None:
                rows.append(FundsRow(label=name, group=group.label))
                continue
            mine = [r for r in answer if r.get(detail.key) == name]
            total = {k: sum((r.get(k) or ZERO for r in mine), ZERO) for k in ("initial", "budget", "spent")}
            rows.append(FundsRow(label=name, group=group.label, **total))
    return rows


# The itemised table is 附件1 (the kind's template declares it before the evidence), so the
# evidence documents are 附件2, 附件3 … in the order the items name them.
EVIDENCE_FIRST = 2


def _items_scorecard(spec: ScoringSpec, values: Mapping[str, Any]) -> Scorecard | None:
    """Assessment items (target-mgmt, comprehensive): each item's self-assessed score, standard
    plus bonus points.

    Items are the rows of a `records` answer: `name`, `points`, `score`, and optionally `bonus`
    (a flag, or the 类别 as typed: 附加分 / 是 mark a bonus item), `achieved`, `evidence`
    (documents separated by ；), `reason` (扣分原因) and `last` / `this` (last year's and this
    year's figure), from which the item's `growth` in percent is computed. The scheme's rows
    (`spec.criteria`: name, content, criteria) are joined to the items by name.
    rules.md §3 gives this kind no grade bands: its scorecard has no grade."""
    rows: list[dict[str, Any]] = (values.get(spec.items) if spec.items else None) or []
    if not rows:
        return None
    scheme = _scheme(values.get(spec.criteria) if spec.criteria else None)
    items = [_item(row, scheme) for row in rows]
    evidence = _number_evidence(items, spec.items_title)
    standard = [i for i in items if not i["bonus"]]
    bonus = [i for i in items if i["bonus"]]
    standard_score, bonus_score = _scores(standard), _scores(bonus)
    total = standard_score + bonus_score
    return Scorecard(
        execution_points=ZERO,
        items=items,
        evidence=evidence,
        total=round2(total),
        total_raw=total,
        max_total=_points(standard) + _points(bonus),
        grade="",
        standard_points=_points(standard),
        standard_score=round2(standard_score),
        bonus_points=_points(bonus),
        bonus_score=round2(bonus_score),
    )


def _item(row: Mapping[str, Any], scheme: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A copy of an item's row (the parsed answer stays as it was), with `bonus`, `growth`,
    the scheme's `content` and `criteria`, and `lost`: the standard points not earned."""
    item = dict(row)
    item["bonus"] = _is_bonus(row.get("bonus"))
    last, this = row.get("last"), row.get("this")
    item["growth"] = growth(this, last) if isinstance(last, Decimal) and isinstance(this, Decimal) else None
    own = scheme.get(item_key(row.get("name")), {})
    item["content"], item["criteria"] = own.get("content"), own.get("criteria")
    score = row.get("score")
    short = Decimal(row["points"]) - Decimal(score) if score is not None else ZERO
    item["lost"] = short if short > 0 and not item["bonus"] else ZERO
    return item


def item_key(name: Any) -> str:
    """An item's name as the scheme and the items table are matched: without spaces, marks and
    a trailing （附加分）."""
    text = re.sub(r"[\s“”\"'《》〈〉]", "", str(name or ""))
    return re.sub(r"[（(](附加分|加分)(项目?)?[）)]$", "", text)


def _scheme(rows: Any) -> dict[str, dict[str, Any]]:
    return {item_key(r.get("name")): r for r in rows or [] if isinstance(r, Mapping)}


_SPLIT_DOCS = re.compile(r"[；;\n]")
_NOT_IN_NAME = re.compile(r"\d{4}\s*年度?|[《》〈〉（）()\s]")


def evidence_docs(text: Any) -> list[str]:
    """An item's 佐证材料 as document names, as the 附件说明 lists them: one per ；, without
    book-title marks (a name there carries none) or closing punctuation."""
    names = []
    for part in _SPLIT_DOCS.split(str(text or "")):
        name = part.replace("《", "").replace("》", "").strip().rstrip("。；;，,、.：: ")
        if name and name not in names:
            names.append(name)
    return names


def _number_evidence(items: list[dict[str, Any]], table_title: str) -> list[str]:
    """Each item's `evidence_docs` and their 附件 numbers (`evidence_numbers`); the documents in
    order, each once. A document named as the itemised table itself (with or without its year
    and brackets) is that table: 附件1."""
    table = _NOT_IN_NAME.sub("", table_title)
    docs: list[str] = []
    for item in items:
        item["evidence_docs"] = evidence_docs(item.get("evidence"))
        numbers = []
        for name in item["evidence_docs"]:
            if _NOT_IN_NAME.sub("", name) == table:
                numbers.append(EVIDENCE_FIRST - 1)
                continue
            if name not in docs:
                docs.append(name)
            numbers.append(EVIDENCE_FIRST + docs.index(name))
        item["evidence_numbers"] = sorted(set(numbers))
    return docs


def _is_bonus(flag: Any) -> bool:
    if isinstance(flag, bool) or flag is None:
        return bool(flag)
    text = str(flag).strip()
    return text == "是" or "附加" in text or "加分" in text


def _points(items: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(i["points"]) for i in items), ZERO)


def _scores(items: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(i["score"]) for i in items if i.get("score") is not None), ZERO)
