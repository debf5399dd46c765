"""Column widths of a Word table, from what its cells hold.

Cells are measured in em of the table's 12 pt type (a Chinese character is 1 em, a digit 0.5,
a Latin letter about 0.55). Each grid column gets, from its one-column cells:

- least: what must not break — the longest number or Latin run, and two Chinese characters
  (a header such as 分值 stays on one line);
- want: a value (a cell with a digit, e.g. ≥12处, 87.55%) on one line when it is short
  (at most VALUE_EM), else in balanced lines; prose (a left-aligned cell: 三级指标,
  偏差原因…) on one line; a centred label or a header only its least (they wrap);
- head: its headers on one line;
- prose: how much prose it holds, the share of a text column.

When every column's want fits, the columns get their want, then room for their headers, then
the rest in proportion to their widths. When not, the columns without prose keep their want
and the text columns share the rest in proportion to their prose (each at least FLOOR_EM, at
most its want: what one cannot take goes to the others); only when even that does not fit do
all columns shrink toward their least.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass

from assistant.export import docx_layout as L
from assistant.export.docx_text import display_width
from assistant.models import Cell

VALUE_EM = 5.0  # a value up to five characters wide stays on one line
FLOOR_EM = 4.0  # a text column is not made narrower than four characters while others can give
_TOKEN = re.compile(r"[0-9A-Za-z.%+\-≥≤=×/:,]+")
# Times New Roman (the runs' Latin font, which Word also takes for ≥ ≤ × and — as they carry no
# eastAsia hint): digits 0.5 em, "." 0.25, "%" 0.83, ≥ 0.55, — 1; Latin letters about 0.55
_EM = {"%": 0.85, "≥": 0.6, "≤": 0.6, "×": 0.6, "—": 1.0, ".": 0.25, ",": 0.25, ":": 0.3, "/": 0.3}
AUTOSPACE_EM = 0.25
_DIGIT = re.compile(r"\d")
_SLACK = 20  # twips a column keeps beyond its text and margins (rounding in the renderers)


# em, least_em and _char_em are pure: cached, as the same labels and values come back in every
# row and every report of a batch (measuring them was a quarter of an export)
@functools.lru_cache(maxsize=8192)
def em(text: str) -> float:
    """Width of the longest line of `text`, in em of the table type."""
    return max((_line_em(line) for line in text.split("\n")), default=0.0)


def _line_em(line: str) -> float:
    """The characters' widths, plus the space Word and LibreOffice put between a Chinese
    character and a Latin letter or digit next to it (autoSpaceDE / autoSpaceDN, on by
    default: "3.05 万人"; LibreOffice puts 2.5 pt at 12 pt, counted here as a quarter em)."""
    width = sum(_char_em(ch) for ch in line)
    kinds = [_kind(ch) for ch in line]
    width += AUTOSPACE_EM * sum(1 for a, b in itertools.pairwise(kinds) if {a, b} == {"han", "latin"})
    return width


def _kind(ch: str) -> str:
    if ch.isascii() and ch.isalnum():
        return "latin"
    return "han" if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" else "other"


@functools.lru_cache(maxsize=8192)
def _char_em(ch: str) -> float:
    if ch in _EM:
        return _EM[ch]
    if ch.isdigit() and ch.isascii():
        return 0.5
    return 1.0 if display_width(ch) == 1.0 else 0.55


@functools.lru_cache(maxsize=8192)
def least_em(text: str) -> float:
    """What of `text` must stay on one line: its longest number / Latin run, or two Chinese
    characters."""
    longest = max((em(token) for token in _TOKEN.findall(text)), default=0.0)
    has_cjk = any(display_width(ch) == 1.0 and ch not in _EM for ch in text)
    return max(longest, 2.0 if has_cjk else 0.0)


@dataclass
class Column:
    """What one grid column's cells ask for, in em."""

    least: float = 0.0
    want: float = 0.0
    head: float = 0.0
    prose: float = 0.0

    def add(self, cell: Cell, *, header: bool) -> None:
        text = cell.text.strip()
        least = least_em(text)
        self.least = max(self.least, least)
        if header:
            self.head = max(self.head, em(text))
        elif cell.align == "left":
            self.want = max(self.want, em(text))
            self.prose += sum(em(line) for line in text.split("\n"))
        elif _DIGIT.search(text):
            self.want = max(self.want, _value_em(text, least))

    @property
    def is_text(self) -> bool:
        return self.prose > 0


def _value_em(text: str, least: float) -> float:
    """A value on one line when it is at most VALUE_EM wide, else in as few balanced lines."""
    width = em(text)
    if width <= VALUE_EM:
        return width
    return max(least, width / math.ceil(width / VALUE_EM))


