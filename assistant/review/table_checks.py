"""A report's tables recomputed by their headings: 执行率 = 全年执行数 ÷ 全年预算数 and its score,
each indicator's score from its 年度指标值, 实际完成值 and 分值, subtotals and the total of the
分值 and 得分 columns, the grade from the total, one precision a column."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from assistant.errors import AnswerError
from assistant.figures import HUNDRED, round2, round_to
from assistant.formatting import plain_number, score_text, two_decimals
from assistant.models import Deduction
from assistant.review.document import Table
from assistant.review.findings import Slip, cell_where
from assistant.review.prose import GRADES
from assistant.review.quantities import Quantity, agrees, stated
from assistant.scoring import grade, score_indicator

POINTS = ("分值", "标准分", "权重", "满分")
SCORES = ("得分", "自评分", "自评得分")
_HEADINGS = {
    "年初预算数", "全年预算数", "全年执行数", "执行率", "三级指标", "年度指标值", "实际完成值",
    "一级指标", "二级指标", "考核项目", "完成情况", "偏差原因分析及改进措施", *POINTS, *SCORES,
}  # fmt: skip
_TOTAL = re.compile(r"^(总分|合计|总计|小计)")
_GRADE_LABEL = re.compile(r"^(自评等级|评价等级|等级|自评结果|评价结果)$")
_HEADING_UNIT = re.compile(r"[（(](万元|元|亿元)[）)]")


Pair = tuple[Quantity, Quantity]  # (分值, 得分) of a row


@dataclass
class Named:
    """A money figure a table states under a name the text also uses (全年执行数 of 年度资金总额)."""

    name: str
    value: Quantity
    where: str


@dataclass
class TableResult:
    slips: list[Slip] = field(default_factory=list)
    named: list[Named] = field(default_factory=list)
    # the scored rows not yet totalled: a table split in two (the funds part and the indicators
    # part of a 自评表, each with its own heading row) has its 总分 in the second
    items: list[Pair] = field(default_factory=list)


def _heading(text: str) -> str:
    return _HEADING_UNIT.sub("", re.sub(r"\s+", "", text))


def _columns(row: list[str]) -> dict[str, int] | None:
    names = [_heading(c) for c in row]
    known = {n: i for i, n in enumerate(names) if n in _HEADINGS}
    return known if len(known) >= 3 else None


def _first(columns: dict[str, int], names: tuple[str, ...]) -> int | None:
    return next((columns[n] for n in names if n in columns), None)


def _cell(row: list[str], i: int | None) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


def _label(row: list[str], columns: dict[str, int]) -> str:
    if "三级指标" in columns and _cell(row, columns["三级指标"]):
        return _cell(row, columns["三级指标"])
    if "考核项目" in columns and _cell(row, columns["考核项目"]):
        return _cell(row, columns["考核项目"])
    return next((c.strip() for c in row if c.strip() and not stated(c)), "")


def check_table(table: Table, carried: list[Pair] | None = None) -> TableResult:
    """`carried`: the scored rows of the table just before, when nothing but blank lines parts them."""
    out = TableResult()
    columns: dict[str, int] | None = None
    unit = "万元"
    items: list[Pair] = list(carried or [])  # (points, score) since the last subtotal
    subtotals: list[Pair] = []
    total_score: Decimal | None = None
    percents: dict[tuple[int, int], list[tuple[int, Quantity]]] = {}
    for r, row in enumerate(table.rows, 1):
        header = _columns(row)
        if header is not None:
            columns = header
            unit = next((m.group(1) for c in row if (m := _HEADING_UNIT.search(c))), unit)
            continue
        first = next((c.strip() for c in row if c.strip()), "")
        if _GRADE_LABEL.match(re.sub(r"\s+", "", first)) and total_score is not None:
            out.slips += _grade_row(table.number, r, row, first, total_score)
            continue
        if columns is None:
            continue
        label = _label(row, columns)
        for i in columns.values():
            q = stated(_cell(row, i).lstrip("≥≤=＝"))
            if q is not None and q.percent and _cell(row, i) == q.text:
                percents.setdefault((id(columns), i), []).append((r, q))
        points = stated(_cell(row, _first(columns, POINTS)))
        score = stated(_cell(row, _first(columns, SCORES)))
        if _TOTAL.match(first):
            pair = (points, score)
            total_score = _total(
                out,
                table.number,
                r,
                columns,
                first,
                pair,
                subtotals if first.startswith(("合计", "总分", "总计")) and subtotals else items,
            )
            if first.startswith("小计") and points is not None and score is not None:
                subtotals.append((points, score))
            items = []
            continue
        if "全年执行数" in columns:
            _funds_row(out, table.number, r, row, columns, label, unit, points, score)
        elif "年度指标值" in columns and "实际完成值" in columns:
            out.slips += _indicator_row(table.number, r, row, columns, label, points, score)
        if points is not None and score is not None:
            items.append((points, score))
            if score.value > points.value:
                out.slips.append(
                    Slip(
                        "score",
                        cell_where(table.number, r, _name(columns, SCORES), label),
                        score.text,
                        f"不超过{points.text}（分值）",
                    )
                )
    out.slips += _mixed_precision(table.number, percents, columns)
    out.items = items
    return out


def _name(columns: dict[str, int], names: tuple[str, ...]) -> str:
    return next(n for n in names if n in columns)


def _funds_row(out: TableResult, number: int, r: int, row: list[str], columns: dict[str, int], label: str,
               unit: str, points: Quantity | None, score: Quantity | None) -> None:  # fmt: skip
    budget = stated(_cell(row, columns.get("全年预算数")))
    spent = stated(_cell(row, columns.get("全年执行数")))
    start = stated(_cell(row, columns.get("年初预算数")))
    if label == "年度资金总额":
        for name, q in (("年初预算数", start), ("全年预算数", budget), ("全年执行数", spent)):
            if q is not None:
                out.named.append(Named(name, _in(q, unit), cell_where(number, r, name, label)))
    elif label in ("基本支出", "项目支出") and spent is not None:
        out.named.append(Named(label, _in(spent, unit), cell_where(number, r, "全年执行数", label)))
    rate = stated(_cell(row, columns.get("执行率")))
    if budget is None or spent is None or not budget.value:
        return
    if rate is not None and rate.percent:
        ok, exact = agrees(rate, lambda a, b: a * HUNDRED / b, spent, budget)
        if not ok and exact is not None:
            out.slips.append(
                Slip(
                    "rate",
                    cell_where(number, r, "执行率", label),
                    rate.text,
                    f"{round2(exact)}%（{spent.text}÷{budget.text}）",
                )
            )
    if points is not None and score is not None:
        from_amounts = round2(min(points.value, points.value * spent.value / budget.value))
        from_rate = round2(min(points.value, points.value * rate.value / HUNDRED)) if rate is not None else None
        if score.value not in (from_amounts, from_rate):
            right = f"{score_text(from_amounts)}（{points.text}×{spent.text}÷{budget.text}）"
            out.slips.append(Slip("score", cell_where(number, r, _name(columns, SCORES), label), score.text, right))


def _in(q: Quantity, unit: str) -> Quantity:
    """A table's bare number in the unit its heading names (年度预算（万元）)."""
    return Quantity(q.value, q.decimals, q.unit or unit, q.start, q.end, q.text)


