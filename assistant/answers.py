"""Typed text → typed value, or a clear Chinese error that says what is expected.

Every answer is kept as the cleaned text the user typed; `parse_answer` turns it into a value
whenever one is needed (figures, scores, compose), so the conversion is always repeatable.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from assistant.errors import AnswerError
from assistant.importing.paste import read_pasted
from assistant.importing.sheet import indicators_text
from assistant.indicators import parse_indicators
from assistant.models import Question
from assistant.numbers import (
    CHINESE_NUMERAL_CHARS,
    MAX_INTEGER_DIGITS,
    MONEY_UNITS,
    chinese_to_int,
    convert_money,
    money_limit,
    money_problem,
    number_problem,
    to_decimal,
)
from assistant.registry import Registry
from assistant.textclean import ITEM_NUMBER, clean_text, half_width, plain_numbers, split_row

HUNDRED = Decimal(100)

# The question types: a parser each, with its traits: multiline (typed over several lines), prose
# (its numbers are written as the report's own: plain_numbers), table (rows of cells separated by
# ｜), cell (a column of a `records` table may have it).
PARSERS: Registry[Callable[[Question, str], Any]] = Registry()


def clean_answer(question: Question, raw: str) -> str:
    """The text to store: control characters stripped, lines tidied. Rows pasted from a
    spreadsheet are tab-separated: a table's tabs become its ｜, so what is stored, echoed and
    edited reads as the rows typed by hand (a tab drew as a jump in the chat and the input)."""
    table = question.type in TABLE_TYPES
    text = clean_text(raw, multiline=question.type in MULTILINE_TYPES, keep_tabs=table)
    if table:
        text = text.replace("\t", "｜")
    if question.type == "indicators":
        text = _as_typed_rows(text)
    return plain_numbers(text) if question.type in PROSE_TYPES else text


def _as_typed_rows(text: str) -> str:
    """Indicator rows pasted with the sheet's header row (or in the 自评表's eight columns) as the
    rows the question takes, groups written out: what is stored, echoed and edited. Rows that
    cannot be read stay as pasted, for the parser to say why."""
    try:
        rows = read_pasted(text)
    except AnswerError:
        return text
    return text if rows is None else indicators_text(rows)


def parse_answer(question: Question, raw: str) -> Any:
    """The value of an answer; raises AnswerError. An empty optional answer gives None."""
    text = clean_answer(question, raw)
    if not text:
        if question.required:
            raise AnswerError(f"这一项必须填写。例如：{question.example}")
        return None
    if len(text) > question.max_length:
        raise AnswerError(f"内容过长：共{len(text)}字，这一项最多{question.max_length}字，请精简后再提交。")
    if text in _NONE_AS_ZERO and "请填0" in question.text:
        text = "0"  # the question says 没有请填0: 无 says the same (elsewhere 暂无 is not a figure: 上年数 unknown)
    return PARSERS[question.type](question, text)


_NONE_AS_ZERO = {"无", "没有", "暂无", "未发生", "零"}


def answer_from_file(value: Any, question: Question | None = None) -> str:
    """A value from a YAML/JSON answers file, as the text a user would have typed: a list one
    item (or one table row) a line, a row's cells separated by ｜. Only a question that takes
    several lines takes a list, and only a table a row of cells: joined up, [12, 13] was 编制1213人."""
    several = question is None or question.type in MULTILINE_TYPES
    table = question is None or question.type in TABLE_TYPES
    if isinstance(value, list):
        if not several:
            raise AnswerError(f"这一项只填一个值，答案文件中却是一个列表（{_shown(value)}），请只写一个。")
        return "\n".join(_row(v, question) if table and isinstance(v, list | dict) else _one(v, "列表的每一项")
                         for v in value)  # fmt: skip
    if isinstance(value, dict):
        if not table:
            raise AnswerError(f"这一项只填一个值，答案文件中却是一组“名称: 值”（{_shown(value)}），请只写一个。")
        return _row(value, question)
    return _one(value, "这一项")


def _row(cells: list[Any] | dict[Any, Any], question: Question | None) -> str:
    """A table row given as a list of its cells, or as a mapping: by the names of the question's
    columns (id or label) when it declares them, in any order (by their order, a row written
    {score: 18, points: 20} swapped the two), else in the order written."""
    if isinstance(cells, list):
        return "｜".join(_one(c, "表格每一栏") for c in cells)
    columns = question.columns if question is not None else []
    if not columns:
        return "｜".join(_one(c, "表格每一栏") for c in cells.values())
    place = {name: i for i, c in enumerate(columns) for name in (c.id, c.label)}
    row = [""] * len(columns)
    for key, cell in cells.items():
        if str(key) not in place:
            names = "、".join(f"{c.id}（{c.label}）" for c in columns)
            raise AnswerError(f"表格一行中的“{key}”不是这张表的栏目，栏目依次为：{names}。")
        row[place[str(key)]] = _one(cell, "表格每一栏")
    return "｜".join(row).rstrip("｜")


_MAX_INT_BITS = 1000  # some 300 digits: str() of a longer int is refused by Python itself past 4,300


def _one(value: Any, what: str) -> str:
    """One value as typed text; a list or mapping inside is refused (`what` says where)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        raise AnswerError(f"数字过大：最多可以填写{MAX_INTEGER_DIGITS}位整数，请核对位数。")
    if isinstance(value, str | int | float | Decimal | dt.date):
        return str(value)
    if isinstance(value, list | dict):
        raise AnswerError(f"{what}只填一个值，答案文件中却又是一个列表或映射（{_shown(value)}）。")
    raise AnswerError(f"{what}的值无法识别（不是文字或数字，如YAML的!!binary），请写成文字或数字。")


