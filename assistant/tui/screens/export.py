"""Export the draft: a path with a sensible default, a question before overwriting, a notice."""

from __future__ import annotations

import re
from pathlib import Path

from platformdirs import user_documents_dir
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from assistant.compose import compose
from assistant.export.paths import ExportError, safe_output_path
from assistant.export.writer import write_report
from assistant.interview import Interview
from assistant.models import Draft
from assistant.tui.screens.dialogs import ConfirmScreen
from assistant.tui.widgets.prose import Prose
from assistant.wording import pending

_SHOWN_ERRORS = 3  # the first few are listed; F3 lists them all


def open_errors(interview: Interview) -> str:
    """What the dialog says before a report with open 【错误】 is written (empty when none)."""
    errors = [f.message for f in interview.evaluation.findings if f.level == "error"]
    if not errors:
        return ""
    lines = [f"还有{len(errors)}项【错误】没有改正，导出的报告会带着这些错误："]
    lines += [f"·{message}" for message in errors[:_SHOWN_ERRORS]]
    if len(errors) > _SHOWN_ERRORS:
        lines.append(f"……另有{len(errors) - _SHOWN_ERRORS}项，按 F3 查看全部。")
    return "\n".join(lines)


def file_stem(draft: Draft) -> str:
    """The draft's title as a file name (without what Windows forbids in one)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "", draft.title) or "自评报告"


def default_export_path(draft: Draft) -> Path:
    folder = Path(user_documents_dir())
    if not folder.is_dir():
        folder = Path.cwd()
    return folder / f"{file_stem(draft)}.docx"


class ExportScreen(ModalScreen[str | None]):
    """Dismisses with the notice to show in the chat, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, draft: Draft, interview: Interview) -> None:
        super().__init__()
        self.draft = draft
        self.interview = interview

    def compose(self) -> ComposeResult:
        errors = open_errors(self.interview)
        with Vertical(classes="dialog wide" if errors else "dialog"):
            if errors:
                yield Prose(errors, id="export-open-errors")
            yield Static("导出报告：文件名以 .docx、.md 或 .txt 结尾；以 .xlsx 结尾则导出自评表（Excel）",
                         classes="dialog-text")  # fmt: skip
            yield Input(str(default_export_path(self.draft)), id="export-path")
            yield Static("", id="export-error", markup=False)
            yield Static("Enter 仍然导出，Esc 取消（先去改正）" if errors else "Enter 导出，Esc 取消",
                         classes="dialog-hint")  # fmt: skip

    def on_input_submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#export-error", Static)
        try:
            target = safe_output_path(event.value.strip(), force=True)
        except ExportError as err:
            error.update(str(err))
            return
        error.update("")
        if target.exists():
            self.app.push_screen(
                ConfirmScreen(f"文件已存在：\n{target}\n是否覆盖？", confirm="覆盖"),
                lambda yes: self._write(target) if yes else None,
            )
        else:
            self._write(target)

    @work(thread=True, exit_on_error=False)
    def _write(self, target: Path) -> None:
        try:
            report = compose(self.interview.evaluation, seed=self.interview.seed)
            path = write_report(report, target, force=True)
        except (ExportError, OSError) as err:
            self.app.call_from_thread(self.query_one("#export-error", Static).update, f"导出失败：{err}")
            return
        left = len(self.interview.evaluation.unanswered_required())
        note = f"报告已导出到：{path}"
        if self.app.is_web:
            note += f"，浏览器同时下载一份（{self._offer_download(path)}）"
        if left:
            note += f"（还有{left}个问题未回答，文中以黄色标出的{pending()}处需补全）"
        self.app.call_from_thread(self.app.notify, note, title="导出完成")
        self.app.call_from_thread(self.dismiss, note)

    def _offer_download(self, path: Path) -> str:
        """In a browser (`report-assistant serve`) the file written also goes to the browser as a
        download named by the report's title, where a browser's user looks for it. Returns the
        name."""
        name = f"{file_stem(self.draft)}{path.suffix}"
        self.app.call_from_thread(self.app.deliver_binary, path, save_filename=name)
        return name

    def action_cancel(self) -> None:
        self.dismiss(None)
