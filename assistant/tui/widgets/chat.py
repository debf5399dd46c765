"""The transcript: one widget per turn, in an anchored scroll (the pattern of Textual's mother.py)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.interview import Turn

# no space after a mark: in Chinese text the space would be the only line-break opportunity
_PREFIX = {"section": "■", "error": "✗", "change": "↻", "finding": "!", "echo": "✓", "done": "★"}


class TurnView(Static):
    """One chat turn. User text is never parsed as markup."""

    def __init__(self, turn: Turn) -> None:
        super().__init__(_PREFIX.get(turn.kind, "") + turn.text, markup=False,
                         classes=f"turn {turn.role} {turn.kind}")  # fmt: skip
        self.turn = turn


class Chat(VerticalScroll):
    """The scrolling conversation; stays at the bottom as turns arrive."""

    can_focus = False

    def on_mount(self) -> None:
        self.anchor()

    MAX_TURNS = 40  # older turns are dropped from the screen: layout cost must not grow all session

    def add(self, turns: list[Turn]) -> None:
        if not turns:
            return
        views = [TurnView(t) for t in turns]
        old = list(self.children)
        self.mount_all(views)
        # trimmed in chunks (a removal costs a layout pass), never the turns just added
        if len(old) + len(views) > self.MAX_TURNS:
            self.remove_children(old[: len(old) + len(views) - self.MAX_TURNS // 2])
