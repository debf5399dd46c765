"""Saved views: handed out only for the version of the draft file they were saved against."""

from __future__ import annotations

from pathlib import Path

from assistant.workspace import ensure_demo_draft, open_store
from store.view_cache import ViewCache


def test_a_view_is_found_until_its_draft_changes(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        draft_id = ensure_demo_draft(store)
        views = ViewCache(tmp_path)
        views.save(draft_id, {"title": "甲"})
        assert views.load(draft_id) == {"title": "甲"}
        assert views.find("甲") == (draft_id, {"title": "甲"})
        assert views.find("乙") is None
        store.save_answer(draft_id, "suggestions", "新的建议")
        assert views.load(draft_id) is None and views.find("甲") is None
        views.save(draft_id, {"title": "甲"})
        assert views.load(draft_id) == {"title": "甲"}
        views.forget(draft_id)
        assert views.load(draft_id) is None


def test_no_view_for_a_missing_draft_a_bad_id_or_a_damaged_file(tmp_path: Path) -> None:
    views = ViewCache(tmp_path)
    views.save("nope", {"title": "甲"})  # no such draft: nothing is saved
    assert views.load("nope") is None and not (tmp_path / "views" / "nope.json").exists()
    assert views.load("../etc/passwd") is None
    views.save("../x", {"title": "甲"})
    assert not (tmp_path / "x.json").exists()
    with open_store(tmp_path) as store:
        draft_id = ensure_demo_draft(store)
    views.save(draft_id, {"title": "甲"})
    (tmp_path / "views" / f"{draft_id}.json").write_text("{", encoding="utf-8")
    assert views.load(draft_id) is None and views.find("甲") is None
    copied = tmp_path / "views" / "other.json"  # a view filed under another draft's name
    views.save(draft_id, {"title": "甲"})
    copied.write_bytes((tmp_path / "views" / f"{draft_id}.json").read_bytes())
    assert views.load("other") is None
