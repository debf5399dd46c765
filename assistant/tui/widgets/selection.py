"""Selecting text with the mouse, and copying it (Ctrl+C), in the widgets that draw lines
themselves: the chat and the preview.

Textual finds what is under the mouse by an "offset" in each segment's style (the character
and the line); a copy then asks the widget for the text of the selected span. A wrapped
paragraph is copied as one line again, and the chat's indents, bars and marks are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.selection import Selection
    from textual.widget import Widget


class Line(NamedTuple):
    strip: Strip
    begin: int = 0  # characters drawn before the text (indent, bar, padding, a turn's mark): not copied
    join: str = "\n"  # put before the text in a copy: "" or " " where a paragraph was wrapped


def selection_style(widget: Widget) -> Style:
    """The screen's selection colour as a background only: its foreground is "transparent",
    which as a Rich style is the background colour again (the text would vanish)."""
    return Style(bgcolor=widget.screen.get_component_rich_style("screen--selection").bgcolor)


def drawn(line: Line, y: int, selection: Selection | None, style: Style | None) -> Strip:
    """The line as drawn at index `y`: its characters' offsets set, the selected ones in `style`."""
    strip = line.strip
    span = selection.get_span(y) if selection is not None else None
    if span is not None and style is not None:
        start, end = span
        strip = _highlight(strip, max(start, line.begin), len(strip.text) if end == -1 else end, style)
    return strip.apply_offsets(0, y)


def _highlight(strip: Strip, start: int, end: int, style: Style) -> Strip:
    """Characters start to end (not cells) in `style` over their own."""
    segments: list[Segment] = []
    pos = 0
    for text, own, control in strip:
        low, high = max(start - pos, 0), min(end - pos, len(text))
        if low < high and not control:
            if low:
                segments.append(Segment(text[:low], own))
            segments.append(Segment(text[low:high], (own or Style()) + style))
            if high < len(text):
                segments.append(Segment(text[high:], own))
        else:
            segments.append(Segment(text, own, control))
        pos += len(text)
    return Strip(segments, strip.cell_length)


def copied(lines: Sequence[Line], selection: Selection) -> str:
    """The selected text: the lines' texts, each joined to the one before as it was written."""
    first = selection.start.y if selection.start is not None else 0
    last = selection.end.y if selection.end is not None else len(lines) - 1
    out: list[str] = []
    for y in range(max(0, first), min(last, len(lines) - 1) + 1):
        span = selection.get_span(y)
        if span is None:
            continue
        line = lines[y]
        text = line.strip.text
        start, end = span
        piece = text[max(start, line.begin) : len(text) if end == -1 else end].rstrip()
        if out:
            out.append(line.join)
        out.append(piece)
    return "".join(out).strip("\n")
