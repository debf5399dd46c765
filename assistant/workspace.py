"""The bridge between drafts in the store and report kinds: progress, interviews, reports."""

from __future__ import annotations

from pathlib import Path

from assistant.compose import compose
from assistant.interview import Interview
from assistant.kinds import load_kind
from assistant.models import Draft, Report
from assistant.pipeline import evaluate
from store import DraftStore


def progress_of(draft: Draft) -> int:
    try:
        kind = load_kind(draft.kind_id)
    except Exception:  # a draft of a kind this version does not know still lists
        return 0
    return Interview(kind, draft.answers).progress().percent


def open_store(home: str | Path | None = None) -> DraftStore:
    return DraftStore(home, progress=progress_of)


def interview_for(draft: Draft) -> Interview:
    return Interview(load_kind(draft.kind_id), draft.answers, seed=draft.seed)


def report_for(draft: Draft) -> Report:
    kind = load_kind(draft.kind_id)
    return compose(evaluate(kind, draft.answers), seed=draft.seed)
