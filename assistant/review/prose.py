"""Figures stated in a paragraph, recomputed from the parts the same paragraph states: shares
(占…的比重, 占比), growth and falls (较上年, 同比, 比上年), rates (执行率, 支付进度, 结转结余率,
在职人员控制率), the execution score, parts that add up and points less score. A figure whose
parts are not in the paragraph is left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

from assistant.figures import HUNDRED, round2
from assistant.formatting import plain_number, score_text
from assistant.review.findings import Slip
from assistant.review.quantities import NUMBER, Quantity, agrees, quantities
from assistant.scoring import grade

GRADES = ["优", "良", "中", "差"]
_DELIMITERS = "，,。；;：:、\n"  # not brackets: 因公出国（境）费 is one name
_FILLER = re.compile(r"(为|是|达|达到|共|共计|约|有)+$")  # 合计 is a name: 支出合计
_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_LAST_YEAR = re.compile(r"(上年|去年|上年度|上一年度?)(同期)?(的|为|是)*$|(由|从)$")
_THIS_YEAR = re.compile(r"(至|到)$|本年|今年|当年|本年度")
_RISE = ("增长", "增加", "提高", "上升", "增幅")
_FALL = ("下降", "减少", "降低", "下滑", "降幅")
_CHANGE = re.compile(r"(增加|减少|增长|下降|提高|降低|上升|多|少)了?$")
_A_YEAR = re.compile(r"(\d{4}|20[xX×]{2})年|上年|去年|本年|今年|当年")
_COMPARED = re.compile(r"较上年|比上年|同比|较去年|比去年|与上年相比|上年|去年")


@dataclass(frozen=True)
class Figure:
    """A quantity with the words just before it (back to a delimiter or the figure before)."""

    q: Quantity
    phrase: str  # the words, filler (为, 达) dropped: 全年预算数, 比上年的, 增加

    @cached_property  # (read by every check of the paragraph)
    def label(self) -> str:
        return _FILLER.sub("", self.phrase)


def figures(text: str) -> list[Figure]:
    return list(_figures(text))


@lru_cache(maxsize=512)  # a paragraph is read by several checks (and by the import, once a label)
def _figures(text: str) -> tuple[Figure, ...]:
    out: list[Figure] = []
    previous_end = 0
    for q in quantities(text):
        start = max(previous_end, max((text.rfind(d, 0, q.start) + 1 for d in _DELIMITERS), default=0))
        out.append(Figure(q, _FILLER.sub("", text[start : q.start].strip().lstrip("（(）)"))))
        previous_end = q.end
    return tuple(out)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]


def _sentence_of(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    return next(((a, b) for a, b in bounds if a <= pos < b), (pos, pos))


def check_paragraph(text: str, where: str) -> list[Slip]:
    figs = figures(text)
    bounds = sentences(text)
    slips = [*_shares(text, figs, bounds, where), *_growths(text, figs, bounds, where)]
    slips += [*_rates(text, figs, bounds, where), *_sums(text, figs, where), *_deductions(text, where)]
    slips += _grades(text, where)
    return slips


def computed_percents(text: str) -> list[Quantity]:
    """The percentages of a paragraph that are computed figures (a share, a growth, a rate):
    what must share one precision across a report."""
    figs = figures(text)
    bounds = sentences(text)
    found = [q for q, *_ in _share_parts(text, figs, bounds)]
    found += [f.q for f in figs if f.q.percent and _growth_word(f) and _compared(text, bounds, f)]
    found += [f.q for f in figs if f.q.percent and any(re.search(r.name + "$", f.label) for r in RATES)]
    return found


# --- shares -----------------------------------------------------------------------------------

_SHARE = re.compile(r"占(?P<whole>[^，,。；;：:%％\d]{0,16}?)的?(?:比重|比例)?(?:为|达|是|约)?\s*$")


def _share_parts(
    text: str, figs: list[Figure], bounds: list[tuple[int, int]]
) -> Iterator[tuple[Quantity, Quantity, Quantity]]:
    """(the share, its part, its whole) for each 占…% whose part and whole the paragraph states."""
    for i, f in enumerate(figs):
        if not f.q.percent:
            continue
        a, _ = _sentence_of(bounds, f.q.start)
        m = _SHARE.search(text[max(a, f.q.start - 24) : f.q.start])
        if not m:
            continue
        part = next((g for g in reversed(figs[:i]) if g.q.start >= a and not g.q.percent and g.q.unit != "pp"), None)
        if part is None:
            continue
        whole = _whole(text, figs, m["whole"].strip(), part)
        if whole is not None and whole.q is not part.q and whole.q.value:
            yield f.q, part.q, whole.q


_WHOLES = {"支出": ("总支出", "支出合计", "支出总额"), "收入": ("总收入", "收入合计", "收入总额")}


def _whole(text: str, figs: list[Figure], name: str, part: Figure) -> Figure | None:
    """The whole of a share: the figure the paragraph names as `name` (总支出 in 全年总支出228.25万元),
    when it names one value; unnamed (占33.24%), the total of the part's kind (基本支出 → 支出合计);
    else the figure just before a 其中 that lists the part in its sentence."""
    name = name.removeprefix("本单位").removeprefix("全年")
    names = (name,) if name and name != "比" else _WHOLES.get(part.label[-2:], ())
    for candidate in names:
        named = [
            g
            for g in figs
            if g.label.endswith(candidate) and g.q.comparable(part.q) and not _LAST_YEAR.search(g.phrase)
        ]
        if len({g.q.in_unit("元") for g in named}) == 1:
            return named[0]
        if named:
            return None  # two different values under one name: not ours to choose
    among = text.rfind("其中", 0, part.q.start)
    if among < 0 or "。" in text[among : part.q.start]:
        return None
    before = [g for g in figs if g.q.end <= among and g.q.comparable(part.q)]
    return before[-1] if before else None


def _shares(text: str, figs: list[Figure], bounds: list[tuple[int, int]], where: str) -> list[Slip]:
    slips = []
    for share, part, whole in _share_parts(text, figs, bounds):
        ok, exact = agrees(share, _ratio, part.in_unit("元"), whole.in_unit("元"))
        if not ok and exact is not None:
            slips.append(Slip("share", where, share.text, f"{_pct(exact)}（{part.text}÷{whole.text}）"))
    return slips


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else part * HUNDRED / whole


def _pct(exact: Decimal) -> str:
    """What the report should print: two decimals, half-up (rules.md §4), whatever it printed."""
    return f"{round2(exact)}%"


# --- growth and falls ----------------------------------------------------------------------------


def _growth_word(f: Figure) -> str:
    label = f.label
    return next((w for w in (*_RISE, *_FALL) if label.endswith(w)), "")


def _compared(text: str, bounds: list[tuple[int, int]], f: Figure) -> bool:
    a, _ = _sentence_of(bounds, f.q.start)
    return bool(_COMPARED.search(text[a : f.q.start]))


def _growths(text: str, figs: list[Figure], bounds: list[tuple[int, int]], where: str) -> list[Slip]:
    slips = []
    for i, f in enumerate(figs):
        word = _growth_word(f) if f.q.percent else ""
        if not word or not _compared(text, bounds, f):
            continue
        a, _ = _sentence_of(bounds, f.q.start)
        before = [g for g in figs[:i] if g.q.start >= a and not g.q.percent and g.q.unit not in ("pp", "分")]
        change = _change(before)
        if change is None:
            continue
        this, last, diff = change
        if last.q.value == 0:
            continue
        rise = word in _RISE
        if diff is not None:
            ok, value = (
                agrees(f.q, _ratio, diff.q, last.q)
                if diff.q.unit == last.q.unit
                else agrees(f.q, _ratio, diff.q.in_unit("元"), last.q.in_unit("元"))
            )
            signed = value if value is not None else Decimal(0)
            if diff.phrase.endswith((*_FALL, "少", "少了")):
                signed = -signed
        else:
            assert this is not None
            ok, value = agrees(
                f.q, lambda this, last: abs(_change_pct(this, last)), this.q.in_unit("元"), last.q.in_unit("元")
            )
            signed = _change_pct(this.q.in_unit("元"), last.q.in_unit("元"))
        right_word = signed >= 0 if rise else signed <= 0
        if (not ok or not right_word) and value is not None:
            words = (
                ("增长" if signed >= 0 else "下降") if word in ("增长", "下降") else ("增加" if signed >= 0 else "减少")
            )
            slips.append(Slip("growth", where, f"{word}{f.q.text}", f"{words}{_pct(abs(signed))}"))
    return slips


def _change_pct(this: Decimal, last: Decimal) -> Decimal:
    return (this - last) * HUNDRED / last


def _change(before: list[Figure]) -> tuple[Figure | None, Figure, Figure | None] | None:
    """(this year's, last year's, the change) among the figures before a growth; None when the
    sentence does not state last year's and one of the others."""
    last = [g for g in before if _LAST_YEAR.search(g.phrase)]
    if len(last) > 1:
        return None
    if last:
        base = last[0]
        diffs = [g for g in before if g.q.start > base.q.start and _CHANGE.search(g.phrase) and g.q.comparable(base.q)]
        if diffs:
            return None, base, diffs[-1]
        others = [g for g in before if g is not base and g.q.comparable(base.q) and not _CHANGE.search(g.phrase)]
        return (others[-1], base, None) if len(others) == 1 else None
    same = [g for g in before if g.q.comparable(before[-1].q)] if before else []
    # two figures each with its year (20xx年…18856.1吨，20xx年…达20247.2吨): last year's first.
    # Without years they may be anything (接待120人次，办结118人次): not ours to compare.
    if (
        len(same) == 2
        and all(_A_YEAR.search(g.phrase) for g in same)
        and not any(_CHANGE.search(g.phrase) for g in same)
    ):
        first, second = same
        years = [m.group(1) for g in same if (m := _A_YEAR.search(g.phrase)) and m.group(1)]
        if (_THIS_YEAR.search(first.phrase) and not _THIS_YEAR.search(second.phrase)) or (
            len(years) == 2 and years[0].isdigit() and years[1].isdigit() and years[0] > years[1]
        ):
            first, second = second, first
        return second, first, None
    return None