def _shown(value: Any, limit: int = 40) -> str:
    """A list or mapping of a file, short, as it was written: [12, 13], {a: 1}."""
    if isinstance(value, list):
        text = "[" + ", ".join(_shown(v, limit) for v in value[:limit]) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {_shown(v, limit)}" for k, v in list(value.items())[:limit]) + "}"
    elif isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        text = "…"
    else:
        text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stored_text(value: Any) -> str:
    """An answer as stored in a draft, as text; AnswerError for a list or mapping (a damaged or
    hand-edited draft), which is then asked again with this message, not taken as unanswered."""
    if isinstance(value, list | dict):
        raise AnswerError(f"草稿中保存的不是一个回答，而是一组数据（{_shown(value)}），无法使用。")
    return _one(value, "这一项")


# --- text types -------------------------------------------------------------


@PARSERS.register("paragraph", traits=("multiline", "prose"))
@PARSERS.register("text", traits=("prose", "cell"))  # one line
def _text(question: Question, text: str) -> str:
    return text


_SEMICOLON = re.compile(r"[；;]")
_COMMA = re.compile(r"[、，]|,(?!\d{3})")
_SENTENCE_COMMA = re.compile(r"，|,(?!\d{3})")
_ANY_SEPARATOR = re.compile(r"[；;、，]|,(?!\d{3})")
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": ")", "〈": "〉", "「": "」", "『": "』", "【": "】"}
_OPENING = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
SHORT_ITEM = 6  # characters: on one line, parts this short are items (甲、乙、丙); longer, one sentence


def _split_outside_marks(text: str, separator: re.Pattern[str]) -> list[str]:
    """`text` split where `separator` matches outside quotes and brackets: “双随机、一公开” is one
    name. Marks that do not pair up are not taken into account."""
    if not _OPENING.search(text):  # (most answers: no need to look at each character)
        return separator.split(text)
    inside, stack = [False] * len(text), []
    for i, ch in enumerate(text):
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in _PAIRS:
            stack.append(_PAIRS[ch])
        inside[i] = bool(stack)
    if stack:  # unpaired: as if there were no marks
        inside = [False] * len(text)
    parts, start = [], 0
    for match in separator.finditer(text):
        if not inside[match.start()]:
            parts.append(text[start : match.start()])
            start = match.end()
    return [*parts, text[start:]]


def split_items(text: str, *, names: bool = False) -> list[str]:
    """Items one per line; on one line, separated by ；, or else by 、 — but a line with ， is a
    sentence, one item, unless its parts are all short (甲，乙，丙). A list of names (内设机构,
    制度) is split at every separator: a name holds none of them. Never inside quotes or brackets."""
    lines = [line for line in text.split("\n") if line.strip()]
    if names:
        parts = [p for line in lines for p in _split_outside_marks(line, _ANY_SEPARATOR)]
    elif len(lines) > 1:
        parts = lines
    else:
        line = lines[0] if lines else ""
        parts = _split_outside_marks(line, _SEMICOLON)
        if len(parts) == 1:
            pieces = _split_outside_marks(line, _COMMA)
            sentence = _SENTENCE_COMMA.search(line) and any(len(p.strip()) > SHORT_ITEM for p in pieces)
            parts = [line] if sentence else pieces
    items = [ITEM_NUMBER.sub("", part).strip().rstrip("。.；;，,") for part in parts]
    return [item for item in items if item]


