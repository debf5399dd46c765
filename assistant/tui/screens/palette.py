"""Textual's command palette, speaking Chinese: its placeholder and its "No matches found"."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

NO_MATCHES = "没有找到匹配的命令"


class Palette(CommandPalette):
    def __init__(self, placeholder: str = "搜索命令…", **kwargs: object) -> None:
        super().__init__(id="--command-palette", placeholder=placeholder, **kwargs)  # type: ignore[arg-type]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8 writes this option in English, inline; the same steps, with our words
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                option = Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                self.query_one(CommandList).add_option(option)
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
