"""A full disk at one step of the atomic writer (store/atomic.py): the write, the fsync or the
rename fails with ENOSPC, as a disk out of space fails it."""

from __future__ import annotations

import errno

import pytest

import store.atomic as atomic


def full_disk_at(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if step == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", fail)
    else:
        monkeypatch.setattr(atomic, step, fail)
