"""One open draft: its interview, the question in hand, and the store it is saved in.

Every change of a draft (submit, skip, clear, undo) goes through a Session, in three steps that a
UI may split between threads:

1. `submit(text)` (or `skip`, `clear`, `undo`) weighs the change on the caller's thread: the
   answers are evaluated once; a refusal comes back as turns to show, and nothing changes;
2. `save(change)` has the store write it, with the progress that evaluation gave (the store
   never evaluates). It touches nothing but the store: it may run in a worker thread;
3. `saved(change)`: only now does the interview take the change (not evaluated again), and the
   session says what to show: the reply, then the next question. Or `failed(change, error)`:
   nothing was taken, so there is nothing to roll back; the session is as before the change.

`apply(step)` does 2 and 3 in one go, for a caller with no thread to spare.

What is asked next: the open questions of a section chosen in the outline first (until it has
none left), else the interview's next question. The session knows no screen: its turns are data,
and the keys its words name come from the UI (`Interview.keys`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from assistant.errors import AnswerError
from assistant.importing.workbook import table_path
from assistant.interview import Interview, Outcome, keyed
from assistant.turns import Turn
from store.errors import NothingToUndo

if TYPE_CHECKING:
    from assistant.models import Draft, Question
    from store import DraftStore

Action = Literal["submit", "skip", "clear", "undo"]

_NOT_SAVED = {
    "submit": "保存失败，回答没有记录",
    "skip": "保存失败，没有跳过",
    "clear": "保存失败，回答没有清除",
    "undo": "保存失败，没有撤销",
}


class Change(NamedTuple):
    """A change the interview accepted, on its way to the disk."""

    action: Action
    question: Question
    outcome: Outcome


class Step(NamedTuple):
    """What a request gave: turns to show now (a refusal, a notice), or a change to save (its
    turns are shown once it is saved)."""

    turns: list[Turn]
    change: Change | None = None


class Session:
    def __init__(self, store: DraftStore, draft: Draft, interview: Interview, *, read_only: bool = False) -> None:
        self.store = store
        self.draft = draft  # as opened: its answers are the interview's from then on
        self.interview = interview
        self.read_only = read_only
        self.current: Question | None = None if read_only else interview.next_question()
        self.editing = False  # the current question is answered already: its answer is being changed
        self.pending: Change | None = None  # saved at the moment (the UI waits for it)
        self._section: str | None = None  # chosen in the outline: its open questions come first

    @property
    def saving(self) -> bool:
        return self.pending is not None

    @property
    def prefill(self) -> str:
        """What the input starts with for the current question: the answer being changed, or a
        multi-line default to edit (a short one is only named in the question)."""
        q = self.current
        if q is None:
            return ""
        if self.editing:
            return self._current_answer(q)
        return self.interview.default_for(q) if self.interview.prefills(q) else ""

    # --- asking -------------------------------------------------------------------------------

    def ask_next(self) -> list[Turn]:
        """Move on to the next question (see the module's doc) and say it."""
        self.editing = False
        if self.read_only:
            self.current = None
            return []
        pending = self._open_in(self._section) if self._section else []
        if pending:  # the user went to this section: its open questions before the others
            self.current = pending[0]
            return self.interview.ask(pending[0])
        self._section = None
        self.current = self.interview.next_question()
        return self.interview.opening()

    def edit(self, qid: str) -> list[Turn]:
        """Change an answer (or give one to a question skipped or not reached yet)."""
        q = self.interview.kind.question(qid)
        self.current, self.editing = q, True
        shown = self._current_answer(q) or "（未填写）"
        return [Turn("assistant", "question", f"修改“{q.label}”。当前回答：{shown}\n{q.text}", qid)]

    def _current_answer(self, q: Question) -> str:
        """The answer as the user would say it: a choice by its words, not by the number typed
        for it (the demo and answers files store 1 for the first option)."""
        value = self.interview.evaluation.values.get(q.id)
        if q.type == "choice" and isinstance(value, str):
            return value
        return str(self.interview.answers.get(q.id, ""))

    def choose(self, kind: str, ident: str) -> list[Turn] | None:
        """A row chosen in the outline: a question is edited; a section's open questions are
        asked (first), or with none open its first question is edited. None: nothing to do."""
        if kind == "question":
            return self.edit(ident)
        pending = self._open_in(ident)
        if pending:
            self.current, self.editing, self._section = pending[0], False, ident
            return [self.interview.section_turn(ident), *self.interview.ask(pending[0])]
        questions = [q for q in self.interview.evaluation.active if q.section == ident]
        return self.edit(questions[0].id) if questions else None

    def help(self) -> list[Turn] | None:
        """The current question's help and example (None: nothing is being asked)."""
        return [self.interview.help_turn(self.current)] if self.current is not None else None

    def leave(self) -> list[Turn] | None:
        """Leave an edit unchanged and go back to the next open question (its turns); None when
        nothing is being edited: the draft itself is to be left (`close`)."""
        if not self.editing:
            return None
        turns = []
        if self.current is not None:
            label = self.current.label
            old = self.interview.answers.get(self.current.id)
            kept = f"没有修改“{label}”，原来的回答保留。" if old else f"“{label}”仍未填写。"
            turns.append(Turn("assistant", "notice", kept))
        return turns + self.ask_next()

    def close(self) -> None:
        """Let go of the draft (its lock, when it was open for editing)."""
        if not self.read_only:
            self.store.close(self.draft.id)

    def _open_in(self, section_id: str | None) -> list[Question]:
        return [q for q in self.interview.evaluation.active
                if q.section == section_id and q.id not in self.interview.answers]  # fmt: skip

    # --- changing: weigh ------------------------------------------------------------------------

    def submit(self, text: str) -> Step:
        """An answer to the current question."""
        if self.current is None:  # nothing is being asked: the text stays, the user is told where to go
            if not text.strip():
                return Step([])
            where = keyed(self.interview.keys, "outline", "请按 {} 在提纲中选择它。", "请在提纲中选择它。")
            return Step([Turn("assistant", "notice", f"所有问题都已回答。要修改某个回答，{where}")])
        if self.current.type == "indicators" and (path := table_path(text)) is not None:
            return self._from_table(path)
        return self._weighed("submit", self.current, self.interview.try_submit(self.current.id, text))

    def _from_table(self, path: Path) -> Step:
        """The indicators question answered with the path of a workbook or CSV file: its table,
        shown first (as a paste is), taken when the path is given again; a file that cannot be
        read is said, and nothing changes."""
        from assistant.importing.sheet import indicators_text
        from assistant.importing.workbook import read_indicator_file

        assert self.current is not None
        try:
            table = read_indicator_file(path)
        except AnswerError as err:
            return Step([Turn("assistant", "error", err.message, self.current.id)])
        outcome = self.interview.try_submit(self.current.id, indicators_text(table.rows), source=table.where)
        return self._weighed("submit", self.current, outcome)

    def skip(self) -> Step:
        """Leave the current question unanswered (only one that may be left empty)."""
        if self.current is None:
            return Step([Turn("assistant", "notice", "现在没有正在询问的问题，无需跳过。")])
        return self._weighed("skip", self.current, self.interview.try_skip(self.current.id))

    def clear(self, qid: str | None = None) -> Step:
        """Remove an answer (`qid`, else the one being changed): it is asked again later."""
        qid = qid or (self.current.id if self.current is not None and self.editing else None)
        if qid is None:
            where = keyed(self.interview.keys, "outline", "先按 {} 在提纲中选中", "先在提纲中选中")
            return Step([Turn("assistant", "notice", f"要清除哪个回答？请{where}它，或在修改它时清除。")])
        q = self.interview.kind.question(qid)
        return self._weighed("clear", q, self.interview.try_clear(qid))

    def undo(self, qid: str | None = None) -> Step:
        """Take back the last change of an answer (`qid`, else the one being changed, else the
        draft's last change of any answer); again, and it goes further back."""
        qid = qid or (self.current.id if self.current is not None and self.editing else None)
        try:
            qid, value = self.store.last_change(self.draft.id, qid)
        except NothingToUndo as err:
            return Step([Turn("assistant", "notice", err.message, qid)])
        try:
            q = self.interview.kind.question(qid)
        except KeyError:  # a change of a question this version of the script no longer has
            return Step([Turn("assistant", "notice", "上一次修改的问题已不在问题脚本中，无法撤销。")])
        return self._weighed("undo", q, self.interview.try_restore(qid, value))

    def _weighed(self, action: Action, q: Question, outcome: Outcome) -> Step:
        if self.read_only:
            return Step([Turn("assistant", "notice", "这份草稿是只读打开的，不能修改。")])
        if not outcome.accepted:
            return Step(outcome.turns)
        change = Change(action, q, outcome)
        self.pending = change
        return Step([], change)

    # --- changing: save, then saved or failed ---------------------------------------------------

    def save(self, change: Change) -> None:
        """Write the change, with its progress (only the store: may run in a worker thread)."""
        progress = change.outcome.progress
        if change.action == "undo":
            self.store.undo(self.draft.id, change.question.id, progress=progress)
        else:
            self.store.save_answers(self.draft.id, change.outcome.store, progress=progress)

    def saved(self, change: Change) -> list[Turn]:
        """The change is on disk: the interview takes it; what to show, then the next question."""
        self.pending = None
        self.interview.accept(change.outcome)
        return [*change.outcome.turns, *self.ask_next()]

    def failed(self, change: Change, error: BaseException) -> list[Turn]:
        """The change could not be saved: nothing of it was taken (the session is as before)."""
        self.pending = None
        message = str(error)
        advice = "" if message.endswith("。") else "。请稍后重试。"  # the store's messages say what to do
        return [Turn("assistant", "error", f"{_NOT_SAVED[change.action]}：{message}{advice}")]

    def apply(self, step: Step) -> list[Turn]:
        """Save a step's change and say what to show (a step without one: its turns)."""
        if step.change is None:
            return step.turns
        try:
            self.save(step.change)
        except Exception as err:  # a full disk, a lost lock …: nothing is shown as saved
            return self.failed(step.change, err)
        return self.saved(step.change)
