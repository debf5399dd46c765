"""A live preview of the report as it stands, placeholders included."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from assistant.compose import compose
from assistant.interview import Interview
from assistant.models import Report
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.report_page import ReportPage
from assistant.tui.widgets.titlebar import TitleBar


def preview_report(interview: Interview) -> Report:
    """The report from the answers as they are now (built each time the preview opens)."""
    return compose(interview.evaluation, seed=interview.seed)


class PreviewScreen(Screen[None]):
    BINDINGS = [Binding("escape,f4", "app.pop_screen", "返回")]
    AUTO_FOCUS = "#preview"  # focused before the first frame: laid out once, in its focused style

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield ReportPage(preview_report(self.interview), id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "报告预览"