@PARSERS.register("list", traits=("multiline", "prose"))  # items separated by 、，；or new lines
def _list(question: Question, text: str) -> list[str]:
    items = split_items(text, names=question.list_of == "names")
    if not items:
        raise AnswerError(f"请至少列出一项，用顿号、分号或换行隔开。例如：{question.example}")
    return items


# --- numbers ---------------------------------------------------------------

_APPROXIMATE = ("约", "大约", "大概", "左右", "上下", "多", "余", "近", "若干", "几", "以上",
                "以下", "不到", "超过", "将近")  # fmt: skip
_VAGUE_NUMBERS = ("几", "若干")  # approximations even without a number: "几个", "若干"
_MEASURE_WORDS = set("个家人次项名处件份场条所座台辆户间期批篇") | {"人次", "户次", "家次", "件次", "场次", "批次"}
_QUANTITY = re.compile(r"^(?P<num>[+-]?[\d.,]+)(?P<unit>.*)$")


def _number_and_unit(question: Question, text: str, what: str) -> tuple[Decimal, str]:
    """Split '1,234.5万元' into (Decimal, '万元'); refuse words and approximations."""
    t = half_width(text).replace(" ", "").replace("\u2212", "-").rstrip("。")
    t = re.sub(r"^(人民币|¥)", "", t)
    if t.startswith("负"):
        t = "-" + t[1:]
    hint = f"请填写{what}。例如：{question.example}"
    has_number = re.search(f"[0-9{CHINESE_NUMERAL_CHARS}]", t) is not None
    for word in _APPROXIMATE if has_number else _VAGUE_NUMBERS:
        if word in t:
            raise AnswerError(
                f"请填写准确的数字，不要用“{word}”这类估计的说法（报告里的数字要能核对）。例如：{question.example}"
            )
    m = _QUANTITY.match(t)
    if m:
        number = to_decimal(m["num"])
        if number is None:
            raise AnswerError(f"“{text}”不是一个能识别的数字（千位分隔符应每三位一个）。{hint}")
        return _bounded(question, number), m["unit"]
    lead = re.match(f"^[{CHINESE_NUMERAL_CHARS}]+", t)
    if lead:
        value = chinese_to_int(lead.group())
        if value is not None:
            return _bounded(question, Decimal(value)), t[lead.end() :]
    raise AnswerError(f"这里需要一个数字，“{text}”无法识别为数字。{hint}")


def _bounded(question: Question, number: Decimal) -> Decimal:
    """The number, if it has few enough digits for exact arithmetic (numbers.MAX_INTEGER_DIGITS)."""
    if (problem := number_problem(number)) is not None:
        too_large = number.is_finite() and number.adjusted() >= MAX_INTEGER_DIGITS
        raise AnswerError(money_limit(question.unit) if too_large and question.type == "money" else problem)
    return number


def _check_bounds(question: Question, value: Decimal, unit_text: str) -> None:
    if question.min is not None and value < question.min:
        if value == 0 < question.min:  # e.g. 是 to the question before, then 0; or a figure's divisor
            why = f"：{question.min_why}。" if question.min_why else "，"
            raise AnswerError(f"这一项不能为0{why}请填写实际数字（不小于{question.min}{unit_text}）。")
        raise AnswerError(f"数值不能小于{question.min}{unit_text}，请核对后重新填写。")
    if question.max is not None and value > question.max:
        raise AnswerError(f"数值不能大于{question.max}{unit_text}，请核对后重新填写。")


# a bare number this large (≥ 100亿元 when read as 万元) was almost surely typed in 元
_IMPLAUSIBLE_WAN = Decimal(1_000_000)


@PARSERS.register("money", traits=("cell",))  # in the question's unit (万元 by default)
def _money(question: Question, text: str) -> Decimal:
    number, typed_unit = _number_and_unit(question, text, f"金额（单位：{question.unit}）")
    unit = typed_unit or question.unit
    if unit not in MONEY_UNITS:
        raise AnswerError(f"无法识别金额单位“{unit}”，请用元、万元或亿元。例如：{question.example}")
    if number < 0:
        raise AnswerError("金额不能为负数。如果是减少额，请填写数额本身，并在说明中写明减少。")
    if not typed_unit and question.unit == "万元" and number >= _IMPLAUSIBLE_WAN:
        raise AnswerError(
            f"没有写单位时按万元计算，{text.strip()}万元即{number / 10_000:.0f}亿元，明显偏大。"
            f"如果是以元为单位，请写成“{text.strip()}元”；确实是万元请写成“{text.strip()}万元”。"
        )
    if (problem := money_problem(number, unit, question.unit)) is not None:
        raise AnswerError(problem)
    value = convert_money(number, unit, question.unit)
    _check_bounds(question, value, question.unit)
    return value


