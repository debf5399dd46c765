"""Small modal dialogs: a yes/no question and a one-line text prompt."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.textclean import clean_title


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("y", "confirm", "确定")]

    def __init__(self, message: str, confirm: str = "确定") -> None:
        super().__init__()
        self.message = message
        self.confirm_label = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message, markup=False, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="warning", id="yes")
                yield Button("取消", id="no")
            # the focus starts on 取消, so that a hasty Enter changes nothing
            yield Static(f"按 Y {self.confirm_label}，按 Esc 或 Enter 取消", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, message: str, value: str = "") -> None:
        super().__init__()
        self.message = message
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message, markup=False, classes="dialog-text")
            # the cursor at the end, nothing selected: a rename usually adds to the title (（初稿）)
            yield Input(self.value, id="prompt-input", select_on_focus=False)
            yield Static("Enter 确定，Esc 取消", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = clean_title(event.value)  # (a title: no terminal codes, no control characters)
        if value:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
