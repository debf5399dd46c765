"""The TinyDB side: an atomic JSON storage, and one draft kept in its own TinyDB file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from assistant.models import Draft, DraftSummary, HistoryEntry
from store.atomic import PRIVATE, dump_json, write_atomic
from store.errors import DraftDamaged, os_problem
from store.paths import backup_of

TABLE = "draft"
DOC_ID = 1
# The history serves undo alone (F8 takes back one change of an answer a press). Ten steps back
# per answer; older values are forgotten: the draft file is rewritten whole on every save, and
# an answer edited again and again (the indicator table, a paragraph) must not make it grow.
HISTORY_PER_QUESTION = 10


class AtomicJSONStorage(Storage):
    """The TinyDB storage of a draft file. It replaces the file atomically (see `write_atomic`),
    keeps the previous version as `<file>.bak`, writes UTF-8 with Chinese as characters, and
    reports an empty, unreadable or foreign file as DraftDamaged (TinyDB's JSONStorage would
    start an empty database over it). A missing file raises FileNotFoundError rather than
    reading as an empty database, so a change never makes one up."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            if self.path.is_symlink():
                reason = (f"这是一个链接，它指向的 {os.readlink(self.path)} 不存在；"
                          "如果那在移动硬盘或网络文件夹上，请先连接它")  # fmt: skip
                raise DraftDamaged(self.path.name, reason) from None
            raise
        except PermissionError:
            raise DraftDamaged(self.path.name, "没有读取这个文件的权限",
                               advice="请检查这个文件的权限（需要能读写），再重试。") from None  # fmt: skip
        except IsADirectoryError:
            raise DraftDamaged(self.path.name, "这里是一个文件夹，不是草稿文件") from None
        except OSError as err:  # a link in a loop, a disk error …
            raise DraftDamaged(self.path.name, os_problem(err)) from None
        if not raw.strip():
            raise DraftDamaged(self.path.name, "文件是空的")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise DraftDamaged(self.path.name, "内容不完整或不是 JSON") from None
        table = data.get(TABLE) if isinstance(data, dict) else None
        if not isinstance(table, dict) or not isinstance(table.get(str(DOC_ID)), dict):
            raise DraftDamaged(self.path.name, "内容不是草稿")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_atomic(self.path, dump_json(data), backup=backup_of(self.path), mode=PRIVATE)


@dataclass
class StoredDraft:
    """A draft as kept in its file. `draft` comes without its history, which stays as stored
    (plain dicts) in `history`: a save then need not parse and re-serialise every past value.

    The history only serves to undo: the answers are the draft. A history entry the store
    cannot read (not a record of one question's change) does not make the draft unreadable;
    it is kept in `unreadable`, written back as it was under "history_unreadable", and never
    undone. One that names its question but not a valid time is left out of `Draft.history`."""

    draft: Draft
    history: list[dict[str, Any]] = field(default_factory=list)
    progress: int = 0
    deleted_at: datetime | None = None
    unreadable: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, draft: Draft, progress: int = 0) -> StoredDraft:
        history = [h.model_dump(mode="json") for h in draft.history]
        return cls(draft.model_copy(update={"history": []}), history, progress)

    @classmethod
    def parse(cls, doc: dict[str, Any], file_name: str) -> StoredDraft:
        history, unreadable = _split_history(doc.get("history", []))
        kept = doc.get("history_unreadable", [])
        unreadable = [*(kept if isinstance(kept, list) else [kept]), *unreadable]
        try:
            draft = Draft.model_validate({**doc, "history": []})
            progress = int(doc.get("progress", 0))
            deleted = doc.get("deleted_at")
            deleted_at = datetime.fromisoformat(deleted) if deleted else None
        except (ValidationError, TypeError, ValueError, KeyError):
            raise DraftDamaged(file_name, "内容不是有效的草稿") from None
        return cls(draft, history, progress, deleted_at, unreadable)

    def full(self, file_name: str) -> Draft:
        """The Draft with its history (without the entries whose time cannot be read)."""
        history = []
        for h in self.history:
            try:
                history.append(HistoryEntry.model_validate(h))
            except ValidationError:
                continue
        return self.draft.model_copy(update={"history": history})

    def record(self, question_id: str, old: Any, new: Any) -> None:
        """Add a change of one answer to the history, forgetting the oldest beyond the limit."""
        entry = HistoryEntry(question_id=question_id, at=datetime.now().astimezone(), old=old, new=new)
        self.history.append(entry.model_dump(mode="json"))
        ids = list(map(itemgetter("question_id"), self.history))
        excess = ids.count(question_id) - HISTORY_PER_QUESTION  # (more than one in a file kept longer)
        if excess > 0:
            oldest = [i for i, qid in enumerate(ids) if qid == question_id][:excess]
            for i in reversed(oldest):
                del self.history[i]

    def summary(self) -> DraftSummary:
        d = self.draft
        return DraftSummary(
            id=d.id,
            kind_id=d.kind_id,
            title=d.title,
            unit=d.unit,
            year=d.year,
            progress=self.progress,
            updated_at=d.updated_at,
            deleted_at=self.deleted_at,
        )

    def document(self) -> dict[str, Any]:
        doc = self.draft.model_dump(mode="json")
        doc["history"] = self.history
        doc["progress"] = self.progress
        if self.deleted_at is not None:
            doc["deleted_at"] = self.deleted_at.isoformat()
        if self.unreadable:
            doc["history_unreadable"] = self.unreadable
        return doc