@PARSERS.register("percent", traits=("cell",))
def _percent(question: Question, text: str) -> Decimal:
    t = half_width(text).replace(" ", "")
    if t.startswith("百分之"):
        t = t[3:] + "%"
    number, unit = _number_and_unit(question, t, "百分比")
    if unit not in ("", "%"):
        raise AnswerError(f"百分比只需填写数字和%号。例如：{question.example}")
    upper = question.max if question.max is not None else HUNDRED
    if number > upper:
        raise AnswerError(f"百分比不能超过{upper}%，请核对后重新填写。")
    lower = question.min if question.min is not None else Decimal(0)
    if number < lower:
        raise AnswerError(f"百分比不能小于{lower}%，请核对后重新填写。")
    return number


@PARSERS.register("number", traits=("cell",))  # with a unit (吨, 人次 …)
def _number(question: Question, text: str) -> Decimal:
    label = f"数字（单位：{question.unit}）" if question.unit else "数字"
    number, unit = _number_and_unit(question, text, label)
    if unit and unit != question.unit:
        if unit in MONEY_UNITS and question.unit in MONEY_UNITS:
            if (problem := money_problem(number, unit, question.unit)) is not None:
                raise AnswerError(problem)
            number = convert_money(number, unit, question.unit)
        elif not question.unit:  # e.g. a 上年数 column whose unit has a column of its own
            raise AnswerError(f"这里只填数字，不要带单位“{unit}”。例如：{question.example}")
        else:
            raise AnswerError(f"单位应为“{question.unit}”，而不是“{unit}”。例如：{question.example}")
    if number < 0 and (question.min is None or question.min >= 0):
        raise AnswerError("这里不能填负数；如果是减少，请在说明中写明。")
    _check_bounds(question, number, question.unit)
    return number


class Count(int):
    """A count with the measure word typed after it (6512人, 6512人次, 42户): the report writes it
    as typed, not with the question's default unit."""

    unit: str

    def __new__(cls, value: int, unit: str) -> Count:
        count = super().__new__(cls, value)
        count.unit = unit
        return count


@PARSERS.register("count", traits=("cell",))  # a whole number, Chinese numerals accepted
def _count(question: Question, text: str) -> int:
    number, unit = _number_and_unit(question, text, "整数")
    if unit.startswith("万") and (unit[1:] in _MEASURE_WORDS or unit[1:] in ("", question.unit)):
        number, unit = number * 10_000, unit[1:]  # 4.2万户: counts of farmers are told in 万
    if unit and unit != question.unit and unit not in _MEASURE_WORDS:
        raise AnswerError(f"请只填写个数（可带“{question.unit or '个'}”）。例如：{question.example}")
    if number != number.to_integral_value():
        raise AnswerError("这里需要一个整数（个数不能有小数）。")
    if number < 0:
        raise AnswerError("个数不能为负数。")
    _check_bounds(question, number, question.unit)
    return Count(int(number), unit or question.unit)


# --- choices and dates ---------------------------------------------------------

_YES = {"是", "有", "对", "对的", "需要", "y", "yes", "是的", "存在", "有的"}
_NO = {"否", "无", "没有", "不", "不是", "n", "no", "不存在", "不需要"}


# the question's verb as the answer, with or without its object: 开展了, 已开展绩效运行监控 (yes);
# 未开展, 暂未开展监控, 没有监控 (no). The no-words are tried first: 开展不了 is not a yes.
_VERBS = "(开展|进行|实施|发放|建立|落实|完成|做|监控|跟踪|组织)"
_NO_VERB = re.compile(rf"^(都|均|全部)?(未|没有?|尚未|暂未|不曾|从未|不){_VERBS}[^，。]{{0,12}}$")
_YES_VERB = re.compile(rf"^(已经?|有|均已|都已?|全部|已全部)?{_VERBS}(了|过)?[^不未没无否]{{0,12}}$")


@PARSERS.register("yesno")  # 是 / 否
def _yesno(question: Question, text: str) -> bool:
    t = half_width(text).strip().lower().rstrip("。.!！")
    # "是，每季度开展一次" : the answer is the word before the first comma
    t = re.split(r"[,，;；。]", t, maxsplit=1)[0].strip()
    if t in _NO or _NO_VERB.match(t):
        return False
    if t in _YES or _YES_VERB.match(t):
        return True
    raise AnswerError("请回答“是”或“否”。")


