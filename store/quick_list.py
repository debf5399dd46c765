"""The drafts list read straight from the summaries index, for the drafts screen's first frame.

`DraftStore.list()` needs TinyDB and pydantic, which take longer to import than a bare Textual
app takes to start. This reads the same index file (see store.index) with nothing but orjson
and trusts it on the same terms: every draft file present has an entry whose stamp it still
has, checked long enough after the file changed. Anything else (a new, changed, damaged or
missing draft, no index yet) gives None, and the store lists them, repairing the index.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import orjson

from store.paths import Layout, draft_id_of, still_fits


class QuickSummary(NamedTuple):
    """The fields of a DraftSummary the drafts list shows."""

    id: str
    kind_id: str
    title: str
    unit: str
    year: int | None
    progress: int
    updated_at: datetime
    damaged: str | None = None


def quick_list(home: Path) -> list[QuickSummary] | None:
    """All drafts, most recently changed first, as `DraftStore.list()` would give them; None when
    the index cannot vouch for every draft."""
    layout = Layout(Path(home))
    try:
        if not all(map(os.path.isdir, (layout.drafts, layout.trash, layout.locks, layout.damaged))):
            return None  # the store says what is wrong with the data folder
        raw = orjson.loads(layout.drafts_index.read_bytes())
        with os.scandir(layout.drafts) as entries:
            files = {draft_id: entry.stat() for entry in entries if (draft_id := draft_id_of(entry.name))}
        if not isinstance(raw, dict) or raw.keys() != files.keys():
            return None
        out = []
        for draft_id, st in files.items():
            entry = raw[draft_id]
            if not still_fits(tuple(entry["stamp"]), int(entry["checked_ns"]), st):
                return None
            s = entry["summary"]
            if s.get("damaged") or s.get("deleted_at"):
                return None
            year = s.get("year")
            out.append(QuickSummary(draft_id, str(s["kind_id"]), str(s["title"]), str(s.get("unit", "")),
                                    int(year) if year is not None else None, int(s.get("progress", 0)),
                                    datetime.fromisoformat(s["updated_at"])))  # fmt: skip
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return sorted(out, key=lambda s: s.updated_at, reverse=True)
