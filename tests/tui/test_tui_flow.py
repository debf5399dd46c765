"""A first-time writer drives the real app: new draft, a whole sample-3 interview with a bad
answer, quitting and resuming, editing an earlier figure, and exporting a .docx."""

from __future__ import annotations

import asyncio
from pathlib import Path

import docx
from rich.cells import cell_len
from textual.widgets import DataTable, Input

from assistant.tui.app import make_app
from assistant.tui.screens.dialogs import ConfirmScreen
from assistant.tui.screens.export import ExportScreen
from assistant.tui.screens.home import HomeScreen
from assistant.tui.screens.interview import InterviewScreen
from assistant.tui.screens.preview import PreviewScreen
from assistant.tui.screens.scorecard import ScorecardScreen
from store import DraftStore
from tests.support.tui_driver import (
    choose_in_outline,
    composer_text,
    current_question,
    example_answers,
    settle,
    start_new_draft,
    transcript,
    type_answer,
)

SIZE = (100, 30)


async def _start_new_draft(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await start_new_draft(pilot, "昆明市五华区总工会", kind=None)  # the dialog's first choice
        assert app.screen.draft.kind_id == "dept-overall", "the most common kind comes first"
        # unit and year were answered by the dialog; the first question left is the period
        assert current_question(app) == "eval_period_note"
        answers = example_answers()
        # answer until the funds section, with one bad answer on the way
        while (qid := current_question(app)) != "income_total":
            await type_answer(pilot, answers.get(qid, ""))
        await type_answer(pilot, "约228万元")
        assert current_question(app) == "income_total", "a bad answer must not move on"
        assert composer_text(app) == "约228万元", "the typed text stays for correction"
        assert any("不要用“约”" in t for t in transcript(app))
        await type_answer(pilot, "２，２８６，３００元")  # full-width digits and 元, converted to 万元
        assert current_question(app) == "income_fiscal"
        await pilot.press("ctrl+q")


async def _resume_and_finish(home: Path, out: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        lines = transcript(app)
        assert "２，２８６，３００元" in lines, "the transcript is restored on resume"
        assert current_question(app) == "income_fiscal", "resume asks the next unanswered question"
        answers = example_answers()
        while (qid := current_question(app)) is not None:
            await type_answer(pilot, answers.get(qid, ""))
        assert any("所有问题都已回答" in t for t in transcript(app))

        # edit an earlier figure through the outline: the changed share is reported
        await choose_in_outline(pilot, "question", "spend_basic")
        assert current_question(app) == "spend_basic"
        assert composer_text(app) == "220.25万元", "the old value is prefilled"
        await type_answer(pilot, "218.65万元")
        changes = "\n".join(transcript(app))
        assert "基本支出占总支出比重：96.50% → 95.79%" in changes
        assert "220.25" not in changes.split("基本支出占总支出比重")[-1].split("\n")[0]
        assert "不一致" in changes, "the parts no longer add up: a finding is announced"
        assert current_question(app) is None, "after the edit, nothing is left to ask"

        # put the figure back, check the scorecard and the preview
        await choose_in_outline(pilot, "question", "spend_basic")
        await type_answer(pilot, "220.25万元")
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ScorecardScreen)
        assert "总分：98.00 / 100" in str(app.screen.query_one("#score-summary").render())  # as the report says it
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen), "Esc leaves the preview"

        # export, then export again: overwriting asks first
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert out.exists()
        assert any("报告已导出到" in t for t in transcript(app))
        await pilot.press("f5")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert "是否覆盖" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")


def test_whole_interview_from_empty_folder_to_docx(tmp_path: Path) -> None:
    home, out = tmp_path / "home", tmp_path / "报告.docx"
    asyncio.run(_start_new_draft(home))
    # the answers of the first session are on disk
    store = DraftStore(home)
    [summary] = store.list()
    draft = store.load(summary.id)
    assert draft.answers["income_total"] == "２，２８６，３００元"
    assert draft.answers["unit_name"] == "昆明市五华区总工会"
    asyncio.run(_resume_and_finish(home, out))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "总收入228.63万元" in text
    assert "基本支出220.25万元" in text and "96.50%" in text and "3.50%" in text
    assert "综合得分98分" in text and "“优”" in text