def _grow(base: list[float], extra: float, weights: list[float], cap: list[float]) -> list[float]:
    """`base` plus `extra` handed out in proportion to `weights`, no column above its cap;
    what a capped column cannot take goes to the others."""
    out = list(base)
    active = [i for i in range(len(out)) if weights[i] > 0 and out[i] < cap[i]]
    while extra > 1e-9 and active:
        total = sum(weights[i] for i in active)
        full = [i for i in active if out[i] + extra * weights[i] / total >= cap[i]]
        if not full:
            for i in active:
                out[i] += extra * weights[i] / total
            return out
        for i in full:
            extra -= cap[i] - out[i]
            out[i] = cap[i]
        active = [i for i in active if i not in full]
    return out


def _share(room: float, weights: dict[int, float], floor: list[float], cap: list[float]) -> dict[int, float]:
    """`room` split among the columns of `weights` in proportion to them, each column within its
    floor and cap: the widths are clamp(t × weight) for the t at which they add up to `room`
    (found by bisection; they add up to less only when every column is at its cap)."""

    def widths(t: float) -> dict[int, float]:
        return {i: min(cap[i], max(floor[i], t * w)) for i, w in weights.items()}

    low, high = 0.0, 1.0
    while sum(widths(high).values()) < room and high < 1e12:
        high *= 2
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if sum(widths(mid).values()) < room else (low, mid)
    return widths(high)


def fit(columns: list[Column], room: float) -> list[float]:
    """Widths in em (summing to `room`) for the columns, as the module docstring says."""
    n = len(columns)
    least = [c.least for c in columns]
    want = [max(c.least, c.want) for c in columns]
    if sum(want) <= room:
        head = [max(w, c.head) for w, c in zip(want, columns, strict=True)]
        out = _grow(want, room - sum(want), [h - w for h, w in zip(head, want, strict=True)], head)
        weights = out if sum(out) > 0 else [1.0] * n
        return _grow(out, room - sum(out), weights, [math.inf] * n)
    floor = [max(c.least, min(w, FLOOR_EM)) if c.is_text else w for c, w in zip(columns, want, strict=True)]
    if sum(floor) <= room:
        text = {i: c.prose for i, c in enumerate(columns) if c.is_text}
        fixed = sum(w for i, w in enumerate(want) if i not in text)
        shared = _share(room - fixed, text, floor, want)
        return [shared.get(i, w) for i, w in enumerate(want)]
    if sum(least) <= room:
        return _grow(least, room - sum(least), [w - m for w, m in zip(want, least, strict=True)], want)
    return [m * room / sum(least) for m in least]  # cannot fit: shrink all alike


def _whole_characters(widths: list[float], columns: list[Column], pad: float, size: float) -> list[float]:
    """The text columns that wrap narrowed to a whole number of Chinese characters (a line
    holds whole characters: the rest of a column's width is lost), the room this frees given
    back a character at a time to the columns that lost most, the remainder to the widest."""
    out = list(widths)
    char = size * 20 + L.CHAR_SPACING  # twips a character takes (condensed like Normal)
    pitch = size * 20
    wrapping = [i for i, c in enumerate(columns) if c.is_text and out[i] - pad < c.want * pitch]
    freed = 0.0
    lost: dict[int, float] = {}
    for i in wrapping:
        room = out[i] - pad  # the text's width, less the slack kept for the renderers
        whole = math.floor(room / char) * char
        if whole >= columns[i].least * pitch:  # never below what may not break
            lost[i] = room - whole
            freed += room - whole
            out[i] -= room - whole
    for i in sorted(lost, key=lambda k: -lost[k]):
        if freed < char:
            break
        out[i] += char
        freed -= char
    if lost:
        out[max(lost, key=lambda k: out[k])] += freed
    return out


