"""The TinyDB side: an atomic JSON storage, and one draft kept in its own TinyDB file."""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from assistant.models import Draft, DraftSummary
from store.atomic import write_atomic
from store.errors import DraftDamaged
from store.paths import backup_of

TABLE = "draft"
DOC_ID = 1


class AtomicJSONStorage(Storage):
    """A TinyDB storage that replaces its file atomically (see `write_atomic`), keeps the
    previous version as `<file>.bak`, writes UTF-8 with Chinese as characters, and reports an
    empty or unreadable file as `DraftDamaged` instead of starting an empty database over it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            raise DraftDamaged(self.path.name, "文件是空的")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise DraftDamaged(self.path.name, "内容不完整或不是 JSON") from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise DraftDamaged(self.path.name, "内容不是草稿")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raw = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
        write_atomic(self.path, raw, backup=backup_of(self.path))


@dataclass
class StoredDraft:
    """A draft as kept on disk: the Draft, plus what `list()` and `trash()` show of it."""

    draft: Draft
    progress: int = 0
    deleted_at: datetime | None = None

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
        doc["progress"] = self.progress
        if self.deleted_at is not None:
            doc["deleted_at"] = self.deleted_at.isoformat()
        return doc


class DraftFile:
    """One draft in its own TinyDB file: table "draft", document 1 holds the Draft's fields
    plus `progress` (and `deleted_at` while in the trash). One file per draft keeps the cost of
    a write independent of how many drafts there are."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> StoredDraft:
        """Raises FileNotFoundError when there is no file, DraftDamaged when it is unreadable."""
        with self._db() as db:
            doc = db.table(TABLE).get(doc_id=DOC_ID)
        if doc is None:
            if not self.path.exists():
                raise FileNotFoundError(self.path)
            raise DraftDamaged(self.path.name, "内容不是草稿")
        return self._parse(doc)

    def create(self, stored: StoredDraft) -> None:
        with self._db() as db:
            db.table(TABLE).insert(Document(stored.document(), doc_id=DOC_ID))

    def replace(self, stored: StoredDraft) -> None:
        """Write `stored` over the current content (which TinyDB reads again first: a file
        damaged meanwhile raises DraftDamaged and is left as it is)."""
        with self._db() as db:
            db.table(TABLE).update(_replace_with(stored.document()), doc_ids=[DOC_ID])

    def _db(self) -> TinyDB:
        return TinyDB(self.path, storage=AtomicJSONStorage)

    def _parse(self, doc: dict[str, Any]) -> StoredDraft:
        try:
            draft = Draft.model_validate(doc)
            progress = int(doc.get("progress", 0))
            deleted = doc.get("deleted_at")
            deleted_at = datetime.fromisoformat(deleted) if deleted else None
        except (ValidationError, TypeError, ValueError):
            raise DraftDamaged(self.path.name, "内容不是有效的草稿") from None
        return StoredDraft(draft, progress, deleted_at)


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def apply(current: MutableMapping[str, Any]) -> None:
        current.clear()
        current.update(doc)

    return apply
