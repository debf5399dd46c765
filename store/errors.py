"""Errors of the store. Each carries a Chinese sentence meant to be shown to the user as it is."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from assistant.errors import UserError


class StoreError(UserError):
    """Base class: `str(error)` (and `message`) is the message for the user."""


class DraftNotFound(StoreError):
    def __init__(self, draft_id: str) -> None:
        super().__init__(f"找不到编号为 {draft_id} 的草稿，它可能已被删除。")
        self.draft_id = draft_id


class DraftLocked(StoreError):
    """Another process (another window) is editing the draft: it may be viewed, not changed."""

    def __init__(self, draft_id: str, title: str) -> None:
        super().__init__(
            f"草稿《{title}》正在另一个窗口中编辑，这里只能查看，不能修改。请先在另一个窗口中关闭这份草稿，再回来修改。"
        )
        self.draft_id = draft_id
        self.title = title


class DraftDamaged(StoreError):
    """A draft file cannot be read (truncated, empty, not JSON, not a draft)."""

    def __init__(
        self,
        file: str,
        reason: str,
        *,
        draft_id: str | None = None,
        title: str | None = None,
        backup: bool = False,
        advice: str | None = None,
    ) -> None:
        what = f"草稿《{title}》的文件 {file}" if title else f"草稿文件 {file}"
        # an advice of its own (check the permissions …) where going back to the backup is no cure
        self.own_advice = advice
        if advice is None:
            advice = "可以恢复到上一次保存的版本。" if backup else "没有找到可用的备份，请联系技术人员。"
        super().__init__(f"{what} 已损坏（{reason}），无法打开。{advice}")
        self.file = file
        self.reason = reason
        self.draft_id = draft_id
        self.title = title
        self.backup = backup


class NothingToUndo(StoreError):
    def __init__(self, question_id: str | None) -> None:
        super().__init__("这个问题的回答没有可以撤销的修改。" if question_id else "这份草稿没有可以撤销的修改。")
        self.question_id = question_id


class ImportFailed(StoreError):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"无法导入文件 {file}：{reason}。")
        self.file = file
        self.reason = reason


class ExportFailed(StoreError):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"无法导出到文件 {file}：{reason}。")
        self.file = file
        self.reason = reason


class DataFolderError(StoreError):
    """The data folder, or one of the folders in it, cannot be used: which, and what to do."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class DiskError(StoreError):
    """Reading or writing a file of the data folder failed (a full disk, no permission …).
    What was saved before is as it was."""

    def __init__(self, err: OSError) -> None:
        reason = os_problem(err)
        # the folder: the file may be a temporary one, whose name would say nothing to the user
        where = f"（{Path(os.fsdecode(err.filename)).parent}）" if err.filename else ""
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            advice = "刚才的操作没有完成，已保存的内容不受影响。请清理磁盘空间后重试。"
        elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            advice = "刚才的操作没有完成。请检查数据文件夹的权限，或用 --home 换一个可以写入的文件夹。"
        else:
            advice = "刚才的操作没有完成，已保存的内容不受影响。请稍后重试。"
        super().__init__(f"读写数据文件时出错：{reason}{where}。{advice}")
        self.errno = err.errno


_OS_PROBLEMS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EROFS: "磁盘只能读、不能写",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ELOOP: "这是一个循环的链接，找不到它指向的文件",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
}


def os_problem(err: OSError) -> str:
    """What went wrong with a file, in Chinese (the system's own message is English)."""
    known = _OS_PROBLEMS.get(err.errno or 0)
    if known:
        return known
    code = errno.errorcode.get(err.errno or 0)
    return f"系统错误 {code}" if code else "系统错误"
