"""Crash-safe file replacement, shared by the store and the exports: a reader, or whoever looks
after a crash, sees either the old content or the new one, never a mix, and a failed write (a
full disk) leaves the old file and no temporary file behind.

Temporary files are named `.<name>.<pid>-<host>.<random>.tmp`, beside the target: the pid and
host say whose they are, so that one left by a killed process can be removed as soon as that
process is gone, and never one a live writer on this or another machine is still writing."""

from __future__ import annotations

import binascii
import contextlib
import os
import re
import shutil
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

TEMP_SUFFIX = ".tmp"
# orjson: 5 to 10 times faster than the json module, which made up half the time of a save.
# It writes UTF-8 (Chinese as characters); keys that are not text become text, as with json.
JSON_OPTIONS = orjson.OPT_NON_STR_KEYS
# A temporary file of another machine (a shared folder), or of an older version without the
# writer's pid in its name, is removed only once it is this old (a write takes milliseconds).
STALE_TEMP_AGE = 3600.0
# The files of the store are the user's alone; exports get what any file the user makes gets.
PRIVATE = 0o600
PUBLIC = 0o666  # less the umask, which the system applies


def _host_name() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # Windows (not needed at start-up elsewhere)

    return socket.gethostname()


_HOST = f"{binascii.crc32(_host_name().encode()):08x}"  # the machine, in a few characters
_OWNED_TEMP = re.compile(r"\.(\d+)-([0-9a-f]{8})\.[0-9a-f]+" + re.escape(TEMP_SUFFIX) + "$")
# Of the target's name only this many characters go into the temporary name: a target name
# near the file system's limit must not make the temporary one too long.
_NAME_IN_TEMP = 40


def dump_json(data: Any, *, indent: bool = False) -> bytes:
    return orjson.dumps(data, option=JSON_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))


def write_atomic(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    backup: Path | None = None,
    durable: bool = True,
    mode: int = PUBLIC,
) -> None:
    """Replace `path` with `data` (bytes, or pieces of bytes written one after another, so that
    a large file need not be held in memory): temporary file in the same folder, write, fsync, rename over
    `path`, fsync of the folder. When `backup` is given, the current `path` (if any) becomes
    `backup` first, as a hard link (no copy). `durable=False` skips the fsyncs, for caches that
    may be lost. A new file gets `mode` less the umask; a replaced one keeps its permissions.
    Any OSError (ENOSPC …) leaves `path` as it was and removes the temporary file."""
    fd, tmp = _create_temp(path, mode)
    try:
        try:
            _keep_permissions(fd, path)
            _write_temp(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if backup is not None:
            _keep_backup(path, backup)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_folder(path.parent)


def move_durably(source: Path, target: Path) -> None:
    """Rename `source` to `target` (same file system) and make the rename survive a crash."""
    _replace(source, target)
    fsync_folder(target.parent)
    if source.parent != target.parent:
        fsync_folder(source.parent)


def fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened on Windows; NTFS journals renames itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_temp_file(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def remove_stale_temp_files(folder: Path) -> None:
    """Remove temporary files left in `folder` by processes killed in the middle of a write:
    those of this machine whose writer is no longer running, and any other once it is old."""
    limit = time.time() - STALE_TEMP_AGE
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not is_temp_file(entry.name):
                continue
            with contextlib.suppress(OSError):
                owner = _OWNED_TEMP.search(entry.name)
                if owner and owner[2] == _HOST and _can_tell_running():
                    stale = not _running(int(owner[1]))
                else:
                    stale = entry.stat(follow_symlinks=False).st_mtime < limit
                if stale and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


def _create_temp(path: Path, mode: int) -> tuple[int, Path]:
    """An exclusive new file beside `path`. os.open lets the system apply the umask (mkstemp
    would make every file 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        name = f".{path.name[:_NAME_IN_TEMP]}.{os.getpid()}-{_HOST}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
        tmp = path.with_name(name)
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue


def _keep_permissions(fd: int, path: Path) -> None:
    if not hasattr(os, "fchmod"):
        return
    try:
        st = os.stat(path)
    except OSError:  # a new file
        return
    if stat.S_ISREG(st.st_mode):
        os.fchmod(fd, stat.S_IMODE(st.st_mode))


def _write_temp(fd: int, data: bytes | Iterable[bytes]) -> None:
    for piece in (data,) if isinstance(data, (bytes, bytearray, memoryview)) else data:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view) :]


def _keep_backup(path: Path, backup: Path) -> None:
    if not path.exists():
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(backup)
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links (FAT, some network shares)
        shutil.copyfile(path, backup)


def _replace(source: str | Path, target: Path) -> None:
    # On Windows a rename fails while another process has the target open for a moment.
    attempts = 50 if os.name == "nt" else 1
    for attempt in range(1, attempts + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts:
                raise
            time.sleep(0.02)


def _can_tell_running() -> bool:
    return os.name != "nt"  # os.kill(pid, 0) would end the process on Windows


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as another user
        return True
    return True
