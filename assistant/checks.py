"""Consistency findings across answers: each with a level and a Chinese message naming them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from assistant.figures import HUNDRED, names_figure, percent, round2
from assistant.formatting import NONE_WORDS, clause, join_cn, money, pct, plain_number, quote, score_text, versus_last
from assistant.models import CheckSpec, Finding, ReportKind, Scorecard
from assistant.registry import Registry
from assistant.scoring import item_key

Values = Mapping[str, Any]

# The check types: a function each, of the kind, the check as declared (its args in order), the
# answers and figures, and the scorecard.
CHECKS: Registry[Callable[[ReportKind, CheckSpec, Values, Scorecard | None], list[Finding]]] = Registry()


def run_checks(
    kind: ReportKind, values: Values, figures: Mapping[str, Decimal | None], card: Scorecard | None
) -> list[Finding]:
    known = {**values, **{k: v for k, v in figures.items() if v is not None}}
    findings: list[Finding] = []
    for spec in kind.checks:
        findings.extend(CHECKS[spec.type](kind, spec, known, card))
    return findings + _unfilled(kind, values)


# what a model text leaves for the writer to fill in: 20xx年, XX单位, ××万元, 某某
UNFILLED = re.compile(r"20[xX×]{2}|[xX×]{2,}|某某|○○|〇〇")


def _unfilled(kind: ReportKind, values: Values) -> list[Finding]:
    """A prose answer still holding a model text's blanks (20xx年, ××): pasted and not finished."""
    out = []
    for q in kind.questions:
        if q.type not in ("text", "paragraph", "list") or q.id not in values:
            continue
        value = values[q.id]
        text = "\n".join(value) if isinstance(value, list) else str(value)
        if match := UNFILLED.search(text):
            out.append(Finding(
                level="warning", code="unfilled",
                message=f"“{q.label}”中有“{match.group()}”，像是范文里还没有改成实际内容的地方，请补上。",
                question_ids=[q.id],
            ))  # fmt: skip
    return out


def _label(kind: ReportKind, qid: str) -> str:
    try:
        return kind.question(qid).label
    except KeyError:
        return next((f.label for f in kind.figures if f.id == qid), qid)


def _unit(kind: ReportKind, qid: str) -> str:
    try:
        return kind.question(qid).unit
    except KeyError:
        return "万元"


def _amount(kind: ReportKind, qid: str, value: Any) -> str:
    """A value as the report writes it: money with two decimals, other numbers with their unit."""
    try:
        q = kind.question(qid)
    except KeyError:
        return plain_number(value)
    return money(value, q.unit) if q.type == "money" else f"{plain_number(value)}{q.unit}"


