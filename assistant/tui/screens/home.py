"""Home: the drafts list (title, kind, progress, last change) and what can be done with a draft."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import DataTable, Static

from assistant.resources import script_title
from assistant.tui.widgets.keybar import KeyBar
from assistant.tui.widgets.titlebar import TitleBar
from assistant.workspace import QuickIndex, QuickSummary, StoreError

if TYPE_CHECKING:
    from assistant.models import DraftSummary
    from assistant.tui.screens.new_draft import NewDraft


# (id, title, kind, progress, last change) of a draft's row
Row = tuple[str, str, str, str, datetime]
FIRST_ROWS = 40  # at least; as many as the screen is high (a row a line): drawn in the first frame
MORE_ROWS = 500  # then so many at a time,
MORE_DELAY = 0.05  # seconds apart (keys are answered between them)
STORE_AHEAD_DELAY = 0.1  # seconds after the first frame: the store is opened in a thread then


def format_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@functools.cache
def kind_title(kind_id: str) -> str:
    """A kind's title, read once a process (the list has a row per draft: every row read the
    kind's script again, half the time of drawing the list)."""
    quick = script_title(kind_id)  # without YAML and pydantic: the list is drawn before them
    if quick is not None:
        return quick
    from assistant.kinds import load_kind

    try:
        return load_kind(kind_id).title
    except Exception:
        return kind_id


