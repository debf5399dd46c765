"""The interview: outline on the left, the chat on the right, the composer at the bottom.

An answer is shown as accepted only after the store has made it durable (save in a worker,
so typing never waits for the disk).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Tree

from assistant.interview import Interview, Outcome, Turn
from assistant.models import Draft, Question
from assistant.tui.widgets.chat import Chat
from assistant.tui.widgets.composer import Composer
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.outline import Outline

RESUMED_QUESTIONS = 12  # questions shown again on resume; all of them are in the outline


class InterviewScreen(Screen[None]):
    BINDINGS = [
        Binding("f1", "help_question", "说明和示例"),
        Binding("f3", "scorecard", "评分"),
        Binding("f4", "preview", "预览"),
        Binding("f5", "export", "导出"),
        Binding("ctrl+o", "focus_outline", "提纲"),
        Binding("f6", "clear_input", "清空输入", show=False),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, draft: Draft, interview: Interview, notices: list[Turn] | None = None, *,
                 read_only: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.read_only = read_only
        self.draft = draft
        self.interview = interview
        self.current: Question | None = None
        self.editing = False
        self.saving = False
        self._queued = False
        self._notices = notices or []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Outline()
            with Vertical(id="conversation"):
                yield Chat(id="chat")
                yield Composer(id="composer")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = self.draft.title
        self.sub_title = self.interview.kind.title
        with self.app.batch_update():
            chat = self.query_one(Chat)
            chat.add(self.interview.transcript(last=RESUMED_QUESTIONS))
            chat.add(self._notices)
            self._ask_next()

    # --- asking ----------------------------------------------------------------------------

    def _ask_next(self) -> None:
        self.editing = False
        if self.read_only:
            self.current = None
            self.query_one(Composer).read_only()
            self._refresh_outline()
            return
        self.current = self.interview.next_question()
        self.query_one(Chat).add(self.interview.opening())
        self.query_one(Composer).ask(self.current, self._prefill(self.current))
        self._refresh_outline()

    def _prefill(self, q: Question | None) -> str:
        return self.interview.default_for(q) if q is not None and self.interview.prefills(q) else ""

    def edit(self, qid: str) -> None:
        q = self.interview.kind.question(qid)
        self.current, self.editing = q, True
        old = self.interview.answers.get(qid, "")
        shown = old if old else "（未填写）"
        self.query_one(Chat).add([Turn("assistant", "question", f"修改“{q.label}”。当前回答：{shown}\n{q.text}", qid)])
        self.query_one(Composer).ask(q, old, editing=True)
        self._refresh_outline()

    def _refresh_outline(self) -> None:
        section = self.current.section if self.current else None
        self.query_one(Outline).refresh_from(self.interview, section)
        self.sub_title = f"完成 {self.interview.progress().percent}%"

    # --- answering -------------------------------------------------------------------------

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if self.saving:  # answered ahead of the question: taken as soon as the save is done
            self._queued = True
            return
        self._submit(event.text)

    def _submit(self, text: str) -> None:
        if self.current is None:  # nothing is being asked: the text stays, the user is told where to go
            if text.strip():
                notice = "所有问题都已回答。要修改某个回答，请按 Ctrl+O 在提纲中选择它。"
                self.query_one(Chat).add([Turn("assistant", "notice", notice)])
            return
        before = dict(self.interview.answers)
        outcome = self.interview.submit(self.current.id, text)
        if not outcome.accepted:  # the typed text stays in the input for correction
            self.query_one(Chat).add(outcome.turns)
            return
        self.saving = True
        self.query_one(Composer).clear()
        self._save(outcome, before, text)

    @work(thread=True, exit_on_error=False)
    def _save(self, outcome: Outcome, before: dict[str, str], typed: str) -> None:
        try:
            for qid, text in outcome.store.items():
                if text is None:
                    self.app.store.clear_answer(self.draft.id, qid)
                else:
                    self.app.store.save_answer(self.draft.id, qid, text)
        except Exception as err:  # disk full, lock lost …: nothing shown as saved
            self.app.call_from_thread(self._save_failed, before, typed, str(err))
            return
        self.app.call_from_thread(self._saved, outcome)

    def _saved(self, outcome: Outcome) -> None:
        self.saving = False
        with self.app.batch_update():  # one layout and one paint for the whole reply
            self.query_one(Chat).add(outcome.turns)
            self._ask_next()
        if self._queued:
            self._queued = False
            self._submit(self.query_one(Composer).text())

    def _save_failed(self, before: dict[str, str], typed: str, message: str) -> None:
        self.saving = self._queued = False
        self.query_one(Composer).restore(typed)
        self.interview = Interview(self.interview.kind, before, seed=self.interview.seed)
        self.query_one(Chat).add([Turn("assistant", "error", f"保存失败，回答没有记录：{message}。请稍后重试。")])

    # --- navigation ------------------------------------------------------------------------

    def on_tree_node_selected(self, event: Tree.NodeSelected[tuple[str, str]]) -> None:
        if event.node.data is None or self.saving or self.read_only:
            return
        kind, ident = event.node.data
        if kind == "question":
            self.edit(ident)
            return
        questions = [q for q in self.interview.evaluation.active if q.section == ident]
        pending = [q for q in questions if q.id not in self.interview.answers]
        if pending:
            self.current, self.editing = pending[0], False
            self.query_one(Chat).add([self.interview.section_turn(ident), *self.interview.ask(pending[0])])
            self.query_one(Composer).clear()  # moving elsewhere: what was typed was for another question
            self.query_one(Composer).ask(pending[0], self._prefill(pending[0]))
            self._refresh_outline()
        elif questions:
            self.edit(questions[0].id)

    def action_help_question(self) -> None:
        if self.current is not None:
            self.query_one(Chat).add([self.interview.help_turn(self.current)])

    def action_focus_outline(self) -> None:
        outline = self.query_one(Outline)
        outline.focus()
        if self.current is not None:
            outline.move_to_section(self.current.section)

    def action_clear_input(self) -> None:
        self.query_one(Composer).clear()
        self.query_one(Composer).focus_input()

    def action_scorecard(self) -> None:
        from assistant.tui.screens.scorecard import ScorecardScreen

        self.app.push_screen(ScorecardScreen(self.interview.evaluation))

    def action_preview(self) -> None:
        from assistant.tui.screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(self.interview))

    def action_export(self) -> None:
        from assistant.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.draft, self.interview), self._exported)

    def _exported(self, message: str | None) -> None:
        if message:
            self.query_one(Chat).add([Turn("assistant", "notice", message)])
        self.query_one(Composer).focus_input()

    def action_back(self) -> None:
        self.confirm_discard(self._leave)

    def _leave(self) -> None:
        if self.editing:  # leave the edit, back to the next open question
            self.query_one(Composer).clear()
            self._ask_next()
            return
        if not self.read_only:
            self.app.close_draft(self.draft.id)
        self.app.pop_screen()

    def confirm_discard(self, then: Callable[[], object]) -> None:
        """Typed text that was not submitted is not saved: ask before it is thrown away."""
        if not self.query_one(Composer).text().strip() or self.read_only:
            then()
            return
        from assistant.tui.screens.dialogs import ConfirmScreen

        message = "输入框中还有没有提交的内容，离开后不会保存。\n确定离开吗？（按 Esc 返回继续编辑）"
        self.app.push_screen(ConfirmScreen(message, confirm="离开"), lambda yes: then() if yes else None)
