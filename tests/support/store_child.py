"""A second process for the store tests (run as a script, never imported by pytest).

    store_child.py hold HOME DRAFT          open DRAFT for editing, print "ready", then obey
                                            stdin: "save QID VALUE" (prints "ok"), "quit"
    store_child.py write HOME DRAFT PREFIX N   print "ready", wait for a line on stdin, then
                                            save answers PREFIX0 … PREFIX{N-1} one by one
    store_child.py pause HOME DRAFT QID VALUE POINT   save one answer, stopping inside the save
                                            at POINT (see PAUSE_POINTS): print "paused", wait for
                                            a line on stdin, go on, print "saved"
    store_child.py wait HOME DRAFT QID VALUE   save one answer; the first time the write lock is
                                            found taken, print "waiting", wait for a line on stdin
                                            and try again at once; print "saved"
    store_child.py crash-server HOME DRAFT…    for each "go SEED" or "kill SEED N POINT" on stdin
                                            fork a worker that saves answers in a loop, until it
                                            is killed ("go") or kills itself at POINT of its N-th
                                            save ("kill", see KILL_POINTS)

The pauses and kills are placed by wrapping the store's own steps, so the tests know exactly
where the other process stands, whatever the scheduler does.

The crash server imports everything once and forks, so that a hundred kills do not cost a
hundred interpreter start-ups. Its worker writes "ready <pid>" once it has opened the drafts,
then "I <draft> <qid> <seed> <n> <size>" before each save_answer and "A" once it has returned
(value: `crash_value(seed, n, size)`); the server writes "exit" once the worker is dead.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from store import DraftStore, StoreError

QUESTIONS = 40
# Where `pause` stops: with the write lock taken, before the file is read; after it is read;
# with the new version in its temporary file; after the new version is written (renamed over
# the draft file), before the lock is released.
PAUSE_POINTS = ("locked", "read", "in-temp", "written")
# Where a crash worker kills itself in its N-th save, in the order a save passes them, and
# whether the answer is on disk by then.
KILL_POINTS = {
    "begin": False,  # save_answer not yet called
    "locked": False,  # write lock taken, nothing read
    "half-written": False,  # half of the new version in the temporary file
    "written": False,  # the new version whole in the temporary file, not yet renamed
    "backed-up": False,  # the current version linked as the backup
    "renamed": True,  # the temporary file renamed over the draft file
    "synced": True,  # the rename made durable
    "returned": True,  # save_answer returned, "A" not yet written
}


def crash_value(seed: int, n: int, size: int) -> str:
    return f"第{seed}轮第{n}次：" + "答" * size


def say(line: str) -> None:
    # One unbuffered write per line: what was written before a kill is in the pipe.
    os.write(1, (line + "\n").encode())


def hold(home: str, draft_id: str) -> None:
    store = DraftStore(home)
    try:
        store.open_for_edit(draft_id)
    except StoreError as e:
        say(f"refused {e}")
        return
    say("ready")
    for line in sys.stdin:
        command, *rest = line.split(maxsplit=2)
        if command == "save":
            store.save_answer(draft_id, rest[0], rest[1].rstrip("\n"))
            say("ok")
        elif command == "quit":
            break
    store.close()


def write(home: str, draft_id: str, prefix: str, count: int) -> None:
    store = DraftStore(home)
    say("ready")
    sys.stdin.readline()
    for i in range(count):
        store.save_answer(draft_id, f"{prefix}{i}", f"第{i}个")
    say("done")


def _wrap(owner: Any, name: str, before: Callable[[], None] | None = None,
          after: Callable[[], None] | None = None) -> None:  # fmt: skip
    """Run `before`/`after` around every call of owner.name (a function of a module or class)."""
    real = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if before is not None:
            before()
        result = real(*args, **kwargs)
        if after is not None:
            after()
        return result

    setattr(owner, name, wrapper)


def _once(action: Callable[[], None]) -> Callable[[], None]:
    done: list[bool] = []

    def run() -> None:
        if not done:
            done.append(True)
            action()

    return run


def _pause_here() -> None:
    say("paused")
    sys.stdin.readline()


def pause(home: str, draft_id: str, qid: str, value: str, point: str) -> None:
    from store.storage import AtomicJSONStorage, DraftFile

    store = DraftStore(home)
    stop = _once(_pause_here)
    if point == "locked":
        _wrap(DraftFile, "change", before=stop)
    elif point == "read":
        _wrap(AtomicJSONStorage, "read", after=stop)
    elif point == "in-temp":
        import store.atomic as atomic

        _wrap(atomic, "_write_temp", after=stop)
    elif point == "written":
        _wrap(AtomicJSONStorage, "write", after=stop)
    else:
        raise SystemExit(f"unknown point {point}")
    store.save_answer(draft_id, qid, value)
    say("saved")


def wait(home: str, draft_id: str, qid: str, value: str) -> None:
    from store.locking import LockFile

    real_try = LockFile._try
    told: list[bool] = []

    def try_and_tell(self: LockFile) -> bool:
        taken = real_try(self)
        if not taken and self.path.name.endswith(".write.lock") and not told:
            told.append(True)
            say("waiting")
            sys.stdin.readline()  # told once the other process has saved: the lock is free
            taken = real_try(self)
        return taken

    LockFile._try = try_and_tell  # type: ignore[method-assign]
    DraftStore(home).save_answer(draft_id, qid, value)
    say("saved")


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(point: str, armed: list[bool]) -> None:
    """Make the worker kill itself at `point` of a save, once `armed` holds True."""
    import store.atomic as atomic
    from store.storage import DraftFile

    def at_point() -> None:
        if armed:
            _kill_self()

    if point == "locked":
        _wrap(DraftFile, "change", before=at_point)
    elif point == "half-written":
        real_write = atomic._write_temp

        def half(fd: int, data: bytes) -> None:
            if armed:
                os.write(fd, data[: len(data) // 2])
                _kill_self()
            real_write(fd, data)

        atomic._write_temp = half  # type: ignore[assignment]
    elif point in ("written", "backed-up", "renamed", "synced"):
        step = {"written": "_write_temp", "backed-up": "_keep_backup", "renamed": "_replace",
                "synced": "fsync_folder"}[point]  # fmt: skip
        _wrap(atomic, step, after=at_point)


def crash_worker(home: str, drafts: list[str], seed: int, kill_at: tuple[int, str] | None) -> None:
    rng = random.Random(seed)
    armed: list[bool] = []
    if kill_at is not None:
        _arm(kill_at[1], armed)
    try:
        store = DraftStore(home)
        for draft_id in drafts:
            store.open_for_edit(draft_id)
        say(f"ready {os.getpid()}")
        n = 0
        while True:
            draft_id = rng.choice(drafts)
            qid = f"q{rng.randrange(QUESTIONS)}"
            size = rng.randrange(4000) if rng.random() < 0.2 else rng.randrange(20)
            say(f"I {draft_id} {qid} {seed} {n} {size}")
            if kill_at is not None and n == kill_at[0]:
                armed.append(True)
                if kill_at[1] == "begin":
                    _kill_self()
            store.save_answer(draft_id, qid, crash_value(seed, n, size))
            if armed and kill_at is not None and kill_at[1] == "returned":
                _kill_self()
            say("A")
            n += 1
    except BaseException as e:  # report anything to the test instead of dying quietly
        say(f"E {type(e).__name__}: {e}")
        os._exit(1)


def crash_server(home: str, drafts: list[str]) -> None:
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "go":
            kill_at = None
        elif command == "kill":
            kill_at = (int(rest[1]), rest[2])
        else:
            break
        pid = os.fork()
        if pid == 0:
            crash_worker(home, drafts, int(rest[0]), kill_at)
        os.waitpid(pid, 0)
        say("exit")


def main(argv: list[str]) -> None:
    mode, home, *rest = argv
    if mode == "hold":
        hold(home, rest[0])
    elif mode == "write":
        write(home, rest[0], rest[1], int(rest[2]))
    elif mode == "pause":
        pause(home, *rest[:4])
    elif mode == "wait":
        wait(home, *rest[:3])
    elif mode == "crash-server":
        crash_server(home, rest)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
