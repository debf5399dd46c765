"""Locks between processes, two lock files per draft (in <home>/locks/):

- the edit lock (<id>.lock) is held by the process that has the draft open for editing, for as
  long as it is open: no other process may then change the draft;
- the write lock (<id>.write.lock) is held for the moment of one write by a process that does
  not have the draft open, while it also takes the edit lock (at once, never waiting).

Because the edit lock is only ever tried while holding the write lock, finding it taken means
that another process is editing the draft, never that a short write is under way: a short write
waits for the others (up to WRITE_WAIT), and meeting an editor fails at once with DraftLocked.
The operating system releases the locks of a process that dies (flock on Unix, LockFileEx on
Windows, both through `filelock`), so a killed program never blocks a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from store.errors import DraftLocked
from store.paths import Layout

# How long a write waits for the writes of other processes (each takes milliseconds).
WRITE_WAIT = 10.0
POLL = 0.002


class DraftLocks:
    def __init__(self, layout: Layout, title_of: Callable[[str], str]) -> None:
        self._layout = layout
        self._title_of = title_of
        self._held: dict[str, FileLock] = {}

    def hold(self, draft_id: str) -> None:
        """Take the edit lock and keep it until `release`. Raises DraftLocked."""
        if draft_id not in self._held:
            with self._writing_alone(draft_id):
                self._held[draft_id] = self._take_edit_lock(draft_id)

    @contextmanager
    def writing(self, draft_id: str) -> Iterator[None]:
        """Within the block no other process writes the draft. Raises DraftLocked."""
        if draft_id in self._held:
            yield
            return
        with self._writing_alone(draft_id):
            edit_lock = self._take_edit_lock(draft_id)
            try:
                yield
            finally:
                edit_lock.release()

    def release(self, draft_id: str) -> None:
        lock = self._held.pop(draft_id, None)
        if lock is not None:
            lock.release()

    def release_all(self) -> None:
        for draft_id in list(self._held):
            self.release(draft_id)

    def files(self, draft_id: str) -> tuple[Path, Path]:
        return self._layout.lock_file(draft_id), self._layout.write_lock_file(draft_id)

    @contextmanager
    def _writing_alone(self, draft_id: str) -> Iterator[None]:
        lock = self._lock(self._layout.write_lock_file(draft_id))
        try:
            lock.acquire(timeout=WRITE_WAIT, poll_interval=POLL)
        except Timeout:
            raise DraftLocked(draft_id, self._title_of(draft_id)) from None
        try:
            yield
        finally:
            lock.release()

    def _take_edit_lock(self, draft_id: str) -> FileLock:
        lock = self._lock(self._layout.lock_file(draft_id))
        try:
            lock.acquire(blocking=False)
        except Timeout:
            raise DraftLocked(draft_id, self._title_of(draft_id)) from None
        return lock

    @staticmethod
    def _lock(path: Path) -> FileLock:
        # thread_local=False: a lock taken by the UI thread may be used by a worker thread.
        return FileLock(path, thread_local=False)
