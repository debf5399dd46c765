"""Two processes and one draft: the second is told so in Chinese, and no update is lost."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from store import DraftLocked, DraftStore
from tests.support.processes import ask, first_line, spawn, tell
from tests.support.store_child import PAUSE_POINTS

TITLE = "两个窗口同时打开的草稿"


def test_the_second_process_gets_a_clear_message_and_nothing_is_lost(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft_id = store.create("project", TITLE)
    store.save_answer(draft_id, "before", "打开前的回答")

    editor = spawn("hold", str(tmp_path), draft_id)
    try:
        assert first_line(editor) == "ready"
        with pytest.raises(DraftLocked) as caught:
            store.open_for_edit(draft_id)
        message = str(caught.value)
        assert TITLE in message and "正在另一个窗口中编辑" in message and "只能查看" in message
        with pytest.raises(DraftLocked):
            store.save_answer(draft_id, "mine", "这一个不能保存")

        # read-only view: sees what the editor saves
        assert ask(editor, "save theirs 另一个窗口保存的回答") == "ok"
        assert store.load(draft_id).answers == {
            "before": "打开前的回答",
            "theirs": "另一个窗口保存的回答",
        }

        third = spawn("hold", str(tmp_path), draft_id)  # a third window is refused too
        assert first_line(third).startswith("refused 草稿《两个窗口同时打开的草稿》正在另一个窗口中编辑")
        assert third.wait(timeout=10) == 0
        assert editor.stdin is not None
        editor.stdin.write("quit\n")
        editor.stdin.flush()
        assert editor.wait(timeout=10) == 0
    finally:
        editor.kill()

    store.open_for_edit(draft_id)
    store.save_answer(draft_id, "mine", "现在可以保存了")
    assert store.load(draft_id).answers == {
        "before": "打开前的回答",
        "theirs": "另一个窗口保存的回答",
        "mine": "现在可以保存了",
    }


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft_id = store.create("project", TITLE)
    editor = spawn("hold", str(tmp_path), draft_id)
    assert first_line(editor) == "ready"
    with pytest.raises(DraftLocked):
        store.open_for_edit(draft_id)
    os.kill(editor.pid, signal.SIGKILL)
    editor.wait(timeout=10)
    assert store.open_for_edit(draft_id).title == TITLE
    store.save_answer(draft_id, "a", "接着写")
    assert store.load(draft_id).answers == {"a": "接着写"}


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_a_process_meeting_a_write_in_progress_waits_and_then_builds_on_it(tmp_path: Path, point: str) -> None:
    """The overlap is forced, not hoped for: the first process stops inside its save (lock
    taken; file read; new version written) and stays there until told; the second one, saving
    another answer meanwhile, must find the draft being written and wait (it says so from inside
    the store's lock), and its write must then keep the first one's answer. Without the lock it
    would say "saved" at once, and the first process's write would lose its answer."""
    store = DraftStore(tmp_path)
    draft_id = store.create("project", TITLE)
    store.save_answer(draft_id, "before", "已有的回答")
    first = spawn("pause", str(tmp_path), draft_id, "first", "第一个进程的回答", point)
    second: subprocess.Popen[str] | None = None
    try:
        assert first_line(first) == "paused"
        second = spawn("wait", str(tmp_path), draft_id, "second", "第二个进程的回答")
        assert first_line(second) == "waiting", "the second write did not wait for the first"
        seen = store.load(draft_id).answers  # a reader never waits, and sees a whole version
        assert seen == ({"before": "已有的回答", "first": "第一个进程的回答"} if point == "written"
                        else {"before": "已有的回答"})  # fmt: skip
        tell(first)
        assert first_line(first) == "saved"
        tell(second)
        assert first_line(second) == "saved"
        assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
    finally:
        for child in (first, second):
            if child is not None:
                child.kill()
    draft = store.load(draft_id)
    assert draft.answers == {"before": "已有的回答", "first": "第一个进程的回答", "second": "第二个进程的回答"}
    assert [h.question_id for h in draft.history] == ["before", "first", "second"]


def test_processes_saving_the_same_draft_lose_no_update(tmp_path: Path) -> None:
    """Many rounds, however the processes happen to take turns: the check is on the content
    (every answer of every writer there, each with its history entry), never on the order."""
    store = DraftStore(tmp_path)
    draft_id = store.create("project", TITLE)
    count = 60
    writers = [spawn("write", str(tmp_path), draft_id, prefix, str(count)) for prefix in "xy"]
    for writer in writers:
        assert first_line(writer) == "ready"
    for writer in writers:  # all three start saving together
        tell(writer)
    for i in range(count):
        store.save_answer(draft_id, f"z{i}", f"第{i}个")
    for writer in writers:
        assert first_line(writer) == "done"
        assert writer.wait(timeout=60) == 0

    draft = store.load(draft_id)
    assert draft.answers == {f"{p}{i}": f"第{i}个" for p in "xyz" for i in range(count)}
    assert sorted(h.question_id for h in draft.history) == sorted(draft.answers)
    for prefix in "xyz":  # each writer's own saves are in its order
        assert [h.question_id for h in draft.history if h.question_id[0] == prefix] == [
            f"{prefix}{i}" for i in range(count)
        ]
