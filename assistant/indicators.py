"""The indicator table as typed: one row per line, cells separated by ｜ (or | or a tab).

    一级指标｜二级指标｜三级指标｜年度指标值｜实际完成值｜分值｜偏差原因分析及改进措施

An empty 一级 or 二级 cell repeats the row above. The 年度指标值 carries the direction:
"≥90%" (正向), "≤5万元" (反向), "=100%" (等于); a number without a sign is 正向; a value
without a number ("明显改善") is qualitative (定性), and its 实际完成值 is one of 达成 /
部分达成 / 未达成, with the self-assessed score in brackets: "部分达成（7分）".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from assistant.errors import AnswerError
from assistant.formatting import money, pct, plain_number
from assistant.models import Direction, Indicator
from assistant.numbers import MAX_INTEGER_DIGITS, MONEY_UNITS, convert_money, number_problem, to_decimal
from assistant.textclean import half_width, split_row

LAYOUT = "一级指标｜二级指标｜三级指标｜年度指标值｜实际完成值｜分值｜偏差原因（可空）"
# actual ÷ target from which a reason is required (rules.md §1, the default of the finance systems;
# ScoringSpec.over_achievement_reason has the same default)
OVER_ACHIEVEMENT_REASON = Decimal("1.3")

_COMPARATORS: list[tuple[Direction, tuple[str, ...]]] = [
    ("≥", ("≥", ">=", "⩾", "不低于", "不少于", "大于等于", "至少", ">", "大于", "高于", "多于", "超过")),
    ("≤", ("≤", "<=", "⩽", "不高于", "不超过", "小于等于", "至多", "<", "小于", "低于", "少于")),
    ("=", ("=", "等于")),
]
# a sign written after the number: "90%以上", "5万元以内"
_SUFFIXES: list[tuple[Direction, tuple[str, ...]]] = [
    ("≥", ("及以上", "以上")),
    ("≤", ("及以下", "以下", "以内")),
]
_VALUE = re.compile(r"^(?P<num>[+-]?[\d.,]+)\s*(?P<unit>[^\d]*)$")

BANDS: dict[str, tuple[Decimal, Decimal]] = {
    "达成": (Decimal("0.8"), Decimal(1)),
    "部分达成": (Decimal("0.6"), Decimal("0.8")),
    "未达成": (Decimal(0), Decimal("0.6")),
}
_BAND_ALIASES = {
    "达成": "达成", "已达成": "达成", "完成": "达成", "已完成": "达成", "达到": "达成",
    "部分达成": "部分达成", "基本达成": "部分达成", "基本完成": "部分达成",
    "部分完成": "部分达成", "未达成": "未达成", "未完成": "未达成", "未达到": "未达成",
}  # fmt: skip
# a band as tables and reports state it (rules.md §1), whatever short form was typed
BAND_WORDS = {
    "达成": "达成年度指标", "部分达成": "部分达成年度指标并具有一定效果", "未达成": "未达成年度指标且效果较差",
}  # fmt: skip
_BAND_ALIASES.update({words: band for band, words in BAND_WORDS.items()})  # pasted from a published table


def band_of(text: str) -> str | None:
    """The band a 实际完成值 names (达成, 部分达成, 未达成), in any of its forms, or None."""
    return _BAND_ALIASES.get(half_width(text).strip())


_CLAIM = re.compile(r"^(?P<band>[^\d(（]+?)\s*[(（]?\s*(?P<score>[\d.]+)?\s*分?\s*[)）]?$")


def _direction(text: str) -> tuple[Direction | None, str]:
    t = half_width(text).replace(" ", "")
    for direction, signs in _COMPARATORS:
        for sign in signs:
            if t.startswith(sign):
                return direction, t[len(sign) :]
    if re.match(r"^[+-]?[\d.,]", t):
        for direction, signs in _SUFFIXES:
            for sign in signs:
                if t.endswith(sign):
                    return direction, t[: -len(sign)]
    return None, t


# indicators that are a share of a whole: never over 100% (a 完成率 or 增长率 may be)
_SHARE = re.compile(
    "满意度|满意率|合格率|达标率|覆盖率|知晓率|普及率|办结率|及时率|准确率|完好率|到位率|参与率|回收率|入学率|就业率"
)
_FALL = ("下降", "减少", "降低")
_RISE = ("增长", "增加", "上升", "提高")


def _signed(text: str) -> str:
    """下降3.2% → -3.2%, 增长3.2% → 3.2%: a change written in words."""
    for words, sign in ((_FALL, "-"), (_RISE, "")):
        for word in words:
            if text.startswith(word) and text[len(word) : len(word) + 1].isdigit():
                return sign + text[len(word) :]
    return text


def _quantity(text: str, where: str) -> tuple[Decimal, str] | None:
    m = _VALUE.match(text)
    if not m:
        return None
    number = _decimal(m["num"], where)
    return None if number is None else (number, m["unit"].strip().replace("％", "%"))


def _decimal(text: str, where: str) -> Decimal | None:
    """A number of the table, or None; one with too many digits is refused, naming its cell."""
    number = to_decimal(text)
    if number is not None and (problem := number_problem(number)) is not None:
        raise AnswerError(f"{where}：{problem}")
    return number


def _figure(value: Decimal, unit: str) -> str:
    """An indicator's value as the report writes it: 万元 and percentages in two decimals (8.00万元,
    82.80%, as rules.md §4 states money and percentages, so a table holds one format beside its
    computed 执行率 99.83%), other figures as typed (25元 a mu, 2.15万亩)."""
    if unit in ("万元", "亿元"):
        return money(value, unit)
    return pct(value) if unit == "%" else f"{_number_text(value)}{unit}"


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


_SAME_AS_ABOVE = {"同上", "同上一行", "同上行", "同前", "同上栏", "见上", "见上一行"}


def _reason(text: str, above: Indicator | None, where: str) -> str:
    """The row's 偏差原因; “同上” is the reason of the row above, written out (a report's
    sentence “偏差原因及改进措施：同上。” would mean nothing out of the table)."""
    if text.strip().rstrip("。.") not in _SAME_AS_ABOVE:
        return text
    if above is None:
        raise AnswerError(
            f"{where}的偏差原因写了“{text.strip()}”，但它是第一个指标，上面没有可沿用的原因，请直接写明。"
        )
    if not above.reason:
        raise AnswerError(f"{where}的偏差原因写了“{text.strip()}”，但上一行没有偏差原因，请直接写明。")
    return above.reason


def _quoted(label: str) -> str:
    return f"“{label}”"


def parse_row(
    cells: list[str], n: int, above: Indicator | None, *, where: str | None = None,
    name: Callable[[str], str] = _quoted,
) -> Indicator:  # fmt: skip
    """One row of cells as typed. `where` names the row and `name` a column in a message (a
    sheet says 工作表“指标”第5行 and E列“实际完成值”; typed rows 第5行 and “实际完成值”)."""
    where = where or f"第{n}行"
    if len(cells) < 6 or len(cells) > 7:
        raise AnswerError(f"{where}应有6或7栏（用｜分隔），实际{len(cells)}栏。每行依次为：{LAYOUT}")
    level1, level2, level3, target_raw, actual_raw, points_raw = cells[:6]
    reason = _reason(cells[6] if len(cells) == 7 else "", above, where)
    same_group = not level1 or (above is not None and level1 == above.level1)
    level1 = level1 or (above.level1 if above else "")
    level2 = level2 or (above.level2 if above and same_group else "")
    for label, value in (("一级指标", level1), ("二级指标", level2), ("三级指标", level3)):
        if not value:
            raise AnswerError(f"{where}缺少“{label}”。每行依次为：{LAYOUT}")
    points = _decimal(half_width(points_raw).removesuffix("分"), f"{where}{name('分值')}")
    if points is None or points <= 0:
        raise AnswerError(f"{where}{name('分值')}应为正数，例如 10，而不是“{points_raw}”。")

    direction, rest = _direction(target_raw)
    target = _quantity(rest, f"{where}{name('年度指标值')}")
    if target is None:
        if direction is not None or not rest:
            raise AnswerError(
                f"{where}{name('年度指标值')}无法识别：“{target_raw}”。定量指标写成“≥90%”“≤5万元”，"
                "定性指标直接写目标，如“明显改善”。"
            )
        return _qualitative(level1, level2, level3, target_raw, actual_raw, points, reason, where, name)

    value, unit = target
    actual = _quantity(_signed(half_width(actual_raw).replace(" ", "")), f"{where}{name('实际完成值')}")
    if actual is None:
        raise AnswerError(
            f"{where}{name('实际完成值')}应为数字（年度指标值是数字），例如“{_number_text(value)}{unit}”，"
            f"而不是“{actual_raw}”。"
        )
    actual_value, actual_unit = actual
    if actual_unit and actual_unit != unit:
        if actual_unit in MONEY_UNITS and unit in MONEY_UNITS:
            actual_value = convert_money(actual_value, actual_unit, unit)
            if actual_value and actual_value.adjusted() >= MAX_INTEGER_DIGITS:  # 999999999999亿元 against ≥1元
                raise AnswerError(f"{where}实际完成值换算为{unit}后超过{MAX_INTEGER_DIGITS}位整数，请核对单位。")
        else:
            raise AnswerError(f"{where}实际完成值的单位“{actual_unit}”与年度指标值的单位“{unit}”不一致。")
    if (value < 0 or actual_value < 0) and unit != "%":  # a rate of change may fall: ≤0% ｜ -3.2%
        raise AnswerError(f"{where}指标值不能为负数（变动率、增长率等百分比可以为负，如“-3.2%”）。")
    if unit == "%" and actual_value > 100 and _SHARE.search(level3):
        raise AnswerError(
            f"{where}“{level3}”是所占的比例，不会超过100%，实际完成值却是{_number_text(actual_value)}%，请核对"
            "（例如满意度是满意的人数除以调查的人数）。"
        )
    direction = direction or "≥"
    return Indicator(
        level1=level1, level2=level2, level3=level3, direction=direction, target=value,
        target_text=f"{direction}{_figure(value, unit)}", actual=actual_value,
        actual_text=_figure(actual_value, unit), unit=unit, points=points,
        reason=reason,
    )  # fmt: skip


def _qualitative(
    level1: str, level2: str, level3: str, target: str, actual_raw: str, points: Decimal,
    reason: str, where: str, name: Callable[[str], str] = _quoted,
) -> Indicator:  # fmt: skip
    m = _CLAIM.match(half_width(actual_raw).strip())
    band = _BAND_ALIASES.get(m["band"].strip()) if m else None
    if m is None or band is None:
        raise AnswerError(
            f"{where}是定性指标，{name('实际完成值')}请填写“达成”“部分达成”或“未达成”，"
            "部分达成、未达成时在括号中写自评得分，例如“部分达成（7分）”。"
        )
    low, high = BANDS[band]
    claimed = _decimal(m["score"], f"{where}的自评得分") if m["score"] else None
    if claimed is None and band != "达成":
        raise AnswerError(
            f"{where}为“{band}”，请在括号中写自评得分，应{_band_range(band, points)}，"
            f"例如“{band}（{_number_text(points * low)}分）”。"
        )
    if claimed is not None:
        upper_ok = claimed <= points * high if band == "达成" else claimed < points * high
        if not (points * low <= claimed and upper_ok):
            raise AnswerError(
                f"{where}“{band}”的得分应{_band_range(band, points)}{_band_beyond(band, points, claimed)}，"
                f"而不是{claimed}分。"
            )
    return Indicator(
        level1=level1, level2=level2, level3=level3, direction="定性", target=None,
        target_text=target, actual=None, actual_text=BAND_WORDS[band], points=points, band=band,  # type: ignore[arg-type]
        claimed=claimed, reason=reason,
    )  # fmt: skip


_BAND_ORDER = ["未达成", "部分达成", "达成"]  # from the lowest band up


def _band_range(band: str, points: Decimal) -> str:
    """A band's scores in words: 达成 up to the points, the others below the next band's floor."""
    low, high = (_number_text(points * share) for share in BANDS[band])
    if band == "达成":
        return f"不低于{low}分、不超过{high}分"
    return f"低于{high}分" if BANDS[band][0] == 0 else f"不低于{low}分、低于{high}分"


def _band_beyond(band: str, points: Decimal, claimed: Decimal) -> str:
    """Where a score outside its band belongs: the band above or below, or over the points."""
    low, high = BANDS[band]
    place = _BAND_ORDER.index(band)
    if claimed < points * low:
        return f"（低于{_number_text(points * low)}分为“{_BAND_ORDER[place - 1]}”）"
    if band == "达成":
        return f"（该指标分值为{_number_text(points)}分）"
    return f"（{_number_text(points * high)}分及以上为“{_BAND_ORDER[place + 1]}”）"


def parse_indicators(text: str) -> list[Indicator]:
    numbered: list[tuple[int, Indicator]] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        numbered.append((n, parse_row(split_row(line), n, numbered[-1][1] if numbered else None)))
    if not numbered:
        raise AnswerError(f"请至少填写一个指标，每行依次为：{LAYOUT}")
    if unexplained := _far_above_target(numbered):
        # finance systems require a reason at 130%: such a table is refused, as one with a row
        # scored below its points and no reason is (interview.py)
        raise AnswerError(unexplained)
    return [ind for _, ind in numbered]


def achievement(ind: Indicator) -> Decimal | None:
    """Actual ÷ target of a quantitative indicator where more is better (≥, =); None otherwise."""
    if ind.direction in ("≤", "定性") or not ind.target or ind.target < 0 or ind.actual is None:
        return None  # (a ratio of negative rates means nothing)
    return ind.actual / ind.target


def _far_above_target(numbered: list[tuple[int, Indicator]]) -> str:
    """Rows at OVER_ACHIEVEMENT_REASON of their target or more without a 偏差原因: named, with
    their ratio and what to write; "" when there are none."""
    rows = [
        f"第{n}行“{ind.level3}”（{ind.target_text}，实际{ind.actual_text}，为目标的{pct(ratio * 100)}）"
        for n, ind in numbered
        if not ind.reason and (ratio := achievement(ind)) is not None and ratio >= OVER_ACHIEVEMENT_REASON
    ]
    if not rows:
        return ""
    return (
        f"以下指标的实际完成值达到年度指标值的{plain_number(OVER_ACHIEVEMENT_REASON * 100)}%及以上，"
        "须在第7栏写明偏差原因及改进措施（常见原因是目标定得偏低）："
        + "；".join(rows)
        + "。例如：“…｜10｜年初目标偏保守，下年据实调高”。"
    )
