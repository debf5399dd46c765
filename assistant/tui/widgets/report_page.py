"""The report as it stands, laid out as lines for the preview: title, numbered headings,
paragraphs with the two-character first-line indent, tables in frames, attachments and the
signature; what is not answered yet is marked (wording.pending) on yellow, as in the .docx.

One scrolling widget drawing lines (like the chat). Textual's Markdown widget, used before,
mounted a widget per block and took 0.4–0.7 s to show a full report; it also started lines with
closing marks (，。), which the chat's line breaking does not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from assistant.export.text import INDENT, attachment_lines
from assistant.models import Heading, Paragraph, Table, joined_tables
from assistant.tui.widgets.chat import wrap_runs
from assistant.tui.widgets.selection import Line, copied, drawn, selection_style
from assistant.wording import placeholder_re

if TYPE_CHECKING:
    from rich.console import Console
    from textual.selection import Selection

    from assistant.models import Cell, Report

MAX_WIDTH = 92  # about a printed line and a half: longer lines are hard to read in a terminal
# the page's left margin and the line above it are drawn in its lines, not CSS padding: a
# selection started in padding would be taken by Textual as on the line at that height on the
# screen, not the scrolled one
MARGIN = 2


class ReportPage(ScrollView, can_focus=True):
    """The arrow keys, Page Up/Down, Home and End scroll (ScrollView's keys)."""

    COMPONENT_CLASSES = {"report--title", "report--heading", "report--pending", "report--frame"}

    def __init__(self, report: Report, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report = report
        self.lines: list[Line] = []
        self._width = 0
        self._styled: tuple[str, Style] | None = None  # the theme and style the lines were laid out in

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._styled != (self.app.theme, self.rich_style):  # a new theme: the colours are in
            self._width = 0  # the laid-out lines (taking the focus restyles too, and changes none)

    def on_resize(self) -> None:
        self._layout_if_needed()

    def render_line(self, y: int) -> Strip:
        self._layout_if_needed()  # in the first frame too, before on_resize has told the width
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        selection = self.text_selection
        style = selection_style(self) if selection else None
        line = drawn(self.lines[index], index, selection, style)
        return line.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, a wrapped paragraph as one line (tables as drawn)."""
        return copied(self.lines, selection), "\n"

    # --- layout ------------------------------------------------------------------------------

    def _layout_if_needed(self) -> None:
        width = min(self.scrollable_content_region.width - MARGIN, MAX_WIDTH)  # (the scrollbar
        if width > 0 and width != self._width:  # coming changes nothing on a wide screen)
            self._width = width
            self._styled = (self.app.theme, self.rich_style)
            self.lines = _in_margin(self.lay_out(width), self.rich_style)
            self.virtual_size = Size(max(line.strip.cell_length for line in self.lines), len(self.lines))
            self.refresh()

    def lay_out(self, width: int) -> list[Line]:
        """The report's lines at `width` cells."""

        base = self.rich_style
        title = self.get_component_rich_style("report--title")
        heading = self.get_component_rich_style("report--heading")
        report = self.report
        blank = Line(Strip.blank(width, base))
        out: list[Line] = [*self._text(report.title, width, title, align="center"), blank]
        out += self._blocks(report.blocks, width)
        if report.attachments:
            out.append(blank)
            for line in attachment_lines(report.attachment_names):
                out += self._text(line, width, base)
        if report.unit or report.date:
            out.append(blank)
            for line in (report.unit, report.date):
                if line:
                    out += self._text(line, width, base, align="right", margin=cell_len(INDENT))
        # an attachment with content after the 落款, below a rule where its page would begin:
        # its label (附件1) at the left, its title centred, then the form as one table
        frame = base + self.get_component_rich_style("report--frame", partial=True)
        for attachment in report.attachments:
            if attachment.blocks:
                out += [blank, Line(Strip([Segment("┄" * width, frame)], width)), blank]
                out += self._text(attachment.label, width, heading)
                out += [blank, *self._text(attachment.name, width, title, align="center")]
                out += self._blocks(joined_tables(attachment.blocks), width)
        return out

    def _blocks(self, blocks: list[Heading | Paragraph | Table], width: int) -> list[Line]:
        base = self.rich_style
        heading = self.get_component_rich_style("report--heading")
        blank = Line(Strip.blank(width, base))
        out: list[Line] = []
        for block in blocks:
            if isinstance(block, Heading):
                if block.level == 1 and out and out[-1].strip.text.strip():
                    out.append(blank)
                out += self._text(block.number + block.text, width, heading)
            elif isinstance(block, Paragraph):
                text = (INDENT if block.indent else "") + block.text
                align = block.align if block.align in ("center", "right") else "left"
                out += self._text(text, width, base, align=align, lead=len(text) - len(block.text))
            elif isinstance(block, Table):
                out.append(blank)
                if block.caption:
                    out += self._text(block.caption, width, heading, align="center")
                out += [Line(strip) for strip in self._table(block, width)]
                out.append(blank)
        return out

    def _text(self, text: str, width: int, style: Style, *, align: str = "left", margin: int = 0,
              lead: int = 0) -> list[Line]:  # fmt: skip
        """Wrapped with the chat's line breaking; placeholders marked wherever it falls. A right-set
        line keeps `margin` cells free on its right (the signature stands two characters in). The
        first `lead` characters (the indent) are not copied with the text."""
        pending = style + self.get_component_rich_style("report--pending", partial=True)
        lines = []
        wrapped = _wrap_marked(self.app.console, text, width - margin, style, pending)
        for n, (line, segments, join) in enumerate(wrapped):
            room = width - cell_len(line) - (margin if align == "right" else 0)
            left = room // 2 if align == "center" else room if align == "right" else 0
            if left > 0:
                segments.insert(0, Segment(" " * left, style))
            right = width - left - cell_len(line)
            if right > 0:
                segments.append(Segment(" " * right, style))
            first = n == 0
            lines.append(Line(Strip(segments, width), max(left, 0) + (lead if first else 0), "\n" if first else join))
        return lines

    def _table(self, table: Table, width: int) -> list[Strip]:
        """The table in a frame, each cell wrapped with the chat's line breaking (no closing mark
        starts a line in a cell either). A cell spanning columns is drawn across them; below a
        cell spanning rows the positions stay empty (as one, if it spans columns too), and body
        rows have no rules between them, so that such a cell reads as one."""
        base = self.rich_style
        frame = base + self.get_component_rich_style("report--frame", partial=True)
        header = base + self.get_component_rich_style("report--heading", partial=True)
        pending = self.get_component_rich_style("report--pending", partial=True)
        grid = table.grid()
        widths = _column_widths(table, grid, width - table.columns - 1)
        below: dict[tuple[int, int], int] = {}  # under a cell spanning rows: how many columns it spans
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                for dr in range(1, cell.rowspan if cell else 1):
                    below[(r + dr, c)] = cell.colspan  # type: ignore[union-attr]
        console = self.app.console

        width = max(width, sum(widths) + table.columns + 1)  # wider than the page: it scrolls

        def rule(left: str, middle: str, right: str) -> Strip:
            text = left + middle.join("─" * w for w in widths) + right
            return Strip([Segment(text, frame), Segment(" " * (width - cell_len(text)), base)], width)

        out = [rule("┌", "┬", "┐")]
        for r, row in enumerate(grid):
            style = header if r < table.header_rows else base
            cells: list[tuple[int, list[tuple[str, list[Segment]]]]] = []  # (cells wide, lines) per cell
            c = 0
            while c < table.columns:
                cell = row[c] if c < len(row) else None
                span = min(cell.colspan if cell else below.get((r, c), 1), table.columns - c)
                inner = sum(widths[c : c + span]) + span - 1
                text = cell.text if cell else ""
                wrapped = _wrap_marked(console, text, max(1, inner - 2), style, style + pending)
                cells.append((inner, [(line, parts) for line, parts, _ in wrapped]))
                c += span
            for i in range(max(1, *(len(lines) for _, lines in cells))):
                segments = [Segment("│", frame)]
                for inner, lines in cells:
                    line, parts = lines[i] if i < len(lines) else ("", [])
                    segments += [Segment(" ", style), *parts, Segment(" " * (inner - 1 - cell_len(line)), style),
                                 Segment("│", frame)]  # fmt: skip
                used = sum(inner for inner, _ in cells) + len(cells) + 1
                segments.append(Segment(" " * (width - used), base))
                out.append(Strip(segments, width))
            if r == table.header_rows - 1 and r < len(grid) - 1:
                out.append(rule("├", "┼", "┤"))
        out.append(rule("└", "┴", "┘"))
        return out


def _in_margin(lines: list[Line], base: Style) -> list[Line]:
    edge = Segment(" " * MARGIN, base)
    top = Line(Strip.blank(MARGIN + lines[0].strip.cell_length, base))
    return [top, *(Line(Strip([edge, *line.strip], MARGIN + line.strip.cell_length), MARGIN + line.begin, line.join)
                   for line in lines)]  # fmt: skip


_UNBREAKABLE = re.compile(r"[0-9A-Za-z.%+\-_/≥≤=<>＜＞]+")


def _column_widths(table: Table, grid: list[list[Cell | None]], room: int) -> list[int]:
    """Cells wide per column, padding included. Each column gets at least its longest number or
    word whole (so 5.52 or ≥90% is never cut) and two characters; what `room` leaves goes first
    to the columns below an even share, then to the long texts, by how much more each needs (as
    a browser lays out a table); no column is wider than its longest text. The table may come
    out wider than `room` (then the preview scrolls sideways) or narrower (every text fits)."""
    columns = table.columns
    need, least = [4] * columns, [6] * columns
    for row in grid:
        for c, cell in enumerate(row[:columns]):
            if cell is not None and cell.colspan == 1 and cell.text:
                need[c] = max(need[c], cell_len(cell.text) + 2)
                runs = _UNBREAKABLE.findall(cell.text)
                least[c] = max(least[c], max((len(run) for run in runs), default=0) + 2)
    widths = [min(a, b) for a, b in zip(least, need, strict=True)]
    left = room - sum(widths)
    fair = max(8, room // columns)
    left = _grow(widths, [min(n, fair) for n in need], left)  # first each column its fair share,
    left = _grow(widths, need, left)  # then the long texts,
    for row in grid:  # then the cells spanning columns, as far as the room goes
        for c, cell in enumerate(row[:columns]):
            if cell is not None and cell.colspan > 1 and cell.text and left > 0:
                span = min(cell.colspan, columns - c)
                lack = min(cell_len(cell.text) + 2 - (sum(widths[c : c + span]) + span - 1), left)
                for k in range(max(0, lack)):
                    widths[c + k % span] += 1
                left -= max(0, lack)
    return widths


def _grow(widths: list[int], targets: list[int], left: int) -> int:
    """Widen the columns towards `targets`, sharing `left` cells by how much each one lacks;
    what is left over."""
    wants = [max(0, t - w) for t, w in zip(targets, widths, strict=True)]
    total = sum(wants)
    if left <= 0 or not total:
        return left
    if left >= total:
        for c, want in enumerate(wants):
            widths[c] += want
        return left - total
    shares = [left * want // total for want in wants]
    for c in sorted(range(len(wants)), key=lambda c: -wants[c])[: left - sum(shares)]:  # the rounding
        shares[c] += 1
    for c, share in enumerate(shares):
        widths[c] += share
    return 0


def _wrap_marked(console: Console, text: str, width: int, style: Style,
                 pending: Style) -> list[tuple[str, list[Segment], str]]:  # fmt: skip
    """`text` wrapped with the chat's line breaking: each line, its segments and what joins it to
    the line before in a copy (see `wrap_runs`), the characters
    of a placeholder in `pending` (a placeholder may go on over a line break). The lines are the
    text's characters in order, less whitespace at the breaks: each is matched to its place."""
    if not text:
        return []
    marked = [False] * len(text)
    for match in placeholder_re().finditer(text):
        marked[match.start() : match.end()] = [True] * (match.end() - match.start())
    out = []
    pos = 0
    for line, join in wrap_runs(console, text, width):
        flags = []
        for ch in line:
            while pos < len(text) and text[pos] != ch and text[pos].isspace():
                pos += 1
            found = pos < len(text) and text[pos] == ch
            flags.append(found and marked[pos])
            pos += found
        segments: list[Segment] = []
        start = 0
        for i in range(1, len(line) + 1):
            if i == len(line) or flags[i] != flags[start]:
                segments.append(Segment(line[start:i], pending if flags[start] else style))
                start = i
        out.append((line, segments, join))
    return out
