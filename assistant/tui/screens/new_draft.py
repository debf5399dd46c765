"""New draft: choose the kind, then unit, year and title; or start from last year's report
(a .docx, .md or .txt written by anyone), whose answers the interview then asks to confirm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from assistant.textclean import clean_title


@dataclass(frozen=True)
class NewDraft:
    kind_id: str
    unit: str
    year: int
    title: str
    last_year: Any = None  # review.last_year.LastYear: what last year's report gave, read here


class NewDraftScreen(ModalScreen[NewDraft | None]):
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, *, kind_id: str | None = None, unit: str = "", year: int | None = None,
                 heading: str = "新建草稿") -> None:  # fmt: skip
        super().__init__()
        self.kind_id = kind_id
        self.unit = unit
        self.year = year or dt.date.today().year - 1
        self.heading = heading

    def compose(self) -> ComposeResult:
        from assistant.kinds import available_kinds

        kinds, problems = available_kinds()
        for problem in problems:
            self.app.notify(problem, title="有报告类型无法加载", severity="warning", timeout=10)
        options = [(k.title, k.id) for k in kinds]
        with Vertical(classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)  # may hold last year's title
            yield Static("报告类型", classes="field-label")
            yield Select(options, value=self.kind_id or options[0][1], allow_blank=False, id="kind",
                         disabled=self.kind_id is not None, compact=True)  # fmt: skip
            yield Static("单位全称", classes="field-label")
            yield Input(self.unit, placeholder="例如：昆明市五华区总工会", id="unit", compact=True)
            # a label and its field on one line from here: the dialog must fit a 24-line terminal
            with Horizontal(classes="field-row"):
                yield Static("评价年度 ", classes="field-label inline")
                yield Input(str(self.year), id="year", max_length=4, compact=True, type="integer")
            with Horizontal(classes="field-row"):
                yield Static("草稿标题 ", classes="field-label inline")
                yield Input(placeholder="可不填，自动生成：单位全称＋评价年度＋报告类型", id="title", compact=True)
            if self.kind_id is None:  # (a draft from last year's draft has its source already)
                with Horizontal(classes="field-row"):
                    yield Static("上年报告 ", classes="field-label inline")
                    yield Input(
                        placeholder="可不填：.docx、.md 或 .txt 文件，读入后逐项请您确认", id="source", compact=True
                    )
            yield Static("", id="new-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("创建", variant="primary", id="create", compact=True)
                yield Button("取消", id="cancel", compact=True)
            # the focus starts in 单位全称: the kind above it is easy to miss
            yield Static("Shift+Tab 回到“报告类型”，Tab 到下一项；Enter 创建，Esc 取消", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#unit" if not self.unit else "#title", Input).focus()

    def on_input_submitted(self) -> None:
        self._create()

    def on_input_changed(self) -> None:
        self.query_one("#new-error", Static).update("")  # the message was about what was there

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self._create()
        else:
            self.dismiss(None)

    def _create(self) -> None:
        error = self.query_one("#new-error", Static)
        kind_id = str(self.query_one("#kind", Select).value)
        unit = clean_title(self.query_one("#unit", Input).value)
        year_text = self.query_one("#year", Input).value
        sources = self.query("#source")
        source = sources.first(Input).value.strip() if sources else ""
        last_year = None
        if source:
            from assistant.errors import UserError
            from assistant.kinds import load_kind
            from assistant.review.new_from import read_for

            try:
                last_year, _ = read_for(load_kind(kind_id), Path(source).expanduser())
            except UserError as err:
                error.update(err.message)
                sources.first(Input).focus()
                return
            unit = unit or clean_title(last_year.answers.get("unit_name", ""))
        if not unit:
            error.update("请填写单位全称。")
            self.query_one("#unit", Input).focus()
            return
        from assistant.answers import read_year
        from assistant.errors import AnswerError

        if last_year is not None and last_year.year is not None:
            if year_text.strip() == str(self.year):  # the year offered, not one typed: the report's next
                year_text = str(last_year.year + 1)
            elif year_text.strip() != str(last_year.year + 1):  # its figures become this year's 上年数
                error.update(f"所选的上年报告是{last_year.year}年度的，新草稿的评价年度应为{last_year.year + 1}年"
                             "（报告中的数字将作为上年数）。")  # fmt: skip
                self.query_one("#year", Input).focus()
                return
        try:
            year = read_year(year_text)  # the check the year question makes: once, in one place
        except AnswerError as err:
            error.update(err.message)
            self.query_one("#year", Input).focus()
            return
        from assistant.kinds import load_kind

        title = clean_title(self.query_one("#title", Input).value) or f"{unit}{year}年度{load_kind(kind_id).title}"
        self.dismiss(NewDraft(kind_id, unit, year, title, last_year))

    def action_cancel(self) -> None:
        self.dismiss(None)
