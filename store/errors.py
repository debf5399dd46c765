"""Errors of the store. Each carries a Chinese sentence meant to be shown to the user as it is."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: `str(error)` is the message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DraftNotFound(StoreError):
    def __init__(self, draft_id: str) -> None:
        super().__init__(f"找不到编号为 {draft_id} 的草稿，它可能已被删除。")
        self.draft_id = draft_id


class DraftLocked(StoreError):
    """Another process (another window) is editing the draft: it may be viewed, not changed."""

    def __init__(self, draft_id: str, title: str) -> None:
        super().__init__(
            f"草稿《{title}》正在另一个窗口中编辑，这里只能查看，不能修改。"
            "请先在另一个窗口中关闭这份草稿，再回来修改。"
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
    ) -> None:
        what = f"草稿《{title}》的文件 {file}" if title else f"草稿文件 {file}"
        advice = (
            "可以恢复到上一次保存的版本。" if backup else "没有找到可用的备份，请联系技术人员。"
        )
        super().__init__(f"{what} 已损坏（{reason}），无法打开。{advice}")
        self.file = file
        self.reason = reason
        self.draft_id = draft_id
        self.title = title
        self.backup = backup


class NothingToUndo(StoreError):
    def __init__(self, question_id: str) -> None:
        super().__init__("这个问题的回答没有可以撤销的修改。")
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
