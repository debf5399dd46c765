"""Messages the widgets here post, as Textual's own do: with the widget that posted them (`control`)."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class TextSubmitted(Message):
    """Text submitted by a widget (each widget nests its own subclass, named Submitted, so that
    the handler says whose it is: on_composer_submitted, on_answer_area_submitted)."""

    def __init__(self, widget: Widget, text: str) -> None:
        super().__init__()
        self.widget = widget
        self.text = text

    @property
    def control(self) -> Widget:
        return self.widget
