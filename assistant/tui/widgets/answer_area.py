"""The multi-line answer input (paragraphs, lists, tables)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from assistant.tui.widgets.messages import TextSubmitted


class AnswerArea(TextArea):
    """Multi-line answer: Enter starts a new line, Ctrl+S submits."""

    # not a priority binding: it must run after the keys typed before it have reached the text
    BINDINGS = [Binding("ctrl+s", "submit", "提交回答")]

    class Submitted(TextSubmitted):
        """Ctrl+S: the text as it stands."""

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))