# --- rates ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    name: str  # how the rate is named before its percentage
    numerators: tuple[str, ...]
    denominators: tuple[str, ...]
    sentence_only: bool = False  # its parts must be in the rate's own sentence


_BUDGET = ("全年预算数", "调整后预算数", "全年预算", "预算数")
RATES = (
    Rate("(预算)?执行率", ("全年执行数", "执行数", "实际支出", "全年支出"), _BUDGET),
    Rate("支付进度", ("累计支出", "累计支付"), _BUDGET),
    Rate("结转结余率", ("结转结余资金", "结转结余", "结余资金"), _BUDGET),
    Rate("在职人员控制率", ("在职人数", "在职人员数", "实有人数"), ("核定编制数", "编制数", "编制人数")),
    Rate("公用经费控制率", ("实际支出",), _BUDGET, sentence_only=True),
)


def _labelled(
    figs: list[Figure], labels: tuple[str, ...], before: int, bounds: tuple[int, int] | None
) -> Figure | None:
    """The nearest figure before `before` labelled with one of `labels` (in their order of
    preference); 年初预算数 is not a 预算数 and last year's figures are not this year's."""
    for label in labels:
        found = [
            g for g in figs
            if g.q.end <= before and g.label.endswith(label) and not g.q.percent
            and not g.label.endswith("年初" + label) and not _LAST_YEAR.search(g.phrase)
            and (bounds is None or bounds[0] <= g.q.start < bounds[1])
        ]  # fmt: skip
        if found:
            return found[-1]
    return None


