"""The drafts list: rename, duplicate, delete and restore, a new draft from last year's, and a
damaged draft file offered its last good copy."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from assistant.answers import parse_answer
from assistant.errors import AnswerError
from assistant.kinds import load_kind
from assistant.tui.app import make_app
from assistant.tui.screens.dialogs import ConfirmScreen, PromptScreen
from assistant.tui.screens.home import HomeScreen
from assistant.tui.screens.interview import InterviewScreen
from assistant.tui.screens.new_draft import NewDraftScreen
from assistant.workspace import ensure_demo_draft, open_store, progress_of
from tests.support.tui_driver import settle, until

SIZE = (100, 30)


def _titles(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _manage(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        assert _titles(app) == ["示例：昆明市五华区总工会2025年度部门整体支出绩效自评"]
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"初稿")  # typed text goes after the title, not over it
        await pilot.press("enter")
        await settle(pilot)
        assert _titles(app) == ["示例：昆明市五华区总工会2025年度部门整体支出绩效自评初稿"]
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one(Input).value = "总工会2025年自评"
        await pilot.press("enter")
        await settle(pilot)
        assert _titles(app) == ["总工会2025年自评"]

        await pilot.press("c")
        await settle(pilot)
        assert len(_titles(app)) == 2

        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "deleting asks first"
        await pilot.press("y")
        await settle(pilot)
        assert len(_titles(app)) == 1
        await pilot.press("t")
        await settle(pilot)
        assert len(_titles(app)) == 1, "the deleted draft is in the trash"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and not app.screen.showing_trash
        assert len(_titles(app)) == 2, "restored from the trash"
        await pilot.press("ctrl+q")


def test_rename_duplicate_delete_restore(tmp_path: Path) -> None:
    ensure_demo_draft(open_store(tmp_path))
    asyncio.run(_manage(tmp_path))


async def _from_last_year(home: Path) -> str:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        assert app.screen.query_one("#unit", Input).value == "昆明市五华区总工会"
        assert app.screen.query_one("#year", Input).value == "2026"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        draft_id = app.screen.draft.id
        await pilot.press("ctrl+q")
    return draft_id


def test_new_draft_from_last_years(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    last = store.load(ensure_demo_draft(store))
    new_id = asyncio.run(_from_last_year(tmp_path))
    new = open_store(tmp_path).load(new_id)
    assert new.answers["year"] == "2026"
    assert new.answers["offices"] == last.answers["offices"], "机构设置 carries over"
    assert new.answers["duties"] == last.answers["duties"], "职能 carries over"
    assert new.answers["income_total_last"] == last.answers["income_total"], "last year's figure becomes 上年"
    assert "spend_total" not in new.answers, "this year's figures are asked again"


async def _damaged(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[2]) == "损坏"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "the last good copy is offered"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("ctrl+q")


def test_a_damaged_draft_is_offered_its_last_good_copy(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    draft_id = ensure_demo_draft(store)
    store.save_answer(draft_id, "staff_actual", "10人")
    [path] = [p for p in (tmp_path / "drafts").glob(f"{draft_id}*.json")]
    damaged = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(damaged)
    asyncio.run(_damaged(tmp_path))
    recovered = open_store(tmp_path).load(draft_id)
    assert recovered.answers["unit_name"] == "昆明市五华区总工会"
    assert list((tmp_path / "damaged").iterdir()), "the damaged file is kept aside, not overwritten"


async def _changed_script(home: Path, draft_id: str) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        text = "\n".join(screen.query_one("Chat").texts())
        assert "问题脚本已更新" in text and "很多钱" in text, "the set-aside answer is shown"
        assert "income_total" not in screen.interview.answers, "and asked again when its turn comes"
        assert screen.current is not None and screen.current.id == "short_name"
        await pilot.press("ctrl+q")


def test_an_answer_that_no_longer_fits_is_set_aside_and_asked_again(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    draft_id = store.create("dept-overall", "旧版本草稿", unit="某局", year=2025, script_version=0)
    store.save_answers(draft_id, {"unit_name": "某局", "year": "2025", "eval_period_note": "是",
                                  "income_total": "很多钱", "retired_question": "旧问题的回答"})  # fmt: skip
    asyncio.run(_changed_script(tmp_path, draft_id))
    draft = open_store(tmp_path).load(draft_id)
    assert draft.set_aside == {"income_total": "很多钱", "retired_question": "旧问题的回答"}, "never dropped"
    assert draft.script_version == load_kind("dept-overall").version
    assert open_store(tmp_path).list()[0].progress == progress_of(draft) > 0, "the migration stored its progress"


async def _drawn_from_the_index(home: Path) -> None:
    from store.quick_list import QuickSummary

    app = make_app(home)
    asked: list[bool] = []
    open_ahead, app.open_store_ahead = app.open_store_ahead, lambda: asked.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _titles(app) == ["示例：昆明市五华区总工会2025年度部门整体支出绩效自评"]
        assert all(isinstance(s, QuickSummary) for s in app.screen._summaries.values()), "read from the index"
        assert not app.store_loaded, "drawn without the store"
        # which is opened ahead once the list is on the terminal (a timer after the first frame)
        await until(pilot, lambda: bool(asked), "the store asked to open ahead")
        assert not app.store_loaded
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == "部门整体支出绩效自评" and str(table.get_row_at(0)[2]) == "100%"
        open_ahead()
        await settle(pilot)
        assert app.store_loaded, "the store was opened ahead, in a thread"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("ctrl+q")


def test_the_drafts_list_is_drawn_from_the_index_then_the_store_opens_behind_it(tmp_path: Path) -> None:
    import os

    store = open_store(tmp_path)
    ensure_demo_draft(store)
    for path in (tmp_path / "drafts").glob("*.json"):  # past the racy window: the index vouches
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))
    store.list()
    store.close()
    asyncio.run(_drawn_from_the_index(tmp_path))


def test_the_kind_titles_read_without_yaml_are_the_parsed_ones() -> None:
    from assistant.kinds import kind_ids, load_kind
    from assistant.resources import script_title

    assert kind_ids(), "there are kinds to check"
    for kind_id in kind_ids():
        assert script_title(kind_id) == load_kind(kind_id).title, kind_id
    assert script_title("no-such-kind") is None


async def _cursor_stays(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        chosen = app.screen._selected()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.draft_id == chosen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.screen._selected() == chosen, "back on the same row"
        await pilot.press("ctrl+q")


def test_back_from_a_draft_the_cursor_is_on_it(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    ensure_demo_draft(store)
    store.create("dept-overall", "第二份草稿", unit="昆明市盘龙区科学技术局", year=2025)
    store.close()
    asyncio.run(_cursor_stays(tmp_path))


BRACKETS = "预算[/b]执行[red]报告"  # would be markup, and a broken one: shown as typed, never parsed


async def _brackets(home: Path) -> None:
    from textual.widgets import Static

    from assistant.tui.screens.scorecard import ScorecardScreen

    app = make_app(home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts drawn
        await settle(pilot)
        assert _titles(app) == [BRACKETS], "the drafts list draws the title as typed"
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one(Input).value = BRACKETS + "[/i]"
        await pilot.press("enter")
        await settle(pilot)
        assert _titles(app) == [BRACKETS + "[/i]"]
        await pilot.press("d")  # the question before deleting names the draft
        await settle(pilot)
        assert BRACKETS in str(app.screen.query_one(".dialog-text", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        app.notify(f"报告已导出到：/tmp/{BRACKETS}.docx")  # a notice with a path in it draws too
        await settle(pilot)

        def toasts() -> list[str]:
            return [str(t.render()) for t in app.screen.query("Toast")]

        await until(pilot, lambda: any(BRACKETS in t for t in toasts()), "the toast drawn")
        assert app.is_running
        await pilot.press("l")  # a new draft from last year's: its heading carries the title
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        assert BRACKETS in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ScorecardScreen)
        table = app.screen.query_one(DataTable)
        assert "[注]职工代表联络员座谈会次数" in [str(table.get_row_at(r)[1]) for r in range(table.row_count)]
        await pilot.press("ctrl+q")


def test_titles_and_names_that_look_like_markup_are_shown_as_typed(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    draft_id = ensure_demo_draft(store)
    store.rename(draft_id, BRACKETS)
    table = store.load(draft_id).answers["indicators"]
    store.save_answer(draft_id, "indicators", table.replace("职工代表联络员", "[注]职工代表联络员", 1))
    store.close()
    asyncio.run(_brackets(tmp_path))


async def _trash_palette_copy(home: Path) -> None:
    from textual.command import CommandPalette

    from assistant.tui.widgets.keybar import KeyBar

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        original = app.screen._selected()
        await pilot.press("c")
        await settle(pilot)
        copy = app.screen._selected()
        assert copy != original and len(_titles(app)) == 2, "the cursor is on the copy just made"
        await pilot.press("t")
        await settle(pilot)
        bar = str(app.screen.query_one(KeyBar).render())
        assert "新建" not in bar and "删除" not in bar and "返回草稿列表" in bar, bar
        assert "回收站" not in bar, "in the trash, T is not offered as 回收站"
        await pilot.press("t")  # T leaves it as well
        await settle(pilot)
        assert not app.screen.showing_trash
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("escape")  # Esc leaves the trash
        await settle(pilot)
        assert not app.screen.showing_trash and "新建" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("escape")  # and does nothing in the drafts list
        await settle(pilot)
        assert not app.screen.showing_trash and isinstance(app.screen, HomeScreen)
        assert "^P 命令" in str(app.screen.query_one(KeyBar).render()).replace("  ", " ")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "搜索命令…"
        names = [c.title for c in app.get_system_commands(app.screen_stack[-2])]
        assert "退出" in names and "新建草稿" in names and "Quit" not in names and "Theme" not in names
        await pilot.press("escape")
        await pilot.press("ctrl+q")


def test_the_trash_shows_only_its_keys_the_palette_speaks_chinese_and_a_copy_is_selected(demo_home: Path) -> None:
    asyncio.run(_trash_palette_copy(demo_home))


async def _f6_clears_a_long_answer(home: Path) -> None:
    from assistant.tui.widgets.answer_area import AnswerArea
    from assistant.tui.widgets.composer import Composer
    from tests.support.tui_driver import current_question, start_new_draft, type_answer

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_new_draft(pilot, "昆明市盘龙区文化和旅游局")
        await type_answer(pilot, "是")
        await type_answer(pilot, "")  # the short name proposed (我局)
        assert current_question(app) == "offices"
        area = app.screen.query_one(AnswerArea)
        area.load_text("办公室\n财务科")
        area.focus()
        await pilot.press("f6")
        assert app.screen.query_one(Composer).text() == "", "F6 empties a multi-line answer too"
        await pilot.press("ctrl+q")


def test_f6_clears_a_multi_line_answer(tmp_path: Path) -> None:
    asyncio.run(_f6_clears_a_long_answer(tmp_path))


async def _new_draft_message(home: Path) -> None:
    from textual.widgets import Static

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        await pilot.press("enter")  # the unit is empty
        await settle(pilot)
        error = app.screen.query_one("#new-error", Static)
        assert "请填写单位全称" in str(error.render())
        await pilot.press(*"abc")
        await settle(pilot)
        assert str(error.render()).strip() == "", "the message goes once the field is being filled in"
        await pilot.press("escape")
        await pilot.press("ctrl+q")


def test_the_new_draft_message_goes_once_the_field_is_filled_in(tmp_path: Path) -> None:
    asyncio.run(_new_draft_message(tmp_path))


async def _textual_in_chinese(home: Path) -> None:
    from textual.command import CommandList

    from assistant.tui.screens.palette import NO_MATCHES, Palette

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")  # nothing selected: Textual would say "Press [b]ctrl+q[/b] to quit the app"
        await settle(pilot)
        notices = [(n.title, n.message) for n in app._notifications]
        assert notices and notices[-1][0] == "要退出吗？" and "Ctrl+Q" in notices[-1][1], notices
        await pilot.press("ctrl+p", *"zzzz")
        assert isinstance(app.screen, Palette)

        def shown() -> list[str]:
            return [str(o.prompt) for o in app.screen.query_one(CommandList).options]

        # the palette waits half a second before it says nothing matched
        await until(pilot, lambda: any(NO_MATCHES in s for s in shown()), "the palette's no-match line")
        assert not any("No matches" in s for s in shown()), shown()
        await pilot.press("escape")
        await settle(pilot)
        app.action_change_theme()
        await settle(pilot)
        assert isinstance(app.screen, Palette) and app.screen.query_one(Input).placeholder == "搜索配色…"
        await pilot.press("escape")
        await settle(pilot)
        app.action_screenshot()
        await settle(pilot)
        last = list(app._notifications)[-1]
        title, message = last.title, last.message
        saved = list((home / "downloads").glob("*.svg"))
        assert title == "截图" and len(saved) == 1 and message == f"截图已保存到 {saved[0]}", (title, message)
        assert "自评报告助手" in saved[0].read_text(encoding="utf-8")
        await pilot.press("ctrl+q")


def test_textual_s_own_notices_and_palettes_speak_chinese(tmp_path: Path, monkeypatch) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(tmp_path / "downloads"))
    asyncio.run(_textual_in_chinese(tmp_path))


async def _cut_titles(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(DataTable).render_line(1).text
        assert "示例：昆明市五华区总工会" in row and "…" in row.split("部门整体")[0], row
        await pilot.press("ctrl+q")


def test_a_title_too_long_for_its_column_ends_with_an_ellipsis(demo_home: Path) -> None:
    asyncio.run(_cut_titles(demo_home))


async def _keys_at_80(home: Path) -> None:
    from rich.cells import cell_len

    from assistant.tui.widgets.keybar import KeyBar
    from tests.support.tui_driver import choose_in_outline

    app = make_app(home, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose_in_outline(pilot, "question", "duties")  # a multi-line answer: ^S joins the keys
        await until(pilot, lambda: "^S 提交回答" in app.screen.query_one(KeyBar).render().plain, "^S in the key bar")
        bar = app.screen.query_one(KeyBar).render().plain
        assert "^Q 退出" in bar and cell_len(bar) <= 80, bar
        await pilot.press("ctrl+q")


def test_at_80_columns_the_key_bar_keeps_quit_in_sight(demo_home: Path) -> None:
    asyncio.run(_keys_at_80(demo_home))


async def _future_year(home: Path) -> None:
    from textual.widgets import Static

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#unit", Input).value = "青山县文化和旅游局"
        for year, said in (("2099", "评价年度不能晚于今年"), ("1999", "请填写四位数的年份")):
            app.screen.query_one("#year", Input).value = year
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, NewDraftScreen), "not made"
            shown = str(app.screen.query_one("#new-error", Static).render())
            assert said in shown
            # the one check of a year: the dialog says what the year question says
            with pytest.raises(AnswerError) as refused:
                parse_answer(load_kind("dept-overall").question("year"), year)
            assert shown == refused.value.message
        await pilot.press("escape")
        await pilot.press("ctrl+q")


def test_a_draft_for_a_year_not_yet_begun_is_not_made(tmp_path: Path) -> None:
    asyncio.run(_future_year(tmp_path))


async def _copies_apart(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = [table.render_line(y).text for y in range(1, 3)]
        assert any("…（初稿）（副本）" in r for r in rows), rows
        assert any("…（初稿）" in r and "副本" not in r for r in rows), rows
        await pilot.press("ctrl+q")


def test_copies_of_one_long_title_stay_apart_in_the_list(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    draft_id = ensure_demo_draft(store)
    store.rename(draft_id, "昆明市五华区总工会2025年度部门整体支出绩效自评报告（初稿）")
    store.duplicate(draft_id)
    store.close()
    asyncio.run(_copies_apart(tmp_path))


async def _home_end(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("end")
        assert table.cursor_row == 2
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("ctrl+q")


def test_home_and_end_go_to_the_first_and_last_draft(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    draft_id = ensure_demo_draft(store)
    store.duplicate(draft_id)
    store.duplicate(draft_id)
    store.close()
    asyncio.run(_home_end(tmp_path))
