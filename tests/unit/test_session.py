"""One open draft (assistant/session.py), with no screen: a change is weighed (evaluated once),
saved with its progress, and only then taken and shown; a failed save leaves the session, the
interview and the draft as they were; what is asked next; the evaluations one change costs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.session import Session
from assistant.workspace import Workspace, new_draft, open_store, progress_of

KEYS = {"outline": "Ctrl+O", "scorecard": "F3", "preview": "F4", "export": "F5"}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace(tmp_path)
    yield ws
    ws.close()


def _new(workspace: Workspace) -> Session:
    draft_id = new_draft(workspace.store, "dept-overall", "新草稿", unit="某局", year=2025)
    return workspace.open(draft_id, keys=KEYS).session


def texts(turns: list) -> str:  # type: ignore[type-arg]
    return "\n".join(t.text for t in turns)


def test_an_answer_is_weighed_saved_with_its_progress_then_taken(workspace: Workspace, evaluations: list[int]) -> None:
    session = _new(workspace)
    assert session.current is not None and session.current.id == "eval_period_note"
    before = session.interview.evaluation
    evaluations.clear()
    step = session.submit("是")
    assert step.turns == [] and step.change is not None and session.saving
    assert session.interview.evaluation is before, "nothing is taken before it is saved"
    session.save(step.change)
    shown = session.saved(step.change)
    assert len(evaluations) == 1, "one change, one evaluation (the store does not evaluate)"
    assert not session.saving and session.interview.answers["eval_period_note"] == "是"
    assert [t.kind for t in shown][:1] == ["answer"] and shown[-1].kind == "question"
    assert session.current is not None and session.current.id == "short_name"
    draft = workspace.store.load(session.draft.id)
    assert draft.answers["eval_period_note"] == "是"
    assert workspace.drafts()[0].progress == progress_of(draft) == session.interview.progress().percent > 0


def test_a_refused_answer_changes_nothing_and_says_why(workspace: Workspace) -> None:
    session = _new(workspace)
    session.apply(session.submit("是"))
    session.apply(session.submit("我会"))  # short_name
    asked = session.current
    assert asked is not None and asked.id == "offices"
    step = session.submit("")  # a required list left empty
    assert step.change is None and step.turns and step.turns[0].kind == "error"
    assert session.current is asked and not session.saving


def test_a_failed_save_leaves_everything_as_it_was(workspace: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session = _new(workspace)
    before_answers, before_ev = dict(session.interview.answers), session.interview.evaluation
    asked = session.current

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace.store, "save_answers", full_disk)
    shown = session.apply(session.submit("是"))
    assert [t.kind for t in shown] == ["error"] and "保存失败，回答没有记录" in shown[0].text
    assert session.interview.answers == before_answers and session.interview.evaluation is before_ev
    assert session.current is asked and not session.saving
    monkeypatch.undo()
    assert "eval_period_note" not in workspace.store.load(session.draft.id).answers
    assert session.apply(session.submit("是"))[0].kind == "answer", "once the disk has room, it is taken"


def test_a_section_chosen_in_the_outline_is_asked_first(workspace: Workspace) -> None:
    session = _new(workspace)
    turns = session.choose("section", "funds")
    assert turns is not None and turns[0].kind == "section" and session.current is not None
    first = session.current.id
    assert first == "income_total" and not session.editing
    session.apply(session.submit("307.45万元"))
    assert session.current is not None and session.current.id == "income_fiscal", "the chosen section goes on"


def test_an_edit_and_leaving_it(demo_home: Path) -> None:
    workspace = Workspace(demo_home)
    try:
        [summary] = workspace.drafts()
        session = workspace.open(summary.id, keys=KEYS).session
        assert session.current is None, "the demo is fully answered"
        [turn] = session.edit("spend_basic")
        assert session.editing and session.prefill == "220.25万元" and "当前回答：220.25万元" in turn.text
        left = session.leave()
        assert left is not None and "没有修改“基本支出”" in left[0].text and not session.editing
        assert session.leave() is None, "not editing: leaving is leaving the draft"
        shown = texts(session.apply(session.submit("多写一句")))
        assert "Ctrl+O" in shown, "all answered: told where to go, with the UI's key"
    finally:
        workspace.close()


def test_a_choice_being_changed_is_shown_by_its_words(demo_home: Path) -> None:
    """The demo stores 1 for the first option: the edit names the option, not the number."""
    workspace = Workspace(demo_home)
    try:
        [summary] = workspace.drafts()
        session = workspace.open(summary.id, keys=KEYS).session
        assert session.interview.answers["table_form"] == "1"
        [turn] = session.edit("table_form")
        words = session.interview.kind.question("table_form").choices[0]
        assert f"当前回答：{words}" in turn.text and session.prefill == words
    finally:
        workspace.close()


def test_a_read_only_session_changes_nothing(demo_home: Path) -> None:
    editor, viewer = Workspace(demo_home), Workspace(demo_home)
    try:
        [summary] = editor.drafts()
        editor.open(summary.id)
        opened = viewer.open(summary.id)
        assert opened.read_only is not None and opened.session.read_only and opened.session.current is None
        session = opened.session
        session.edit("spend_basic")  # (the screen offers no edit: the session refuses one anyway)
        step = session.submit("1万元")
        assert step.change is None and "只读" in texts(step.turns)
    finally:
        editor.close()
        viewer.close()


def test_fill_save_evaluates_the_answers_once(tmp_path: Path, evaluations: list[int]) -> None:
    from assistant.cli import main
    from tests.support.common import EXAMPLE

    assert main(["--home", str(tmp_path), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save"]) == 0
    assert len(evaluations) == 1, "the report, the summary and the draft's progress from one evaluation"
    assert open_store(tmp_path).list()[0].progress > 90


def test_skip_an_optional_question_even_one_with_a_default(workspace: Workspace) -> None:
    """An empty answer takes the default a question offers (short_name: 我局…); skip leaves it
    unanswered. A required question is not skipped."""
    session = _new(workspace)
    assert session.skip().turns[0].text == "这一项必须填写，不能跳过。"
    session.apply(session.submit("是"))
    assert session.current is not None and session.current.id == "short_name"
    shown = session.apply(session.skip())
    assert shown[0].text == "（跳过）" and session.interview.answers["short_name"] == ""
    assert workspace.store.load(session.draft.id).answers["short_name"] == ""
    assert session.current is not None and session.current.id == "offices"


def test_clear_and_undo_an_answer(workspace: Workspace) -> None:
    session = _new(workspace)
    draft_id = session.draft.id
    assert texts(session.undo("eval_period_note").turns) == "这个问题的回答没有可以撤销的修改。"
    session.apply(session.submit("是"))
    session.apply(session.submit("我局"))  # short_name
    # nothing chosen: the draft's last change is taken back, and again the one before it
    shown = texts(session.apply(session.undo()))
    assert "已撤销“" in shown and "现在没有回答" in shown
    assert "short_name" not in workspace.store.load(draft_id).answers
    assert session.current is not None and session.current.id == "short_name", "asked again"
    session.apply(session.undo())
    assert "eval_period_note" not in session.interview.answers
    assert session.current is not None and session.current.id == "eval_period_note"
    # an answer chosen (in the outline): cleared, then given back by undoing the clear
    shown = texts(session.apply(session.clear("unit_name")))
    assert "已清除" in shown and "unit_name" not in workspace.store.load(draft_id).answers
    assert session.current is not None and session.current.id == "unit_name"
    assert "还没有回答" in texts(session.clear("unit_name").turns)
    shown = texts(session.apply(session.undo("unit_name")))
    assert "回答恢复为：某局" in shown and session.interview.answers["unit_name"] == "某局"
    draft = workspace.store.load(draft_id)
    assert draft.answers == {"unit_name": "某局", "year": "2025"} == session.interview.answers
    assert workspace.drafts()[0].progress == progress_of(draft), "each undo and clear saved its progress"
