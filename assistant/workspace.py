"""The bridge between drafts in the store and report kinds: progress, interviews, reports.

The store stores and never evaluates: every write that changes answers is given its progress
here, from the evaluation the caller has made anyway."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file, parse_answer
from assistant.errors import AnswerError
from assistant.interview import Interview, Progress
from assistant.kinds import load_kind
from assistant.models import Draft, ReportKind
from assistant.pipeline import Evaluation, evaluate
from assistant.resources import DEMO_TITLE, data_dir
from assistant.templating import seed_from
from store import DraftStore


def progress_of(draft: Draft) -> int:
    """The draft's percent done, evaluated afresh (0 for a kind this version does not know)."""
    try:
        kind = load_kind(draft.kind_id)
    except Exception:  # a draft of a kind this version does not know still lists
        return 0
    return Interview(kind, draft.answers).progress().percent


def open_store(home: str | Path | None = None) -> DraftStore:
    return DraftStore(home)


def interview_for(draft: Draft, keys: Mapping[str, str] | None = None) -> Interview:
    return Interview(load_kind(draft.kind_id), draft.answers, seed=draft.seed, previous=draft.previous, keys=keys)


def carry_maps(kind: ReportKind) -> tuple[dict[str, str], dict[str, str]]:
    """For a draft made from last year's: answers kept as they are, and answers that become
    this year's 上年 figures (new question id → last year's question id)."""
    carry = {q.id: q.id for q in kind.questions if q.carry_over}
    last_year = {q.id: q.last_year_of for q in kind.questions if q.last_year_of}
    return carry, last_year


def seed_for(kind_id: str, unit: str) -> int:
    """The phrasing seed of a new draft: from its unit, so that a report comes out the same
    whichever way its draft was made (fill --save, the app, the demo)."""
    return seed_from(unit or kind_id)


def new_draft(store: DraftStore, kind_id: str, title: str, *, unit: str, year: int | None,
              answers: Mapping[str, Any] | None = None, last_year_of: str | None = None,
              evaluation: Evaluation | None = None) -> str:  # fmt: skip
    """Make a draft, the one way (the app, a draft from last year's, fill --save, the demo):
    with the unit and year already answered (where the kind asks them), `answers` besides, and
    with `last_year_of` last year's answers carried over; its seed from the unit (`seed_for`)
    and its progress, all in one write. `evaluation`: of exactly the answers the draft gets,
    when the caller has made it (fill), so that they are not evaluated again."""
    kind = load_kind(kind_id)
    known = {q.id for q in kind.questions}
    preset = {k: v for k, v in {"unit_name": unit, "year": None if year is None else str(year)}.items()
              if k in known and v}  # fmt: skip
    given: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    if last_year_of:
        previous = dict(store.load(last_year_of).answers)
        carry, last_year = carry_maps(kind)
        given |= {new: previous[old] for new, old in (carry | last_year).items() if old in previous}
    given |= {**preset, **(answers or {})}
    ev = evaluation if evaluation is not None else evaluate(kind, given)
    return store.create(kind.id, title, unit=unit, year=year, script_version=kind.version,
                        seed=seed_for(kind.id, unit), answers=given, previous=previous,
                        progress=Progress.of(ev).percent)  # fmt: skip


def reconcile(store: DraftStore, draft: Draft) -> tuple[list[str], Interview | None]:
    """Bring a draft made with an older question script up to date: answers that no longer fit
    are set aside by the store (kept, shown, asked again). Returns the ids set aside and, when
    the draft was migrated, the interview on what it kept (its evaluation gave the progress)."""
    kind = load_kind(draft.kind_id)
    if draft.script_version == kind.version:
        return [], None
    known = {q.id: q for q in kind.questions}

    def fits(qid: str, value: object) -> bool:
        if qid not in known:
            return False
        try:
            parse_answer(known[qid], str(value))
        except AnswerError:
            return False
        return True

    unfit = [qid for qid, value in draft.answers.items() if not fits(qid, value)]
    kept = {k: v for k, v in draft.answers.items() if k not in unfit}
    interview = Interview(kind, kept, seed=draft.seed, previous=draft.previous)
    moved = store.migrate(draft.id, kind.version, unfit, progress=interview.progress().percent)
    return moved, interview


def ensure_demo_draft(store: DraftStore) -> str:
    """The fully answered sample-3 draft of `--demo`, made once from examples/dept-overall.yaml."""
    for summary in store.list():
        if summary.title == DEMO_TITLE and not summary.damaged:
            return summary.id
    data = answers_file(data_dir("examples") / "dept-overall.yaml")
    kind = load_kind("dept-overall")
    answers = {k: answer_from_file(v) for k, v in data.items()}
    # the example leaves some optional questions out: they count as skipped, so the demo is complete
    active = evaluate(kind, answers).active
    answers.update({q.id: "" for q in active if not q.required and q.id not in answers})
    return new_draft(store, kind.id, DEMO_TITLE, unit=str(data["unit_name"]), year=int(data["year"]),
                     answers=answers)  # fmt: skip


def import_draft(store: DraftStore, path: str | Path) -> str:
    """Add the draft of a file written by `export_json` (the store's format), with its progress."""
    draft = store.read_export(path)
    return store.import_draft(draft, progress=progress_of(draft))