@cache
def _deductions() -> tuple[Deduction, ...]:
    """The framework's deduction rules as the department-wide kind declares them (rules.md §2),
    read from its script alone: loading the whole kind compiles its templates, for two rules."""
    import yaml

    from assistant.resources import data_dir

    try:
        script = yaml.safe_load((data_dir("prompts") / "dept-overall.yaml").read_text(encoding="utf-8"))
        return tuple(Deduction(**rule) for rule in script["scoring"]["deductions"])
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError):  # the kinds command reports a broken script
        return ()


def _indicator_row(number: int, r: int, row: list[str], columns: dict[str, int], label: str,
                   points: Quantity | None, score: Quantity | None) -> list[Slip]:  # fmt: skip
    from assistant.indicators import parse_row

    if points is None or score is None:
        return []
    target, actual = _cell(row, columns["年度指标值"]), _cell(row, columns["实际完成值"])
    where = cell_where(number, r, _name(columns, SCORES), label)
    qualitative = stated(target.lstrip("≥≤=＝<>")) is None and not re.search(r"\d", target)
    if qualitative:
        actual = f"{actual}（{score.text}分）"
    cells = ["一级", "二级", label or "指标", target, actual, points.text]
    try:
        ind = parse_row(cells, r, None)
    except AnswerError as err:
        if qualitative and "得分应" in err.message:
            return [
                Slip(
                    "score", where, score.text, err.message.split("的得分应", 1)[1].split("，而不是")[0].split("（")[0]
                )
            ]
        return []  # a row that cannot be read is not a finding
    if ind.direction == "定性":
        return []
    if any(score.value == round2(score_indicator(ind, formula, list(rules)).raw)
           for rules in ((), _deductions()) for formula in ("deduct", "ratio")):  # fmt: skip
        return []  # any() stops early: the framework's rules are loaded only for a score the formulas do not give
    right = score_indicator(ind, "deduct", list(_deductions())).score  # the default kind's rules
    shown = two_decimals(right) if score.decimals == 2 else score_text(right)  # as the column writes scores
    return [
        Slip(
            "score",
            where,
            score.text,
            f"{shown}（年度指标值{target}，实际完成值{_cell(row, columns['实际完成值'])}，分值{points.text}）",
        )
    ]


