"""The bridge between the drafts in the store and the report kinds: making a draft (the one way,
for the app, `fill --save`, a draft from last year's and the demo), opening one as a Session,
importing and exporting one, and the progress each write carries.

The store stores and never evaluates: every write that changes answers is given its progress
here, from the evaluation the caller has made anyway. The terminal UI reaches the drafts only
through this module (`Workspace`) and the session, never the store itself; so this module is
light to import (the store, the kinds and the interview are loaded on first use).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import DataFolderError, DraftDamaged, DraftLocked, StoreError
from store.paths import default_home, prepare_home
from store.quick_list import QuickIndex, QuickSummary, read_index
from store.view_cache import ViewCache

if TYPE_CHECKING:
    from assistant.interview import Interview
    from assistant.models import Draft, DraftSummary, ReportKind
    from assistant.pipeline import Evaluation
    from assistant.review.last_year import LastYear
    from assistant.session import Session
    from assistant.turns import Turn
    from store import DraftStore

# what the UI may catch and show: re-exported, so that it needs nothing from store/
__all__ = [
    "DataFolderError",
    "DraftDamaged",
    "DraftLocked",
    "Opened",
    "QuickIndex",
    "QuickSummary",
    "StoreError",
    "ViewCache",
    "Workspace",
    "default_home",
    "prepare_home",
]


def open_store(home: str | Path | None = None) -> DraftStore:
    from store import DraftStore

    return DraftStore(home)


def progress_of(draft: Draft) -> int:
    """The draft's percent done, evaluated afresh (0 for a kind this version does not know)."""
    from assistant.interview import Interview
    from assistant.kinds import load_kind

    try:
        kind = load_kind(draft.kind_id)
    except Exception:  # a draft of a kind this version does not know still lists
        return 0
    return Interview(kind, draft.answers).progress().percent


def interview_for(draft: Draft, keys: Mapping[str, str] | None = None) -> Interview:
    from assistant.interview import Interview
    from assistant.kinds import load_kind

    return Interview(load_kind(draft.kind_id), draft.answers, seed=draft.seed, previous=draft.previous, keys=keys,
                     imported=draft.imported)  # fmt: skip


def seed_for(kind_id: str, unit: str) -> int:
    """The phrasing seed of a new draft: from its unit, so that a report comes out the same
    whichever way its draft was made (fill --save, the app, the demo)."""
    from assistant.templating import seed_from

    return seed_from(unit or kind_id)


def carry_maps(kind: ReportKind) -> tuple[dict[str, str], dict[str, str]]:
    """For a draft made from last year's: answers kept as they are, and answers that become
    this year's 上年 figures (new question id → last year's question id)."""
    carry = {q.id: q.id for q in kind.questions if q.carry_over}
    last_year = {q.id: q.last_year_of for q in kind.questions if q.last_year_of}
    return carry, last_year


def new_draft(store: DraftStore, kind_id: str, title: str, *, unit: str, year: int | None,
              answers: Mapping[str, Any] | None = None, last_year_of: str | None = None,
              evaluation: Evaluation | None = None, last_year: LastYear | None = None) -> str:  # fmt: skip
    """Make a draft, the one way: with the unit and year already answered (where the kind asks
    them), `answers` besides, and with `last_year_of` last year's answers carried over; its seed
    from the unit (`seed_for`) and its progress, all in one write. `evaluation`: of exactly the
    answers the draft gets, when the caller has made it (fill), so they are not evaluated again.
    `last_year`: answers read from last year's report (review.last_year), carried over as a
    draft's would be, each marked as imported until the user confirms it."""
    from assistant.interview import Progress
    from assistant.kinds import load_kind
    from assistant.pipeline import evaluate

    kind = load_kind(kind_id)
    known = {q.id for q in kind.questions}
    preset = {k: v for k, v in {"unit_name": unit, "year": None if year is None else str(year)}.items()
              if k in known and v}  # fmt: skip
    given: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    imported: dict[str, str] = {}
    if last_year_of:
        previous = dict(store.load(last_year_of).answers)
    elif last_year is not None:
        previous = dict(last_year.answers)
    if previous:
        carry, last_year_map = carry_maps(kind)
        given |= {new: previous[old] for new, old in (carry | last_year_map).items() if old in previous}
    if last_year is not None:
        given |= last_year.seeds  # the indicator table without last year's values, the goals
        imported = {qid: last_year.notes.get(qid, "") for qid in given}
    overrides = {**preset, **(answers or {})}
    # what the user typed (the dialog's unit) is theirs, not read from the report: not to confirm
    imported = {q: note for q, note in imported.items() if q not in overrides or str(overrides[q]) == str(given[q])}
    given |= overrides
    ev = evaluation if evaluation is not None else evaluate(kind, given)
    return store.create(kind.id, title, unit=unit, year=year, script_version=kind.version,
                        seed=seed_for(kind.id, unit), answers=given, previous=previous,
                        imported=imported, progress=Progress.of(ev).percent)  # fmt: skip


def ensure_demo_draft(store: DraftStore) -> str:
    """The fully answered sample-3 draft of `--demo`, made once from examples/dept-overall.yaml."""
    from assistant.answer_files import answers_file
    from assistant.answers import answer_from_file
    from assistant.kinds import load_kind
    from assistant.pipeline import evaluate
    from assistant.resources import DEMO_TITLE, data_dir

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