def _rates(text: str, figs: list[Figure], bounds: list[tuple[int, int]], where: str) -> list[Slip]:
    slips = []
    for f in figs:
        if not f.q.percent:
            continue
        rate = next((r for r in RATES if re.search(f"{r.name}$", f.label)), None)
        if rate is None:
            continue
        sentence = _sentence_of(bounds, f.q.start)
        num = _labelled(figs, rate.numerators, f.q.start, sentence)
        if num is None and not rate.sentence_only:
            num = _labelled(figs, rate.numerators, f.q.start, None)
        den = _labelled(figs, rate.denominators, f.q.start, sentence) or _labelled(
            figs, rate.denominators, f.q.start, None
        )
        if num is None or den is None or not num.q.comparable(den.q) or not den.q.value:
            if rate.name.endswith("执行率"):  # the score from the rate as stated, with its 满分
                slips += _execution_score(text, f, sentence, None, None, where)
            continue
        ok, exact = agrees(f.q, _ratio, num.q.in_unit("元"), den.q.in_unit("元"))
        if not ok and exact is not None:
            slips.append(Slip("rate", where, f.q.text, f"{_pct(exact)}（{num.q.text}÷{den.q.text}）"))
        if rate.name.endswith("执行率"):
            slips += _execution_score(text, f, sentence, num, den, where)
    return slips


_SCORE_AFTER = re.compile(r"得(?:分)?(?:为)?\s*" + NUMBER + r"\s*分")
_FULL = re.compile(r"(?:满分|分值为?|权重为?)\s*" + NUMBER + r"\s*分")