class DraftsTable(DataTable[object]):
    """The drafts list's table; calls `painted` once, after the lines of its next frame are
    rendered (the rows beyond the first ones are added after the list is on the screen)."""

    painted: Callable[[], object] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self.painted is not None:
            callback, self.painted = self.painted, None
            self.call_later(callback)
        return lines


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new", "新建"),
        Binding("enter", "open", "打开", show=False),
        Binding("r", "rename", "重命名"),
        Binding("c", "duplicate", "复制"),
        Binding("l", "from_last_year", "按上年新建"),
        Binding("delete,d", "delete", "删除"),
        Binding("t", "toggle_trash", "回收站"),
        Binding("escape,t", "leave_trash", "返回草稿列表"),  # in the trash only (where T 回收站 is not shown)
        Binding("f1", "app.help", "帮助"),
        # before the table's own Home and End, which scroll sideways: to the first and last draft
        Binding("home", "cursor_to(0)", show=False, priority=True),
        Binding("end", "cursor_to(-1)", show=False, priority=True),
    ]
    IN_DRAFTS_ONLY = frozenset({"new", "rename", "duplicate", "from_last_year", "delete", "toggle_trash"})

    showing_trash: reactive[bool] = reactive(False)
    _select: str | None = None
    _quick_read: tuple[list[QuickSummary] | None] | None = None  # read yet, and what
    _unchecked: QuickIndex | None = None  # whose drafts beyond the first rows are still to be checked
    _listed: tuple[object, int] | None = None  # the list and title width the rows were made of
    _summaries: dict[str, DraftSummary | QuickSummary] = {}
    _shown: tuple[int, list[Row]] | None = None  # what the table shows: rows rebuilt when it changes
    _pending: list[Row] = []  # rows still to add, a chunk a frame
    _generation = 0  # of the table's filling: a chunk of an earlier one is not added
    _keep: str | None = None  # the draft the cursor goes to once its row is added

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="home"):
            yield Static("", id="home-caption", markup=False)
            yield DraftsTable(id="drafts", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "自评报告助手"
        if self._quick() is not None:
            self.reload()  # in the first frame: read from the summaries index alone
        else:  # after the first frame: listing opens the store, which loads TinyDB and pydantic
            self.call_after_refresh(self.reload)

    def on_resize(self) -> None:
        if self._shown is None or self._title_width() != self._shown[0]:  # only the title column changes
            self.reload()

    def _title_width(self) -> int:
        """The title column takes the width the fixed columns (kind, progress, time) leave."""
        return max(16, self.size.width - 4 - (20 + 6 + 16) - 2 * 4)

    def on_screen_resume(self) -> None:
        self.reload()

    def watch_showing_trash(self) -> None:
        if self.is_mounted:
            self.reload()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the trash only restoring and going back apply: the other keys are not shown."""
        if self.showing_trash:
            return action not in self.IN_DRAFTS_ONLY
        return action != "leave_trash"

    def action_cursor_to(self, row: int) -> None:
        self._all_rows()
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=row if row >= 0 else table.row_count - 1)

    def action_leave_trash(self) -> None:
        self.showing_trash = False

    def reload(self) -> None:
        """Read the list and draw it, its rows only when what they show has changed: start-up
        alone asks four times (mount, two resizes, resume), and drawing 1,000 rows four times
        was most of the time to the list."""
        table = self.query_one(DataTable)
        # the cursor stays on its draft (or goes to the copy just made)
        keep = self._select or self._keep or (self._selected() if table.columns else None)
        self._select = None
        title_width = self._title_width()
        problems: list[str] = []
        try:
            drafts = self._drafts()
            problems = self.app.workspace.problems()
        except StoreError as err:  # the data folder (or its drafts folder) cannot be used
            drafts, problems = [], [str(err)]
        if self._listed is None or self._listed[0] is not drafts or self._listed[1] != title_width:
            # the quick list is read once: the reloads of start-up give the same one again
            self._listed = (drafts, title_width)
            self._summaries = {d.id: d for d in drafts}
            rows = [(d.id, d.title, d.kind_id, "损坏" if d.damaged else f"{d.progress}%", d.updated_at) for d in drafts]
            shown = (title_width, rows)
            if shown != self._shown:
                self._shown = shown
                self._fill(table, title_width, rows)
        self._keep = keep
        self._place_cursor()
        caption = "回收站（Enter 恢复，T 返回草稿列表）" if self.showing_trash else "我的草稿（Enter 打开）"
        if any(d.damaged for d in drafts):
            caption += "　标为“损坏”的草稿：选中后按 Enter 查看原因，有完好的备份时可以恢复"
        self.query_one("#home-caption", Static).update(caption)
        empty = self.query_one("#home-empty", Static)
        empty.set_class(bool(problems), "problems")
        if problems:
            empty.update("\n".join(problems))
        elif drafts:
            empty.update("")
        elif self.showing_trash:
            empty.update("回收站是空的。")
        else:
            empty.update("还没有草稿。按 N 新建一份报告；想先看看效果，可以运行 report-assistant --demo。")
        table.focus()

    def _fill(self, table: DataTable[object], title_width: int, rows: list[Row]) -> None:
        """The rows of a screen at once, the rest once they are on the screen, a chunk at a time:
        a DataTable measures every row it is given (adding 10,000 rows took seconds), and the
        list must show at once however many drafts there are."""
        table.clear(columns=True)
        # Text, not str: a str label is read as markup, which loads rich's table of emoji names
        table.add_column(Text("标题"), width=title_width)
        table.add_column(Text("报告类型"), width=20)
        table.add_column(Text("进度"), width=6)  # a progress takes at most 4 cells (损坏, 100%)
        table.add_column(Text("最后修改"), width=16)
        self._generation += 1
        first = self._first_rows()
        self._pending = rows[first:]
        self._add_rows(table, title_width, rows[:first])
        if (self._pending or self._unchecked) and isinstance(table, DraftsTable):  # once the first rows are shown
            table.painted = partial(self.set_timer, MORE_DELAY, partial(self._first_painted, self._generation))

    def _first_painted(self, generation: int) -> None:
        """The drafts beyond the first rows checked against their files (a draft changed since it
        was indexed: the store lists them all), then their rows added, a chunk at a time. Not at
        once: the frame is still being written out, by a thread that needs the interpreter."""
        if generation != self._generation:
            return
        if self._unchecked is not None:
            index, self._unchecked = self._unchecked, None
            if not index.vouches_for(s.id for s in index.summaries[self._first_rows() :]):
                self._quick_read = (None,)
                self.reload()
                return
        self._more_rows(generation)

    def _first_rows(self) -> int:
        return max(FIRST_ROWS, self.app.size.height)

    def _more_rows(self, generation: int) -> None:
        if generation != self._generation or not self._pending:  # the table was filled again since
            return
        table = self.query_one(DataTable)
        chunk, self._pending = self._pending[:MORE_ROWS], self._pending[MORE_ROWS:]
        self._add_rows(table, self._title_width(), chunk)
        self._place_cursor()
        if self._pending:
            self.set_timer(MORE_DELAY, partial(self._more_rows, generation))

    def _all_rows(self) -> None:
        """Every row in the table now (End, and before a row is looked for)."""
        if self._pending:
            chunk, self._pending = self._pending, []
            self._add_rows(self.query_one(DataTable), self._title_width(), chunk)

    @staticmethod
    def _add_rows(table: DataTable[object], title_width: int, rows: list[Row]) -> None:
        for draft_id, title, kind_id, progress, when in rows:
            # Text, not str: a DataTable reads a str as markup (a title with [/b] would not even draw)
            cell = Text(fit_title(title, title_width - 2), no_wrap=True, overflow="ellipsis")
            # the other cells too: a str is parsed as markup, each cell of each row, and loads rich's emoji names
            kind = Text(kind_title(kind_id).removesuffix("报告"))
            table.add_row(cell, kind, Text(progress), Text(format_time(when)), key=draft_id)

    def _place_cursor(self) -> None:
        """The cursor on the draft it was on (or the copy just made), once its row is there."""
        table = self.query_one(DataTable)
        if self._keep is None or self._shown is None:
            return
        ids = [row[0] for row in self._shown[1]]
        if self._keep not in ids:
            self._keep = None
            return
        index = ids.index(self._keep)
        if index < table.row_count:
            table.move_cursor(row=index)
            self._keep = None

    def _quick(self) -> list[QuickSummary] | None:
        """The list from the index, read once (the first frame reloads on mount, resize and
        resume); None once the store is open, which lists from then on. Only the drafts of the
        first rows are checked against their files before they are drawn, the others after."""
        if self.app.store_loaded:
            return None
        if self._quick_read is None:
            index = self.app.workspace.quick_index()
            if index is not None and index.vouches_for(s.id for s in index.summaries[: self._first_rows()]):
                self._quick_read = (index.summaries,)
                self._unchecked = index
            else:
                self._quick_read = (None,)
        return self._quick_read[0]

    def _drafts(self) -> list[DraftSummary] | list[QuickSummary]:
        """The first time, read from the summaries index if it vouches for every draft (the
        store, TinyDB and pydantic are loaded right after that frame); else from the store."""
        if self.showing_trash:
            return self.app.workspace.trash()
        quick = self._quick()
        if quick is not None:
            # once the table's rows are drawn and written out, not before: the thread's imports
            # hold the interpreter, and Textual's writer (a thread too) took it back in turns of
            # 5 ms, the list reaching the terminal some 15 ms later
            self.call_after_refresh(self.set_timer, STORE_AHEAD_DELAY, self.app.open_store_ahead)
            return quick
        return self.app.workspace.drafts()

    def _guarded(self, action: Callable[[], object], done: str | None = None) -> bool:
        """Run an action on the drafts; its Chinese message is shown if it fails (a damaged file …)."""
        try:
            action()
        except StoreError as err:
            self.app.notify(str(err), title="操作未完成", severity="error", timeout=10)
            return False
        if done:
            self.app.notify(done)
        self.reload()
        return True

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        draft_id = self._selected()
        if draft_id is None:
            return
        if self.showing_trash:
            if self._guarded(lambda: self.app.workspace.restore(draft_id), "草稿已恢复。"):
                self.showing_trash = False
            return
        self.app.open_draft(draft_id)

    def action_new(self) -> None:
        from assistant.tui.screens.new_draft import NewDraftScreen  # a dialog: imported when first wanted

        self.app.push_screen(NewDraftScreen(), self._created)

    def _created(self, new: NewDraft | None, last_year_of: str | None = None) -> None:
        if new is None:
            return
        try:
            draft_id = self.app.create_draft(new, last_year_of=last_year_of)
        except StoreError as err:  # a full disk, a data folder that cannot be written …
            self.app.notify(str(err), title="草稿没有建立", severity="error", timeout=15)
            return
        self.app.open_draft(draft_id)

    def action_from_last_year(self) -> None:
        draft_id = self._selected()
        if draft_id is None or self.showing_trash:
            self.app.notify("请先在列表中选中上一年度的草稿。", severity="warning")
            return
        try:
            last = self.app.workspace.load(draft_id)
        except StoreError as err:
            self.app.notify(str(err), title="无法读取上年草稿", severity="error", timeout=10)
            return
        from assistant.tui.screens.new_draft import NewDraftScreen

        screen = NewDraftScreen(kind_id=last.kind_id, unit=last.unit, year=last.year + 1 if last.year else None,
                                heading=f"按上年报告新建：{last.title}")  # fmt: skip
        self.app.push_screen(screen, lambda new: self._created(new, last_year_of=draft_id))

    def action_rename(self) -> None:
        draft_id = self._selected()
        if draft_id is None or self.showing_trash:
            return
        title = self._summaries[draft_id].title

        def done(value: str | None) -> None:
            if value:
                self._guarded(lambda: self.app.workspace.rename(draft_id, value))

        from assistant.tui.screens.dialogs import PromptScreen

        self.app.push_screen(PromptScreen("新的标题：", title), done)

    def action_duplicate(self) -> None:
        draft_id = self._selected()
        if draft_id is not None and not self.showing_trash:

            def duplicate() -> None:
                self._select = self.app.workspace.duplicate(draft_id)  # the cursor goes to the copy

            self._guarded(duplicate, "已复制草稿，光标已移到副本上。")

    def action_delete(self) -> None:
        draft_id = self._selected()
        if draft_id is None or self.showing_trash:
            return
        title = self._summaries[draft_id].title

        def done(yes: bool | None) -> None:
            if yes:
                self._guarded(lambda: self.app.workspace.delete(draft_id), "草稿已移到回收站，按 T 可查看和恢复。")

        from assistant.tui.screens.dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen(f"删除草稿“{title}”？\n删除后可在回收站中恢复。", confirm="删除"), done)

    def action_toggle_trash(self) -> None:
        self.showing_trash = not self.showing_trash


def fit_title(title: str, width: int) -> str:
    """A title cut to `width` cells in its middle when what follows its 报告 tells it apart
    (…部门整体支出…（初稿）（副本）): copies and versions of one report stay distinguishable. A
    title without such an ending is cut at its end (by the cell's overflow), as before."""
    if cell_len(title) <= width or "报告" not in title:
        return title
    tail = title[title.rindex("报告") + 2 :]
    room = width - cell_len(tail) - 1
    if not tail or room < 8:
        return title
    head = chop_cells(title, room)[0]
    return f"{head}…{tail}"
