"""Kill a process that is saving answers, again and again: every answer whose save_answer had
returned must still be there, and every draft must still open.

The kills are placed two ways, neither depending on timing: at each step of a save in turn
(the worker kills itself there, so the test knows exactly what must be on disk), and at an
unplanned moment after the worker has acknowledged a given number of saves (the check is then
on the content only, whatever point the kill hit)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import DraftStore
from tests.support.store_child import KILL_POINTS, crash_value

CHILD = Path(__file__).resolve().parents[1] / "support" / "store_child.py"
ROUNDS_PER_POINT = 3
UNPLANNED_KILLS = 40

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash server forks")

Key = tuple[str, str]  # draft, question


class CrashServer:
    def __init__(self, home: Path, drafts: list[str]) -> None:
        self.home = home
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), "crash-server", str(home), *drafts],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout

    def start(self, command: str) -> int:
        """Fork a worker; its pid once it has opened the drafts."""
        self.stdin.write(command + "\n")
        self.stdin.flush()
        ready = self.stdout.readline().split()
        assert ready[0] == "ready", ready
        return int(ready[1])

    def lines(self) -> Iterator[str]:
        """What the worker wrote, up to its death."""
        for line in iter(self.stdout.readline, "exit\n"):
            assert line, "the crash server died"
            yield line

    def close(self) -> None:
        self.stdin.close()
        self.process.wait(timeout=60)


class Ledger:
    """What the worker acknowledged, and the save it was in when it died."""

    def __init__(self) -> None:
        self.acknowledged: dict[Key, str | None] = {}  # None: no answer
        self.pending: tuple[Key, str] | None = None
        self.saves = 0

    def read(self, line: str) -> None:
        if not line.endswith("\n"):  # cut by the kill: the save had not begun
            return
        kind, *fields = line.split()
        assert kind != "E", line
        if kind == "I":
            draft_id, qid, seed, n, size = fields
            self.pending = ((draft_id, qid), crash_value(int(seed), int(n), int(size)))
        elif kind == "A":
            assert self.pending is not None
            self.acknowledged[self.pending[0]] = self.pending[1]
            self.pending = None
            self.saves += 1

    def check(self, store: DraftStore, drafts: list[str], *, in_flight_saved: bool | None = None) -> None:
        """Every acknowledged answer is on disk; the one in flight is there as before or after
        (`in_flight_saved` says which, when known); every draft reads and lists undamaged."""
        pending = self.pending
        for draft_id in drafts:
            answers = store.load(draft_id).answers
            expected = {qid: v for (d, qid), v in self.acknowledged.items() if d == draft_id}
            for qid in answers.keys() | expected.keys():
                before = expected.get(qid)
                if pending is not None and pending[0] == (draft_id, qid):
                    allowed = {True: {pending[1]}, False: {before}, None: {before, pending[1]}}[in_flight_saved]
                else:
                    allowed = {before}
                assert answers.get(qid) in allowed, (draft_id, qid, in_flight_saved)
        if pending is not None:  # whichever of the two the file holds is what later runs build on
            self.acknowledged[pending[0]] = store.load(pending[0][0]).answers.get(pending[0][1])
            self.pending = None
        assert [s.damaged for s in store.list()] == [None] * len(drafts)


def _temp_files(home: Path) -> list[Path]:
    return [p for p in (home / "drafts").iterdir() if p.name.endswith(".tmp")]


def _setup(tmp_path: Path) -> tuple[DraftStore, list[str], CrashServer]:
    store = DraftStore(tmp_path)
    drafts = [store.create("project", f"崩溃测试草稿{i}") for i in range(3)]
    return store, drafts, CrashServer(tmp_path, drafts)


def test_a_kill_at_each_step_of_a_save_keeps_every_acknowledged_answer(tmp_path: Path) -> None:
    store, drafts, server = _setup(tmp_path)
    ledger = Ledger()
    rng = random.Random(20251123)
    rounds = 0
    try:
        for point, saved in KILL_POINTS.items():
            for _ in range(ROUNDS_PER_POINT):
                nth = rng.randrange(4)
                pid = server.start(f"kill {rounds} {nth} {point}")
                rounds += 1
                for line in server.lines():
                    ledger.read(line)
                assert ledger.pending is not None, "killed inside its save, as planned"
                ledger.check(store, drafts, in_flight_saved=saved)
                left = _temp_files(tmp_path)
                if point in ("half-written", "written", "backed-up"):  # killed inside write_atomic
                    assert [f".{pid}-" in p.name for p in left] == [True], left
                    DraftStore(tmp_path)  # a store opening removes it: its writer is gone
                    assert _temp_files(tmp_path) == []
                else:
                    assert left == []
    finally:
        server.close()
    assert ledger.saves >= len(KILL_POINTS), "the workers did save between the kills"
    for draft_id in drafts:  # the locks of the killed workers are gone with them
        store.open_for_edit(draft_id)
    store.close()


def test_unplanned_kills_keep_every_acknowledged_answer(tmp_path: Path) -> None:
    """Killed from outside after a given number of acknowledged saves, wherever that finds it:
    inside a save or between two, inside TinyDB, orjson or a rename."""
    store, drafts, server = _setup(tmp_path)
    ledger = Ledger()
    rng = random.Random(7)
    try:
        for seed in range(UNPLANNED_KILLS):
            pid = server.start(f"go {seed}")
            wanted = ledger.saves + rng.randrange(1, 6)
            lines = server.lines()
            for line in lines:
                ledger.read(line)
                if ledger.saves == wanted:
                    os.kill(pid, signal.SIGKILL)
                    break
            for line in lines:
                ledger.read(line)
            ledger.check(store, drafts)
    finally:
        server.close()
    assert ledger.saves >= UNPLANNED_KILLS
    DraftStore(tmp_path)  # temporary files of the killed workers are removed when a store opens
    assert _temp_files(tmp_path) == []
    for draft_id in drafts:
        store.open_for_edit(draft_id)
    store.close()