def _total(out: TableResult, number: int, r: int, columns: dict[str, int], first: str,
           pair: tuple[Quantity | None, Quantity | None], parts: list[Pair]) -> Decimal | None:  # fmt: skip
    """A 小计, 合计 or 总分 row against the rows (or subtotals) it sums; its 得分 (the total)."""
    points, score = pair
    if not parts:
        return score.value if score is not None else None
    named = [(_name(columns, names) if _first(columns, names) is not None else "") for names in (POINTS, SCORES)]
    for said, i, name in ((points, 0, named[0]), (score, 1, named[1])):
        if said is None or not name:
            continue
        values = [p[i] for p in parts]
        total = sum((v.value for v in values), Decimal(0))
        slack = Decimal("0.005") * sum(1 for v in values if v.decimals >= 2)
        if abs(total - said.value) > slack:
            out.slips.append(
                Slip(
                    "total",
                    cell_where(number, r, name, first),
                    said.text,
                    f"{score_text(total)}（{len(values)}行之和）",
                )
            )
    return score.value if score is not None else None


def _grade_row(number: int, r: int, row: list[str], first: str, total: Decimal) -> list[Slip]:
    said = next((c.strip() for c in row if c.strip() and c.strip() != first), "")
    said = said.strip('“”"')
    if said not in GRADES or total > HUNDRED:
        return []
    right = grade(total, GRADES)
    if said == right:
        return []
    return [Slip("grade", cell_where(number, r, first), said, f"{right}（总分{plain_number(total)}分）")]


def _mixed_precision(
    number: int, percents: dict[tuple[int, int], list[tuple[int, Quantity]]], columns: dict[str, int] | None
) -> list[Slip]:
    """Percentages of one column with different numbers of decimals: the fewer are the slip
    (35.9% beside 12.35% and 8.00%)."""
    slips = []
    for (_, i), found in percents.items():
        counts = Counter(q.decimals for _, q in found)
        if len(counts) < 2:
            continue
        usual = max(counts, key=lambda d: (counts[d], d))
        for r, q in found:
            if q.decimals < usual:
                slips.append(
                    Slip(
                        "precision",
                        f"表{number}第{r}行第{i + 1}列",
                        q.text,
                        f"{round_to(q.value, usual)}%（本列其他百分比保留{usual}位小数）",
                    )
                )
    return slips
