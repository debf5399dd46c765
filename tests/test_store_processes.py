"""Two processes and one draft: the second is told so in Chinese, and no update is lost."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store import DraftLocked, DraftStore

CHILD = Path(__file__).with_name("store_child.py")
TITLE = "两个窗口同时打开的草稿"


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def ask(child: subprocess.Popen[str], line: str) -> str:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(line + "\n")
    child.stdin.flush()
    return child.stdout.readline().strip()


def first_line(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    return child.stdout.readline().strip()


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
        assert first_line(third).startswith(
            "refused 草稿《两个窗口同时打开的草稿》正在另一个窗口中编辑"
        )
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


def test_processes_saving_the_same_draft_lose_no_update(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    draft_id = store.create("project", TITLE)
    count = 60
    writers = [spawn("write", str(tmp_path), draft_id, prefix, str(count)) for prefix in "xy"]
    for writer in writers:
        assert first_line(writer) == "ready"
    for writer in writers:  # all three start saving together
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for i in range(count):
        store.save_answer(draft_id, f"z{i}", f"第{i}个")
    for writer in writers:
        assert first_line(writer) == "done"
        assert writer.wait(timeout=30) == 0

    draft = store.load(draft_id)
    assert draft.answers == {f"{p}{i}": f"第{i}个" for p in "xyz" for i in range(count)}
    order = [h.question_id[0] for h in draft.history]
    assert len(order) == 3 * count
    switches = sum(a != b for a, b in itertools.pairwise(order))
    assert switches > 2  # the writers really did take turns
