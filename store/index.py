"""A cache of draft summaries so that `list()` need not open every draft file.

The draft files stay the only truth: an entry is used only while the file still has the
inode, size and modification time recorded with it, so a stale or lost index costs a re-read,
never a wrong list. Saving an answer does not touch the index at all; `list()` re-reads the
few drafts that changed and rewrites the index only then.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from assistant.models import DraftSummary
from store.atomic import PRIVATE, dump_json, write_atomic
from store.paths import Stamp, stamp_of, still_fits


@dataclass
class _Entry:
    stamp: Stamp
    checked_ns: int
    summary: DraftSummary
    as_json: dict[str, Any]  # kept so that saving the index does not dump every summary again

    def to_json(self) -> dict[str, Any]:
        return {"stamp": self.stamp, "checked_ns": self.checked_ns, "summary": self.as_json}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Entry:
        stamp = tuple(int(n) for n in data["stamp"])
        if len(stamp) != 3:
            raise ValueError("stamp")
        summary = DraftSummary.model_validate(data["summary"])
        return cls((stamp[0], stamp[1], stamp[2]), int(data["checked_ns"]), summary, data["summary"])


class SummaryCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, _Entry] | None = None
        self._dirty = False

    def lookup(self, draft_id: str, st: os.stat_result) -> DraftSummary | None:
        entry = self._load().get(draft_id)
        if entry is None or not still_fits(entry.stamp, entry.checked_ns, st):
            return None
        return entry.summary

    def last_known(self, draft_id: str) -> DraftSummary | None:
        """The summary recorded for a draft even if its file changed since (titles of drafts
        found damaged)."""
        entry = self._load().get(draft_id)
        return None if entry is None else entry.summary

    def remember(self, draft_id: str, st: os.stat_result, summary: DraftSummary) -> None:
        self._load()[draft_id] = _Entry(stamp_of(st), time.time_ns(), summary, summary.model_dump(mode="json"))
        self._dirty = True

    def keep_only(self, draft_ids: set[str]) -> None:
        entries = self._load()
        for gone in entries.keys() - draft_ids:
            del entries[gone]
            self._dirty = True

    def save(self) -> None:
        if not self._dirty or self._entries is None:
            return
        data = {draft_id: e.to_json() for draft_id, e in self._entries.items()}
        # A cache: another process may write it at the same time (last one wins) and a crash
        # may lose it; both only cost a re-read of the drafts.
        with contextlib.suppress(OSError):
            write_atomic(self.path, dump_json(data), durable=False, mode=PRIVATE)
            self._dirty = False

    def _load(self) -> dict[str, _Entry]:
        if self._entries is None:
            self._entries = {}
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError, ValidationError):
                raw = orjson.loads(self.path.read_bytes())
                self._entries = {draft_id: _Entry.from_json(e) for draft_id, e in raw.items()}
        return self._entries
