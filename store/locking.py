"""Write locks on drafts, one lock file per draft, so that two processes never both write one
draft. The operating system releases the lock of a process that dies (flock on Unix,
LockFileEx on Windows, both through `filelock`), so a killed program never blocks a draft."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from filelock import FileLock, Timeout

from store.errors import DraftLocked
from store.paths import Layout

# How long to wait for a lock that another process holds only for the moment of a write.
LOCK_WAIT = 0.5
POLL = 0.005


class DraftLocks:
    def __init__(self, layout: Layout, title_of: Callable[[str], str]) -> None:
        self._layout = layout
        self._title_of = title_of
        self._held: dict[str, FileLock] = {}

    def holds(self, draft_id: str) -> bool:
        return draft_id in self._held

    def hold(self, draft_id: str) -> None:
        """Take the lock and keep it until `release`. Raises DraftLocked."""
        if draft_id not in self._held:
            self._held[draft_id] = self._acquire(draft_id)

    @contextmanager
    def writing(self, draft_id: str) -> Iterator[None]:
        """Within the block the lock is ours: the one already held, or one taken for the block."""
        if draft_id in self._held:
            yield
            return
        lock = self._acquire(draft_id)
        try:
            yield
        finally:
            lock.release()

    def release(self, draft_id: str) -> None:
        lock = self._held.pop(draft_id, None)
        if lock is not None:
            lock.release()

    def release_all(self) -> None:
        for draft_id in list(self._held):
            self.release(draft_id)

    def _acquire(self, draft_id: str) -> FileLock:
        # thread_local=False: the lock may be taken by the UI thread and used by a worker thread.
        lock = FileLock(self._layout.lock_file(draft_id), thread_local=False, poll_interval=POLL)
        try:
            lock.acquire(timeout=LOCK_WAIT)
        except Timeout:
            raise DraftLocked(draft_id, self._title_of(draft_id)) from None
        return lock
