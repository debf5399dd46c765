"""The interview: outline on the left, the chat on the right, the composer at the bottom.

The screen first draws an InterviewView: the live one, or the one saved when the draft was last
closed (drawn before the pipeline is loaded, then checked against the live one by `hydrate`).
Until then, what the user does waits: an answer is taken, keys run, once the draft is loaded.
An answer is shown as accepted only after the store has made it durable (save in a worker,
so typing never waits for the disk).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from assistant.tui.view import Asked, InterviewView, outline_of, prefill_for, view_of
from assistant.tui.widgets.chat import Chat
from assistant.tui.widgets.composer import Composer
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.outline import Outline
from assistant.tui.widgets.titlebar import TitleBar
from assistant.turns import Turn

if TYPE_CHECKING:
    from textual.timer import Timer

    from assistant.interview import Interview, Outcome
    from assistant.models import Draft, Question


class InterviewScreen(Screen[None]):
    # the input has the focus, also when all is answered (typed text there is told where to go);
    # not the outline, which comes first
    AUTO_FOCUS = "#line, #block"
    BINDINGS = [
        Binding("f1", "help_question", "说明和示例"),
        Binding("f3", "scorecard", "评分"),
        Binding("f4", "preview", "预览"),
        Binding("f5", "export", "导出"),
        Binding("ctrl+o", "focus_outline", "提纲"),
        Binding("f6", "clear_input", "清空输入", show=False, priority=True),  # before TextArea's F6 (select line)
        Binding("escape", "back", "返回"),
    ]

    # the keys the interview's words name (按 Ctrl+O 进入提纲, 评分（F3）): its names → actions bound above
    SPOKEN = {"outline": "focus_outline", "scorecard": "scorecard", "preview": "preview", "export": "export"}

    # under 90 columns the outline narrows: the chat keeps room for a line of text (80×24)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]
    REMEMBER_AFTER = 2.0  # seconds after the last answer: the view is saved (a quick start after a crash)

    def __init__(self, draft_id: str, view: InterviewView) -> None:
        super().__init__()
        self.draft_id = draft_id
        self.view = view  # what was drawn on opening
        self.read_only = view.read_only
        self.read_only_why: str | None = None  # when not because another window edits the draft
        self.draft: Draft | None = None  # None until hydrated
        self.interview: Interview | None = None
        self.current: Question | None = None
        self.editing = False
        self.saving = False
        self._queued = False
        self._waiting: list[Callable[[], object]] = []  # keys pressed before the draft was loaded
        self._in_section: str | None = None  # chosen in the outline: its questions come first
        self._remember_timer: Timer | None = None
        self._progress = 0  # of the answer being saved

    @classmethod
    def spoken_keys(cls) -> dict[str, str]:
        """The keys as the interview's words name them: Ctrl+O and F3 (the key bar's ^O is for
        the bar)."""

        def spoken(key: str) -> str:
            parts = key.split(",")[0].split("+")
            return "+".join(p.upper() if len(p) == 1 or re.fullmatch(r"f\d+", p) else p.capitalize() for p in parts)

        keys = {b.action: spoken(b.key) for b in cls.BINDINGS if isinstance(b, Binding)}
        return {name: keys[action] for name, action in cls.SPOKEN.items()}

    @classmethod
    def live(cls, draft: Draft, interview: Interview, notices: list[Turn] | None = None, *,
             read_only: bool = False) -> InterviewScreen:  # fmt: skip
        screen = cls(draft.id, view_of(draft.title, interview, notices, read_only=read_only))
        screen._use_draft(draft, interview, read_only)
        return screen

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="body"):
            yield Outline()
            with Vertical(id="conversation"):
                yield Chat(id="chat")
                yield Composer(id="composer")
        yield KeyBar()

    def on_mount(self) -> None:
        with self.app.batch_update():
            self._draw(self.view)

    def _draw(self, view: InterviewView) -> None:
        self.title = view.title
        self.sub_title = f"完成 {view.percent}%"
        self.query_one(Chat).replace(view.turns)
        self.query_one(Outline).refresh_from(view.sections, view.asked.section if view.asked else None)
        composer = self.query_one(Composer)
        if view.read_only:
            composer.read_only(self.read_only_why)
        else:
            composer.ask(view.asked)

    # --- the draft arrives -------------------------------------------------------------------

    @property
    def hydrated(self) -> bool:
        return self.interview is not None

    def _use_draft(self, draft: Draft, interview: Interview, read_only: bool) -> None:
        self.draft, self.interview, self.read_only = draft, interview, read_only
        self.current = None if read_only else interview.next_question()

    def hydrate(self, draft: Draft, interview: Interview, notices: list[Turn] | None = None, *,
                read_only: bool = False) -> None:  # fmt: skip
        """The draft is loaded: from now on the screen works on it. What was drawn from the saved
        view is drawn again only where the live view differs (typed text is kept)."""
        live = view_of(draft.title, interview, notices, read_only=read_only)
        self._use_draft(draft, interview, read_only)
        if live != self.view:
            with self.app.batch_update():
                self._draw(live)
        self.view = live
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()
        self._take_queued()

    def _when_ready(self, action: Callable[[], object]) -> bool:
        """False (and `action` kept for later) while the draft is still being loaded."""
        if self.hydrated:
            return True
        self._waiting.append(action)
        return False

    def remember(self) -> None:
        """Save what the screen would show on opening, for a quick start next time."""
        if self.interview is not None and self.draft is not None and not self.read_only:
            self.app.remember_view(self.draft_id, view_of(self.draft.title, self.interview))

    # --- asking ----------------------------------------------------------------------------

    def _ask_next(self) -> None:
        assert self.interview is not None
        self.editing = False
        if self.read_only:
            self.current = None
            self.query_one(Composer).read_only(self.read_only_why)
            self._refresh_outline()
            return
        pending = self._pending_in(self._in_section) if self._in_section else []
        if pending:  # the user went to this section: its open questions before the others
            self.current = pending[0]
            self.query_one(Chat).add(self.interview.ask(pending[0]))
        else:
            self._in_section = None
            self.current = self.interview.next_question()
            self.query_one(Chat).add(self.interview.opening())
        self.query_one(Composer).ask(self._asked(self.current))
        self._refresh_outline()

    def _pending_in(self, section_id: str | None) -> list[Question]:
        assert self.interview is not None
        return [q for q in self.interview.evaluation.active
                if q.section == section_id and q.id not in self.interview.answers]  # fmt: skip

    def _asked(self, q: Question | None) -> Asked | None:
        assert self.interview is not None
        return Asked.of(q, prefill_for(self.interview, q)) if q is not None else None

    def edit(self, qid: str) -> None:
        assert self.interview is not None
        q = self.interview.kind.question(qid)
        self.current, self.editing = q, True
        old = str(self.interview.answers.get(qid, ""))
        shown = old if old else "（未填写）"
        self.query_one(Chat).add([Turn("assistant", "question", f"修改“{q.label}”。当前回答：{shown}\n{q.text}", qid)])
        self.query_one(Composer).ask(Asked.of(q, old), editing=True)
        self._refresh_outline()

    def _refresh_outline(self) -> None:
        assert self.interview is not None
        section = self.current.section if self.current else None
        self.query_one(Outline).refresh_from(outline_of(self.interview), section)
        self.sub_title = f"完成 {self.interview.progress().percent}%"

    # --- answering -------------------------------------------------------------------------

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if self.saving or not self.hydrated:  # answered ahead: taken once the save is done or the draft loaded
            self._queued = True
            return
        self._submit(event.text)

    def _submit(self, text: str) -> None:
        assert self.interview is not None
        if self.current is None:  # nothing is being asked: the text stays, the user is told where to go
            if text.strip():
                from assistant.interview import keyed

                where = keyed(self.interview.keys, "outline", "请按 {} 在提纲中选择它。", "请在提纲中选择它。")
                notice = f"所有问题都已回答。要修改某个回答，{where}"
                self.query_one(Chat).add([Turn("assistant", "notice", notice)])
            return
        before = dict(self.interview.answers)
        outcome = self.interview.submit(self.current.id, text)
        if not outcome.accepted:  # the typed text stays in the input for correction
            self.query_one(Chat).add(outcome.turns)
            return
        self.saving = True
        self._progress = self.interview.progress().percent
        self.query_one(Composer).sent(text)
        self._save(outcome, before, text)

    @work(thread=True, exit_on_error=False)
    def _save(self, outcome: Outcome, before: dict[str, str], typed: str) -> None:
        try:  # (the interview has taken the answer already: its progress is the one to store)
            self.app.store.save_answers(self.draft_id, outcome.store, progress=self._progress)
        except Exception as err:  # disk full, lock lost …: nothing shown as saved
            self.app.call_from_thread(self._save_failed, before, typed, str(err))
            return
        self.app.call_from_thread(self._saved, outcome)

    def _saved(self, outcome: Outcome) -> None:
        self.saving = False
        with self.app.batch_update():  # one layout and one paint for the whole reply
            self.query_one(Chat).add(outcome.turns)
            self._ask_next()
        self._take_queued()
        self._remember_soon()

    def _remember_soon(self) -> None:
        """Save the view once the answers pause, not only on leaving: after a crash or a kill,
        the next start is still drawn at once (the view fits the draft file as last saved)."""
        if self._remember_timer is not None:
            self._remember_timer.stop()
        self._remember_timer = self.set_timer(self.REMEMBER_AFTER, self._remember_now)

    def _remember_now(self) -> None:
        self._remember_timer = None
        if self.saving:  # an answer on its way: its file is not final yet
            self._remember_soon()
        else:
            self.remember()

    def _take_queued(self) -> None:
        """An answer submitted while the last one was saved, or the draft loaded, is taken now;
        unless nothing was typed for this question (a second Enter must not skip it)."""
        if self._queued:
            self._queued = False
            text = self.query_one(Composer).text()
            if text.strip():
                self._submit(text)

    def _save_failed(self, before: dict[str, str], typed: str, message: str) -> None:
        from assistant.interview import Interview

        assert self.interview is not None
        self.saving = self._queued = False
        self.query_one(Composer).restore(typed)
        self.interview = Interview(self.interview.kind, before, seed=self.interview.seed,
                                   previous=self.interview.previous, keys=self.interview.keys)  # fmt: skip
        advice = "" if message.endswith("。") else "。请稍后重试。"  # the store's messages say what to do
        self.query_one(Chat).add([Turn("assistant", "error", f"保存失败，回答没有记录：{message}{advice}")])

    # --- navigation ------------------------------------------------------------------------

    def on_outline_chosen(self, event: Outline.Chosen) -> None:
        if not self._when_ready(lambda: self.on_outline_chosen(event)):
            return
        if self.saving or self.read_only or self.interview is None:
            return
        kind, ident = event.kind, event.ident
        if kind == "question":
            self.edit(ident)
            return
        questions = [q for q in self.interview.evaluation.active if q.section == ident]
        pending = self._pending_in(ident)
        if pending:
            self.current, self.editing, self._in_section = pending[0], False, ident
            self.query_one(Chat).add([self.interview.section_turn(ident), *self.interview.ask(pending[0])])
            self.query_one(Composer).clear()  # moving elsewhere: what was typed was for another question
            self.query_one(Composer).ask(self._asked(pending[0]))
            self._refresh_outline()
        elif questions:
            self.edit(questions[0].id)

    def action_help_question(self) -> None:
        if not self._when_ready(self.action_help_question):
            return
        assert self.interview is not None
        if self.current is not None:
            self.query_one(Chat).add([self.interview.help_turn(self.current)])
        else:  # nothing is being asked: the keys and how to change an answer
            self.app.action_help()

    def action_focus_outline(self) -> None:
        outline = self.query_one(Outline)
        outline.focus()
        if self.current is not None:
            outline.move_to_section(self.current.section)

    def action_clear_input(self) -> None:
        self.query_one(Composer).clear()
        self.query_one(Composer).focus_input()

    def action_scorecard(self) -> None:
        if not self._when_ready(self.action_scorecard):
            return
        from assistant.tui.screens.scorecard import ScorecardScreen

        assert self.interview is not None
        self.app.push_screen(ScorecardScreen(self.interview.evaluation))

    def action_preview(self) -> None:
        if not self._when_ready(self.action_preview):
            return
        from assistant.tui.screens.preview import PreviewScreen

        assert self.interview is not None
        self.app.push_screen(PreviewScreen(self.interview))

    def action_export(self) -> None:
        if not self._when_ready(self.action_export):
            return
        from assistant.tui.screens.export import ExportScreen

        assert self.draft is not None and self.interview is not None
        self.app.push_screen(ExportScreen(self.draft, self.interview), self._exported)

    def _exported(self, message: str | None) -> None:
        if message:
            self.query_one(Chat).add([Turn("assistant", "notice", message)])
        self.query_one(Composer).focus_input()

    def action_back(self) -> None:
        self.confirm_discard(self._leave)

    def _leave(self) -> None:
        if self.editing:  # leave the edit, back to the next open question
            if self.current is not None:
                old = self.interview.answers.get(self.current.id) if self.interview else None
                kept = (f"没有修改“{self.current.label}”，原来的回答保留。" if old
                        else f"“{self.current.label}”仍未填写。")  # fmt: skip
                self.query_one(Chat).add([Turn("assistant", "notice", kept)])
            self.query_one(Composer).clear()
            self._ask_next()
            return
        self.remember()
        if self.hydrated and not self.read_only:
            self.app.close_draft(self.draft_id)
        self.app.leave_draft(self)

    def confirm_discard(self, then: Callable[[], object]) -> None:
        """Typed text that was not submitted is not saved: ask before it is thrown away."""
        if not self.query_one(Composer).would_lose() or self.read_only:
            then()
            return
        from assistant.tui.screens.dialogs import ConfirmScreen

        message = "输入框中还有没有提交的内容，离开后不会保存。\n确定离开吗？"
        self.app.push_screen(ConfirmScreen(message, confirm="离开"), lambda yes: then() if yes else None)
