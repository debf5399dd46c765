"""A live preview of the report as it stands, placeholders included."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from assistant.compose import compose
from assistant.export.markdown import to_markdown
from assistant.interview import Interview
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.titlebar import TitleBar


def preview_markdown(interview: Interview) -> str:
    return to_markdown(compose(interview.evaluation, seed=interview.seed))


class PreviewScreen(Screen[None]):
    BINDINGS = [Binding("escape,f4", "app.pop_screen", "返回")]

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="preview"):
            yield Markdown(preview_markdown(self.interview), id="preview-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "报告预览"
        self.query_one("#preview").focus()
