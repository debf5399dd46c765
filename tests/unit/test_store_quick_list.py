"""The drafts list read from the summaries index alone (store/quick_list.py): the same list as
`DraftStore.list()` while the index vouches for every draft, None as soon as it cannot."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from store import DraftStore
from store.quick_list import quick_list


def _store_with_drafts(home: Path, n: int = 3) -> DraftStore:
    store = DraftStore(home)
    for i in range(n):
        draft_id = store.create("dept-overall", f"第{i}份草稿", unit=f"单位{i}", year=2020 + i)
        store.save_answer(draft_id, "unit_name", f"单位{i}")
    _settle(store)
    return store


def _settle(store: DraftStore) -> None:
    """Age the draft files past the racy window, then list: the index records them as checked."""
    for path in (store.home / "drafts").glob("*.json"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))
    store.list()


def _fields(summaries) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(s.id, s.kind_id, s.title, s.unit, s.year, s.progress, s.updated_at) for s in summaries]


def test_the_quick_list_is_the_store_list_while_the_index_vouches_for_every_draft(tmp_path: Path) -> None:
    store = _store_with_drafts(tmp_path)
    quick = quick_list(tmp_path)
    assert quick is not None and len(quick) == 3
    assert _fields(quick) == _fields(store.list()), "same drafts, same order, same fields"


def test_anything_the_index_cannot_vouch_for_gives_none(tmp_path: Path) -> None:
    store = _store_with_drafts(tmp_path)
    first = store.list()[0].id
    assert quick_list(tmp_path) is not None

    store.save_answer(first, "unit_name", "改过的单位")  # changed since it was indexed
    assert quick_list(tmp_path) is None
    _settle(store)
    assert quick_list(tmp_path) is not None

    store.create("dept-overall", "新草稿", unit="新单位", year=2025)  # not in the index yet
    assert quick_list(tmp_path) is None
    _settle(store)
    assert quick_list(tmp_path) is not None

    store.delete(first)  # gone from drafts/: the index still has it until the next list()
    assert quick_list(tmp_path) is None
    _settle(store)
    assert quick_list(tmp_path) is not None

    path = store.home / "drafts" / f"{store.list()[0].id}.json"
    path.write_bytes(b"{ damaged")  # damaged: the store says how
    assert quick_list(tmp_path) is None

    (tmp_path / "index-drafts.json").write_bytes(b"not json")
    assert quick_list(tmp_path) is None
    assert quick_list(tmp_path / "nowhere") is None


def test_files_that_are_no_drafts_do_not_stop_the_quick_list_and_a_damaged_index_gives_none(tmp_path: Path) -> None:
    _store_with_drafts(tmp_path)
    drafts = tmp_path / "drafts"
    (drafts / "说明.json").write_text("{}", encoding="utf-8")  # not a draft's name: the store ignores it too
    (drafts / "readme.txt").write_text("", encoding="utf-8")
    assert quick_list(tmp_path) is not None

    index = tmp_path / "index-drafts.json"
    good = orjson.loads(index.read_bytes())
    for damage in ({"stamp": [1, 2]}, {"summary": {"year": True}}, {"summary": {"updated_at": "2025-01-01T00:00:00"}},
                   {"summary": []}, {"checked_ns": "soon"}):  # fmt: skip
        data = orjson.loads(index.read_bytes())
        first = next(iter(data))
        for key, value in damage.items():
            data[first][key] = value if not isinstance(value, dict) else {**data[first][key], **value}
        index.write_bytes(orjson.dumps(data))
        assert quick_list(tmp_path) is None, damage
        index.write_bytes(orjson.dumps(good))
    assert quick_list(tmp_path) is not None
