"""The line at the top of every screen: the screen's title and subtitle.

Textual's Header is four widgets with a clock and an icon; one line of text is all it shows
here, and it is on the critical path of the first frame.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._changed, init=False)
        self.watch(self.screen, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        title = self.screen.title or self.app.title
        sub_title = self.screen.sub_title
        text = Text(title, no_wrap=True, overflow="ellipsis", justify="center", end="")
        if sub_title:
            text.append(" — ")
            text.append(sub_title, "dim")
        return text
