"""The interview: outline on the left, the chat on the right, the composer at the bottom.

The screen draws; the open draft's Session (assistant/session.py) decides: what is asked, what
an answer, a skip, a clear or an undo changes, what the chat says. The screen first draws an
InterviewView: the live one, or the one saved when the draft was last closed (drawn before the
pipeline is loaded, then checked against the live one by `hydrate`). Until then, what the user
does waits: an answer is taken, keys run, once the draft is loaded. A change is shown as done
only after the store has made it durable (saved in a worker, so typing never waits for the disk).
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

from assistant.tui.view import Asked, InterviewView, outline_of, view_of
from assistant.tui.widgets.chat import Chat
from assistant.tui.widgets.composer import Composer
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.outline import Outline
from assistant.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from assistant.interview import Interview
    from assistant.models import Draft, Question
    from assistant.session import Change, Session, Step
    from assistant.workspace import Opened


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
        Binding("f7", "skip", "跳过", show=False, priority=True),  # before TextArea's F7 (select all)
        Binding("f8", "undo", "撤销修改", show=False),
        Binding("f9", "clear_answer", "清除回答", show=False),
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
        self.read_only_why: str | None = None  # when not because another window edits the draft
        self.session: Session | None = None  # None until hydrated
        self._queued = False  # Enter pressed while a change was saved (or the draft loaded)
        self._waiting: list[Callable[[], object]] = []  # keys pressed before the draft was loaded
        self._remember_timer: Timer | None = None

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
    def live(cls, opened: Opened) -> InterviewScreen:
        session = opened.session
        view = view_of(session.draft.title, session.interview, opened.notices, read_only=session.read_only)
        screen = cls(session.draft.id, view)
        screen.read_only_why = opened.why
        screen.session = session
        return screen

    # --- what the tests and the app read of the session ------------------------------------------

    @property
    def hydrated(self) -> bool:
        return self.session is not None

    @property
    def read_only(self) -> bool:
        return self.session.read_only if self.session is not None else self.view.read_only

    @property
    def interview(self) -> Interview | None:
        return self.session.interview if self.session is not None else None

    @property
    def draft(self) -> Draft | None:
        return self.session.draft if self.session is not None else None

    @property
    def current(self) -> Question | None:
        return self.session.current if self.session is not None else None

    @property
    def editing(self) -> bool:
        return self.session is not None and self.session.editing

    @property
    def saving(self) -> bool:
        return self.session is not None and self.session.saving

    # --- drawing ---------------------------------------------------------------------------

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

    def _asked(self) -> Asked | None:
        """The composer set up for the session's current question."""
        assert self.session is not None
        q = self.session.current
        return Asked.of(q, self.session.prefill) if q is not None else None

    def _ask(self) -> None:
        """The composer and the outline as the session stands: its current question asked."""
        assert self.session is not None
        composer = self.query_one(Composer)
        if self.session.read_only:
            composer.read_only(self.read_only_why)
        else:
            composer.ask(self._asked(), editing=self.session.editing)
        self._refresh_outline()

    def _refresh_outline(self) -> None:
        assert self.session is not None
        current = self.session.current
        self.query_one(Outline).refresh_from(outline_of(self.session.interview), current.section if current else None)
        self.sub_title = f"完成 {self.session.interview.progress().percent}%"

    # --- the draft arrives -------------------------------------------------------------------

    def hydrate(self, opened: Opened) -> None:
        """The draft is loaded: from now on the screen works on it. What was drawn from the saved
        view is drawn again only where the live view differs (typed text is kept)."""
        session = opened.session
        self.read_only_why = opened.why
        live = view_of(session.draft.title, session.interview, opened.notices, read_only=session.read_only)
        self.session = session
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
        if self.session is not None and not self.session.read_only:
            self.app.remember_view(self.draft_id, view_of(self.session.draft.title, self.session.interview))

    # --- changing answers ----------------------------------------------------------------------

    def on_composer_submitted(self, event: Composer.Submitted) -> None:
        if self.session is None or self.session.saving:  # answered ahead: taken once saved or loaded
            self._queued = True
            return
        self._submit(event.text)

    def _submit(self, text: str) -> None:
        assert self.session is not None
        self._run(self.session.submit(text), typed=text)

    def _run(self, step: Step, typed: str | None = None) -> None:
        """Show a refusal at once; save a change (in a worker), shown once it is saved. `typed`:
        the composer's text the change was made from (it stays there while it is saved)."""
        if step.change is None:
            self.query_one(Chat).add(step.turns)
            return
        if typed is not None:
            self.query_one(Composer).sent(typed)
        self._save(step.change, typed)

    # a description: else Textual names the worker by repr() of its arguments, the change with its
    # question and the outcome's models (a few ms of every Enter)
    @work(thread=True, exit_on_error=False, description="save")
    def _save(self, change: Change, typed: str | None) -> None:
        assert self.session is not None
        try:
            self.session.save(change)
        except Exception as err:  # disk full, lock lost …: nothing shown as saved
            self.app.call_from_thread(self._save_failed, change, typed, err)
            return
        self.app.call_from_thread(self._saved, change, typed)

    def _saved(self, change: Change, typed: str | None) -> None:
        assert self.session is not None
        before = (self.session.current, self.session.editing)
        with self.app.batch_update():  # one layout and one paint for the whole reply
            self.query_one(Chat).add(self.session.saved(change))
            # an answer's input keeps what was typed after it (for the next question); after a
            # clear or an undo, text typed for another question than the one now asked goes
            if typed is None and (before[1] or before[0] != self.session.current):
                self.query_one(Composer).clear()
            self._ask()
        self._take_queued()
        self._remember_soon()

    def _save_failed(self, change: Change, typed: str | None, error: Exception) -> None:
        assert self.session is not None
        self._queued = False
        if typed is not None:
            self.query_one(Composer).restore(typed)
        self.query_one(Chat).add(self.session.failed(change, error))

    def _take_queued(self) -> None:
        """An answer submitted while the last one was saved, or the draft loaded, is taken now;
        unless nothing was typed for this question (a second Enter must not skip it)."""
        if self._queued:
            self._queued = False
            text = self.query_one(Composer).text()
            if text.strip():
                self._submit(text)

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

    def _ready_to_change(self, action: Callable[[], object]) -> bool:
        """The draft is loaded, open for editing and not being saved (a key pressed meanwhile
        is not lost: it waits for the draft, or is refused with a bell while a change is saved)."""
        if not self._when_ready(action):
            return False
        assert self.session is not None
        if self.session.saving:
            self.app.bell()
            return False
        if self.session.read_only:
            self.app.notify("这份草稿是只读打开的，不能修改。", severity="warning")
            return False
        return True

    def _selected_question(self) -> str | None:
        """The question whose row the outline's cursor is on, while the outline has the focus
        (also when the command palette was opened from it)."""
        outline = self.query_one(Outline)
        if self.focused is outline and outline.rows:
            kind, ident, _ = outline.rows[outline.cursor]
            if kind == "question":
                return ident
        return None

    def action_skip(self) -> None:
        if self._ready_to_change(self.action_skip):
            assert self.session is not None
            self._run(self.session.skip(), typed=self.query_one(Composer).text())

    def action_undo(self) -> None:
        if self._ready_to_change(self.action_undo):
            assert self.session is not None
            self._run(self.session.undo(self._selected_question()))

    def action_clear_answer(self) -> None:
        if self._ready_to_change(self.action_clear_answer):
            assert self.session is not None
            self._run(self.session.clear(self._selected_question()))

    # --- navigation ------------------------------------------------------------------------

    def on_outline_chosen(self, event: Outline.Chosen) -> None:
        if not self._when_ready(lambda: self.on_outline_chosen(event)):
            return
        assert self.session is not None
        if self.session.saving or self.session.read_only:
            return
        turns = self.session.choose(event.kind, event.ident)
        if turns is None:
            return
        self.query_one(Chat).add(turns)
        if not self.session.editing:  # moving elsewhere: what was typed was for another question
            self.query_one(Composer).clear()
        self._ask()

    def action_help_question(self) -> None:
        if not self._when_ready(self.action_help_question):
            return
        assert self.session is not None
        turns = self.session.help()
        if turns is not None:
            self.query_one(Chat).add(turns)
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

        assert self.session is not None
        self.app.push_screen(ScorecardScreen(self.session.interview.evaluation))

    def action_preview(self) -> None:
        if not self._when_ready(self.action_preview):
            return
        from assistant.tui.screens.preview import PreviewScreen

        assert self.session is not None
        self.app.push_screen(PreviewScreen(self.session.interview))

    def action_export(self) -> None:
        if not self._when_ready(self.action_export):
            return
        from assistant.tui.screens.export import ExportScreen

        assert self.session is not None
        self.app.push_screen(ExportScreen(self.session.draft, self.session.interview), self._exported)

    def _exported(self, message: str | None) -> None:
        if message:
            from assistant.turns import Turn

            self.query_one(Chat).add([Turn("assistant", "notice", message)])
        self.query_one(Composer).focus_input()

    def action_back(self) -> None:
        self.confirm_discard(self._leave)

    def _leave(self) -> None:
        turns = self.session.leave() if self.session is not None else None
        if turns is not None:  # out of the edit, back to the next open question
            self.query_one(Chat).add(turns)
            self.query_one(Composer).clear()
            self._ask()
            return
        self.remember()
        if self.session is not None:
            self.session.close()
        self.app.leave_draft(self)

    def confirm_discard(self, then: Callable[[], object]) -> None:
        """Typed text that was not submitted is not saved: ask before it is thrown away."""
        if not self.query_one(Composer).would_lose() or self.read_only:
            then()
            return
        from assistant.tui.screens.dialogs import ConfirmScreen

        message = "输入框中还有没有提交的内容，离开后不会保存。\n确定离开吗？"
        self.app.push_screen(ConfirmScreen(message, confirm="离开"), lambda yes: then() if yes else None)