@CHECKS.register("sum", args=(2, None))  # parts add up to total
def _sum(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    total_id, *part_ids = spec.args
    v, labels = _column_totals(kind, spec, v)
    present = [p for p in part_ids if p in v]
    if total_id not in v or not present:
        return []
    if len(present) < len(part_ids) and sum(v[p] for p in present) <= v[total_id]:
        return []  # parts still to come may make up the rest
    parts_sum = sum((v[p] for p in present), Decimal(0))
    if round2(parts_sum) == round2(v[total_id]):
        return []
    unit = _unit(kind, total_id)
    named = "、".join(f"{labels.get(p) or _label(kind, p)}{money(v[p], unit)}" for p in present)
    if len(present) > 1:
        named += f"合计{money(parts_sum, unit)}"
    return [
        Finding(
            level="error",
            code="sum",
            message=(
                f"{named}，与{_label(kind, total_id)}"
                f"{money(v[total_id], unit)}不一致，相差{money(abs(parts_sum - v[total_id]), unit)}。"
                "请核对各项数字。"
            ),
            question_ids=[total_id, *present],
        )
    ]


def _column_totals(kind: ReportKind, spec: CheckSpec, v: Values) -> tuple[Values, dict[str, str]]:
    """A check with a `column`: each records answer among its args stands for the total of that
    column over the rows `rows` names (by the first column; a row left out adds 0), labelled by
    the rows it has: 年度预算明细中基本支出、项目支出的年初预算数."""
    if not spec.column:
        return v, {}
    out, labels = dict(v), {}
    for arg in spec.args:
        rows = v.get(arg)
        if not isinstance(rows, list):
            continue
        q = kind.question(arg)
        key = q.columns[0].id
        column = next(c for c in q.columns if c.id == spec.column)
        counted = [r for r in rows if r.get(key) in spec.rows]
        out[arg] = sum((r.get(spec.column) or Decimal(0) for r in counted), Decimal(0))
        named = list(dict.fromkeys(r[key] for r in counted)) or spec.rows  # the rows given, as given
        labels[arg] = f"{q.label}中{'、'.join(named)}的{column.label}"
    return out, labels


@CHECKS.register("not_above", args=(2, 2))  # a value does not exceed another
def _not_above(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    part, whole = spec.args
    if part in v and whole in v and v[part] > v[whole]:
        return [
            Finding(
                level="error",
                code="not_above",
                message=f"{_label(kind, part)}（{_amount(kind, part, v[part])}）不应大于"
                f"{_label(kind, whole)}（{_amount(kind, whole, v[whole])}），请核对。",
                question_ids=[part, whole],
            )
        ]
    return []


@CHECKS.register("execution", args=(3, 3))  # 执行率 rules (budget, spent, reason)
def _execution(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    budget, spent, reason = spec.args
    if budget not in v or spent not in v:
        return []
    rate = percent(v[spent], v[budget])
    if rate is None:
        return [
            Finding(
                level="error",
                code="execution",
                message="全年预算数为0，无法计算预算执行率，请核对。",
                question_ids=[budget],
            )
        ]
    floor = spec.threshold if spec.threshold is not None else Decimal(90)
    if rate > HUNDRED:
        return [
            Finding(
                level="error",
                code="execution_over",
                message=f"预算执行率为{pct(rate)}，超过100%：{_label(kind, spent)}大于"
                f"{_label(kind, budget)}，通常是数字填错了，请核对。",
                question_ids=[budget, spent],
            )
        ]
    if rate < floor and not v.get(reason):
        return [
            Finding(
                level="warning",
                code="execution_low",
                message=f"预算执行率为{pct(rate)}，低于{plain_number(floor)}%，"
                f"请在“{_label(kind, reason)}”中说明原因。",
                question_ids=[budget, spent, reason],
            )
        ]
    return []


@CHECKS.register("adjustment", args=(3, 3))  # 预算调整率 rule (initial budget, final budget, reason)
def _adjustment(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    initial, final, reason = spec.args
    if initial not in v or final not in v or v[initial] == v[final] or v[initial] == 0:
        return []
    rate = round2((v[final] - v[initial]) * HUNDRED / v[initial])
    word = "追加" if rate > 0 else "调减"
    if not v.get(reason):
        return [
            Finding(
                level="warning",
                code="adjustment",
                message=f"年中预算有{word}（预算调整率{pct(rate)}），请在“{_label(kind, reason)}”中说明调整的原因。",
                question_ids=[initial, final, reason],
            )
        ]
    limit = spec.threshold if spec.threshold is not None else Decimal(10)
    if abs(rate) > limit:
        return [
            Finding(
                level="hint",
                code="adjustment_large",
                message=f"预算调整率为{pct(rate)}，幅度较大，评审时可能被关注，说明应写充分。",
                question_ids=[initial, final, reason],
            )
        ]
    return []


@CHECKS.register("indicators", args=(0, 1))  # deviations, over-achievement, missing 偏差原因
def _indicators(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    if card is None or not card.indicators:
        return []
    qid = spec.args[0] if spec.args else kind.scoring.indicators or ""
    s = kind.scoring
    out: list[Finding] = []
    for n, si in enumerate(card.indicators, 1):
        ind = si.indicator
        name = f"指标表第{n}行“{ind.level3}”"
        if not si.full and not ind.reason:
            out.append(Finding(
                level="error", code="deviation_reason",
                message=f"{name}得分{score_text(si.score)}分，未得满分"
                f"（{plain_number(ind.points)}分），须填写偏差原因分析及改进措施。",
                question_ids=[qid],
            ))  # fmt: skip
        if ind.unit == "%" and ind.actual is not None and ind.actual > 100 and ind.direction != "≤":
            out.append(Finding(
                level="warning", code="percent_over_100",
                message=f"{name}实际完成值为{ind.actual_text}，超过100%，请核对（满意度、完成率等不会超过100%）。",
                question_ids=[qid],
            ))  # fmt: skip
        if si.ratio is not None and ind.direction != "≤" and si.ratio >= s.over_achievement_flag:
            # a reason is required from over_achievement_reason on: without one, an error like a
            # row below its points (the answer is refused at the default 130%, indicators.py)
            level = "error" if si.ratio >= s.over_achievement_reason and not ind.reason else "hint"
            out.append(Finding(
                level=level, code="over_achievement",
                message=f"{name}实际完成值{ind.actual_text}为目标{ind.target_text}的"
                f"{pct(si.ratio * HUNDRED)}，大幅超出目标，"
                + ("须填写偏差原因分析及改进措施（常见原因是目标定得偏低）。" if level == "error"
                   else "评审时可能认为目标设定偏低。"),
                question_ids=[qid],
            ))  # fmt: skip
    out.extend(_weight_total(card, qid))
    if s.check_group_weights:
        out.extend(_group_weights(kind, card, qid))
    return out


def _weight_total(card: Scorecard, qid: str) -> list[Finding]:
    """The grade bands are of 100 points: a table whose points add up to another total gets none."""
    if not card.indicators or card.max_total == HUNDRED:
        return []
    execution = card.execution_points
    wanted = HUNDRED - execution
    given = card.max_total - execution
    return [Finding(
        level="error", code="weight_total",
        message=f"预算执行率{plain_number(execution)}分与各指标分值合计{plain_number(card.max_total)}分，"
        f"不是100分，暂不评定等级。请调整绩效指标表各行的“分值”（第6栏），使各指标分值合计为"
        f"{plain_number(wanted)}分（目前{plain_number(given)}分）。",
        question_ids=[qid],
    )]  # fmt: skip


def _group_weights(kind: ReportKind, card: Scorecard, qid: str) -> list[Finding]:
    groups = kind.scoring.weights.groups if card.group_points is None else card.group_points
    if not groups:  # the chosen form weighs the indicators with no points per group (10 + 90)
        return []
    points: dict[str, Decimal] = {}
    for si in card.indicators:
        points[si.indicator.level1] = points.get(si.indicator.level1, Decimal(0)) + si.indicator.points
    out = []
    for level1, total in points.items():
        if level1 not in groups:
            out.append(Finding(
                level="warning", code="group_unknown",
                message=f"一级指标“{level1}”不在评分体系中（应为{'、'.join(groups)}之一）。",
                question_ids=[qid],
            ))  # fmt: skip
        elif total != groups[level1]:
            gap = groups[level1] - total
            out.append(Finding(
                level="warning", code="group_weight",
                message=f"{level1}各指标分值合计{plain_number(total)}分，应为{plain_number(groups[level1])}分"
                f"（{'少' if gap > 0 else '多'}{plain_number(abs(gap))}分），请调整{level1}各行的“分值”。",
                question_ids=[qid],
            ))  # fmt: skip
    return out


@CHECKS.register("problems", args=(2, 2))  # problems vs measures vs score
def _problems(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    problems_id, measures_id = spec.args
    problems = [p for p in v.get(problems_id) or [] if p.strip("。. ") not in NONE_WORDS]
    said_none = problems_id in v and not problems
    measures = [m for m in v.get(measures_id) or [] if m.strip("。. ") not in NONE_WORDS]
    out: list[Finding] = []
    if not scorecard_complete(kind, card):
        card = None  # a score still missing its indicators or its budget says nothing yet
    if card is not None and card.total_raw < card.max_total and said_none:
        written = "、".join(v.get(problems_id) or []) or "无"
        out.append(Finding(
            level="warning", code="no_problem",
            message=f"自评得分{score_text(card.total)}分，未得满分，但“{_label(kind, problems_id)}”"
            f"写的是“{written}”。财政部门要求客观评价，请写出扣分对应的问题。",
            question_ids=[problems_id],
        ))  # fmt: skip
    if card is not None and card.total_raw >= card.max_total and problems_id in v and not problems:
        out.append(Finding(
            level="warning", code="perfect_score",
            message="自评为满分且未列出任何问题，评审时通常会被质疑，"
            "请如实列出工作中的不足（如目标不够量化、执行进度偏慢等）。",
            question_ids=[problems_id],
        ))  # fmt: skip
    if card is not None and problems:
        lost = [si for si in card.indicators if not si.full]
        unstated = [si for si in lost if not _mentioned(si.indicator.level3, problems)]
        if unstated:
            names = "、".join(f"{quote(si.indicator.level3)}（扣{score_text(si.indicator.points - si.score)}分）"
                             for si in unstated)  # fmt: skip
            out.append(Finding(
                level="warning", code="deduction_unstated",
                message=f"扣分的指标{names}没有写入“{_label(kind, problems_id)}”。"
                "财政部门要求每一项扣分都说明问题和原因，请补充。",
                question_ids=[problems_id],
            ))  # fmt: skip
    if problems and measures_id in v and not measures:
        out.append(Finding(
            level="warning", code="no_measure",
            message=f"列出了{len(problems)}个问题，“{_label(kind, measures_id)}”却写的是“无”，"
            "每个问题都应有对应的改进措施。",
            question_ids=[problems_id, measures_id],
        ))  # fmt: skip
    elif problems and measures_id in v and len(measures) < len(problems):
        out.append(Finding(
            level="warning", code="measure_missing",
            message=f"列出了{len(problems)}个问题，但只有{len(measures)}条改进措施，"
            "每个问题都应有对应的改进措施。",
            question_ids=[problems_id, measures_id],
        ))  # fmt: skip
    return out


def _mentioned(name: str, texts: list[str]) -> bool:
    """Whether one of the texts speaks of an indicator: it shares a run of three characters with
    the indicator's name (the whole name when shorter), so 群众满意度 finds 人民群众对部门工作满意度."""
    need = min(3, len(name))
    runs = {name[i : i + need] for i in range(len(name) - need + 1)}
    return any(run in text for text in texts for run in runs)


def scorecard_complete(kind: ReportKind, card: Scorecard | None) -> bool:
    """Whether a scorecard's total is final: every part that is scored has its answers."""
    if card is None:
        return False
    if card.items:
        return True
    needs_budget = kind.scoring.budget is not None and card.execution_points > 0
    return bool(card.indicators) and (card.execution_score is not None or not needs_budget)


@CHECKS.register("per_person", args=(2, 2))  # an amount per person that looks like a 元/万元 slip
def _per_person(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    amount, people = spec.args
    if amount not in v or not v.get(people):
        return []
    limit = spec.threshold if spec.threshold is not None else Decimal(5)
    each = v[amount] / Decimal(v[people])
    if each <= limit:
        return []
    return [Finding(
        level="warning", code="unit_slip",
        message=f"{_label(kind, amount)}{money(v[amount], _unit(kind, amount))}分到"
        f"{v[people]}人，人均{money(each, _unit(kind, amount))}，明显偏高，"
        "是否把“元”误填成了“万元”？",
        question_ids=[amount, people],
    )]  # fmt: skip


# assessment items: a score above its points, a year-on-year figure without its pair
@CHECKS.register("items", args=(0, 1))
def _items(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """Target-management items: a self-assessed score above the item's points; a year-on-year
    figure given for one year only; a last-year figure of 0 (no growth can be stated)."""
    if card is None or not card.items:
        return []
    qid = spec.args[0] if spec.args else kind.scoring.items or ""
    out: list[Finding] = []
    for n, item in enumerate(card.items, 1):
        name = f"{_label(kind, qid)}第{n}项“{item['name']}”"
        score, points = item.get("score"), item["points"]
        if score is not None and score > points:
            out.append(Finding(
                level="error", code="item_score",
                message=f"{name}自评得分{plain_number(score)}分，超过了分值{plain_number(points)}分，请核对。",
                question_ids=[qid],
            ))  # fmt: skip
        last, this = item.get("last"), item.get("this")
        if (last is None) != (this is None):
            given, lacking = ("本年数", "上年数") if last is None else ("上年数", "本年数")
            out.append(Finding(
                level="warning", code="item_figures",
                message=f"{name}只填了{given}，没有{lacking}，无法计算比上年增减，请补全或删去。",
                question_ids=[qid],
            ))  # fmt: skip
        elif last == 0 and this is not None:
            out.append(Finding(
                level="hint", code="item_growth",
                message=f"{name}上年数为0，无法计算增长率，报告中只写本年数。",
                question_ids=[qid],
            ))  # fmt: skip
    return out


# What says an item was not met: 未完成, 没有新增, 未达到 … (not 未发现 / 未发生: those are results)
NOT_MET = re.compile(
    r"(?:未|没有|没能|尚未|仍未|未能|不能)(?:完成|达到|达标|实现|新增|通过|按时|按期|如期|落实|建成|开工|启动|验收)"
    r"|无新增|零新增|未达|滞后|低于(?:年度|目标|任务|考核|序时|计划)|少于(?:年度|目标|任务|计划)"
    r"|被(?:通报|约谈|问责|扣分)|扣\d"
)
_CLAUSES = re.compile(r"[，,；;。\n]")


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters `a` and `b` share."""
    best, row = 0, [0] * (len(b) + 1)
    for ch in a:
        prev = 0
        for j, other in enumerate(b, 1):
            prev, row[j] = row[j], (prev + 1 if ch == other else 0)
            best = max(best, row[j])
    return best


def _names_of(item: Mapping[str, Any]) -> list[str]:
    """What a text may call an item by: its name, 对比指标 and 考核内容."""
    return [str(item[k]) for k in ("name", "metric", "content") if item.get(k)]


def _mentions(text: str, item: Mapping[str, Any]) -> int:
    """How strongly `text` names the item: the longest run it shares with one of the item's
    names, counted when it is four characters or the whole of a shorter name (0 otherwise)."""
    best = 0
    for name in _names_of(item):
        run = _common_run(text, name)
        if run >= min(4, len(name)):
            best = max(best, run)
    return best


# a negation just before a shortfall word turns it into a result: 未发生被问责, 没有未完成, 防止滞后
_NEGATED = re.compile(r"(?:未|没|无|不|防止|避免|杜绝)\S{0,2}$")


def says_unmet(text: str) -> re.Match[str] | None:
    """Where `text` says something was not met (NOT_MET, not negated), or None."""
    for match in NOT_MET.finditer(text):
        if not _NEGATED.search(text[max(0, match.start() - 4) : match.start()]):
            return match
    return None


def _shortfalls_of(items: list[dict[str, Any]], shortcomings: list[str]) -> dict[int, str]:
    """The items a listed shortfall says were not met: each clause that says so (NOT_MET) goes to
    the item it names most strongly; {item index: the clause}."""
    found: dict[int, str] = {}
    for line in shortcomings:
        for part in _CLAUSES.split(line):
            if not says_unmet(part):
                continue
            strength = [_mentions(part, item) for item in items]
            if max(strength, default=0) > 0:
                found.setdefault(strength.index(max(strength)), part.strip())
    return found


# assessment items' claims: a full score the text or a listed shortfall contradicts, a deduction
# without its reason or missing from the shortfalls, a bonus without evidence
@CHECKS.register("item_claims", args=(1, 2))
def _item_claims(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """What a reviewer sends back in a list of self-scored items (rules.md §3, §9): a full score on
    an item that its own text or a listed shortfall says was not met; points lost without the
    reason; a deduction that 存在的不足 does not mention; a bonus claimed without evidence; the
    scheme's items (考核细则) and the items scored not the same."""
    if card is None or not card.items:
        return []
    items_id = spec.args[0]
    short_id = spec.args[1] if len(spec.args) > 1 else None
    shortcomings = [x for x in (v.get(short_id) or []) if str(x).strip("。. ") not in NONE_WORDS] if short_id else []
    listed = _shortfalls_of(card.items, shortcomings)
    out: list[Finding] = []
    for n, item in enumerate(card.items, 1):
        name = f"第{n}项“{item['name']}”"
        score, points = item.get("score"), item["points"]
        if score is None:
            continue
        full = score >= points
        said = says_unmet(str(item.get("achieved") or ""))
        if full and not item["bonus"] and (said or (n - 1) in listed):
            where = (
                f"完成情况写的是“{_around(str(item['achieved']), said)}”"
                if said
                else f"“{_label(kind, short_id or '')}”中写有“{listed[n - 1]}”"
            )
            out.append(Finding(
                level="warning", code="item_full_but_unmet",
                message=f"{name}自评满分{plain_number(points)}分，但{where}，说明这一项没有全部完成。"
                "请按评分标准扣分并写明扣分原因，或改写有关说法；没有依据的满分评审时会被退回。",
                question_ids=[items_id, *([short_id] if short_id and not said else [])],
            ))  # fmt: skip
        if item["lost"] > 0 and not item.get("reason"):
            out.append(Finding(
                level="error", code="item_reason",
                message=f"{name}自评{plain_number(score)}分，比标准分{plain_number(points)}分少"
                f"{plain_number(item['lost'])}分，须在“扣分原因”一栏写明扣分原因（对照评分标准哪一条、差在哪里）。",
                question_ids=[items_id],
            ))  # fmt: skip
        if full and not item["bonus"] and item.get("reason"):
            out.append(Finding(
                level="warning", code="item_reason_full",
                message=f"{name}写了扣分原因“{clause(item['reason'])}”，自评却是满分{plain_number(points)}分，"
                "请核对：扣了分就改自评得分，没有扣分就删去扣分原因。",
                question_ids=[items_id],
            ))  # fmt: skip
        if item["bonus"] and score > 0 and not item.get("evidence_docs"):
            out.append(Finding(
                level="warning", code="bonus_without_evidence",
                message=f"附加分项目{name}自评加{plain_number(score)}分，但没有填写佐证材料。"
                "加分须有文件、证书或统计表为证，请在“佐证材料”一栏写明。",
                question_ids=[items_id],
            ))  # fmt: skip
    out.extend(_deductions_unlisted(kind, card.items, items_id, short_id, shortcomings))
    out.extend(_scheme_matches(kind, card.items, v, items_id))
    return out


def _around(text: str, match: re.Match[str] | None) -> str:
    """The clause of `text` that holds `match`."""
    if match is None:
        return text
    start = max((text.rfind(mark, 0, match.start()) for mark in "，,；;。"), default=-1) + 1
    ends = [i for i in (text.find(mark, match.end()) for mark in "，,；;。") if i >= 0]
    return text[start : min(ends, default=len(text))].strip()


def _deductions_unlisted(kind: ReportKind, items: list[dict[str, Any]], items_id: str, short_id: str | None,
                         shortcomings: list[str]) -> list[Finding]:  # fmt: skip
    """Every point lost should appear among the shortfalls with its cause (rules.md §9)."""
    if not short_id:
        return []
    text = "\n".join(shortcomings)
    missing = [
        i
        for i in items
        if i["lost"] > 0 and not (_mentions(text, i) or (i.get("reason") and _common_run(text, str(i["reason"])) >= 6))
    ]
    if not missing:
        return []
    named = "、".join(f"“{i['name']}”（扣{plain_number(i['lost'])}分）" for i in missing)
    return [Finding(
        level="warning", code="deduction_unlisted",
        message=f"{named}被扣了分，“{_label(kind, short_id)}”中却没有写到。"
        "每一处扣分都应作为不足写明原因，并在下一步打算中写出对应的措施。",
        question_ids=[short_id, items_id],
    )]  # fmt: skip


def _scheme_matches(kind: ReportKind, items: list[dict[str, Any]], v: Values, items_id: str) -> list[Finding]:
    """The scheme (考核细则) and the items scored name the same items."""
    scheme_id = kind.scoring.criteria
    rows = v.get(scheme_id) if scheme_id else None
    if not rows:
        return []
    scored = {item_key(i["name"]) for i in items}
    unscored = [r["name"] for r in rows if item_key(r["name"]) not in scored]
    schemed = {item_key(r["name"]) for r in rows}
    unschemed = [i["name"] for i in items if item_key(i["name"]) not in schemed]
    out = []
    if unscored:
        out.append(Finding(
            level="warning", code="scheme_item_unscored",
            message=f"“{_label(kind, scheme_id or '')}”中的{'、'.join(f'“{x}”' for x in unscored)}在"
            f"“{_label(kind, items_id)}”中没有自评。考核细则的每一项都要自评；名称不同的，请改成与细则一致。",
            question_ids=[items_id, scheme_id or ""],
        ))  # fmt: skip
    if unschemed:
        out.append(Finding(
            level="hint", code="item_unschemed",
            message=f"{'、'.join(f'“{x}”' for x in unschemed)}在“{_label(kind, scheme_id or '')}”中没有对应的"
            "评分标准，报告中这些项目不写评分标准。",
            question_ids=[items_id, scheme_id or ""],
        ))  # fmt: skip
    return out


@CHECKS.register("item_points_total", args=(1, 1))  # the standard points of the assessment items add up to `threshold`
def _item_points_total(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """The standard points of a scheme add up to its total (100 by default)."""
    if card is None or not card.items:
        return []
    wanted = spec.threshold if spec.threshold is not None else HUNDRED
    if card.standard_points == wanted:
        return []
    return [Finding(
        level="warning", code="item_points_total",
        message=f"考核标准分项目的分值合计{plain_number(card.standard_points)}分，考核总分应为"
        f"{plain_number(wanted)}分，请核对是否漏填、多填了项目或分值填错（附加分项目不计入）。",
        question_ids=[spec.args[0]],
    )]  # fmt: skip


# a place (第2名, 前三, 12个中排名第2) or a grade (优秀, 一等): what a ranking must state
_RANKED = re.compile(r"\d|第[一二三四五六七八九十]|前[一二三四五六七八九十]|优秀|良好|合格|一等|二等|三等|[A-D]等|先进")


@CHECKS.register("ranking_claim", args=(1, 1))  # a ranking stated as a place or a grade, not as 名列前茅
def _ranking_claim(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """A ranking states the place or the grade (名列前茅 is a claim without a fact, rules.md §9)."""
    qid = spec.args[0]
    text = v.get(qid)
    if not text or _RANKED.search(str(text)):
        return []
    return [Finding(
        level="warning", code="ranking_vague",
        message=f"“{_label(kind, qid)}”写的是“{text}”，没有名次或等次。请写明排第几名（共几个单位）或评定的等次，"
        "如“在全市12个县（市、区）中排名第2位”；“名列前茅”“位居前列”一类说法评审时不予认可。",
        question_ids=[qid],
    )]  # fmt: skip


# Names that ended with the reforms of 2018–2024: (the name, the year from which it is gone, what it
# became). A report on a later year that uses them reads as last decade's report relabelled.
OUTDATED_TERMS: list[tuple[str, int, str]] = [
    ("食品药品监督管理局", 2019, "2018年机构改革后并入市场监督管理局"),
    ("食药监局", 2019, "2018年机构改革后并入市场监督管理局"),
    ("工商行政管理局", 2019, "2018年机构改革后并入市场监督管理局"),
    ("质量技术监督局", 2019, "2018年机构改革后并入市场监督管理局"),
    ("县农委", 2020, "机构改革后县级设农业农村局"),
    ("县农业委员会", 2020, "机构改革后县级设农业农村局"),
    ("国土资源局", 2019, "2018年机构改革后改为自然资源局"),
    ("环境保护局", 2019, "2018年机构改革后改为生态环境局"),
    ("扶贫办", 2022, "脱贫攻坚任务完成后已改为乡村振兴部门，现多数已并入农业农村局"),
    ("建档立卡贫困户", 2022, "脱贫攻坚任务完成后改称脱贫户（脱贫人口）和防止返贫监测对象"),
    ("精准扶贫", 2022, "脱贫攻坚任务完成后转为巩固拓展脱贫攻坚成果、全面推进乡村振兴"),
    ("产业扶贫", 2022, "脱贫攻坚任务完成后改称产业帮扶"),
    ("无公害农产品认证", 2019, "无公害农产品认证已停止，现为绿色食品、有机农产品认证和承诺达标合格证"),
]  # fmt: skip


# institutions and programmes that no longer exist in the evaluated year
@CHECKS.register("outdated_terms", args=(1, 1))
def _outdated_terms(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """Institutions and programmes that no longer existed in the evaluated year (rules.md §9)."""
    year = v.get(spec.args[0])
    if not isinstance(year, int):
        return []
    out = []
    for q in kind.questions:
        text = _answer_text(q.id, v.get(q.id))
        if not text:
            continue
        for term, since, now in OUTDATED_TERMS:
            if year >= since and term in text:
                out.append(Finding(
                    level="warning", code="outdated_term",
                    message=f"“{q.label}”中有“{term}”：{now}，{year}年度的报告应使用现在的名称，请核对。",
                    question_ids=[q.id],
                ))  # fmt: skip
    return out


def _answer_text(qid: str, value: Any) -> str:
    """The words of an answer (a list's lines, a table's text cells), for looking for names."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(_answer_text(qid, x) for x in value)
    if isinstance(value, dict):
        return "｜".join(x for x in value.values() if isinstance(x, str))
    return ""


@CHECKS.register("dated_after", args=(2, 2))  # the report is dated after the year it evaluates has ended
def _dated_after(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """A self-evaluation is written once the year it evaluates is over."""
    date_id, year_id = spec.args
    date, year = v.get(date_id), v.get(year_id)
    if date is None or year is None or date.year > int(year):
        return []
    return [Finding(
        level="warning", code="dated_before_year_end",
        message=f"成文日期{date.year}年{date.month}月{date.day}日在评价年度{int(year)}年结束之前，"
        f"自评报告一般在次年撰写，请核对{_label(kind, date_id)}和{_label(kind, year_id)}。",
        question_ids=[date_id, year_id],
    )]  # fmt: skip


@CHECKS.register("count_covers", args=(2, 2))  # a total is not fewer than the items listed
def _count_covers(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """A total is not fewer than the items listed (工作方案总数 against the 工作方案 named)."""
    count_id, list_id = spec.args
    count, items = v.get(count_id), v.get(list_id)
    if count is None or not items or count >= len(items):
        return []
    return [Finding(
        level="error", code="count_covers",
        message=f"{_label(kind, count_id)}为{count}个，少于列出的{len(items)}个{_label(kind, list_id)}，"
        f"请核对（总数应不少于列出的个数）。",
        question_ids=[count_id, list_id],
    )]  # fmt: skip


def _quoted(text: str) -> str:
    """A label in quotation marks, its own marks made the inner ones: “‘三公’经费增加的原因”."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


# a change on last year beyond `threshold` percent needs its reason (this, last, reason)
@CHECKS.register("change", args=(3, 3))
def _change(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """A change on last year beyond `threshold` percent (either way) needs its reason. The same
    comparison, exact, as the reason question's `when`, so it is asked exactly when this fires."""
    this, last, reason = spec.args
    limit = spec.threshold if spec.threshold is not None else Decimal(20)
    if this not in v or not v.get(last) or v.get(reason):
        return []
    if abs(v[this] - v[last]) * HUNDRED <= v[last] * limit:
        return []
    change = round2((v[this] - v[last]) * HUNDRED / v[last])
    return [Finding(
        level="warning", code="change_large",
        message=f"{_label(kind, this)}{_amount(kind, this, v[this])}，{versus_last(change)}"
        f"（上年{_amount(kind, last, v[last])}），增减超过{plain_number(limit)}%，"
        f"请在{_quoted(_label(kind, reason))}中说明原因。",
        question_ids=[this, last, reason],
    )]  # fmt: skip


# a value above a limit needs its reason (value, limit, reason[, figure to quote])
@CHECKS.register("above_explained", args=(3, 4))
def _above_explained(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """A value above its limit (在职 above 编制, money paid out above the spending, 三公 above last
    year's) is explained in the question asked only then; the figure named fourth is quoted."""
    value, limit, reason, *figure = spec.args
    if value not in v or limit not in v or v[value] <= v[limit] or v.get(reason):
        return []
    quoted = f"（{_label(kind, figure[0])}{pct(v[figure[0]])}）" if figure and figure[0] in v else ""
    return [Finding(
        level="warning", code="above_unexplained",
        message=f"{_label(kind, value)}{_amount(kind, value, v[value])}超过{_label(kind, limit)}"
        f"{_amount(kind, limit, v[limit])}{quoted}，请在{_quoted(_label(kind, reason))}中说明。",
        question_ids=[value, limit, reason],
    )]  # fmt: skip


# a value that should be one answer less another (value, minuend, subtrahend)
@CHECKS.register("remainder", args=(3, 3))
def _remainder(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """A value that is, as a rule, one answer less another (结转结余 = 全年预算数 − 全年执行数): a
    hint when it differs, since a unit may have reasons (money carried from earlier years)."""
    value, minuend, subtrahend = spec.args
    if value not in v or minuend not in v or subtrahend not in v:
        return []
    rest = v[minuend] - v[subtrahend]
    if round2(rest) == round2(v[value]):
        return []
    unit = _unit(kind, value)
    return [Finding(
        level="hint", code="remainder",
        message=f"{_label(kind, value)}{money(v[value], unit)}，与{_label(kind, minuend)}减去"
        f"{_label(kind, subtrahend)}的{money(rest, unit)}不一致，请与决算数核对。",
        question_ids=[value, minuend, subtrahend],
    )]  # fmt: skip


# quarterly payment progress: cumulative, within the year's spending, on schedule
@CHECKS.register("progress", args=(3, 3), columns=("spent", "schedule", "reason"))
def _progress(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """Quarterly payment progress (a records answer: the quarter, then the columns spent, schedule
    and reason): a quarter written twice, a cumulative figure that falls or passes the year's
    spending, a last quarter that is not the year's spending; a quarter behind the schedule the
    user gave, without its reason."""
    table, budget, spent = spec.args
    rows = v.get(table)
    if not isinstance(rows, list) or not rows:
        return []
    q = kind.question(table)
    key, order = q.columns[0].id, q.columns[0].choices
    label, out = q.label, []
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row[key] in seen:
            out.append(Finding(level="error", code="progress_twice",
                               message=f"{label}中“{row[key]}”写了不止一行，请只保留一行。",
                               question_ids=[table]))  # fmt: skip
        seen.setdefault(row[key], row)
    ordered = [seen[name] for name in order if name in seen]
    for before, after in pairwise(ordered):
        if after["spent"] < before["spent"]:
            out.append(Finding(
                level="error", code="progress_falls",
                message=f"{label}中{after[key]}末累计执行数{money(after['spent'])}少于{before[key]}末的"
                f"{money(before['spent'])}，累计数不会减少，请核对。",
                question_ids=[table],
            ))  # fmt: skip
    year = v.get(spent)
    for row in ordered if year is not None else []:
        if row[key] == order[-1] and round2(row["spent"]) != round2(year):
            wrong = f"与{_label(kind, spent)}{money(year)}不一致"  # the year's last quarter is the year
        elif row[key] != order[-1] and row["spent"] > year:
            wrong = f"超过了{_label(kind, spent)}{money(year)}"
        else:
            continue
        out.append(Finding(
            level="error", code="progress_year",
            message=f"{label}中{row[key]}末累计执行数{money(row['spent'])}{wrong}，请核对。",
            question_ids=[table, spent],
        ))  # fmt: skip
    if not v.get(budget):
        return out
    for row in ordered:
        rate = percent(row["spent"], v[budget])
        schedule = row.get("schedule")
        if schedule is None or rate is None or rate >= schedule or row.get("reason"):
            continue
        out.append(Finding(
            level="warning", code="progress_behind",
            message=f"{row[key]}末支付进度{pct(rate)}（累计执行数{money(row['spent'])}占"
            f"{_label(kind, budget)}的比例），低于序时进度{pct(schedule)}，"
            f"请在{label}该行第4栏写明进度偏慢的原因。",
            question_ids=[table, budget],
        ))  # fmt: skip
    return out


# an indicator row quoting a derived figure quotes its current value
@CHECKS.register("indicator_figures", args=(2, None))
def _indicator_figures(kind: ReportKind, spec: CheckSpec, v: Values, card: Scorecard | None) -> list[Finding]:
    """An indicator row naming a derived figure (在职人员控制率 …) states the figure the report
    computes: when an answer changes the figure, a row still quoting the old one is an error."""
    table, *figure_ids = spec.args
    rows = v.get(table)
    if not isinstance(rows, list):
        return []
    figures = sorted((f for f in kind.figures if f.id in figure_ids), key=lambda f: -len(f.label))
    out = []
    for n, ind in enumerate(rows, 1):
        if ind.direction == "定性" or ind.unit != "%" or ind.actual is None:
            continue
        figure = next((f for f in figures if names_figure(ind.level3, f.label)), None)
        if figure is None or v.get(figure.id) is None:
            continue
        value = v[figure.id]
        actual = round2(ind.actual)
        if actual == value or (figure.op == "adjustment" and abs(actual) == abs(value)):
            continue  # (a cut is often stated as a 预算调整率 without its sign)
        sources = join_cn([_label(kind, a) for a in figure.args], "和")
        out.append(Finding(
            level="error", code="indicator_figure",
            message=f"指标表第{n}行“{ind.level3}”的实际完成值为{ind.actual_text}，而报告按{sources}计算的"
            f"{figure.label}为{pct(value)}，两处不一致。请把这一行的实际完成值改为{pct(value)}"
            f"（或核对{sources}）。",
            question_ids=[table, *figure.args],
        ))  # fmt: skip
    return out