def column_widths(columns: list[Column], total: int = L.TEXT_WIDTH, size: float = L.TABLE_SIZE) -> list[int]:
    """Twips per grid column, summing to `total` exactly, for type of `size` points."""
    n = len(columns)
    pitch = size * 20  # twips per em
    pad = min(2 * L.TABLE_CELL_MARGIN + _SLACK, total // max(n, 1))
    room = max(total - n * pad, 0) / pitch
    widths = _whole_characters([w * pitch + pad for w in fit(columns, room)], columns, pad, size)
    out = [int(w) for w in widths]
    # hand the rounding remainder out from the widest columns so the sum is exact
    for i in sorted(range(n), key=lambda k: -widths[k])[: total - sum(out)]:
        out[i] += 1
    return out


# --- a form's columns balanced for height -----------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A cell's text as the balancing sees it: the grid column it takes, the rows it spans, the
    widths in em of its lines, the least em it may be given (its longest unbreakable run), and
    whether it is a centred label (数量指标), which should not break 3 + 1 (数量指 / 标)."""

    col: int
    row: int
    rows: int
    lines: tuple[float, ...]
    least: float
    label: bool


def box(cell: Cell, col: int, row: int) -> Box:
    """A one-column cell as the balancing sees it; a short value (≥300人次, 87.55%) is kept on one
    line, as `fit` keeps it."""
    text = cell.text.strip()
    least = least_em(text)
    value = bool(_DIGIT.search(text))
    if cell.align != "left" and value and em(text) <= VALUE_EM:
        least = em(text)
    lines = tuple(em(line) for line in text.split("\n"))
    return Box(col, row, cell.rowspan, lines, least, label=cell.align != "left" and not value)


ORPHAN = 0.5  # a line's worth of cost for a label's last character alone on its line


def _cell_cost(b: Box, room: float) -> float:
    """Lines the cell takes in `room` em, plus ORPHAN for each line of a label that breaks with
    one character left over."""
    if room < b.least or room <= 0:
        return 10.0**6
    cost = 0.0
    for width in b.lines:
        n = max(1, math.ceil(width / room - 1e-9)) if width else 1
        cost += n
        if b.label and n > 1 and width - (n - 1) * math.floor(room) <= 1:
            cost += ORPHAN
    return cost


def table_height(widths: list[int], boxes: list[Box], nrows: int, size: float) -> float:
    """Lines the table takes with these grid widths (plus the labels' orphans): each row as tall as
    its tallest cell; a cell spanning rows that needs more lines than its rows have makes its
    last row taller."""
    pitch = size * 20 + L.CHAR_SPACING  # a Chinese character's advance in twips
    pad = 2 * L.TABLE_CELL_MARGIN + _SLACK
    heights = [1.0] * nrows
    need = []
    for b in boxes:
        cost = _cell_cost(b, (widths[b.col] - pad) / pitch)
        if b.rows == 1:
            heights[b.row] = max(heights[b.row], cost)
        else:
            need.append((b, cost))
    for b, cost in need:
        last = min(b.row + b.rows, nrows) - 1
        heights[last] += max(0.0, cost - sum(heights[b.row : last + 1]))
    return sum(heights)


class _Heights:
    """table_height for one table's boxes at many widths, the same figure: a box's cost depends
    only on its column's width, and a trial moves two columns' widths, so what a column makes
    the rows at a width is computed once (the balancing tries each width many times: computing
    every cell's lines anew for each trial was half the time of a report's export)."""

    def __init__(self, boxes: list[Box], nrows: int, size: float) -> None:
        self.boxes, self.nrows = boxes, nrows
        self.pitch = size * 20 + L.CHAR_SPACING
        self.pad = 2 * L.TABLE_CELL_MARGIN + _SLACK
        self.columns: dict[int, list[int]] = {}  # column → its boxes (indices, in box order)
        for k, b in enumerate(boxes):
            self.columns.setdefault(b.col, []).append(k)
        self.spanning = [k for k, b in enumerate(boxes) if b.rows != 1]
        # (column, width) → the rows its one-row cells make taller than a line, and the costs
        # of its cells spanning rows
        self.made: dict[tuple[int, int], tuple[list[tuple[int, float]], dict[int, float]]] = {}

    def _column(self, col: int, width: int) -> tuple[list[tuple[int, float]], dict[int, float]]:
        key = (col, width)
        if key not in self.made:
            room = (width - self.pad) / self.pitch
            tall: dict[int, float] = {}
            spans: dict[int, float] = {}
            for k in self.columns[col]:
                b = self.boxes[k]
                cost = _cell_cost(b, room)
                if b.rows != 1:
                    spans[k] = cost
                elif cost > tall.get(b.row, 1.0):
                    tall[b.row] = cost
            self.made[key] = (list(tall.items()), spans)
        return self.made[key]

    def __call__(self, widths: list[int]) -> float:
        heights = [1.0] * self.nrows
        span_cost: dict[int, float] = {}
        for col in self.columns:
            tall, spans = self._column(col, widths[col])
            for row, cost in tall:
                if cost > heights[row]:
                    heights[row] = cost
            span_cost.update(spans)
        for k in self.spanning:  # in box order, as table_height takes them
            b = self.boxes[k]
            last = min(b.row + b.rows, self.nrows) - 1
            heights[last] += max(0.0, span_cost[k] - sum(heights[b.row : last + 1]))
        return sum(heights)


def balance(widths: list[int], boxes: list[Box], nrows: int, size: float) -> list[int]:
    """The widths with one or two characters' width moved from one column to another for as long
    as that makes the table fewer lines high (the largest gain first). The proportional shares of
    `fit` leave a form's 二级指标 two characters wide (经济效益指标 on three lines) beside a 三级指标
    wider than its names need; a label column goes from two characters to four at once (3 would
    break 数量指标 3 + 1)."""
    char = round(size * 20 + L.CHAR_SPACING)
    floor = 2 * L.TABLE_CELL_MARGIN + _SLACK
    out = list(widths)
    table_height = _Heights(boxes, nrows, size)
    best = table_height(out)
    for _ in range(100):  # each move lowers the height: a bound, not reached in practice
        trial = None
        for i, j in itertools.permutations(range(len(out)), 2):
            for step in (char, 2 * char):
                if out[i] - step <= floor:
                    continue
                moved = list(out)
                moved[i] -= step
                moved[j] += step
                height = table_height(moved)
                if height < best - 1e-9:
                    best, trial = height, moved
        if trial is None:
            return out
        out = trial
    return out
