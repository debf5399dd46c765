"""The input at the bottom: one line for short answers, several for paragraphs, lists, tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import Input, Static

from assistant.tui.view import Asked
from assistant.tui.widgets.messages import TextSubmitted

if TYPE_CHECKING:
    from assistant.tui.widgets.answer_area import AnswerArea


def _show(hint: Static, text: str) -> None:
    """Update the line above the input only when its text changes (an update costs a layout)."""
    if str(hint.content) != text:
        hint.update(text)


class Composer(Vertical):
    """Shows the right input for the question; posts Composer.Submitted with the typed text.
    The text stays until the next question is asked (after the answer is saved)."""

    class Submitted(TextSubmitted):
        """An answer, from the one-line input or the multi-line one."""

    _sent: str | None = None  # an answer being saved: it stays in the input until the reply
    _prefill = ""  # what the input was given with the question (an old answer, a default)

    def compose(self) -> ComposeResult:
        yield Static("", id="composer-hint", markup=False)
        yield Input(id="line", placeholder="在这里输入回答，按 Enter 提交")

    def _area(self, *, make: bool = True) -> AnswerArea | None:
        """The multi-line input, mounted the first time a question needs it (TextArea is the
        largest widget here: not loaded while a reopened draft is drawn)."""
        from assistant.tui.widgets.answer_area import AnswerArea

        try:
            return self.query_one("#block", AnswerArea)
        except NoMatches:
            if not make:
                return None
            area = AnswerArea(id="block", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            self.mount(area)
            return area

    @property
    def multiline(self) -> bool:
        return self.has_class("multiline")

    def ask(self, question: Asked | None, *, editing: bool = False) -> None:
        """Show the input for `question`. Text typed while the previous answer was being saved
        is kept (it belongs to this question); otherwise the input starts with its prefill."""
        typed = "" if editing else self.unsent()
        self._sent = None
        prefill = typed or (question.prefill if question else "")
        self._prefill = question.prefill if question else ""
        hint = self.query_one("#composer-hint", Static)
        if question is None:
            self.set_class(False, "multiline")
            _show(hint, "全部问题已回答：F3 评分，F4 预览，F5 导出；Ctrl+O 进入提纲可修改任一回答。")
            # left enabled: disabling moves the focus, and every focus change rebuilds the footer
            line = self.query_one("#line", Input)
            line.placeholder = "所有问题已回答；要修改某个回答，请按 Ctrl+O 在提纲中选择"
            if self.text() != typed:  # the answer just saved is still there
                self.clear()
                line.value = typed
            return
        multiline = question.multiline
        self.set_class(multiline, "multiline")
        what = f"修改：{question.label}" if editing else question.label
        keys = "Ctrl+S 提交，Enter 换行，F6 清空" if multiline else "Enter 提交"
        optional = "" if question.required else "；可留空跳过"
        _show(hint, f"{what}（{keys}；F1 说明和示例{optional}）")
        line = self.query_one("#line", Input)
        line.placeholder = "在这里输入回答，按 Enter 提交"
        self.clear()
        area = self._area() if multiline else None
        target = area if area is not None else line
        if area is not None:
            area.load_text(prefill)
        else:
            line.value = prefill
            line.cursor_position = len(prefill)
        if not target.has_focus:  # a focus change redraws the footer: only when needed
            target.focus()

    def read_only(self, why: str | None = None) -> None:
        self.set_class(False, "multiline")
        self.query_one("#composer-hint", Static).update(
            f"只读：{why or '这份草稿正在另一个窗口中编辑'}。可以查看评分（F3）、预览（F4）和导出（F5），不能修改。"
        )
        self.query_one("#line", Input).disabled = True

    def sent(self, text: str) -> None:
        """The text was submitted and is being saved. It is left in the input (clearing it costs
        a layout pass before the save, and the reply replaces it anyway); what is typed after it
        is kept for the next question."""
        self._sent = text

    def unsent(self) -> str:
        """What was typed and not submitted."""
        text = self.text()
        if self._sent is not None and text.startswith(self._sent):
            return text[len(self._sent) :].lstrip()
        return text

    def would_lose(self) -> bool:
        """Is there typed text that leaving would lose? Not when it is what the input was given
        (an old answer being edited, a default): that comes back with the question."""
        text = self.unsent().strip()
        return bool(text) and text != self._prefill.strip()

    def text(self) -> str:
        area = self._area(make=False) if self.multiline else None
        return area.text if area is not None else self.query_one("#line", Input).value

    def clear(self) -> None:
        self._sent = None
        self.query_one("#line", Input).value = ""
        area = self._area(make=False)
        if area is not None:
            area.load_text("")

    def restore(self, text: str) -> None:
        """Put back an answer that could not be saved if the user cleared the input meanwhile
        (it stays there while it is saved)."""
        self._sent = None
        if not self.text():
            widget = self._area() if self.multiline else None
            if widget is not None:
                widget.load_text(text)
            else:
                self.query_one("#line", Input).value = text

    def focus_input(self) -> None:
        area = self._area() if self.multiline else None
        (area if area is not None else self.query_one("#line", Input)).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.value))

    def on_answer_area_submitted(self, event: AnswerArea.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.text))
