"""Locks between processes, two lock files per draft (in <home>/locks/):

- the edit lock (<id>.lock) is held by the process that has the draft open for editing, for as
  long as it is open: no other process may then change the draft;
- the write lock (<id>.write.lock) is held for the moment of one write by a process that does
  not have the draft open, while it also takes the edit lock (at once, never waiting).

Because the edit lock is only ever tried while holding the write lock, finding it taken means
that another process is editing the draft, never that a short write is under way: a short write
waits for the others (up to WRITE_WAIT), and meeting an editor fails at once with DraftLocked.

The locks are flock (Unix) or msvcrt.locking (Windows) on an open file, which the system
releases when the process dies, so a killed program never blocks a draft. (The `filelock`
package does the same at about 0.2 ms per lock taken, a tenth of a whole save.)
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from store.errors import DraftLocked
from store.paths import Layout

# How long a write waits for the writes of other processes (each takes milliseconds).
WRITE_WAIT = 10.0
POLL = 0.002

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockFile:
    """An exclusive lock on one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, waiting up to `wait` seconds; False if another process keeps it."""
        deadline = time.monotonic() + wait
        while not self._try():
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL)
        return True

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def _try(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if _try_lock(fd):
                if os.fstat(fd).st_nlink:
                    self._fd = fd
                    return True
                _unlock(fd)  # the file was removed meanwhile (purge): lock the new one instead
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        return False


class DraftLocks:
    def __init__(self, layout: Layout, title_of: Callable[[str], str]) -> None:
        self._layout = layout
        self._title_of = title_of
        self._held: dict[str, LockFile] = {}

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
        lock = LockFile(self._layout.write_lock_file(draft_id))
        if not lock.acquire(wait=WRITE_WAIT):
            raise DraftLocked(draft_id, self._title_of(draft_id))
        try:
            yield
        finally:
            lock.release()

    def _take_edit_lock(self, draft_id: str) -> LockFile:
        lock = LockFile(self._layout.lock_file(draft_id))
        if not lock.acquire():
            raise DraftLocked(draft_id, self._title_of(draft_id))
        return lock