def reconcile(store: DraftStore, draft: Draft) -> tuple[list[str], Interview | None]:
    """Bring a draft made with an older question script up to date: answers that no longer fit
    are set aside by the store (kept, shown, asked again). Returns the ids set aside and, when
    the draft was migrated, the interview on what it kept (its evaluation gave the progress)."""
    from assistant.answers import parse_answer
    from assistant.errors import AnswerError
    from assistant.interview import Interview
    from assistant.kinds import load_kind

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
    interview = Interview(kind, kept, seed=draft.seed, previous=draft.previous, imported=draft.imported)
    moved = store.migrate(draft.id, kind.version, unfit, progress=interview.progress().percent)
    return moved, interview


def import_draft(store: DraftStore, path: str | Path) -> str:
    """Add the draft of a file written by `export_json` (the store's format), with its progress."""
    draft = store.read_export(path)
    return store.import_draft(draft, progress=progress_of(draft))


@dataclass
class Opened:
    """A draft opened: its session, notices to show first (answers set aside by a script update),
    and when it opened read-only, the store's message saying why (`read_only`) and, when it is
    not that another window edits it, what the composer says (`why`)."""

    session: Session
    notices: list[Turn] = field(default_factory=list)
    read_only: StoreError | None = None
    why: str | None = None


class Workspace:
    """The user's data folder as the UI sees it: the drafts list, making, copying, deleting and
    restoring drafts, and opening one as a Session. The store behind it (TinyDB, pydantic) is
    opened on first use, or ahead in a thread (`open_ahead`), never before the first frame."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.views = ViewCache(home)
        self._store: DraftStore | None = None
        self._lock = threading.Lock()  # the store may be opened ahead, in a thread

    @property
    def loaded(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> DraftStore:
        """Opened on first use: it brings in TinyDB and pydantic."""
        with self._lock:
            if self._store is None:
                self._store = open_store(self.home)
            return self._store

    def open_ahead(self) -> None:
        """Open the store now (in a thread, before the first action that needs it)."""
        self.store  # noqa: B018  (opening it is the point)

    # --- the drafts list ---------------------------------------------------------------------

    def quick_index(self) -> QuickIndex | None:
        """The drafts from the summaries index alone, its stamps still to be checked (see
        store.quick_list)."""
        return read_index(self.home)

    def drafts(self) -> list[DraftSummary]:
        return self.store.list()

    def trash(self) -> list[DraftSummary]:
        return self.store.trash()

    def problems(self) -> list[str]:
        return self.store.problems() if self.loaded else []

    def load(self, draft_id: str) -> Draft:
        return self.store.load(draft_id)

    # --- making and managing drafts ------------------------------------------------------------

    def create(self, kind_id: str, title: str, *, unit: str, year: int, last_year_of: str | None = None,
               last_year: LastYear | None = None) -> str:  # fmt: skip
        return new_draft(
            self.store, kind_id, title, unit=unit, year=year, last_year_of=last_year_of, last_year=last_year
        )

    def ensure_demo(self) -> str:
        return ensure_demo_draft(self.store)

    def rename(self, draft_id: str, title: str) -> None:
        self.store.rename(draft_id, title)

    def duplicate(self, draft_id: str) -> str:
        return self.store.duplicate(draft_id)

    def delete(self, draft_id: str) -> None:
        self.store.delete(draft_id)

    def restore(self, draft_id: str) -> None:
        self.store.restore(draft_id)

    def recover(self, draft_id: str) -> None:
        """Back to the last good version of a damaged draft (the damaged file is kept aside)."""
        self.store.recover(draft_id)

    # --- editing -----------------------------------------------------------------------------

    def open(self, draft_id: str, keys: Mapping[str, str] | None = None) -> Opened:
        """The draft as a Session: for editing (its lock held until `close`), or read-only when
        another window edits it or the data folder's locks cannot be taken. Raises DraftDamaged
        (with `backup` when there is a good copy to go back to) and other StoreErrors, or a
        KindError for a kind that does not load."""
        from assistant.session import Session

        store = self.store
        read_only: StoreError | None = None
        why = None
        try:
            draft = store.open_for_edit(draft_id)
        except DraftLocked as err:  # open elsewhere: viewing is safe, changing is not
            draft, read_only = store.load(draft_id), err
        except DataFolderError as err:  # no locks folder: nothing can be saved, it can be viewed
            draft, read_only = store.load(draft_id), err
            why = f"数据文件夹中的“{err.path.name}”应是一个文件夹，现在不是。请把它改名或移到别处，再重新打开"
        notices: list[Turn] = []
        try:
            moved, interview = ([], None) if read_only is not None else reconcile(store, draft)
            if moved and interview is not None:
                from assistant.turns import Turn

                draft = store.load(draft_id)
                notices = [
                    Turn("assistant", "notice", f"问题脚本已更新：“{_label(interview.kind, qid)}”原来的回答"
                         f"“{draft.set_aside[qid]}”已不适用，已另行保存，稍后会重新询问。", qid)
                    for qid in moved
                ]  # fmt: skip
            if interview is None:
                interview = interview_for(draft)
        except BaseException:  # (a kind that does not load …): the draft is not left locked
            if read_only is None:
                store.close(draft_id)
            raise
        interview.keys = dict(keys or {})
        return Opened(Session(store, draft, interview, read_only=read_only is not None), notices, read_only, why)

    def close(self, draft_id: str | None = None) -> None:
        """Let go of one draft opened for editing, or of all (when the app ends)."""
        if self._store is not None:
            self._store.close(draft_id)


def _label(kind: ReportKind, qid: str) -> str:
    try:
        return kind.question(qid).label
    except KeyError:  # a question the script no longer has
        return qid