@PARSERS.register("choice", traits=("cell",))  # one of the question's `choices`
def _choice(question: Question, text: str) -> str:
    t = half_width(text).strip().rstrip("。.、")
    options = "；".join(f"{i}. {c}" for i, c in enumerate(question.choices, 1))
    ordinal = re.sub(r"^第|[项个条种]$", "", t)  # 第二项, 二, 2
    number = int(ordinal) if ordinal.isdecimal() and len(ordinal) < 4 else chinese_to_int(ordinal)
    if number is not None and 1 <= number <= len(question.choices):
        return question.choices[number - 1]
    # compare in half width on both sides: a choice may hold a full-width comma
    exact = [c for c in question.choices if half_width(c) == t]
    if exact:
        return exact[0]
    partial = [c for c in question.choices if t and t in half_width(c)]
    if len(partial) == 1:
        return partial[0]
    raise AnswerError(f"请从以下选项中选择（填写序号或选项文字）：{options}")


@PARSERS.register("year")  # 2025
def _year(question: Question, text: str) -> int:
    return read_year(text, example=question.example)


def read_year(text: str, *, example: str = "2025") -> int:
    """The year evaluated, however typed (2025, ２０２５年, 2025年度, 二〇二五): the one check of
    a year, for the year question and the dialog that makes a draft; AnswerError saying why not."""
    t = half_width(text).replace(" ", "").removesuffix("年度").removesuffix("年")
    year = int(t) if t.isdecimal() and len(t) < 6 else chinese_to_int(t)
    if year is None or not 2000 <= year <= 2100:
        raise AnswerError(f"请填写四位数的年份。例如：{example}")
    if (problem := future_year(year)) is not None:
        raise AnswerError(problem)
    return year


def future_year(year: int) -> str | None:
    """Why a year cannot be the one evaluated: a self-evaluation is of a year already under way
    or over."""
    this = dt.date.today().year
    return f"评价年度不能晚于今年（{this}年）：自评报告评价的是已经开展的年度。" if year > this else None


_DATE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


@PARSERS.register("date")  # 2025年12月31日
def _date(question: Question, text: str) -> dt.date:
    m = _DATE.match(half_width(text).strip())
    if not m:
        raise AnswerError(f"请填写有效的日期，年、月、日都要有。例如：{question.example}")
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        raise AnswerError(f"没有{month}月，月份应为1至12。例如：{question.example}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise AnswerError(f"{year}年{month}月没有{day}日（这个月只有{last}天）。例如：{question.example}") from None


# --- tables ---------------------------------------------------------------------


@PARSERS.register("records", traits=("multiline", "table"))  # with the columns the question declares
def _records(question: Question, text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    layout = "｜".join(c.label for c in question.columns)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        cells = split_row(line)
        if len(cells) > len(question.columns):
            raise AnswerError(f"第{n}行有{len(cells)}栏，多于{len(question.columns)}栏：{layout}")
        cells += [""] * (len(question.columns) - len(cells))
        row: dict[str, Any] = {}
        for column, cell in zip(question.columns, cells, strict=True):
            if not cell:
                if column.required:
                    raise AnswerError(f"第{n}行缺少“{column.label}”。每行依次为：{layout}")
                row[column.id] = None
                continue
            as_question = Question(
                id=column.id, section=question.section, text=column.label, help="",
                example=question.example, type=column.type, unit=column.unit, choices=column.choices,
            )  # fmt: skip
            try:
                row[column.id] = PARSERS[column.type](as_question, cell)
            except AnswerError as err:
                raise AnswerError(f"第{n}行“{column.label}”：{err.message}") from None
        rows.append(row)
    if not rows:
        raise AnswerError(f"请至少填写一行，每行依次为：{layout}")
    return rows


@PARSERS.register("indicators", traits=("multiline", "table"))  # one indicator a row
def _indicators(question: Question, text: str) -> Any:
    pasted = read_pasted(text)  # (with a header row: the columns by their names)
    return parse_indicators(text) if pasted is None else [row.indicator for row in pasted]


MULTILINE_TYPES = PARSERS.having("multiline")
PROSE_TYPES = PARSERS.having("prose")
TABLE_TYPES = PARSERS.having("table")
CELL_TYPES = PARSERS.having("cell")
