"""Damaged draft files: reported by name, never overwritten, the others unaffected, the last good
version recoverable."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from store import DraftDamaged, DraftStore

GOOD_TITLE = "完好的草稿"
BAD_TITLE = "会损坏的草稿"


def truncate(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def not_utf8(raw: bytes) -> bytes:
    return raw.decode("utf-8").encode("gb18030")  # saved again by an editor in the local encoding


DAMAGE = {
    "truncated": (truncate, "内容不完整或不是 JSON"),
    "empty": (lambda raw: b"", "文件是空的"),
    "garbage": (lambda raw: b"\x00\xff\xfe garbage", "内容不完整或不是 JSON"),
    "not a draft": (lambda raw: b"[1, 2, 3]", "内容不是草稿"),
    "wrong fields": (lambda raw: b'{"draft": {"1": {"title": 5}}}', "内容不是有效的草稿"),
    "no draft table": (lambda raw: b'{"other": {}}', "内容不是草稿"),
    "not utf-8": (not_utf8, "内容不完整或不是 JSON"),
}


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path)


def path_of(store: DraftStore, draft_id: str) -> Path:
    return store.home / "drafts" / f"{draft_id}.json"


def make_drafts(store: DraftStore) -> tuple[str, str]:
    good = store.create("project", GOOD_TITLE)
    store.save_answer(good, "a", "完好")
    bad = store.create("project", BAD_TITLE)
    store.save_answer(bad, "a", "第一次")
    store.save_answer(bad, "a", "第二次")
    return good, bad


def damage(store: DraftStore, draft_id: str, how: str) -> bytes:
    path = path_of(store, draft_id)
    broken = DAMAGE[how][0](path.read_bytes())
    path.write_bytes(broken)
    return broken


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_draft_is_named_and_the_others_still_work(store: DraftStore, how: str) -> None:
    good, bad = make_drafts(store)
    store.list()  # the index remembers the title
    broken = damage(store, bad, how)
    reason = DAMAGE[how][1]

    listed = {s.id: s for s in DraftStore(store.home).list()}
    assert set(listed) == {good, bad}
    assert listed[good].damaged is None
    message = listed[bad].damaged
    assert message is not None
    assert f"{bad}.json" in message and BAD_TITLE in message and reason in message
    assert "可以恢复到上一次保存的版本" in message
    assert listed[bad].title == BAD_TITLE

    with pytest.raises(DraftDamaged) as caught:
        store.load(bad)
    assert str(caught.value) == message
    assert caught.value.draft_id == bad and caught.value.backup

    # never overwritten: every write refuses and leaves the bytes as they are
    for write in (
        lambda: store.save_answer(bad, "a", "覆盖"),
        lambda: store.clear_answer(bad, "a"),
        lambda: store.rename(bad, "新标题"),
        lambda: store.migrate(bad, 9, ["a"]),
        lambda: store.open_for_edit(bad),
    ):
        with pytest.raises(DraftDamaged):
            write()
        assert path_of(store, bad).read_bytes() == broken

    assert store.load(good).answers == {"a": "完好"}
    store.save_answer(good, "b", "照常保存")
    assert store.load(good).answers == {"a": "完好", "b": "照常保存"}


def test_recover_puts_back_the_last_good_version_and_keeps_the_damaged_file(
    store: DraftStore,
) -> None:
    _, bad = make_drafts(store)
    broken = damage(store, bad, "truncated")
    recovered = store.recover(bad)
    assert recovered.answers == {"a": "第一次"}  # the version before the damaged one
    assert store.load(bad) == recovered
    assert [s.damaged for s in store.list()] == [None, None]
    kept = list((store.home / "damaged").iterdir())
    assert len(kept) == 1 and kept[0].name.startswith(bad)
    assert kept[0].read_bytes() == broken
    store.save_answer(bad, "a", "恢复后继续")  # and editing goes on
    assert store.load(bad).answers == {"a": "恢复后继续"}


def test_without_a_good_backup_recover_refuses_and_touches_nothing(store: DraftStore) -> None:
    draft_id = store.create("project", BAD_TITLE)  # created, never changed: no backup yet
    assert not path_of(store, draft_id).with_name(f"{draft_id}.json.bak").exists()
    broken = damage(store, draft_id, "empty")
    with pytest.raises(DraftDamaged, match="没有找到可用的备份") as caught:
        store.recover(draft_id)
    assert not caught.value.backup
    assert path_of(store, draft_id).read_bytes() == broken
    assert list((store.home / "damaged").iterdir()) == []
    assert "没有找到可用的备份" in (store.list()[0].damaged or "")


def test_recover_of_a_sound_draft_changes_nothing(store: DraftStore) -> None:
    good, _ = make_drafts(store)
    before = path_of(store, good).read_bytes()
    assert store.recover(good).answers == {"a": "完好"}
    assert path_of(store, good).read_bytes() == before


def test_a_damaged_draft_never_listed_before_is_named_by_its_file(store: DraftStore) -> None:
    _, bad = make_drafts(store)
    damage(store, bad, "garbage")
    listed = {s.id: s for s in DraftStore(store.home).list()}  # no index yet: title unknown
    assert listed[bad].title == f"{bad}.json"
    assert listed[bad].damaged is not None and f"{bad}.json" in listed[bad].damaged


def test_a_damaged_draft_can_go_to_the_trash(store: DraftStore) -> None:
    good, bad = make_drafts(store)
    broken = damage(store, bad, "truncated")
    store.delete(bad)
    assert [s.id for s in store.list()] == [good]
    trashed = store.trash()
    assert [s.id for s in trashed] == [bad] and trashed[0].damaged is not None
    assert (store.home / "trash" / f"{bad}.json").read_bytes() == broken
    store.restore(bad)
    assert store.recover(bad).answers == {"a": "第一次"}


def test_damage_made_after_a_list_is_noticed(store: DraftStore) -> None:
    good, bad = make_drafts(store)
    past = time.time() - 10
    for path in (store.home / "drafts").iterdir():
        os.utime(path, (past, past))
    assert [s.damaged for s in store.list()] == [None, None]
    damage(store, bad, "not a draft")
    assert {s.id: s.damaged is not None for s in store.list()} == {good: False, bad: True}


UNREADABLE_HISTORY = [{"at": "昨天"}, "一行字", None, {"question_id": 7, "old": "x"}]


def test_unreadable_history_entries_leave_the_draft_usable_and_are_kept(store: DraftStore) -> None:
    """The history only serves to undo: entries the store cannot read are kept aside, as they
    were, and the draft opens, lists and saves as usual (list and load agree)."""
    _, bad = make_drafts(store)
    before = {s.id: s.progress for s in store.list()}
    path = path_of(store, bad)
    data = json.loads(path.read_bytes())
    history = data["draft"]["1"]["history"]
    history[0]["at"] = "不是时间"  # names its question: still undone, left out of Draft.history
    history.extend(UNREADABLE_HISTORY)
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode())

    listed = {s.id: s for s in DraftStore(store.home).list()}
    assert listed[bad].damaged is None and listed[bad].progress == before[bad]
    draft = store.load(bad)
    assert draft.answers == {"a": "第二次"}
    assert [(h.old, h.new) for h in draft.history] == [("第一次", "第二次")]

    store.save_answer(bad, "b", "照常保存")
    saved = json.loads(path.read_bytes())["draft"]["1"]
    assert saved["history_unreadable"] == UNREADABLE_HISTORY, "kept as they were"
    assert [h["question_id"] for h in saved["history"]] == ["a", "a", "b"]
    assert store.undo(bad, "a") == "第一次"
    assert store.undo(bad, "a") is None  # the entry with the unreadable time is undone too
    assert json.loads(path.read_bytes())["draft"]["1"]["history_unreadable"] == UNREADABLE_HISTORY


def test_a_draft_without_read_permission_is_named_with_what_to_do(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """chmod 000 stops nobody running as root (the tests may), so the refusal is injected."""
    from assistant.cli import main

    good, bad = make_drafts(store)
    store.list()
    locked_out = path_of(store, bad)
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked_out:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    listed = {s.id: s for s in DraftStore(store.home).list()}
    message = listed[bad].damaged or ""
    assert "没有读取这个文件的权限" in message and "请检查这个文件的权限" in message and BAD_TITLE in message
    assert listed[good].damaged is None
    with pytest.raises(DraftDamaged) as caught:
        store.recover(bad)  # going back to the backup is no cure: the file stays where it is
    assert not caught.value.backup and list((store.home / "damaged").iterdir()) == []
    assert main(["--home", str(store.home), "list"]) == 2
    out, err = capsys.readouterr()
    assert "【损坏】" in out and "没有读取这个文件的权限" in err and "Permission" not in out + err
    assert main(["--home", str(store.home), "export", bad, "--out", str(store.home / "r.md")]) == 2
    assert "没有读取这个文件的权限" in capsys.readouterr().err


def _folder_instead(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "x").write_text("别的东西", encoding="utf-8")


def _dangling(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.with_name("nowhere.json"))


@pytest.mark.parametrize("spoil", [_folder_instead, _dangling], ids=["a folder", "a dangling link"])
def test_recover_sets_aside_a_folder_or_a_link_in_a_draft_s_place(store: DraftStore, spoil) -> None:  # type: ignore[no-untyped-def]
    _, bad = make_drafts(store)
    path = path_of(store, bad)
    spoil(path)
    with pytest.raises(DraftDamaged) as caught:
        store.load(bad)
    assert caught.value.backup
    assert store.recover(bad).answers == {"a": "第一次"}
    [kept] = (store.home / "damaged").iterdir()
    assert kept.is_dir() if spoil is _folder_instead else kept.is_symlink()
    assert store.load(bad).answers == {"a": "第一次"}


def test_recover_keeps_the_damaged_file_without_a_moment_without_the_draft(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The damaged file is linked into damaged/ and the good version written over it: at no
    point (a crash) is the draft file missing."""
    import store.drafts as drafts_module

    _, bad = make_drafts(store)
    broken = damage(store, bad, "truncated")
    path = path_of(store, bad)
    moved: list[Path] = []
    monkeypatch.setattr(drafts_module, "move_durably", lambda source, target: moved.append(source))
    store.recover(bad)
    assert moved == [], "linked, not moved"
    [kept] = (store.home / "damaged").iterdir()
    assert kept.read_bytes() == broken and store.load(bad).answers == {"a": "第一次"}
    assert path.with_name(path.name + ".bak").exists(), "the backup stays"
