"""Kill a process that is saving answers, again and again: every answer whose save_answer had
returned must still be there, and every draft must still open."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import DraftStore
from tests.store_child import crash_value

CHILD = Path(__file__).with_name("store_child.py")
KILLS = 150
MIN_KILLS = 100
TIME_LIMIT = 25.0

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash server forks")


def test_answers_acknowledged_before_a_kill_survive_it(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    drafts = [store.create("project", f"崩溃测试草稿{i}") for i in range(3)]
    server = subprocess.Popen(
        [sys.executable, str(CHILD), "crash-server", str(tmp_path), *drafts],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20251123)
    acknowledged: dict[tuple[str, str], str | None] = {}  # None: no answer
    kills = in_flight_kills = saves = 0
    started = time.monotonic()
    try:
        while kills < KILLS and time.monotonic() - started < TIME_LIMIT:
            server.stdin.write(f"go {kills}\n")
            server.stdin.flush()
            ready = server.stdout.readline().split()
            assert ready[0] == "ready", ready
            time.sleep(rng.uniform(0.0, 0.05))
            os.kill(int(ready[1]), signal.SIGKILL)
            kills += 1

            pending: tuple[tuple[str, str], str] | None = None
            for line in iter(server.stdout.readline, "exit\n"):
                assert line, "the crash server died"
                if not line.endswith("\n"):  # cut by the kill: the save had not begun
                    continue
                kind, *fields = line.split()
                assert kind != "E", line
                if kind == "I":
                    draft_id, qid, seed, n, size = fields
                    pending = ((draft_id, qid), crash_value(int(seed), int(n), int(size)))
                elif kind == "A":
                    assert pending is not None
                    acknowledged[pending[0]] = pending[1]
                    pending = None
                    saves += 1
            in_flight_kills += pending is not None

            for draft_id in drafts:
                answers = store.load(draft_id).answers
                expected = {qid: v for (d, qid), v in acknowledged.items() if d == draft_id}
                for qid in answers.keys() | expected.keys():
                    allowed = {expected.get(qid)}
                    if pending is not None and pending[0] == (draft_id, qid):
                        allowed.add(pending[1])  # saved, but killed before it could say so
                    assert answers.get(qid) in allowed, (kills, draft_id, qid)
                if pending is not None and pending[0][0] == draft_id:
                    # whichever of the two the file holds is what later runs build on
                    acknowledged[pending[0]] = answers.get(pending[0][1])
            assert [s.damaged for s in store.list()] == [None] * len(drafts)
    finally:
        server.stdin.close()
        server.wait(timeout=10)

    assert kills >= MIN_KILLS
    assert saves >= MIN_KILLS  # the workers did get to save between kills
    assert in_flight_kills >= 10  # many kills hit a save in progress
    # some even inside write_atomic: their temporary files are left (and ignored by list())
    assert any(p.name.endswith(".tmp") for p in (tmp_path / "drafts").iterdir())
    for draft_id in drafts:  # the locks of the killed workers are gone with them
        store.open_for_edit(draft_id)
    store.close()
