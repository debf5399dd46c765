"""What the interview screen shows when a draft is opened, as plain data.

The screen draws a draft from an `InterviewView`: built from the live Interview, or read back
from the view saved when the draft was last closed. The saved one lets the next start draw the
screen before pydantic, Jinja and the report kind are loaded (about 200 ms on this machine, more
than the whole start of a bare Textual app); the live view replaces it moments later and is
drawn again only if it differs. Nothing here imports them, and the classes are NamedTuples
(frozen dataclasses cost about 1 ms each to make, before the first frame).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant.resources import COMMON_TEMPLATES, data_dir
from assistant.turns import Turn

if TYPE_CHECKING:
    from assistant.interview import Interview
    from assistant.models import Question

VIEW_FORMAT = 1
RESUMED_QUESTIONS = 12  # questions shown again on resume; all of them are in the outline


class Asked(NamedTuple):
    """The question the composer is set up for."""

    id: str
    label: str
    section: str
    multiline: bool
    required: bool
    prefill: str = ""

    @classmethod
    def of(cls, q: Question, prefill: str = "") -> Asked:
        from assistant.answers import MULTILINE_TYPES

        return cls(q.id, q.label, q.section, q.type in MULTILINE_TYPES, q.required, prefill)


class SectionView(NamedTuple):
    id: str
    title: str
    answered: int
    total: int
    questions: tuple[tuple[str, str], ...]  # (id, label) of the answered questions, in order

    @property
    def done(self) -> bool:
        return self.answered >= self.total


class InterviewView(NamedTuple):
    title: str  # the draft's
    kind_id: str
    kind_title: str
    percent: int
    sections: tuple[SectionView, ...]
    turns: tuple[Turn, ...] = ()
    asked: Asked | None = None  # None: everything is answered (or the draft is read-only)
    read_only: bool = False

    def to_json(self) -> dict[str, Any]:
        data = self._asdict()
        data["format"] = VIEW_FORMAT
        data["sections"] = [s._asdict() for s in self.sections]
        data["turns"] = [t._asdict() for t in self.turns]
        data["asked"] = self.asked._asdict() if self.asked else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InterviewView:
        """Raises KeyError, TypeError or ValueError for anything that is not a saved view."""
        if data.get("format") != VIEW_FORMAT:
            raise ValueError("format")
        asked = data.get("asked")
        return cls(
            title=str(data["title"]),
            kind_id=str(data["kind_id"]),
            kind_title=str(data["kind_title"]),
            percent=int(data["percent"]),
            sections=tuple(_section(s) for s in data["sections"]),
            turns=tuple(Turn(t["role"], t["kind"], str(t["text"]), t.get("question_id")) for t in data["turns"]),
            asked=Asked(**asked) if asked else None,
            read_only=bool(data.get("read_only", False)),
        )


def _section(data: dict[str, Any]) -> SectionView:
    questions = tuple((str(q), str(label)) for q, label in data["questions"])
    return SectionView(str(data["id"]), str(data["title"]), int(data["answered"]), int(data["total"]), questions)


def outline_of(interview: Interview) -> tuple[SectionView, ...]:
    answered = set(interview.answers)
    active = interview.evaluation.active

    def questions(section_id: str) -> tuple[tuple[str, str], ...]:
        return tuple((q.id, q.label) for q in active if q.section == section_id and q.id in answered)

    sections = interview.progress().sections
    return tuple(SectionView(p.id, p.title, p.answered, p.total, questions(p.id)) for p in sections)


def prefill_for(interview: Interview, q: Question | None) -> str:
    return interview.default_for(q) if q is not None and interview.prefills(q) else ""


def view_of(title: str, interview: Interview, notices: list[Turn] | None = None, *,
            read_only: bool = False) -> InterviewView:  # fmt: skip
    """What opening the draft shows: the last questions with their answers, any notices, then
    the next question (or the end of the interview)."""
    turns = [*interview.transcript(last=RESUMED_QUESTIONS), *(notices or [])]
    asked = None
    if not read_only:
        q = interview.next_question()
        turns += interview.opening()
        asked = Asked.of(q, prefill_for(interview, q)) if q is not None else None
    kind = interview.kind
    return InterviewView(title, kind.id, kind.title, interview.progress().percent, outline_of(interview),
                         tuple(turns), asked, read_only)  # fmt: skip


def kind_fingerprint(kind_id: str) -> list[list[object]]:
    """Name, size and modification time of the kind's question script and templates."""
    files: list[list[object]] = []
    try:
        script = data_dir("prompts") / f"{kind_id}.yaml"
        templates = data_dir("templates")
        paths = [script, *sorted((templates / kind_id).iterdir()), *sorted((templates / COMMON_TEMPLATES).iterdir())]
        for path in paths:
            st = os.stat(path)
            files.append([path.name, st.st_size, st.st_mtime_ns])
    except OSError:
        return []
    return files
