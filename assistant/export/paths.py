"""Checks on the file name a user gives for an export, before anything is written, and the
one way an export file is written (atomically, by the store's writer: a failed write leaves the
old file as it was)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from assistant.errors import os_reason
from store.atomic import write_atomic

DEFAULT_SUFFIXES: tuple[str, ...] = (".docx", ".xlsx", ".md", ".txt")

# C0 and C1 control characters, DEL, and the characters Windows refuses in file names.
_BAD_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*]')
# Names Windows reserves whatever the suffix (CON.docx is still the console).
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
# The longest file name most file systems take: 255 bytes (ext4, APFS) or characters (NTFS).
NAME_MAX_BYTES = 255


class ExportError(Exception):
    """An export that cannot be done; the message is Chinese and meant for the user."""


def safe_output_path(
    path: str | Path,
    *,
    force: bool = False,
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
) -> Path:
    """The path to write to, or ExportError saying in Chinese why not.

    Refused: an empty name, `..` anywhere, a separator or control character inside the file
    name, a missing or unknown suffix, a folder that does not exist, a name that is a folder,
    and an existing file unless `force`.
    """
    raw = os.fspath(path)
    if not raw or not raw.strip():
        raise ExportError("没有给出文件名。")
    if "\x00" in raw or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in raw):
        raise ExportError("文件名里有控制字符，请换一个文件名。")
    # Both separators count on every system: a name typed on Windows must not climb out of
    # the folder when the program runs elsewhere, and "a\\b.docx" is no file name on Linux.
    parts = re.split(r"[\\/]", raw)
    if any(part == ".." for part in parts):
        raise ExportError("文件路径不能包含“..”，请直接给出要保存到的文件夹和文件名。")
    target = Path(raw).expanduser()
    name = target.name
    if "\\" in name or "/" in name:
        raise ExportError(f"文件名“{name}”里有路径分隔符，请只写文件名。")
    if not name or name in {".", ".."} or raw.endswith(("/", "\\")):
        raise ExportError("请给出文件名，而不只是文件夹。")
    if _BAD_NAME_CHARS.search(name):
        raise ExportError(f'文件名“{name}”里有不能用于文件名的字符（如 < > : " | ? *）。')
    if name != name.strip() or name.endswith("."):
        raise ExportError(f"文件名“{name}”的开头或结尾有空格或句点，请去掉。")
    if _RESERVED.match(name):
        raise ExportError(f"“{name}”是系统保留的名称，请换一个文件名。")
    suffix = target.suffix.lower()
    allowed = ", ".join(suffixes)
    if not suffix:
        raise ExportError(f"文件名“{name}”缺少扩展名，请用以下之一结尾：{allowed}。")
    if suffix not in {s.lower() for s in suffixes}:
        raise ExportError(f"不支持扩展名“{target.suffix}”，请用以下之一：{allowed}。")
    if not target.stem.strip():
        raise ExportError("文件名不能只有扩展名。")
    if len(os.fsencode(name)) > NAME_MAX_BYTES:
        raise ExportError(f"文件名太长（最多{NAME_MAX_BYTES}个字节，约85个汉字），请用短一些的文件名。")
    try:
        _check_place(target, force=force)
    except OSError as err:  # a path too long, a folder that cannot be read …
        raise ExportError(f"无法写入“{target}”：{os_reason(err)}。") from None
    return target


def _check_place(target: Path, *, force: bool) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"文件夹“{folder}”不存在，请先建好文件夹或换一个位置。")
    if target.is_dir():
        raise ExportError(f"“{target}”是一个文件夹，请给出文件名。")
    if target.exists() or target.is_symlink():
        if not force:
            raise ExportError(f"文件“{target}”已经存在，没有覆盖；如确实要替换它，请选择覆盖。")
        if not target.is_file():
            raise ExportError(f"“{target}”不是普通文件，不能覆盖。")


def write_file(target: Path, data: bytes) -> None:
    """Write an export: atomically, durably, with the permissions any file the user makes gets
    (the umask; a replaced file keeps its own). ExportError, in Chinese, when it cannot be."""
    try:
        write_atomic(target, data)
    except OSError as err:
        raise ExportError(f"无法写入文件“{target}”：{os_reason(err)}。") from None
