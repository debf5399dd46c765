"""Where the store keeps its files.

<home>/drafts/<id>.json        one TinyDB file per draft
<home>/drafts/<id>.json.bak    the previous good version of that file
<home>/trash/                  deleted drafts (same two files), until purged
<home>/locks/<id>.lock         held while a process has the draft open for editing
<home>/locks/<id>.write.lock   held for the moment of one write (see store.locking)
<home>/damaged/                damaged files set aside by `recover`, never deleted
<home>/views/                  what the interview showed at the last close (a cache)
<home>/index-drafts.json       cache of draft summaries for `list()` (rebuilt when wrong)
<home>/index-trash.json        the same for `trash()`
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

import platformdirs

from store.errors import DataFolderError, os_problem

APP_NAME = "report-assistant"
HOME_ENV = "REPORT_ASSISTANT_HOME"

# Draft ids become file names: lower case so that case-insensitive file systems agree.
DRAFT_ID_RE = re.compile(r"^[0-9a-z][0-9a-z_-]{0,63}$")
DRAFT_SUFFIX = ".json"
BACKUP_SUFFIX = ".bak"


def default_home() -> Path:
    """The data folder: $REPORT_ASSISTANT_HOME if set, else the user data folder of the app.
    The folder is created if missing; DataFolderError when it cannot be."""
    env = os.environ.get(HOME_ENV, "").strip()
    home = Path(env).expanduser() if env else platformdirs.user_data_path(APP_NAME, appauthor=False)
    prepare_home(home)
    return home


_OTHER_HOME = "请用 --home 指定另一个文件夹（或设置环境变量 REPORT_ASSISTANT_HOME）"


def prepare_home(home: Path) -> None:
    """Create the data folder if missing; DataFolderError, saying what to do, when it cannot be
    used (it is a file, or cannot be created)."""
    try:
        home.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, or a link to nowhere, where the folder should be
        what = "是一个无法打开的链接" if home.is_symlink() else "是一个文件，不是文件夹"
        raise DataFolderError(f"数据文件夹 {home} {what}。{_OTHER_HOME}。", home) from None
    except OSError as err:
        raise DataFolderError(f"无法建立数据文件夹 {home}：{os_problem(err)}。{_OTHER_HOME}。", home) from None


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

    def create(self) -> dict[str, DataFolderError]:
        """Create the data folder (DataFolderError if it cannot be used) and the folders in it
        that are missing. A folder in it that cannot be made (a file of that name is in the way)
        is returned, by name, with what to do: the store works on without what needs it."""
        prepare_home(self.home)
        problems = {}
        for folder in (self.drafts, self.trash, self.locks, self.damaged):
            try:
                folder.mkdir(exist_ok=True)
            except OSError as err:
                problems[folder.name] = _folder_problem(folder, err)
        return problems

    def draft_file(self, draft_id: str, *, in_trash: bool = False) -> Path:
        return (self.trash if in_trash else self.drafts) / f"{draft_id}{DRAFT_SUFFIX}"

    def lock_file(self, draft_id: str) -> Path:
        return self.locks / f"{draft_id}.lock"

    def write_lock_file(self, draft_id: str) -> Path:
        return self.locks / f"{draft_id}.write.lock"


def _folder_problem(folder: Path, err: OSError) -> DataFolderError:
    where = f"数据文件夹 {folder.parent} 中的“{folder.name}”"
    if isinstance(err, FileExistsError):
        what = "是一个无法打开的链接" if folder.is_symlink() else "是一个文件"
        return DataFolderError(f"{where}应是一个文件夹，现在却{what}。请把它改名或移到别处"
                               "（程序会重新建立这个文件夹），再重试。", folder)  # fmt: skip
    return DataFolderError(f"无法建立{where}文件夹：{os_problem(err)}。请检查数据文件夹的权限，"
                           "或用 --home 换一个文件夹。", folder)  # fmt: skip


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