def _split_history(history: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """The entries the store can use (dicts naming their question) and the others, in order."""
    if not isinstance(history, list):
        return [], [history]
    # C-speed scan first: a save goes over the whole history, which is almost always sound
    if _only(dict, history) and _only(str, map(dict.get, history, repeat("question_id"))):
        return history, []
    usable: list[dict[str, Any]] = []
    unreadable: list[Any] = []
    for h in history:
        sound = isinstance(h, dict) and isinstance(h.get("question_id"), str)
        (usable if sound else unreadable).append(h)
    return usable, unreadable


def _only(kind: type, items: Iterable[Any]) -> bool:
    return set(map(type, items)) <= {kind}


class _Unchanged(Exception):
    """Raised inside a TinyDB update to leave the file as it is."""


class DraftFile:
    """One draft in its own TinyDB file: table "draft", document 1 holds the Draft's fields
    plus `progress` (and `deleted_at` while in the trash). One file per draft keeps the cost of
    a write independent of how many drafts there are."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> StoredDraft:
        """Raises FileNotFoundError when there is no file, DraftDamaged when it is unreadable."""
        with self._db() as db:
            doc = db.table(TABLE).get(doc_id=DOC_ID)
        assert isinstance(doc, dict)  # the storage has checked the shape
        return StoredDraft.parse(doc, self.path.name)

    def load(self) -> Draft:
        return self.read().full(self.path.name)

    def create(self, stored: StoredDraft) -> None:
        """Write the whole draft as a new file, in one atomic write (a crash or a full disk
        leaves no file or the whole one), keeping no backup of what `path` held before."""
        write_atomic(self.path, dump_json({TABLE: {str(DOC_ID): stored.document()}}), mode=PRIVATE)

    def change(self, edit: Callable[[StoredDraft], bool]) -> StoredDraft:
        """Read, edit and write back in one TinyDB update; `edit` returns False when it changed
        nothing, and then nothing is written. Returns the draft as edited."""
        result: list[StoredDraft] = []

        def apply(doc: Any) -> None:
            stored = StoredDraft.parse(doc, self.path.name)
            result.append(stored)
            if not edit(stored):
                raise _Unchanged
            doc.clear()
            doc.update(stored.document())

        try:
            with self._db() as db:
                db.table(TABLE).update(apply, doc_ids=[DOC_ID])
        except _Unchanged:
            pass
        return result[0]

    def _db(self) -> TinyDB:
        return TinyDB(self.path, storage=AtomicJSONStorage)
