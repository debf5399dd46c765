"""Plain text wrapped with the chat's Chinese line breaking, for the scorecard's findings.

Static folds Chinese text at the last cell that fits: it cut 100% into 1 / 00% and started lines
with ，and 。. This widget wraps with `wrap_lines` (see chat.py) and is as tall as its lines.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from assistant.tui.widgets.chat import wrap_lines


class Prose(Widget):
    """User text in it is never markup (the lines are a plain Text)."""

    DEFAULT_CSS = "Prose { height: auto; }"

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self._wrapped: tuple[int, list[str]] = (0, [])

    def lines(self, width: int) -> list[str]:
        width = max(1, width)
        if self._wrapped[0] != width:
            self._wrapped = (width, wrap_lines(self.app.console, self.text, width))
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n".join(self.lines(self.content_size.width)), end="")
