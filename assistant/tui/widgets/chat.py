"""The transcript: one scrolling widget that draws the turns as wrapped lines.

Textual's mother.py mounts a widget per message. Measured here, that made every answer cost
three layout passes over the whole chat (each turn measured again for its height), about 60 ms
of the 90 ms from Enter to the reply on screen. This widget keeps the turns as data and their
lines wrapped once per width (the line API of a ScrollView): adding a turn changes its height
only, and only the visible lines are drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from assistant.tui.widgets.selection import Line, copied, drawn, selection_style
from assistant.turns import Turn

if TYPE_CHECKING:
    from textual.selection import Selection

# no space after a mark: in Chinese text the space would be the only line-break opportunity
_PREFIX = {"section": "■", "error": "✗", "change": "↻", "finding": "!", "echo": "✓", "done": "★"}
# a style (component class) per kind of turn, and the bar on the left of some of them: few
# classes, as Textual resolves each one against the stylesheet when the chat is first styled
_STYLE = {"section": "chat--section", "question": "chat--question", "help": "chat--muted", "notice": "chat--muted",
          "done": "chat--muted", "echo": "chat--echo", "error": "chat--error", "change": "chat--warning",
          "finding": "chat--warning"}  # fmt: skip
_BAR = {"help": "chat--bar", "error": "chat--error", "change": "chat--warning", "finding": "chat--warning"}
# closing marks that Chinese typesetting never puts at the start of a line (禁则)
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…%％·,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.+-_/%")
_USER_INDENT = 6  # the user's answers stand to the right of the assistant's turns
_PAD = 1  # one column either side of a turn's text
# the chat's left margin is drawn in its lines, not CSS padding: a selection started in padding
# would be taken by Textual as on the line at that height on screen, not the scrolled one
_EDGE = 1


class Chat(ScrollView):
    """The scrolling conversation; follows the newest turn unless the user scrolled up.
    User text is never parsed as markup (each turn is a plain Text)."""

    COMPONENT_CLASSES = {"chat--user", "chat--section", "chat--question", "chat--muted", "chat--echo",
                         "chat--error", "chat--warning", "chat--bar"}  # fmt: skip
    can_focus = False
    MAX_TURNS = 400  # the oldest are dropped: the transcript stays small however long the session

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.turns: list[Turn] = []
        self._wrapped: list[list[Line] | None] = []  # per turn, at self._width; None: not yet
        self._lines: list[Line] = []
        self._width = 0
        self._base: Style | None = None  # the chat's own style (rich_style walks every ancestor)
        self._follow = True  # at the end: stays there as turns arrive and the height changes
        self.revision = 0  # counts changes of the turns
        self.drawn_revision = -1  # the revision whose last line was last drawn (benchmarks, tests)

    # --- content ---------------------------------------------------------------------------

    def add(self, turns: Iterable[Turn]) -> None:
        new = list(turns)
        if not new:
            return
        self.turns.extend(new)
        if len(self.turns) > self.MAX_TURNS:
            drop = len(self.turns) - self.MAX_TURNS
            del self.turns[:drop]
            del self._wrapped[:drop]
        if self._width:
            self._wrapped.extend(self._wrap(t, self._width, first=not self._wrapped and i == 0)
                                 for i, t in enumerate(new))  # fmt: skip
        self._relayout()

    def replace(self, turns: Iterable[Turn]) -> None:
        """Show these turns instead of the present ones, from the end."""
        self.turns, self._wrapped, self._follow = [], [], True
        self.add(turns)
        if not self.turns:
            self._relayout()

    def texts(self) -> list[str]:
        return [t.text for t in self.turns]

    def _relayout(self) -> None:
        self._lines = [line for lines in self._wrapped if lines is not None for line in lines]
        self.revision += 1
        self.virtual_size = Size(self._width, len(self._lines))
        self._stay_at_end()
        self.refresh()

    def _stay_at_end(self) -> None:
        if self._follow:  # not scroll_end: it is refused until the next layout shows the scrollbar
            self.scroll_target_y = self.scroll_y = self.max_scroll_y
            self.vertical_scrollbar.position = self.scroll_y  # the bar may be shown only after this

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._follow = new_value >= self.max_scroll_y  # the user scrolled up, or back to the end

    def on_resize(self) -> None:
        if not self._rewrap_if_needed():  # a shorter or taller chat (the input below changed its height)
            self._stay_at_end()
            self.refresh()

    def _rewrap_if_needed(self, width: int | None = None) -> bool:
        width = self.scrollable_content_region.width if width is None else width
        if not width or width == self._width:
            return False
        self._width = width
        self._wrap_from_end(self.size.height + 8)
        self._relayout()
        return True

    def _wrap_from_end(self, enough: int) -> None:
        """Wrap the newest turns until they fill `enough` lines; the older ones after the next
        frame (wrapping Chinese text is slow: a resumed chat's first frame would wait for it)."""
        self._wrapped = [None] * len(self.turns)
        lines = 0
        for i in range(len(self.turns) - 1, -1, -1):
            if lines >= enough:
                self.call_after_refresh(self._wrap_rest)
                return
            wrapped = self._wrapped[i] = self._wrap(self.turns[i], self._width, first=i == 0)
            lines += len(wrapped)

    def _wrap_rest(self) -> None:
        if not self._width or all(w is not None for w in self._wrapped):
            return
        before = len(self._lines)
        self._wrapped = [w if w is not None else self._wrap(t, self._width, first=i == 0)
                         for i, (t, w) in enumerate(zip(self.turns, self._wrapped, strict=True))]  # fmt: skip
        self._relayout()
        if not self._follow:  # the lines came above what the user is reading: keep it in place
            self.scroll_to(y=self.scroll_y + len(self._lines) - before, animate=False)

    def _base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        if self._width:  # a theme change: the colours are baked into the wrapped lines
            self._width = 0
            self._rewrap_if_needed()

    # --- drawing ---------------------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return copied(self._lines, selection), "\n"

    def _wrap(self, turn: Turn, width: int, *, first: bool) -> list[Line]:
        """The lines of one turn: a blank line before an assistant's turn (not before an echo, which
        belongs to the answer above it), then the text wrapped inside its indent, bar and padding."""
        user = turn.role == "user"
        base = self._base_style()
        # full styles (not partial): a translucent background is blended over the chat's here
        name = "chat--user" if user else _STYLE.get(turn.kind)
        style = self.get_component_rich_style(name) if name else base
        indent = _USER_INDENT if user else 0
        bar_class = None if user else _BAR.get(turn.kind)
        bar = 1 if bar_class else 0
        inner = max(4, width - _EDGE - indent - bar - 2 * _PAD)
        console = self.app.console
        out: list[Line] = []
        if not first and not user and turn.kind != "echo":  # an answer and its echo sit under the question
            out.append(Line(Strip.blank(width, base)))
        bar_style = self.get_component_rich_style(bar_class) if bar_class else None
        left = [Segment(" " * (_EDGE + indent), base)]
        if bar_style is not None:
            left.append(Segment("▌", bar_style))
        left.append(Segment(" " * _PAD, style))
        # a turn has one style, so a wrapped line is one segment: built here with its cell length,
        # as Strip.adjust_cell_length would measure every character again (most of the time)
        prefix = _PREFIX.get(turn.kind, "")
        begin = _EDGE + indent + bar + _PAD  # characters before the text: not copied, nor is the mark
        for n, (plain, join) in enumerate(wrap_runs(console, prefix + turn.text, inner)):
            cells = cell_len(plain)
            if cells > inner:  # cannot happen after folding, but a strip must never overflow
                plain = chop_cells(plain, inner)[0]
                cells = cell_len(plain)
            pad = Segment(" " * (inner - cells + _PAD), style)
            strip = Strip([*left, Segment(plain, style), pad], width)
            out.append(Line(strip, begin + len(prefix), "\n") if n == 0 else Line(strip, begin, join))
        return out

    def render_line(self, y: int) -> Strip:
        # The first frame is drawn before on_resize tells the width: wrapped here, the text is
        # in that frame, not in the next one (a layout and a paint later)
        width, height = self.scrollable_content_region.size  # (computed anew at each call: once a line)
        self._rewrap_if_needed(width)
        scroll_x, scroll_y = self.scroll_offset
        if self._follow:  # the end as of this frame's size, even before on_resize has run
            scroll_y = max(0, len(self._lines) - height)
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(width, self._base_style())
        if index == len(self._lines) - 1:
            self.drawn_revision = self.revision
        selection = self.text_selection
        line = drawn(self._lines[index], index, selection, selection and selection_style(self))
        if scroll_x == 0 and line.cell_length == width:  # as wrapped: no need to cut or pad
            return line
        return line.crop_extend(scroll_x, scroll_x + width, self._base_style())


def wrap_lines(console: Console, text: str, width: int) -> list[str]:
    """The text's lines at `width` cells: Rich folds each paragraph, then each break is moved
    back to where Chinese typesetting allows one (see `_can_break`). Only whitespace at a break
    is dropped, as in any wrapping."""
    return [line for line, _ in wrap_runs(console, text, width)]


def wrap_runs(console: Console, text: str, width: int) -> list[tuple[str, str]]:
    """`wrap_lines`, each line with what joins it to the one before in a copy: "\n" at a new
    paragraph, " " where the break took a space, "" elsewhere (Chinese needs none)."""
    out: list[tuple[str, str]] = []
    for n, paragraph in enumerate(text.split("\n")):
        lines = _fold(console, paragraph, width)
        starts = _starts(paragraph, lines or [""])
        for k, line in enumerate(_rebreak(paragraph, starts, width)):  # (which moves the starts)
            join = ("\n" if n else "") if k == 0 else " " if paragraph[starts[k] - 1].isspace() else ""
            out.append((line, join))
    return out


try:  # Rich's own break finder, private to Rich: a Rich without it takes the slower public path
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover
    divide_line = None

# what Rich's Text changes before it wraps: tabs expanded, these control codes removed
_NOT_AS_TYPED = re.compile("[\t\x07\x08\x0b\x0c\r]")


def _fold(console: Console, paragraph: str, width: int) -> list[str]:
    """Rich's lines of a paragraph folded at `width`, without trailing whitespace. Rich's
    `Text.wrap` makes a Text of every line, and each one strips control codes with
    str.translate, slow on Chinese text (most of the time of adding a turn); its break offsets
    (`divide_line`, what `Text.wrap` itself uses) are taken here, and the lines cut from the
    paragraph as they are. Text that Rich would change first, or a line that does not fit
    (Rich crops it), goes the whole way through Rich."""
    if divide_line is not None and not _NOT_AS_TYPED.search(paragraph):
        bounds = [0, *divide_line(paragraph, width, fold=True), len(paragraph)]
        lines = [paragraph[a:b].rstrip() for a, b in pairwise(bounds)]
        if all(cell_len(line) <= width for line in lines):
            return lines
    return [line.plain.rstrip() for line in Text(paragraph, end="").wrap(console, width, overflow="fold")]


def _starts(paragraph: str, lines: list[str]) -> list[int]:
    """Where each of Rich's lines starts in the paragraph (they are its runs, less the whitespace
    at the breaks): the breaks are then moved as offsets, so no character is lost or doubled."""
    starts, pos = [], 0
    for i, line in enumerate(lines):
        while i and pos < len(paragraph) and paragraph[pos].isspace():
            pos += 1
        starts.append(pos)
        pos += len(line)
    return starts


def _can_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next start with `after`?"""
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    return not (before in _WORD and after in _WORD)  # 96.50%, F3, Ctrl+O stay whole


def _break_at(line: str, following: str) -> int:
    """How much of `line` stays on it: up to the last place a break is allowed, or all of it
    when there is none (a run too long to move is left as Rich folded it)."""
    for cut in range(len(line), 0, -1):
        if _can_break(line[cut - 1], line[cut] if cut < len(line) else following[0]):
            return cut
    return len(line)


def _rebreak(paragraph: str, starts: list[int], width: int) -> list[str]:
    """Move each break back to an allowed place; what moves goes to the front of the next line,
    and what then overflows that line goes on to the one after. A break at a space stays unless
    a closing mark would start the line."""

    def line(k: int) -> str:
        return paragraph[starts[k] : starts[k + 1] if k + 1 < len(starts) else len(paragraph)]

    def break_at(k: int, offset: int) -> None:  # line k ends before `offset`, the next starts there
        while offset < len(paragraph) and paragraph[offset].isspace():
            offset += 1
        if k + 1 == len(starts):
            starts.append(offset)
        else:
            starts[k + 1] = offset

    i = 0
    while i < len(starts):
        while cell_len(body := line(i).rstrip()) > width and len(body) > 1:
            break_at(i, starts[i] + len(body) - 1)
        if i + 1 < len(starts):
            text, following = line(i), line(i + 1)
            body = text.rstrip()
            at_space = len(body) < len(text) and following[:1] not in _NO_LINE_START and body[-1:] not in _NO_LINE_END
            if body and following and not at_space:  # a break at a space is allowed (F3 and …)
                cut = _break_at(body, following)
                if cut < len(body):
                    break_at(i, starts[i] + cut)
        i += 1
    return [line(k).rstrip() for k in range(len(starts))]
