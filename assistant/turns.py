"""A chat turn as data: what the interview says or what the user answered, for any UI to draw.

Kept apart from interview.py (which needs pydantic and Jinja) so that a screen can be drawn from
turns before those are imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TurnKind = Literal["section", "question", "help", "answer", "echo", "error", "change", "finding",
                   "notice", "done"]  # fmt: skip


@dataclass(frozen=True)
class Turn:
    role: Literal["assistant", "user"]
    kind: TurnKind
    text: str
    question_id: str | None = None
