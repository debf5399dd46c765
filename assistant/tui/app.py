"""The Textual app. `make_app(home)` builds a hermetic instance (tests make one per data folder).

The drafts are reached through the workspace (assistant/workspace.py) and an open draft through
its session (assistant/session.py); nothing here or in the screens touches the store.

Start-up: this module imports neither pydantic, Jinja nor TinyDB (together they take longer
than a bare Textual app's whole start). With `--demo` and a view saved at the last close, the
interview is drawn from that view first and the draft is loaded right after the first frame;
otherwise the store and the report kinds are loaded on first use.
"""

from __future__ import annotations

import dataclasses
import gc
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from assistant.resources import DEMO_TITLE
from assistant.workspace import Workspace, default_home

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from assistant.tui.screens.interview import InterviewScreen
    from assistant.tui.screens.new_draft import NewDraft
    from assistant.tui.view import InterviewView
    from assistant.workspace import DraftDamaged, Opened

# Keys a browser keeps for itself (`report-assistant serve`, docs/browser.md): Firefox on Linux quits
# on Ctrl+Q, every browser takes Ctrl+W, Ctrl+T and Ctrl+N. An action bound to one of them is bound
# to the key it maps to as well, and in a browser the key bar and the messages name that one.
IN_A_BROWSER = {"ctrl+q": "f10"}

_KEY_NAMES = {"escape": "Esc", "pageup": "PgUp", "pagedown": "PgDn", "up": "↑", "down": "↓", "left": "←",
              "right": "→"}  # fmt: skip


class ReportAssistantApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "自评报告助手"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q,f10", "quit", "退出", priority=True),
        Binding("f1", "help", "帮助", show=False),
        # in place of Textual's own (named "palette"): the key bar shows it as 命令
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True, tooltip="打开命令面板"),
    ]

    def __init__(self, home: Path, *, demo: bool = False) -> None:
        super().__init__()
        self.home = home
        self.demo = demo
        self.workspace = Workspace(home)
        self._opening_ahead = False
        self.crash_log: Path | None = None

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app as in Textual (8.2.8, pinned), but leaves a crash log
        in the data folder instead of a traceback on the screen; `run` says where it is. Pilot
        tests still get the error raised."""
        from assistant.crashlog import write_crash_log

        if self.crash_log is None:
            self.crash_log = write_crash_log(self.home, error)
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    @property
    def store_loaded(self) -> bool:
        return self.workspace.loaded

    def open_store_ahead(self) -> None:
        """Open the store in a thread, while the user reads the screen drawn without it (the
        drafts list from the index): the first key that needs it waits less, or not at all."""
        if not self.workspace.loaded and not self._opening_ahead:
            self._opening_ahead = True
            self.run_worker(self.workspace.open_ahead, thread=True, exit_on_error=False, group="store")

    def get_default_screen(self) -> Screen[None]:
        """With `--demo` and a view saved at the last close, the interview is the first screen,
        drawn in the app's own first frame. (A screen pushed from on_mount is rendered inside
        Textual's start-up batch, for a frame that is thrown away, and then again.)"""
        screen = self._saved_interview(DEMO_TITLE) if self.demo else None
        if screen is None:
            return super().get_default_screen()
        # Leaving it for the drafts list (switch_screen) pops a result callback, which a base
        # screen never got (Textual issue #2650): give it the empty one push_screen would have.
        screen._push_result_callback(self, None)
        return screen

    def on_mount(self) -> None:
        if _is_interview(self.screen):  # drawn from the saved view: load the draft
            self.call_after_refresh(self._hydrate, self.screen)
            return
        self.push_screen(_home())
        if self.demo:
            from assistant.workspace import StoreError

            try:
                demo = self.workspace.ensure_demo()
            except StoreError as err:  # the drafts list below says what is wrong with the folder
                self.notify(str(err), title="无法打开示例草稿", severity="error", timeout=15)
                return
            self.open_draft(demo)

    # --- drafts ------------------------------------------------------------------------------

    def create_draft(self, new: NewDraft, last_year_of: str | None = None) -> str:
        return self.workspace.create(new.kind_id, new.title, unit=new.unit, year=new.year, last_year_of=last_year_of,
                                     last_year=new.last_year)  # fmt: skip

    def open_draft(self, draft_id: str) -> None:
        opened = self._open(draft_id, failed=lambda: None, recovered=lambda: self.open_draft(draft_id))
        if opened is not None:
            from assistant.tui.screens.interview import InterviewScreen

            self.push_screen(InterviewScreen.live(opened))

    def _saved_interview(self, title: str) -> InterviewScreen | None:
        """The interview drawn from the view saved at the last close (the draft is loaded after
        the first frame), if there is one that fits this version of the app and the kind."""
        found = self.workspace.views.find(title)
        if found is None:
            return None
        from assistant.tui.screens.interview import InterviewScreen
        from assistant.tui.view import InterviewView

        draft_id, data = found
        if data.get("meta") != view_meta(str(data.get("kind_id"))):  # another version of the app or the kind
            return None
        try:
            view = InterviewView.from_json(data)
        except (KeyError, TypeError, ValueError):
            return None
        return InterviewScreen(draft_id, view)

    def _hydrate(self, screen: InterviewScreen) -> None:
        if not screen.is_attached:
            return
        # could not be opened (told why): back to the drafts list; recovered from damage: again
        opened = self._open(screen.draft_id, failed=lambda: self.leave_draft(screen),
                            recovered=lambda: self._hydrate(screen))  # fmt: skip
        if opened is not None:
            screen.hydrate(opened)

    def _open(self, draft_id: str, *, failed: Callable[[], object], recovered: Callable[[], object]) -> Opened | None:
        """The draft opened as a session: for editing, or read-only (the user is told why) if it
        is open elsewhere or the data folder's locks cannot be taken. None if it cannot be
        opened: the user is told why and `failed` runs, or, for a damaged file with a good copy,
        the user is asked whether to go back to it, and then `recovered` or `failed` runs."""
        from assistant.errors import UserError
        from assistant.workspace import DraftDamaged

        try:
            from assistant.tui.screens.interview import InterviewScreen

            opened = self.workspace.open(draft_id, keys=InterviewScreen.spoken_keys())
        except DraftDamaged as err:
            self._offer_recovery(draft_id, err, failed, recovered)
            return None
        except UserError as err:  # (the store's errors are UserErrors too)
            self.notify(str(err), title="无法打开草稿", severity="error", timeout=10)
            failed()
            return None
        if opened.read_only is not None:  # a folder to repair stays longer on the screen
            self.notify(str(opened.read_only), title="只读打开", severity="warning", timeout=30 if opened.why else 10)
        return opened

    def _offer_recovery(self, draft_id: str, damage: DraftDamaged, failed: Callable[[], object],
                        recovered: Callable[[], object]) -> None:  # fmt: skip
        """A damaged file is never overwritten silently: the user chooses to go back to the last
        good copy (the damaged file is kept aside by the store)."""
        from assistant.tui.screens.dialogs import ConfirmScreen
        from assistant.workspace import StoreError

        if not damage.backup:
            self.notify(str(damage), title="草稿已损坏", severity="error", timeout=15)
            failed()
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                failed()
                return
            try:
                self.workspace.recover(draft_id)
            except StoreError as err:
                self.notify(str(err), title="无法恢复", severity="error", timeout=15)
                failed()
                return
            self.notify("已恢复到上一次完好的版本，损坏的文件另行保存。", title="已恢复")
            recovered()

        self.push_screen(ConfirmScreen(f"{damage}\n\n恢复到上一次完好的版本吗？", confirm="恢复"), answer)

    def leave_draft(self, screen: InterviewScreen) -> None:
        """Back to the drafts list: the one below, or a new one if the interview was the first
        screen (a reopened demo draft)."""
        from assistant.tui.screens.home import HomeScreen

        if screen is not self.screen:
            return
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], HomeScreen):
            self.pop_screen()
        else:
            self.switch_screen(_home())

    def get_key_display(self, binding: Binding) -> str:
        """F1, ^O, Esc, Delete, N: as the keys are labelled on a keyboard (Textual's own shows
        f1, ^o, esc, delete, n), without looking each one up by Unicode name first."""
        if binding.key_display:
            return binding.key_display
        if self.is_web and binding.key in IN_A_BROWSER:
            binding = dataclasses.replace(binding, key=IN_A_BROWSER[binding.key])
        modifiers, key = binding.parse_key()
        # F1…F12 and letters as on the keys; words capitalized (Enter, Delete, Tab, End)
        name = _KEY_NAMES.get(key) or (key.upper() if len(key) == 1 or re.fullmatch(r"f\d+", key) else key.capitalize())
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            name = f"^{name}"
        return "+".join([*(m.capitalize() for m in modifiers), name])

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:  # fmt: skip
        """Messages are plain text here: they carry titles, answers and paths, never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def remember_view(self, draft_id: str, view: InterviewView) -> None:
        self.workspace.views.save(draft_id, {**view.to_json(), "meta": view_meta(view.kind_id)})

    # --- actions and the command palette -------------------------------------------------------

    async def action_quit(self) -> None:
        # text typed and not submitted is asked about even from the scorecard or the preview
        drafts = [cast("InterviewScreen", s) for s in self.screen_stack if _is_interview(s)]

        def leave() -> None:
            for s in drafts:
                s.remember()
            self.exit()

        if drafts:
            drafts[-1].confirm_discard(leave)
        else:
            leave()

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        from assistant.tui.screens.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette())

    def action_change_theme(self) -> None:
        from textual.theme import ThemeProvider

        from assistant.tui.screens.palette import Palette

        self.push_screen(Palette("搜索配色…", providers=[ThemeProvider]))

    def action_help_quit(self) -> None:
        """Ctrl+C (a reflex, to copy or to quit) when no text is selected: how to quit."""
        key = "F10" if self.is_web else "Ctrl+Q"
        self.notify(f"要退出程序，请按 {key}（回答都已保存）。Ctrl+C 只复制选中的文字。", title="要退出吗？")

    def action_screenshot(self) -> None:
        """The screen as an SVG file in the downloads folder (Textual's own notice is English)."""
        from platformdirs import user_downloads_dir

        from assistant.errors import os_reason

        folder = Path(user_downloads_dir())
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(path=str(folder))
        except OSError as err:
            self.notify(f"截图没有保存：{os_reason(err)}（{folder}）", title="截图", severity="error")
            return
        self.notify(f"截图已保存到 {path}", title="截图")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own, in Chinese (its key panel and maximize are English and not needed here)
        yield SystemCommand("退出", "退出程序（回答都已保存；Ctrl+Q，浏览器中按 F10）", self.action_quit)
        yield SystemCommand("主题", "更换界面配色", self.action_change_theme)
        yield SystemCommand(
            "截图", "把当前屏幕保存为 SVG 图片，放在下载文件夹", lambda: self.set_timer(0.1, self.action_screenshot)
        )  # after the palette closes
        yield SystemCommand("使用说明", "按键与使用方法", self.action_help)
        if _is_interview(screen):
            screen = cast("InterviewScreen", screen)
            yield SystemCommand("评分与检查", "指标得分、总分、等级和一致性检查", screen.action_scorecard)
            yield SystemCommand("报告预览", "按当前回答生成的报告全文", screen.action_preview)
            yield SystemCommand("导出报告", "导出为 .docx、.md 或 .txt，或把自评表导出为 .xlsx", screen.action_export)
            yield SystemCommand("当前问题的说明", "说明和示例", screen.action_help_question)
            yield SystemCommand("跳过这个问题", "不回答当前的问题（只限可以不填的问题，F7）", screen.action_skip)
            yield SystemCommand("撤销修改", "撤回选中的或正在修改的回答的上一次修改，否则撤回最近一次修改（F8）",
                                screen.action_undo)  # fmt: skip
            yield SystemCommand("清除回答", "清除选中的或正在修改的回答，稍后会再次询问（F9）",
                                screen.action_clear_answer)  # fmt: skip
            yield SystemCommand("返回草稿列表", "保存已自动完成", screen.action_back)
        from assistant.tui.screens.home import HomeScreen

        if isinstance(screen, HomeScreen):
            yield SystemCommand("新建草稿", "选择报告类型，填写单位和年度", screen.action_new)
            yield SystemCommand("按上年报告新建", "沿用所选草稿的职能、机构等回答", screen.action_from_last_year)
            yield SystemCommand("回收站", "查看和恢复已删除的草稿", screen.action_toggle_trash)

    def on_unmount(self) -> None:
        self.workspace.close()


def _home() -> Screen[None]:
    """The drafts list (imported when first shown: a reopened draft may come first)."""
    from assistant.tui.screens.home import HomeScreen

    return HomeScreen()


def view_meta(kind_id: str) -> dict[str, object]:
    """What a saved view depends on besides the draft: this version of the app and the kind's
    question script and templates as they are on disk."""
    from assistant import __version__
    from assistant.tui.view import kind_fingerprint

    return {"app": __version__, "kind": kind_id, "files": kind_fingerprint(kind_id)}


def make_app(home: str | Path | None = None, *, demo: bool = False) -> ReportAssistantApp:
    return ReportAssistantApp(Path(home) if home is not None else default_home(), demo=demo)


def run(home: str | Path | None = None, *, demo: bool = False) -> int:
    from assistant.workspace import prepare_home

    app = make_app(home, demo=demo)
    prepare_home(app.home)  # a data folder that cannot be used: said before the screen is taken
    # What is imported by now lives as long as the process: out of the collector's sight, the full
    # collections while the first screens are built cost a few ms instead of 20-30.
    gc.freeze()
    app.run()
    if app.crash_log is not None or app.return_code:
        from assistant.crashlog import crash_message

        print(crash_message(app.crash_log), file=sys.stderr)
        return 1
    return 0


def _is_interview(screen: object) -> bool:
    """Whether a screen is a draft's interview. Its module is imported when a draft is first
    opened (the drafts list starts without it): until then no screen is one."""
    module = sys.modules.get("assistant.tui.screens.interview")
    return module is not None and isinstance(screen, module.InterviewScreen)
