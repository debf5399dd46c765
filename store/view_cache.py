"""Saved views: what the interview screen showed of a draft when it was last closed
(views/<draft id>.json), so that the next start can draw it before anything else is loaded.

A cache, never the truth: a view is handed out only while the draft file is still the version
it was saved against (inode, size and modification time), and the app checks it against the
draft as soon as it has loaded it. Losing or damaging a view costs nothing but that head start.
Nothing here imports TinyDB or pydantic: it runs before they are loaded.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import orjson

from store.atomic import PRIVATE, dump_json, write_atomic
from store.paths import DRAFT_ID_RE, Layout, stamp_of

_VIEW_SUFFIX = ".json"


class ViewCache:
    def __init__(self, home: Path) -> None:
        self._layout = Layout(home)

    def save(self, draft_id: str, view: dict[str, Any]) -> None:
        """Save the view of the draft as its file is now (call it after the draft's last save)."""
        if not DRAFT_ID_RE.match(draft_id):
            return
        with contextlib.suppress(OSError):
            stamp = stamp_of(os.stat(self._layout.draft_file(draft_id)))
            self._layout.views.mkdir(parents=True, exist_ok=True)
            data = {"draft_id": draft_id, "stamp": stamp, "view": view}
            write_atomic(self._path(draft_id), dump_json(data), durable=False, mode=PRIVATE)

    def load(self, draft_id: str) -> dict[str, Any] | None:
        """The saved view, or None if there is none or the draft has changed since."""
        if not DRAFT_ID_RE.match(draft_id):
            return None
        return self._read(self._path(draft_id))

    def find(self, title: str) -> tuple[str, dict[str, Any]] | None:
        """The draft id and saved view of the most recently saved view with this title whose
        draft has not changed since."""
        try:
            files = sorted(self._layout.views.glob(f"*{_VIEW_SUFFIX}"), key=_mtime, reverse=True)
        except OSError:
            return None
        for path in files:
            view = self._read(path)
            if view is not None and view.get("title") == title:
                return path.name[: -len(_VIEW_SUFFIX)], view
        return None

    def forget(self, draft_id: str) -> None:
        if DRAFT_ID_RE.match(draft_id):
            with contextlib.suppress(OSError):
                self._path(draft_id).unlink()

    def _path(self, draft_id: str) -> Path:
        return self._layout.views / f"{draft_id}{_VIEW_SUFFIX}"

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            data = orjson.loads(path.read_bytes())
            draft_id = data["draft_id"]
            if path.name != f"{draft_id}{_VIEW_SUFFIX}" or not DRAFT_ID_RE.match(draft_id):
                return None
            current = stamp_of(os.stat(self._layout.draft_file(draft_id)))
            if tuple(data["stamp"]) != current:
                return None
            view = data["view"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return view if isinstance(view, dict) else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
