"""The drafts list read straight from the summaries index, for the drafts screen's first frame.

`DraftStore.list()` needs TinyDB and pydantic, which take longer to import than a bare Textual
app takes to start. This reads the same index file (see store.index) with nothing but orjson
and trusts it on the same terms: every draft file present has an entry whose stamp it still
has, checked long enough after the file changed. Anything else (a new, changed, damaged or
missing draft, no index yet) gives None, and the store lists them, repairing the index.

The drafts screen checks the stamps in two steps (`read_index`, then `QuickIndex.vouches_for`):
those of the rows of its first frame before it, the others right after it, before their rows
are added. Stating 10,000 files took longer than the rest of reading the list.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, KeysView
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from store.paths import DRAFT_SUFFIX, Layout, draft_id_of, still_fits


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


class QuickIndex(NamedTuple):
    """The index's list of every draft whose file is present (the set of names matches), most
    recently changed first; its stamps still to be checked against the files."""

    summaries: list[QuickSummary]
    drafts: Path
    entries: dict[str, dict[str, Any]]  # the index as read: each draft's stamp and when it was checked

    def vouches_for(self, draft_ids: Iterable[str]) -> bool:
        """Whether each of these drafts' files is still the one the index recorded."""
        try:
            for draft_id in draft_ids:
                entry = self.entries[draft_id]
                a, b, c = entry["stamp"]
                stamp = (int(a), int(b), int(c))
                if not still_fits(stamp, int(entry["checked_ns"]), os.stat(self.drafts / f"{draft_id}{DRAFT_SUFFIX}")):
                    return False
        except (OSError, ValueError, TypeError, KeyError):
            return False
        return True


def read_index(home: Path) -> QuickIndex | None:
    """The drafts the index lists, if it lists the drafts present, no more and no fewer, and
    none damaged or deleted; None otherwise. The files' stamps are not checked yet."""
    layout = Layout(Path(home))
    try:
        if not all(map(os.path.isdir, (layout.drafts, layout.trash, layout.locks, layout.damaged))):
            return None  # the store says what is wrong with the data folder
        raw = orjson.loads(layout.drafts_index.read_bytes())
        if not isinstance(raw, dict) or not _same_drafts(raw.keys(), os.listdir(layout.drafts)):
            return None
        out = []
        when = datetime.fromisoformat
        for draft_id, entry in raw.items():
            s = entry["summary"]
            if s.get("damaged") or s.get("deleted_at"):
                return None
            out.append(QuickSummary(draft_id, s["kind_id"], s["title"], s.get("unit", ""), s.get("year"),
                                    s.get("progress", 0), when(s["updated_at"])))  # fmt: skip
        if not all(map(_well_typed, out)):
            return None
        out.sort(key=lambda s: s.updated_at, reverse=True)  # (a naive time among aware ones: TypeError)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return QuickIndex(out, layout.drafts, raw)


def _same_drafts(indexed: KeysView[str], names: list[str]) -> bool:
    """Whether the drafts folder holds the drafts indexed, no more and no fewer (no pattern is
    matched against each of 10,000 names: only against a name the index does not have)."""
    present = {name for name in names if name.endswith(DRAFT_SUFFIX)}
    expected = {f"{draft_id}{DRAFT_SUFFIX}" for draft_id in indexed}
    if not expected <= present:
        return False
    return not any(draft_id_of(name) for name in present - expected)


def _well_typed(s: QuickSummary) -> bool:
    return (type(s.kind_id) is str and type(s.title) is str and type(s.unit) is str and type(s.progress) is int
            and (s.year is None or type(s.year) is int))  # fmt: skip


def quick_list(home: Path) -> list[QuickSummary] | None:
    """All drafts, most recently changed first, as `DraftStore.list()` would give them; None when
    the index cannot vouch for every draft."""
    index = read_index(home)
    if index is None or not index.vouches_for(index.entries):
        return None
    return index.summaries