def _execution_score(text: str, rate: Figure, sentence: tuple[int, int], num: Figure | None, den: Figure | None,
                     where: str) -> list[Slip]:  # fmt: skip
    """得X分 after an 执行率 in its sentence, with the 满分 stated there: min(满分, 满分 × 执行率),
    from 执行数 ÷ 预算数 when the paragraph states them, else from the rate as printed."""
    segment = text[rate.q.end : sentence[1]]
    said, full = _SCORE_AFTER.search(segment), _FULL.search(text[sentence[0] : sentence[1]])
    if said is None or full is None:
        return []
    points, score = _number(full), _number(said)
    from_rate = round2(min(points, points * rate.q.value / HUNDRED))
    if num is None or den is None:
        right, how = from_rate, f"{plain_number(points)}分×{rate.q.text}"
    else:
        right = round2(min(points, points * num.q.in_unit("元") / den.q.in_unit("元")))
        how = f"{plain_number(points)}分×{num.q.text}÷{den.q.text}"
    if score in (right, from_rate):
        return []
    return [Slip("score", where, said.group(0), f"得{score_text(right)}分（{how}）")]


def _number(m: re.Match[str]) -> Decimal:
    return Decimal(m["int"].replace(",", "") + ("." + m["frac"] if m["frac"] else ""))


# --- parts that add up, points less score, the grade ----------------------------------------------

COMPLETE_PARTS = (
    frozenset({"基本支出", "项目支出"}),
    frozenset({"因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"}),
    frozenset({"当年财政拨款", "上年结转资金", "其他资金"}),
)


def _sums(text: str, figs: list[Figure], where: str) -> list[Slip]:
    """A figure followed by 其中： and parts that make a known whole (基本支出 and 项目支出): their sum."""
    slips = []
    for m in re.finditer("其中", text):
        before = [g for g in figs if g.q.end <= m.start() and g.q.money]
        if not before or text[before[-1].q.end : m.start()].strip("，,：: ") not in ("",):
            continue
        whole = before[-1]
        ends = [i for i in (text.find("。", m.end()), text.find("其中", m.end())) if i >= 0]
        end = min(ends, default=len(text))  # the parts of this 其中, not of the next one
        parts = [g for g in figs if m.end() <= g.q.start < end and g.q.money]
        labels = {_part_name(g.label): g for g in parts}
        for complete in COMPLETE_PARTS:
            if complete <= labels.keys() and len(parts) >= len(complete):
                chosen = [labels[name] for name in complete]
                total = sum((g.q.in_unit(whole.q.unit) for g in chosen), Decimal(0))
                slack = sum((g.q.half_step for g in chosen), Decimal(0)) + whole.q.half_step
                if abs(total - whole.q.value) > slack:
                    names = "、".join(f"{_part_name(g.label)}{g.q.text}" for g in chosen)
                    slips.append(
                        Slip("sum", where, whole.q.text, f"{plain_number(total)}{whole.q.unit}（{names}之和）")
                    )
    return slips


def _part_name(label: str) -> str:
    return label.removeprefix("其中").strip("：: ").replace("(", "（").replace(")", "）")


_POINTS_SCORE_LOST = re.compile(
    r"(?:分值|满分)\s*"
    + NUMBER.replace("?P<int>", "?P<p>").replace("?P<frac>", "?P<pf>")
    + r"\s*分[，,]\s*(?:自评)?得分\s*"
    + NUMBER.replace("?P<int>", "?P<s>").replace("?P<frac>", "?P<sf>")
    + r"\s*分[，,]\s*扣\s*"
    + NUMBER
    + r"\s*分"
)


def _deductions(text: str, where: str) -> list[Slip]:
    """分值50分，自评得分49.80分，扣0.20分: the points lost are the points less the score."""
    slips = []
    for m in _POINTS_SCORE_LOST.finditer(text):
        points = Decimal(m["p"] + ("." + m["pf"] if m["pf"] else ""))
        score = Decimal(m["s"] + ("." + m["sf"] if m["sf"] else ""))
        lost = _number(m)
        if points - score != lost:
            said = m.group(0)[m.group(0).rindex("扣") :]
            slips.append(
                Slip(
                    "score",
                    where,
                    said,
                    f"扣{score_text(points - score)}分（{plain_number(points)}−{plain_number(score)}）",
                )
            )
    return slips


_TOTAL_AND_GRADE = re.compile(
    r"(?:综合得分|总分|自评得分|得分)(?:为)?\s*"
    + NUMBER
    + r"\s*分[^。]{0,30}?(?:评价|自评)?(?:等级|结果|等次)(?:为|是)?[“\"「]?(?P<grade>[优良中差])"
)


def _grades(text: str, where: str) -> list[Slip]:
    slips = []
    for m in _TOTAL_AND_GRADE.finditer(text):
        total = _number(m)
        if total > HUNDRED:
            continue
        right = grade(total, GRADES)
        if right != m["grade"]:
            slips.append(Slip("grade", where, m["grade"], f"{right}（总分{plain_number(total)}分）"))
    return slips
