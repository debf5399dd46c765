"""How figures and lists are written in a 公文: 228.63万元, 96.50%, 一、（一）1.（1）, 甲、乙和丙."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

from assistant.figures import round2
from assistant.textclean import ITEM_NUMBER, split_row
from assistant.wording import pending, words


class Missing:
    """An answer not given yet: prints as its placeholder (wording.pending), is falsy, iterates as nothing."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        return pending(self.label)

    def __bool__(self) -> bool:
        return False

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


def _passthrough(func: Any) -> Any:
    """Filters print a Missing value as its placeholder instead of failing."""

    def wrapper(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, Missing) or value is None:
            return str(value) if isinstance(value, Missing) else pending()
        return func(value, *args, **kwargs)

    wrapper.__name__ = func.__name__
    return wrapper


def plain_number(value: Decimal | int) -> str:
    """Up to two decimals, trailing zeros dropped: 98 → 98, 9.50 → 9.5, 9.9834 → 9.98."""
    text = format(round2(Decimal(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@_passthrough
def money(value: Decimal, unit: str = "万元") -> str:
    """Money in 万元 with two decimals: 8 → 8.00万元."""
    return f"{round2(Decimal(value))}{unit}"


@_passthrough
def quantity(value: Decimal, unit: str = "") -> str:
    """A figure with its unit: 万元 and 亿元 in two decimals, as all money (22088.40万元), others as typed."""
    return money(value, unit) if unit in ("万元", "亿元") else f"{plain_number(value)}{unit}"


@_passthrough
def pct(value: Decimal) -> str:
    return f"{round2(Decimal(value))}%"


@_passthrough
def num(value: Decimal | int, unit: str = "") -> str:
    return f"{plain_number(value)}{unit}"


def score_text(value: Decimal | int) -> str:
    """A score or points on their own: whole as they are (98), otherwise two decimals (49.80)."""
    rounded = round2(Decimal(value))
    return format(rounded.to_integral_value(), "f") if rounded == rounded.to_integral_value() else format(rounded, "f")


def two_decimals(value: Decimal | int) -> str:
    return format(round2(Decimal(value)), "f")


def score_style(card: Any) -> Any:
    """How the scores of one report's tables (and F3) are written: one format per table, whole
    numbers while every score is whole (target management's 20, 99), else two decimals for each
    (5.00 beside 5.52 and 98.00, never 3.5 beside 5.52)."""
    return score_text if card is None or card.whole_scores else two_decimals


@_passthrough
def score(value: Decimal) -> str:
    """A score in the text (得分, 扣分, 总分): 50分 when whole, else two decimals, 49.80分 beside
    29.53分 (never 49.8分)."""
    return f"{score_text(value)}分"


@_passthrough
def points(value: Decimal) -> str:
    """Points (分值, 满分, 标准分): as given, 10分, 2.5分."""
    return f"{score_text(value)}分"


_SHORT_NAMES = (  # the last words of a unit's name → how the report calls it after declaring it once
    ("街道办事处", "我街道"),
    ("委员会", "我委"),
    ("联合会", "我会"),
    ("总工会", "我会"),
    ("工会", "我会"),
    ("协会", "我会"),
    ("办公室", "我办"),
    ("中心", "我中心"),
    ("局", "我局"),
    ("委", "我委"),
    ("厅", "我厅"),
    ("办", "我办"),
    ("院", "我院"),
    ("所", "我所"),
    ("站", "我站"),
    ("馆", "我馆"),
    ("队", "我队"),
    ("处", "我处"),
    ("团", "我团"),
    ("社", "我社"),
    ("校", "我校"),
    ("学", "我校"),
    ("镇", "我镇"),
    ("乡", "我乡"),
    ("街道", "我街道"),
    ("部", "我部"),
    ("会", "我会"),
)


def short_name(unit: Any) -> str:
    """The short name a report declares once (以下简称“我局”): 我局, 我会, 我中心 …, else 我单位;
    a township's government is 我镇 / 我乡, a 街道办事处 我街道."""
    name = clause(unit)
    if name.endswith("人民政府"):
        name = name[: -len("人民政府")]
    for ending, short in _SHORT_NAMES:
        if name.endswith(ending):
            return short
    return "我单位"


def cause(reason: Any) -> str:
    """The cause in a 偏差原因分析及改进措施 cell written “cause；measure”: the part before the first ；."""
    return clause(re.split(r"[；;]", clause(reason), maxsplit=1)[0])


def remedy(reason: Any) -> str:
    """The measure in such a cell: the part after the first ；, "" when it states none."""
    parts = re.split(r"[；;]", clause(reason), maxsplit=1)
    return clause(parts[1]) if len(parts) > 1 else ""


def quote(text: Any) -> str:
    """A name in quotation marks; its own “” become the inner ‘’ (“‘三公’经费变动率”, never ““三公”…”)."""
    return "“" + clause(text).replace("“", "‘").replace("”", "’") + "”"


def without_prefix(text: Any, prefix: str) -> str:
    """User text that starts with the template's own word (建议…after 此外，建议) without it."""
    body = clause(text)
    return body[len(prefix) :].lstrip("：:，, ") if body.startswith(prefix) else body


@_passthrough
def change(value: Decimal, up: str = "", down: str = "") -> str:
    """A growth figure as words: 7.38 → 增长7.38%, −3.2 → 下降3.20%, 0 → 与上年持平 (the words of
    words.yaml's `change` unless a template gives its own: 增加, 减少)."""
    said = words()["change"]
    if value == 0:
        return said["none"]
    word = (up or said["up"]) if value > 0 else (down or said["down"])
    return f"{word}{round2(abs(Decimal(value)))}%"


_DIGITS = "零一二三四五六七八九"
_PLACES = ("", "十", "百", "千")


def cn_number(n: int) -> str:
    """A whole number in Chinese numerals, as an ordinal is read: 1 → 一, 10 → 十, 12 → 十二,
    100 → 一百, 101 → 一百零一, 110 → 一百一十, 10005 → 一万零五 (any size: 万, 亿, 亿亿)."""
    if n < 0:
        return "负" + cn_number(-n)
    text = _full(n)
    return text[1:] if text.startswith("一十") else text  # 十二, 十万 (but 一百一十二)


def _full(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    for size, name in ((10**8, "亿"), (10**4, "万")):
        if n >= size:
            high, low = divmod(n, size)
            gap = "零" if 0 < low < size // 10 else ""  # 一万零五, 一亿零五万
            return _full(high) + name + gap + (_full(low) if low else "")
    out, zero = "", False
    for place in (3, 2, 1, 0):
        digit = n // 10**place % 10
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + _PLACES[place]
        zero = not digit
    return out


def ordinal(n: int, level: int = 1) -> str:
    """The numbering of a heading level: 一、 （一） 1. （1）."""
    return {1: f"{cn_number(n)}、", 2: f"（{cn_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


_SEPARATING = "。！？；，、：;,.!?:"  # marks after which a line of an answer needs no 分号 (clause)


def clause(text: Any) -> str:
    """User text to be embedded in a sentence: its closing punctuation removed. The lines of a
    multi-line answer become the parts of one sentence, a 分号 between two that have no mark."""
    if isinstance(text, Missing):
        return str(text)
    joined = ""
    for line in str(text).split("\n"):
        line = line.strip()
        if line:
            joined += ("；" if joined and joined[-1] not in _SEPARATING else "") + line
    return joined.rstrip("。；;，,.、：: ")


@_passthrough
def join_cn(items: Any, last: str = "、") -> str:
    """['甲','乙','丙'] → 甲、乙、丙 (or 甲、乙和丙 with last='和')."""
    parts = [clause(x) for x in items if str(x).strip()]
    if len(parts) > 1 and last != "、":
        return "、".join(parts[:-1]) + last + parts[-1]
    return "、".join(parts)


@_passthrough
def enumerate_cn(items: Any, sep: str = "；") -> str:
    """['a','b'] → 一是a；二是b。 (the 一是……二是…… pattern of a 公文)."""
    parts = [clause(x) for x in items if str(x).strip()]
    return sep.join(f"{cn_number(i)}是{p}" for i, p in enumerate(parts, 1)) + "。"


@_passthrough
def sentence(text: Any) -> str:
    """User text as a full sentence ending in 。 (one, never two)."""
    body = clause(text)
    return f"{body}。" if body else ""


def paragraphs(text: Any) -> list[str]:
    """A multi-line answer as its paragraphs, each ending with a full stop; a missing answer
    has none (a template's `{% for %}…{% else %}` then prints its placeholder)."""
    if text is None or isinstance(text, Missing):
        return []
    return [sentence(line) for line in str(text).split("\n") if line.strip()]


def next_year_rows(text: Any, keep: list[int], moves: dict[int, int] | None = None) -> str:
    """Last year's table (rows of cells separated by ｜) as the start of this year's: the cells at
    `keep` stay, each cell at a key of `moves` takes last year's cell at its value (本年数 becomes
    上年数), and the rest start empty, for the user to fill in; "" without last year's table."""
    if text is None or isinstance(text, Missing) or not str(text).strip():
        return ""
    moves = moves or {}
    width = max([*keep, *moves, *moves.values()]) + 1
    rows = []
    for line in str(text).split("\n"):
        cells = split_row(line)
        if not any(cells):
            continue
        cells += [""] * (width - len(cells))
        new = [cells[i] if i in keep else cells[moves[i]] if i in moves else "" for i in range(width)]
        rows.append("｜".join(new).rstrip("｜"))
    return "\n".join(rows)


def unnumbered(text: Any) -> str:
    """A paragraph without the number it was typed with (一是, （一）, 1.): the report numbers
    it itself, so 一是一是… is never written."""
    return ITEM_NUMBER.sub("", str(text), count=1)


@_passthrough
def date_cn(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def today_cn() -> str:
    return date_cn(dt.date.today())


_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_CJK = r"[\u3400-\u9fff\uf900-\ufaff（）《》“”]"
_BETWEEN = rf"(?<={_CJK})\s*([,;:?!.])\s*(?={_CJK})"
_AFTER_CJK_AT_END = rf"(?<={_CJK})\s*([,;:?!.])\s*$"
# a comma or semicolon between Chinese and a figure (25场次,30个工种; 100%,意见): prose answers
# carry no thousands separators (plain_numbers), so such a comma is punctuation
_CJK_THEN_FIGURE = rf"(?<={_CJK})\s*([,;])\s*(?=\d)"
_FIGURE_THEN_CJK = rf"(?<=[\d%])\s*([,;])\s*(?={_CJK})"
_PARENS = r"\(([^()]*[\u3400-\u9fff][^()]*)\)"
_DOUBLED = r"([。，、；：！？])\1+"
_CLASHING = r"[，、；：]+(?=[。！？])|(?<=[。！？])[，、；]+"
# the year of a 文号 typed in square brackets: 青财绩[2026]3号 → 青财绩〔2026〕3号 (GB/T 9704: 六角括号)
_DOC_YEAR = r"([\u4e00-\u9fff])[\[［【]((?:19|20)\d{2})[\]］】](\s*第?\d+号)"


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """A pattern compiled when first needed: one with a class of the CJK characters takes a
    millisecond or two to compile, and most texts have nothing for most of them to act on."""
    return re.compile(source)


def _has(text: str, chars: str) -> bool:
    return any(c in text for c in chars)


def _to_full(m: re.Match[str]) -> str:
    return _ASCII_TO_FULL[m.group(1)]


def tidy_punctuation(text: str) -> str:
    """ASCII punctuation between Chinese characters → full-width; no 。。 or ，。 pile-ups.
    (A pattern is applied only to a text with a character it needs: the same result.)"""
    if "(" in text:
        text = _pattern(_PARENS).sub(r"（\1）", text)
    if _has(text, ",;:?!."):
        text = _pattern(_BETWEEN).sub(_to_full, text)
        text = _pattern(_AFTER_CJK_AT_END).sub(_to_full, text)
    if _has(text, ",;"):
        text = _pattern(_CJK_THEN_FIGURE).sub(_to_full, text)
        text = _pattern(_FIGURE_THEN_CJK).sub(_to_full, text)
    text = _pattern(_DOUBLED).sub(r"\1", text)
    if _has(text, "[［【"):
        text = _pattern(_DOC_YEAR).sub(r"\1〔\2〕\3", text)
    return _pattern(_CLASHING).sub("", text)


# a document number at the end of a name: （财预〔2020〕10号）, (青农发[2025]12号)
_DOC_NUMBER = re.compile(r"\s*[（(]([^（）()]*[〔［\[【]\d{4}[〕］\]】]\s*第?\d+号)[）)]$")


def _book_title(name: str) -> str:
    """One document's name in book-title marks, its number after them: 办法（财预〔2020〕10号） →
    《办法》（财预〔2020〕10号）. A name the user marked whole is left as written; marks inside a
    name become the inner ones: 关于印发《办法》的通知 → 《关于印发〈办法〉的通知》."""
    name = clause(name)
    number = _DOC_NUMBER.search(name)
    base = name[: number.start()].strip() if number else name
    tail = f"（{number.group(1)}）" if number else ""
    if not base:  # a number alone: nothing to mark
        return name
    if base.startswith("《") and base.endswith("》"):
        return base + tail
    return f"《{base.replace('《', '〈').replace('》', '〉')}》{tail}"


@_passthrough
def field_name(text: Any) -> str:
    """A field of work as it goes before 目标管理: 农业农村经济工作 → 农业农村经济 (the words
    that follow it in the title would otherwise be said twice)."""
    name = clause(text)
    cut = True
    while cut:  # 农业农村经济工作目标管理 → 农业农村经济
        cut = False
        for tail in ("目标管理", "目标", "工作"):
            if name.endswith(tail) and len(name) > len(tail):
                name, cut = name[: -len(tail)], True
    return name


@_passthrough
def book_title(name: Any) -> str:
    return _book_title(str(name))


@_passthrough
def titles(items: Any) -> str:
    """Document names in book-title marks: ['预算法', '《条例》'] → 《预算法》《条例》; after a
    document number, a 顿号: 《办法》（财预〔2020〕10号）、《预算法》."""
    out = ""
    for title in (_book_title(str(x)) for x in items if str(x).strip()):
        out += ("、" if out.endswith("）") else "") + title
    return out


def target_words(indicator: Any) -> str:
    """An indicator's 年度指标值 as words: ≥90% → 不低于90%, ≤8万元 → 不高于8万元."""
    if indicator.direction == "定性":
        return str(indicator.target_text)
    return words()["target"][indicator.direction] + indicator.target_text.lstrip("≥≤=")


NONE_WORDS = {"无", "暂无", "没有", "无问题", "暂无问题", "没有问题", "不存在问题", "无明显问题", "暂未发现问题",
              "未发现问题", "无其他问题"}  # fmt: skip


def real_items(items: Any) -> list[Any]:
    """A list answer without its "无"/"暂无" entries."""
    return [x for x in items if clause(x).strip("。. ") not in NONE_WORDS]


FILTERS: dict[str, Any] = {
    "real_items": real_items,
    "titles": titles,
    "book_title": book_title,
    "unnumbered": unnumbered,
    "next_year_rows": next_year_rows,
    "field_name": field_name,
    "target_words": target_words,
    "money": money,
    "quantity": quantity,
    "pct": pct,
    "num": num,
    "score": score,
    "points": points,
    "short_name": short_name,
    "cause": cause,
    "remedy": remedy,
    "without_prefix": without_prefix,
    "quote": quote,
    "change": change,
    "cn": cn_number,
    "ordinal": ordinal,
    "clause": clause,
    "join_cn": join_cn,
    "enumerate_cn": enumerate_cn,
    "sentence": sentence,
    "paragraphs": paragraphs,
    "date_cn": date_cn,
    "pending": pending,  # {{ (item.name ~ "的扣分原因") | pending }}: the placeholder naming it
}


@_passthrough
def versus_last(value: Decimal, up: str = "", down: str = "") -> str:
    """A growth figure against last year as words: 7.3775 → 比上年增长7.38%, −3.2 → 比上年下降3.20%,
    0 → 与上年持平 (a fall is stated as 下降 with the absolute value, never a negative growth)."""
    if value == 0:
        return words()["change"]["none"]
    return words()["change"]["versus_last"].format(change(value, up, down))


FILTERS["versus_last"] = versus_last
