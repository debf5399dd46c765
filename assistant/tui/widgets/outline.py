"""The outline in the sidebar: sections with their progress, the answered questions of the open
ones under them. Choosing a row posts `Outline.Chosen`; the screen then asks or edits it.

One widget that draws its rows as lines (the line API of a ScrollView), like the chat. Textual's
Tree, used here before, took about 40 ms of a reopened draft's first frame (its stylesheet, its
component classes, a label rendered per node on every paint) and 1.2 MB.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from assistant.tui.view import SectionView

Row = tuple[str, str, str]  # ("section" | "question", id, the text shown)


class Outline(ScrollView, can_focus=True):
    """Up/Down move the cursor, Enter (or a click) chooses, Right/Left open and close a section.
    The current section is always open."""

    COMPONENT_CLASSES = {"outline--cursor", "outline--question"}
    BINDINGS = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "cursor(-100000)", show=False),
        Binding("end", "cursor(100000)", show=False),
        Binding("enter,space", "choose", show=False),
        Binding("right", "open(True)", show=False),
        Binding("left", "open(False)", show=False),
    ]

    class Chosen(Message):
        def __init__(self, kind: str, ident: str) -> None:
            super().__init__()
            self.kind = kind  # "section" or "question"
            self.ident = ident

    def __init__(self) -> None:
        super().__init__(id="outline")
        self.rows: list[Row] = []
        self.cursor = 0
        self._sections: tuple[SectionView, ...] = ()
        self._current: str | None = None
        self._open: set[str] = set()  # opened by the user, besides the current section
        self._base: Style | None = None  # the outline's own style (rich_style walks every ancestor)

    # --- content ---------------------------------------------------------------------------

    def refresh_from(self, sections: tuple[SectionView, ...], current_section: str | None) -> None:
        """`sections` are those that apply, in the kind's order."""
        self._sections, self._current = sections, current_section
        self._build()

    def _build(self) -> None:
        rows: list[Row] = []
        for section in self._sections:
            is_open = section.id == self._current or section.id in self._open
            mark = "●" if section.id == self._current else ("✓" if section.done else "○")
            arrow = "▼" if is_open and section.questions else "▶"
            rows.append(("section", section.id, f"{arrow} {mark}{section.answered}/{section.total} {section.title}"))
            if is_open:
                last = len(section.questions) - 1
                rows.extend(("question", qid, f"  {'└' if i == last else '├'} {label}")
                            for i, (qid, label) in enumerate(section.questions))  # fmt: skip
        if rows == self.rows:
            return
        # the cursor stays on its row; if that row went (its section was closed), on the section
        before = self.rows[: self.cursor + 1]
        keep = [r[:2] for r in reversed(before) if r[0] == "section" or r is before[-1]]
        self.rows = rows
        where = [r[:2] for r in rows]
        self.cursor = next((where.index(k) for k in keep if k in where), min(self.cursor, max(0, len(rows) - 1)))
        self.virtual_size = Size(self.virtual_size.width, len(rows))
        self.refresh()

    def move_to_section(self, section_id: str) -> None:
        for i, (kind, ident, _) in enumerate(self.rows):
            if kind == "section" and ident == section_id:
                self._move(i)
                return

    # --- keys and mouse --------------------------------------------------------------------

    def _move(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.rows) - 1))
        height = self.scrollable_content_region.height
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False)
        elif height and self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self._move(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._move(self.cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_open(self, opened: bool) -> None:
        if not self.rows:
            return
        kind, ident, _ = self.rows[self.cursor]
        if kind == "question":  # Left on a question goes up to its section
            if not opened:
                while self.cursor > 0 and self.rows[self.cursor][0] == "question":
                    self.cursor -= 1
                self._move(self.cursor)
            return
        if opened:
            self._open.add(ident)
        else:
            self._open.discard(ident)
        self._build()

    def action_choose(self) -> None:
        if not self.rows:
            return
        kind, ident, _ = self.rows[self.cursor]
        if kind == "section":  # it becomes the current one: open it now, not a frame later
            self._open.add(ident)
            self._build()
        self.post_message(self.Chosen(kind, ident))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or event.chain > 1:  # the second click of a double-click: chosen already
            return
        index = self.scroll_offset.y + offset.y
        if index < len(self.rows):
            self._move(index)
            self.action_choose()

    def on_focus(self) -> None:
        self.refresh()  # the cursor is drawn only while the outline has the focus

    def on_blur(self) -> None:
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        index = self.scroll_offset.y + y
        if index >= len(self.rows) or width <= 0:
            return Strip.blank(width, base)
        kind, _, text = self.rows[index]
        style: Style = base
        if kind == "question":
            style = base + self.get_component_rich_style("outline--question", partial=True)
        if index == self.cursor and self.has_focus:
            style = style + self.get_component_rich_style("outline--cursor", partial=True)
        if cell_len(text) > width:
            text = set_cell_size(text, width - 1).rstrip() + "…"  # (a wide character may leave a cell)
        return Strip([Segment(set_cell_size(text, width), style)], width)
