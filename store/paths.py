"""Where the store keeps its files.

    <home>/drafts/<id>.json        one TinyDB file per draft
    <home>/drafts/<id>.json.bak    the previous good version of that file
    <home>/trash/                  deleted drafts (same two files), until purged
    <home>/locks/<id>.lock         held while a process has the draft open for editing
    <home>/locks/<id>.write.lock   held for the moment of one write (see store.locking)
    <home>/damaged/                damaged files set aside by `recover`, never deleted
    <home>/index-drafts.json       cache of draft summaries for `list()` (rebuilt when wrong)
    <home>/index-trash.json        the same for `trash()`
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

import platformdirs

APP_NAME = "report-assistant"
HOME_ENV = "REPORT_ASSISTANT_HOME"

# Draft ids become file names: lower case so that case-insensitive file systems agree.
DRAFT_ID_RE = re.compile(r"^[0-9a-z][0-9a-z_-]{0,63}$")
DRAFT_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak"


def default_home() -> Path:
    """The data folder: $REPORT_ASSISTANT_HOME if set, else the user data folder of the app.
    The folder is created if missing."""
    env = os.environ.get(HOME_ENV, "").strip()
    home = Path(env).expanduser() if env else platformdirs.user_data_path(APP_NAME, appauthor=False)
    home.mkdir(parents=True, exist_ok=True)
    return home


class Layout(NamedTuple):  # not a frozen dataclass: made in a fifth of the time, at start-up
    home: Path

    @property
    def drafts(self) -> Path:
        return self.home / "drafts"

    @property
    def trash(self) -> Path:
        return self.home / "trash"

    @property
    def locks(self) -> Path:
        return self.home / "locks"

    @property
    def damaged(self) -> Path:
        return self.home / "damaged"

    @property
    def views(self) -> Path:
        return self.home / "views"

    @property
    def drafts_index(self) -> Path:
        return self.home / "index-drafts.json"

    @property
    def trash_index(self) -> Path:
        return self.home / "index-trash.json"

    def create(self) -> None:
        for folder in (self.drafts, self.trash, self.locks, self.damaged):
            folder.mkdir(parents=True, exist_ok=True)

    def draft_file(self, draft_id: str, *, in_trash: bool = False) -> Path:
        return (self.trash if in_trash else self.drafts) / f"{draft_id}{DRAFT_SUFFIX}"

    def lock_file(self, draft_id: str) -> Path:
        return self.locks / f"{draft_id}.lock"

    def write_lock_file(self, draft_id: str) -> Path:
        return self.locks / f"{draft_id}.write.lock"


Stamp = tuple[int, int, int]

# A file changed again within the same tick of the file system clock could keep its recorded
# stamp (the "racy git" problem): a cache entry is trusted only if it was checked this long
# after the file's modification time.
RACY_NS = 1_000_000_000


def still_fits(recorded: Stamp, checked_ns: int, st: os.stat_result) -> bool:
    """Whether what a cache recorded of a file (its stamp, when it was checked) still holds."""
    return tuple(recorded) == stamp_of(st) and checked_ns - st.st_mtime_ns >= RACY_NS


def stamp_of(st: os.stat_result) -> Stamp:
    """What identifies a version of a file: inode (a new one on every atomic write), size and
    modification time."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def draft_id_of(file_name: str) -> str | None:
    """The draft id of a file name in drafts/ or trash/, None for any other file."""
    if not file_name.endswith(DRAFT_SUFFIX):
        return None
    stem = file_name[: -len(DRAFT_SUFFIX)]
    return stem if DRAFT_ID_RE.match(stem) else None
