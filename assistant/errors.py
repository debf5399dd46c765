"""Errors whose message is shown to the user as it is (in Chinese)."""

from __future__ import annotations

import errno


class UserError(Exception):
    """Base class: `message` is a complete Chinese sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AnswerError(UserError, ValueError):
    """An answer that cannot be read: what is wrong and what is expected."""


class KindError(UserError):
    """A question script or template that is broken: the file, the question id and what."""


class CommandError(UserError):
    """A command-line problem: printed to stderr, exit status 2."""


_OS_REASONS = {
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "这个位置只能读、不能写",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "同名文件已存在",
}


def os_reason(err: OSError) -> str:
    """Why a file could not be written, in Chinese (the system's own message is English)."""
    reason = _OS_REASONS.get(err.errno or 0)
    code = errno.errorcode.get(err.errno or 0)  # the name, not the system's English sentence
    return reason if reason else f"系统错误 {code}" if code else "系统错误"