async def _markup_and_keys(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_draft(pilot, "[bold]测试[/]单位")
        await type_answer(pilot, "[/]")  # a yes/no question: markup-like text is an error, not a crash
        assert composer_text(app) == "[/]"
        assert any("请回答“是”或“否”" in t for t in transcript(app))
        await pilot.press("f1")
        await settle(pilot)
        assert any("例如：" in t for t in transcript(app))
        await pilot.press("ctrl+q")
    assert not app.is_running


def test_user_text_is_never_markup_and_ctrl_q_quits(tmp_path: Path) -> None:
    asyncio.run(_markup_and_keys(tmp_path))


async def _demo(home: Path) -> None:
    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert current_question(app) is None
        assert any("所有问题都已回答" in t for t in transcript(app))
        assert app.focused is app.screen.query_one("#line", Input), "what is typed goes to the input"
        await pilot.press("f1")  # nothing is being asked: F1 shows the keys and how to change an answer
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("ctrl+q")


def test_demo_opens_a_fully_answered_draft(tmp_path: Path) -> None:
    asyncio.run(_demo(tmp_path))
    asyncio.run(_demo(tmp_path))  # a second start reuses the demo draft


async def _second_instance(home: Path) -> None:
    first, second = make_app(home, demo=True), make_app(home)
    async with first.run_test(size=SIZE) as p1:
        await settle(p1)
        assert isinstance(first.screen, InterviewScreen)
        async with second.run_test(size=SIZE) as p2:
            await p2.press("enter")
            await settle(p2)
            screen = second.screen
            assert isinstance(screen, InterviewScreen) and screen.read_only, "open elsewhere: read-only"
            [note] = list(second._notifications)
            assert note.title == "只读打开" and "另一个窗口" in note.message
            await type_answer(p2, "改不了")
            draft_id = screen.draft.id
            assert second.workspace.store.load(draft_id).answers == first.workspace.store.load(draft_id).answers
            await p2.press("f3")
            await settle(p2)
            assert isinstance(second.screen, ScorecardScreen), "viewing still works"
            await p2.press("ctrl+q")
        await p1.press("ctrl+q")


def test_a_second_instance_opens_the_draft_read_only(tmp_path: Path) -> None:
    asyncio.run(_second_instance(tmp_path))


async def _unsubmitted(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await start_new_draft(pilot, "某县财政局")
        app.screen.query_one("#line", Input).value = "写了一半"
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "typed text is not dropped without a question"
        assert "按 Y 离开，按 Esc 或 Enter 取消" in str(app.screen.query_one(".dialog-hint").render())
        await pilot.press("enter")  # the focus is on 取消: a hasty Enter changes nothing
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and composer_text(app) == "写了一半"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and composer_text(app) == "写了一半"
        await pilot.press("escape")  # back to the list: asked as well
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
    assert not app.is_running


def test_unsubmitted_text_is_not_lost_silently(tmp_path: Path) -> None:
    asyncio.run(_unsubmitted(tmp_path))


async def _long_chat(home: Path) -> None:
    from assistant.interview import Turn
    from assistant.tui.widgets.chat import Chat

    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chat = app.screen.query_one(Chat)
        for n in range(Chat.MAX_TURNS // 2 + 30):
            chat.add([Turn("assistant", "notice", f"第{n}条"), Turn("user", "answer", f"回答{n}")])
            await pilot.pause()
            texts = chat.texts()
            assert texts[-2:] == [f"第{n}条", f"回答{n}"], "the newest turns are always on screen"
            assert len(texts) <= Chat.MAX_TURNS, "the screen keeps a bounded number of turns"
            assert chat.scroll_y == chat.max_scroll_y, "the chat follows the newest turn"
        assert len(chat.texts()) == Chat.MAX_TURNS
        assert chat.drawn_revision == chat.revision, "the newest line was drawn"
        await pilot.press("ctrl+q")


def test_the_chat_keeps_the_newest_turns_and_a_bounded_length(tmp_path: Path) -> None:
    asyncio.run(_long_chat(tmp_path))


async def _section_chosen(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_new_draft(pilot, "昆明市盘龙区文化和旅游局")
        await choose_in_outline(pilot, "section", "funds")
        assert current_question(app) == "income_total"
        await type_answer(pilot, "307.45万元")
        assert current_question(app) == "income_fiscal", "the chosen section goes on"
        await pilot.press("ctrl+q")


def test_a_section_chosen_in_the_outline_is_answered_before_the_others(tmp_path: Path) -> None:
    asyncio.run(_section_chosen(tmp_path))


async def _typed_while_saving(home: Path, *, fail: bool, enter_again: bool = False) -> None:
    import threading

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_new_draft(pilot, "昆明市盘龙区文化和旅游局")
        assert current_question(app) == "eval_period_note"
        release = threading.Event()
        store = app.workspace.store
        original = store.save_answers

        def slow_save(draft_id: str, answers: dict[str, str], **kwargs: object) -> None:
            release.wait(10)
            if fail:
                raise OSError("磁盘已满")
            original(draft_id, answers, **kwargs)  # type: ignore[arg-type]

        store.save_answers = slow_save  # type: ignore[method-assign]
        line = app.screen.query_one("#line", Input)
        line.value = "是"
        line.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.saving and line.value == "是", "the answer stays in the input while it is saved"
        if enter_again:  # impatient: Enter once more on the answer being saved
            await pilot.press("enter")
            release.set()
            await settle(pilot)
            assert current_question(app) == "short_name", "the second Enter does not skip the next question"
            assert composer_text(app) == ""
            assert not any("（跳过）" in t for t in transcript(app)), "no empty answer was submitted"
            assert "short_name" not in app.workspace.store.load(app.screen.draft_id).answers
            await pilot.press("ctrl+q")
            return
        line.value = "是内设"  # the user goes on typing before the reply
        release.set()
        await settle(pilot)
        if fail:
            assert current_question(app) == "eval_period_note"
            assert composer_text(app) == "是内设", "nothing typed is lost"
            assert any("保存失败" in t for t in transcript(app))
        else:
            assert current_question(app) == "short_name"
            assert composer_text(app) == "内设", "what was typed after the answer is kept for the next question"
            assert app.workspace.store.load(app.screen.draft_id).answers["eval_period_note"] == "是"
        await pilot.press("ctrl+q")


def test_text_typed_while_an_answer_is_saved_goes_to_the_next_question(tmp_path: Path) -> None:
    asyncio.run(_typed_while_saving(tmp_path, fail=False))


def test_a_failed_save_keeps_the_answer_and_what_was_typed(tmp_path: Path) -> None:
    asyncio.run(_typed_while_saving(tmp_path, fail=True))


def test_a_second_enter_while_saving_answers_nothing(tmp_path: Path) -> None:
    asyncio.run(_typed_while_saving(tmp_path, fail=False, enter_again=True))


async def _narrow(home: Path) -> None:
    from assistant.tui.widgets.outline import Outline

    app = make_app(home, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        outline = app.screen.query_one(Outline)
        assert outline.outer_size.width == 24, "at 80 columns the outline leaves the chat more room"
        assert all(cell_len(r[2]) <= 80 for r in outline.rows)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert outline.outer_size.width == 30
        await pilot.press("ctrl+q")


def test_the_outline_narrows_on_a_narrow_terminal(tmp_path: Path) -> None:
    asyncio.run(_narrow(tmp_path))


async def _export_with_open_errors(home: Path, out: Path) -> None:
    from textual.widgets import Static

    app = make_app(home, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        said = app.screen.query_one("#export-open-errors").text
        # the parts against the total, and the 年度预算明细's 基本支出 against the answer
        assert said.startswith("还有2项【错误】没有改正") and "不一致" in said, said
        assert "仍然导出" in str(app.screen.query_one(".dialog-hint", Static).render())
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")  # still exported: the user was told
        await settle(pilot)
        assert out.exists() and not isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+q")


def test_export_lists_the_open_errors_before_writing(tmp_path: Path) -> None:
    from assistant.workspace import ensure_demo_draft, open_store

    store = open_store(tmp_path)
    draft_id = ensure_demo_draft(store)
    store.save_answer(draft_id, "spend_basic", "200.25万元")  # the parts no longer make up the total
    store.close()
    asyncio.run(_export_with_open_errors(tmp_path, tmp_path / "报告.docx"))


async def _edit_left(home: Path) -> None:
    from tests.support.tui_driver import choose_in_outline

    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_in_outline(pilot, "question", "spend_basic")
        assert composer_text(app) == "220.25万元", "the old answer is prefilled"
        await pilot.press("escape")  # nothing typed: nothing to lose, no question
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert transcript(app)[-2] == "没有修改“基本支出”，原来的回答保留。", transcript(app)[-3:]
        await choose_in_outline(pilot, "question", "income_total_last")  # skipped in the demo
        await pilot.press("escape")
        await settle(pilot)
        assert transcript(app)[-2].endswith("”仍未填写。"), transcript(app)[-3:]
        await pilot.press("ctrl+q")


def test_an_edit_left_with_esc_is_answered_in_the_chat(demo_home: Path) -> None:
    asyncio.run(_edit_left(demo_home))


def test_the_keys_the_interview_names_are_the_screens_own() -> None:
    """Ctrl+O and F3 in the chat's words are the interview screen's bindings, passed as data:
    bound elsewhere, they are named so."""
    from textual.binding import Binding

    assert InterviewScreen.spoken_keys() == {"outline": "Ctrl+O", "scorecard": "F3", "preview": "F4", "export": "F5"}

    class Rebound(InterviewScreen):
        BINDINGS = [Binding("ctrl+l", "focus_outline", "提纲"),
                    *(b for b in InterviewScreen.BINDINGS if b.action != "focus_outline")]  # fmt: skip

    assert Rebound.spoken_keys()["outline"] == "Ctrl+L"


async def _one_answer(home: Path, evaluations: list[int]) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_new_draft(pilot, "昆明市盘龙区文化和旅游局")
        assert current_question(app) == "eval_period_note"
        evaluations.clear()
        await type_answer(pilot, "是")
        assert current_question(app) == "short_name"
        assert len(evaluations) == 1, "one answer, one evaluation: the store is given its progress"
        assert app.workspace.drafts()[0].progress > 0
        await pilot.press("ctrl+q")


def test_one_answer_in_the_app_is_evaluated_once(tmp_path: Path, evaluations: list[int]) -> None:
    asyncio.run(_one_answer(tmp_path, evaluations))


async def _skip_undo_clear(home: Path) -> None:
    from assistant.tui.widgets.outline import Outline

    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_new_draft(pilot, "昆明市盘龙区文化和旅游局")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        names = [c.title for c in app.get_system_commands(screen)]
        assert {"跳过这个问题", "撤销修改", "清除回答"} <= set(names), "also in the command palette"
        await type_answer(pilot, "是")
        assert current_question(app) == "short_name"
        composer = screen.query_one("#line", Input)
        composer.value = "打了一半"
        await pilot.press("f7")  # skip, though the question offers a default
        await settle(pilot)
        answers = app.workspace.store.load(screen.draft_id).answers
        assert current_question(app) == "offices" and answers["short_name"] == ""
        assert "（跳过）" in transcript(app) and composer_text(app) == "", "what was typed for it went with it"
        await pilot.press("f8")  # nothing chosen: the last change (the skip) is taken back
        await settle(pilot)
        assert current_question(app) == "short_name"
        assert "short_name" not in app.workspace.store.load(screen.draft_id).answers
        # an answer chosen in the outline: F9 clears it, and it is asked again first
        outline = screen.query_one(Outline)
        await pilot.press("ctrl+o")
        while outline.rows[outline.cursor][:2] != ("question", "eval_period_note"):
            await pilot.press("down")
        await pilot.press("f9")
        await settle(pilot)
        assert "eval_period_note" not in app.workspace.store.load(screen.draft_id).answers
        assert current_question(app) == "eval_period_note"
        assert any("已清除“" in t for t in transcript(app))
        await pilot.press("ctrl+q")


def test_skip_undo_and_clear_have_keys(tmp_path: Path) -> None:
    asyncio.run(_skip_undo_clear(tmp_path))
