"""The draft store's API: drafts, answers with history, trash, exchange, carry-over, migrations."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from store import (
    DraftLocked,
    DraftNotFound,
    DraftStore,
    ExportFailed,
    ImportFailed,
    NothingToUndo,
    StoreError,
    default_home,
    locking,
)
from store.locking import LockFile
from store.storage import HISTORY_PER_QUESTION, DraftFile

TITLE = "2025年度某某项目支出绩效自评报告"


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "home")


def draft_file(store: DraftStore, draft_id: str, folder: str = "drafts") -> Path:
    return store.home / folder / f"{draft_id}.json"


def age_files(store: DraftStore, seconds: float = 10.0) -> None:
    """Make every draft file look `seconds` old, as if written in an earlier session."""
    past = time.time() - seconds
    for path in (store.home / "drafts").iterdir():
        os.utime(path, (past, past))


# -- drafts ------------------------------------------------------------------------------


def test_create_and_load(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE, unit="某某局", year=2025, script_version=3, seed=7)
    draft = store.load(draft_id)
    assert (draft.id, draft.kind_id, draft.title, draft.unit, draft.year) == (
        draft_id,
        "project",
        TITLE,
        "某某局",
        2025,
    )
    assert (draft.script_version, draft.seed, draft.answers, draft.history) == (3, 7, {}, [])
    assert draft.created_at == draft.updated_at
    assert draft.created_at.tzinfo is not None


def test_each_draft_gets_its_own_id_and_seed(store: DraftStore) -> None:
    ids = [store.create("project", f"草稿{i}") for i in range(20)]
    assert len(set(ids)) == 20
    assert len({store.load(i).seed for i in ids}) > 1


def test_a_blank_title_is_refused(store: DraftStore) -> None:
    with pytest.raises(StoreError, match="标题不能为空"):
        store.create("project", "   ")
    assert store.list() == []


@pytest.mark.parametrize("bad", ["0000aaaa", "../../etc/passwd", "", "A B"])
def test_unknown_or_unsafe_ids_are_not_found(store: DraftStore, bad: str) -> None:
    calls: list[tuple[str, tuple[object, ...]]] = [
        ("load", ()),
        ("save_answer", ("q", "x")),
        ("undo", ("q",)),
        ("open_for_edit", ()),
        ("recover", ()),
        ("delete", ()),
        ("restore", ()),
        ("purge", ()),
        ("duplicate", ()),
    ]
    for name, args in calls:
        with pytest.raises(DraftNotFound, match="找不到"):
            getattr(store, name)(bad, *args)
    assert list((store.home / "locks").iterdir()) == []  # no lock file for a wrong id


def test_list_newest_change_first_with_progress(tmp_path: Path) -> None:
    """The progress the caller gives with a write is listed; a write without one keeps it."""
    store = DraftStore(tmp_path)
    first = store.create("project", "第一份", progress=5)
    second = store.create("dept-overall", "第二份", unit="某某局", year=2024)
    assert [s.id for s in store.list()] == [second, first]
    store.save_answer(first, "a", "1", progress=10)
    store.save_answer(first, "b", "2", progress=20)
    listed = store.list()
    assert [s.id for s in listed] == [first, second]
    assert (listed[0].title, listed[0].kind_id, listed[0].progress) == ("第一份", "project", 20)
    assert (listed[1].unit, listed[1].year, listed[1].progress) == ("某某局", 2024, 0)
    assert listed[0].updated_at == store.load(first).updated_at
    store.rename(first, "第一份（改）")  # no answer changed: the progress stays
    store.save_answer(first, "c", "3")  # (a caller that does not know it leaves it too)
    assert [s.progress for s in DraftStore(tmp_path).list()] == [20, 0]
    store.undo(first, "c", progress=15)
    assert store.list()[0].progress == 15
    assert store.duplicate(first) in {s.id for s in store.list() if s.progress == 15}, "a copy keeps it"


def test_rename_and_set_meta(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.rename(draft_id, "  新的标题  ")
    store.set_meta(draft_id, unit="某某中心", year=2026)
    draft = store.load(draft_id)
    assert (draft.title, draft.unit, draft.year) == ("新的标题", "某某中心", 2026)
    store.set_meta(draft_id, year=2027)  # None leaves the others as they are
    draft = store.load(draft_id)
    assert (draft.title, draft.unit, draft.year) == ("新的标题", "某某中心", 2027)
    assert store.list()[0].title == "新的标题"


def test_duplicate_copies_answers_not_history(store: DraftStore) -> None:
    source = store.create("project", TITLE, unit="某某局", seed=5)
    store.save_answer(source, "a", "原来的回答")
    store.save_answer(source, "a", "改过的回答")
    copy = store.duplicate(source)
    loaded = store.load(copy)
    assert copy != source
    assert loaded.title == f"{TITLE}（副本）"
    assert (loaded.answers, loaded.unit, loaded.seed, loaded.history) == (
        {"a": "改过的回答"},
        "某某局",
        5,
        [],
    )
    store.save_answer(copy, "a", "只改副本")
    assert store.load(source).answers == {"a": "改过的回答"}
    assert store.load(store.duplicate(source, "另一个名字")).title == "另一个名字"


# -- answers and history -----------------------------------------------------------------


def test_answers_of_any_json_shape_round_trip(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    values = {
        "text": "项目于2025年3月启动",
        "count": 12,
        "money": 123.45,
        "yes": True,
        "rows": [["产出指标", "数量指标", "培训人次", "≥", "300"]],
        "table": {"a": [1, 2], "b": None},
    }
    for qid, value in values.items():
        store.save_answer(draft_id, qid, value)
    assert DraftStore(store.home).load(draft_id).answers == values


def test_values_that_json_cannot_hold_are_refused_before_writing(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    before = draft_file(store, draft_id).read_bytes()
    with pytest.raises(TypeError):
        store.save_answer(draft_id, "a", object())
    with pytest.raises(ValueError):
        store.save_answer(draft_id, "a", float("nan"))
    assert draft_file(store, draft_id).read_bytes() == before


def test_history_and_undo(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    for value in ("一", "二", "三"):
        store.save_answer(draft_id, "a", value)
    store.save_answer(draft_id, "b", "别的问题")
    history = store.load(draft_id).history
    assert [(h.question_id, h.old, h.new) for h in history] == [
        ("a", None, "一"),
        ("a", "一", "二"),
        ("a", "二", "三"),
        ("b", None, "别的问题"),
    ]
    assert history[0].at <= history[-1].at

    # what undo would do, told without doing it (the caller evaluates it for its progress)
    before = draft_file(store, draft_id).read_bytes()
    assert store.last_change(draft_id, "a") == ("a", "二")
    assert store.last_change(draft_id) == ("b", None), "the draft's last change"
    assert draft_file(store, draft_id).read_bytes() == before
    with pytest.raises(NothingToUndo, match="这个问题的回答没有可以撤销的修改"):
        store.last_change(draft_id, "never")
    with pytest.raises(NothingToUndo, match="这份草稿没有可以撤销的修改"):
        store.last_change(store.create("project", "空草稿"))

    assert store.undo(draft_id, "a") == "二"
    assert store.load(draft_id).answers == {"a": "二", "b": "别的问题"}
    assert store.undo(draft_id, "a") == "一"
    assert store.undo(draft_id, "a") is None
    assert store.load(draft_id).answers == {"b": "别的问题"}
    with pytest.raises(NothingToUndo, match="没有可以撤销"):
        store.undo(draft_id, "a")
    assert [h.question_id for h in store.load(draft_id).history] == ["b"]


def test_clear_answer_is_recorded_and_can_be_undone(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.save_answer(draft_id, "a", "要清除的回答")
    store.clear_answer(draft_id, "a")
    draft = store.load(draft_id)
    assert "a" not in draft.answers
    assert (draft.history[-1].old, draft.history[-1].new) == ("要清除的回答", None)
    store.save_answer(draft_id, "a", None)  # None is "no answer": nothing more to record
    store.clear_answer(draft_id, "never_answered")
    assert len(store.load(draft_id).history) == 2
    assert store.undo(draft_id, "a") == "要清除的回答"
    assert store.load(draft_id).answers == {"a": "要清除的回答"}


def test_saving_the_same_value_writes_nothing(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.save_answer(draft_id, "a", "1")
    before = os.stat(draft_file(store, draft_id))
    store.save_answer(draft_id, "a", "1")
    after = os.stat(draft_file(store, draft_id))
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    store.save_answer(draft_id, "a", 1)  # a number is not the text "1"
    assert store.load(draft_id).answers == {"a": 1}
    assert len(store.load(draft_id).history) == 2


def test_save_answers_writes_several_with_their_history(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.save_answers(draft_id, {"a": "1", "b": "2"})
    store.save_answers(draft_id, {"a": "1", "b": None, "c": "3"})
    draft = store.load(draft_id)
    assert draft.answers == {"a": "1", "c": "3"}
    assert [(h.question_id, h.new) for h in draft.history] == [
        ("a", "1"),
        ("b", "2"),
        ("b", None),
        ("c", "3"),
    ]


def test_history_keeps_the_latest_changes_of_each_question(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.save_answer(draft_id, "other", "x")
    for i in range(HISTORY_PER_QUESTION + 10):
        store.save_answer(draft_id, "a", str(i))
    history = store.load(draft_id).history
    mine = [h for h in history if h.question_id == "a"]
    assert len(mine) == HISTORY_PER_QUESTION
    assert mine[-1].new == str(HISTORY_PER_QUESTION + 9)
    assert mine[0].old == "9"
    assert history[0].question_id == "other"


def test_a_longer_history_kept_by_an_older_version_is_cut_at_the_next_change(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    path = draft_file(store, draft_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = {"question_id": "a", "at": "2025-01-01T00:00:00+08:00"}
    data["draft"]["1"]["history"] = [{**entry, "old": str(i), "new": str(i + 1)} for i in range(50)]
    data["draft"]["1"]["answers"] = {"a": "50"}
    path.write_text(json.dumps(data), encoding="utf-8")
    store.save_answer(draft_id, "a", "51")
    mine = [h for h in store.load(draft_id).history if h.question_id == "a"]
    assert [h.new for h in mine] == [str(i) for i in range(52 - HISTORY_PER_QUESTION, 52)]


def test_chinese_is_stored_as_characters_in_utf8(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE, unit="某某局")
    store.save_answer(draft_id, "summary", "全年完成培训三百人次。")
    raw = draft_file(store, draft_id).read_bytes()
    assert "全年完成培训三百人次。".encode() in raw
    assert TITLE.encode() in raw
    assert b"\\u" not in raw


# -- data folder ---------------------------------------------------------------------------


def test_report_assistant_home_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "不存在的" / "目录"
    monkeypatch.setenv("REPORT_ASSISTANT_HOME", str(home))
    assert default_home() == home
    store = DraftStore()
    assert store.home == home
    draft_id = store.create("project", TITLE)
    assert draft_file(store, draft_id).is_file()
    assert str(draft_file(store, draft_id)).startswith(str(home))


def test_default_home_is_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPORT_ASSISTANT_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = platformdirs.user_data_path("report-assistant", appauthor=False)
    assert default_home() == expected
    assert expected.is_dir()


def test_an_explicit_home_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_HOME", str(tmp_path / "env"))
    store = DraftStore(tmp_path / "explicit")
    store.create("project", TITLE)
    assert len(list((tmp_path / "explicit" / "drafts").glob("*.json"))) == 1
    assert not (tmp_path / "env").exists()


# -- trash ---------------------------------------------------------------------------------


def test_delete_restore_purge(store: DraftStore) -> None:
    keep = store.create("project", "留下的")
    gone = store.create("project", "删除的")
    store.save_answer(gone, "a", "删除前的回答")
    store.save_answer(gone, "a", "删除前的回答（改）")

    store.delete(gone)
    assert [s.id for s in store.list()] == [keep]
    trashed = store.trash()
    assert [(s.id, s.title) for s in trashed] == [(gone, "删除的")]
    assert trashed[0].deleted_at is not None
    with pytest.raises(DraftNotFound):
        store.load(gone)
    with pytest.raises(DraftNotFound):
        store.save_answer(gone, "a", "x")

    store.restore(gone)
    assert store.trash() == []
    assert {s.id for s in store.list()} == {keep, gone}
    assert store.load(gone).answers == {"a": "删除前的回答（改）"}
    assert "deleted_at" not in draft_file(store, gone).read_text(encoding="utf-8")
    assert store.undo(gone, "a") == "删除前的回答"  # history came back too

    store.delete(gone)
    store.purge(gone)
    assert store.trash() == []
    assert sorted(p.name for p in (store.home / "trash").iterdir()) == []
    with pytest.raises(DraftNotFound):
        store.restore(gone)
    with pytest.raises(DraftNotFound):
        store.purge(keep)  # not in the trash
    assert store.load(keep).title == "留下的"


def test_trash_lists_most_recently_deleted_first(store: DraftStore) -> None:
    ids = [store.create("project", f"草稿{i}") for i in range(3)]
    for draft_id in (ids[1], ids[0], ids[2]):
        store.delete(draft_id)
    assert [s.id for s in store.trash()] == [ids[2], ids[0], ids[1]]


# -- export and import ---------------------------------------------------------------------


def test_export_import_round_trip(store: DraftStore, tmp_path: Path) -> None:
    draft_id = store.create("project", TITLE, unit="某某局", year=2025, script_version=2)
    store.save_answer(draft_id, "a", "第一稿")
    store.save_answer(draft_id, "a", "第二稿")
    store.save_answer(draft_id, "rows", [["产出指标", "数量指标"]])
    out = tmp_path / "导出.json"
    store.export_json(draft_id, out)
    text = out.read_text(encoding="utf-8")
    assert "第二稿" in text and "\\u" not in text

    clash = store.import_json(out)  # the original is still here: a new id
    assert clash != draft_id
    original, imported = store.load(draft_id), store.load(clash)
    assert imported.model_dump(exclude={"id"}) == original.model_dump(exclude={"id"})
    assert store.undo(clash, "a") == "第一稿"

    other = DraftStore(tmp_path / "another-home")
    assert other.import_json(out) == draft_id  # no clash: the id is kept
    assert other.load(draft_id) == original


def test_import_keeps_clear_of_ids_in_the_trash(store: DraftStore, tmp_path: Path) -> None:
    draft_id = store.create("project", TITLE)
    store.export_json(draft_id, tmp_path / "x.json")
    store.delete(draft_id)
    assert store.import_json(tmp_path / "x.json") != draft_id
    store.purge(draft_id)
    assert store.import_json(tmp_path / "x.json") == draft_id


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "不是 JSON"),
        (b'{"format": "report-assistant-draft", "vers', "不是 JSON"),
        (b'{"hello": 1}', "不是本程序导出的草稿文件"),
        (b'{"format": "report-assistant-draft", "version": 1, "draft": {}}', "草稿内容不完整"),
        (b'{"format": "report-assistant-draft", "version": 99, "draft": {}}', "更新版本"),
    ],
)
def test_import_of_a_bad_file_says_why(store: DraftStore, tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "坏文件.json"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=reason) as caught:
        store.import_json(path)
    assert "坏文件.json" in str(caught.value)
    assert store.list() == []


def test_export_to_a_folder_that_does_not_exist(store: DraftStore, tmp_path: Path) -> None:
    draft_id = store.create("project", TITLE)
    with pytest.raises(ExportFailed, match=r"无法导出到文件 x\.json：无法写入这个位置"):
        store.export_json(draft_id, tmp_path / "没有这个目录" / "x.json")


def test_import_of_a_missing_file(store: DraftStore, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="文件不存在"):
        store.import_json(tmp_path / "没有.json")


# -- carry-over from last year ---------------------------------------------------------------


def test_create_with_last_years_answers(store: DraftStore) -> None:
    """A draft made from last year's (workspace.new_draft carries the answers over): last
    year's answers kept apart in `previous`, the carried ones answered with their history."""
    prev = store.create("project", "2024年度自评报告", unit="某某局", year=2024, script_version=4)
    last_answers = {"duties": "负责全市职业技能培训", "budget": "120", "summary": "去年的总结"}
    store.save_answers(prev, last_answers)

    new = store.create("project", "2025年度自评报告", unit="某某局", year=2025, script_version=4,
                       answers={"duties": "负责全市职业技能培训", "budget_last": "120"},
                       previous=store.load(prev).answers)  # fmt: skip
    draft = store.load(new)
    assert draft.answers == {"duties": "负责全市职业技能培训", "budget_last": "120"}
    assert draft.previous == last_answers
    assert [h.question_id for h in draft.history] == ["duties", "budget_last"], "each can be undone"
    assert store.load(prev).answers == last_answers  # last year's draft is untouched


# -- migrations ------------------------------------------------------------------------------


def test_migrate_sets_aside_what_no_longer_fits(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE, script_version=1)
    store.save_answers(draft_id, {"budget": "120", "kind": "旧选项", "note": "说明"})

    moved = store.migrate(draft_id, 2, ["kind", "not_answered"], progress=40)
    assert moved == ["kind"]
    draft = store.load(draft_id)
    assert draft.script_version == 2
    assert draft.answers == {"budget": "120", "note": "说明"}
    assert draft.set_aside == {"kind": "旧选项"}
    assert store.list()[0].progress == 40

    store.save_answer(draft_id, "kind", "又一个旧选项")
    moved = store.migrate(draft_id, 3, ["kind"])
    draft = store.load(draft_id)
    assert moved == ["kind"] and draft.script_version == 3
    # nothing is dropped: the earlier set-aside value moves on
    assert draft.set_aside == {"kind": "又一个旧选项", "kind#2": "旧选项"}


def test_migrate_with_everything_fitting_only_records_the_version(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE, script_version=1)
    store.save_answer(draft_id, "a", "1")
    assert store.migrate(draft_id, 2, []) == []
    draft = store.load(draft_id)
    assert (draft.script_version, draft.answers, draft.set_aside) == (2, {"a": "1"}, {})


def test_the_store_never_evaluates() -> None:
    """The store takes no progress callable and imports nothing of the evaluation: it stores."""
    import ast
    import inspect
    import subprocess
    import sys

    assert "progress" not in inspect.signature(DraftStore).parameters
    code = "import sys, store.drafts; print(sorted(m for m in sys.modules if m.startswith('assistant.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(out.stdout)
    assert "assistant.models" in loaded
    evaluation = ("pipeline", "interview", "session", "workspace", "scoring", "compose", "export", "tui")
    assert [m for m in loaded if m.split(".")[1] in evaluation] == []


# -- the index behind list() -----------------------------------------------------------------


def test_list_opens_only_the_drafts_that_changed(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [store.create("project", f"草稿{i}") for i in range(5)]
    age_files(store)
    store.list()
    reads: list[Path] = []
    real_read = DraftFile.read

    def counting_read(self: DraftFile):  # type: ignore[no-untyped-def]
        reads.append(self.path)
        return real_read(self)

    monkeypatch.setattr(DraftFile, "read", counting_read)
    assert len(DraftStore(store.home).list()) == 5  # another process: reads the saved index
    assert reads == []
    store.save_answer(ids[2], "a", "1")
    reads.clear()
    assert store.list()[0].id == ids[2]
    assert reads == [draft_file(store, ids[2])]


def test_saving_an_answer_leaves_the_index_alone(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.list()
    index = store.home / "index-drafts.json"
    before = index.stat().st_mtime_ns
    for i in range(5):
        store.save_answer(draft_id, "a", str(i))
    assert index.stat().st_mtime_ns == before


def test_changes_by_another_process_show_in_list(store: DraftStore) -> None:
    draft_id = store.create("project", "旧标题")
    age_files(store)
    assert store.list()[0].title == "旧标题"
    DraftStore(store.home).rename(draft_id, "别的进程改的标题")
    assert store.list()[0].title == "别的进程改的标题"
    DraftStore(store.home).delete(draft_id)
    assert store.list() == []


@pytest.mark.parametrize(
    "content",
    ["{垃圾", "[1, 2]", '{"x": {"stamp": [1], "checked_ns": 0, "summary": {}}}', ""],
)
def test_a_broken_index_is_rebuilt(store: DraftStore, content: str) -> None:
    draft_id = store.create("project", TITLE)
    store.list()
    (store.home / "index-drafts.json").write_text(content, encoding="utf-8")
    assert [s.id for s in DraftStore(store.home).list()] == [draft_id]
    index = json.loads((store.home / "index-drafts.json").read_text(encoding="utf-8"))
    assert list(index) == [draft_id]


def test_stale_temporary_files_are_removed_fresh_ones_kept(store: DraftStore) -> None:
    """Without a writer of this machine in the name (an older version, or another machine on a
    shared folder): removed only once old."""
    drafts = store.home / "drafts"
    stale, fresh = drafts / ".abc.json.x1.tmp", drafts / ".abc.json.x2.tmp"
    other_host, other_host_old = (drafts / f".abc.json.{os.getpid()}-{h}.ab12.tmp" for h in ("0000aaaa", "0000bbbb"))
    for path in (stale, fresh, other_host, other_host_old):
        path.write_text("半截", encoding="utf-8")
    past = time.time() - 2 * 3600
    for path in (stale, other_host_old):
        os.utime(path, (past, past))
    DraftStore(store.home)
    assert not stale.exists() and fresh.exists()
    assert not other_host_old.exists() and other_host.exists()
    assert store.list() == []


# -- locks within one process ----------------------------------------------------------------


def test_a_second_store_may_read_but_not_write_an_open_draft(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    assert store.open_for_edit(draft_id).title == TITLE
    store.save_answer(draft_id, "a", "编辑中")
    other = DraftStore(store.home)
    with pytest.raises(DraftLocked, match="正在另一个窗口中编辑") as caught:
        other.save_answer(draft_id, "a", "另一个窗口的回答")
    assert TITLE in str(caught.value)
    with pytest.raises(DraftLocked):
        other.open_for_edit(draft_id)
    with pytest.raises(DraftLocked):
        other.delete(draft_id)
    assert other.load(draft_id).answers == {"a": "编辑中"}
    store.close(draft_id)
    other.save_answer(draft_id, "a", "现在可以了")
    assert store.load(draft_id).answers == {"a": "现在可以了"}


def test_close_releases_every_lock_and_the_store_is_a_context_manager(tmp_path: Path) -> None:
    with DraftStore(tmp_path) as store:
        ids = [store.create("project", f"草稿{i}") for i in range(2)]
        for draft_id in ids:
            store.open_for_edit(draft_id)
        with pytest.raises(DraftLocked):
            DraftStore(tmp_path).save_answer(ids[1], "a", "x")
    other = DraftStore(tmp_path)
    for draft_id in ids:
        other.open_for_edit(draft_id)


def test_a_lock_taken_in_one_thread_serves_another(store: DraftStore) -> None:
    draft_id = store.create("project", TITLE)
    store.open_for_edit(draft_id)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for i in range(20):
                store.save_answer(draft_id, f"q{i}", str(i))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.load(draft_id).answers) == 20
    with pytest.raises(DraftLocked):
        DraftStore(store.home).save_answer(draft_id, "x", "1")


class FakeClock:
    """The locks' clock: time passes only by their own sleeps, so a test of waiting neither
    waits nor depends on how fast the machine is."""

    def __init__(self, on_sleep: Callable[[], None] = lambda: None) -> None:
        self.now = 0.0
        self.sleeps = 0
        self.on_sleep = on_sleep

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.sleeps += 1
        self.on_sleep()


def test_a_write_waits_for_a_short_write_of_another_process(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = store.create("project", TITLE)
    other_write = LockFile(store.home / "locks" / f"{draft_id}.write.lock")
    assert other_write.acquire()
    clock = FakeClock(on_sleep=other_write.release)  # the other write ends while this one waits
    monkeypatch.setattr(locking, "time", clock)
    DraftStore(store.home).save_answer(draft_id, "a", "等了一会儿")
    assert clock.sleeps == 1, "it waited, once"
    assert store.load(draft_id).answers == {"a": "等了一会儿"}


def test_a_write_gives_up_after_write_wait(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = store.create("project", TITLE)
    other_write = LockFile(store.home / "locks" / f"{draft_id}.write.lock")
    assert other_write.acquire()  # and never released
    clock = FakeClock()
    monkeypatch.setattr(locking, "time", clock)
    with pytest.raises(DraftLocked, match=TITLE):
        DraftStore(store.home).save_answer(draft_id, "a", "x")
    assert clock.now >= locking.WRITE_WAIT
    other_write.release()
    assert store.load(draft_id).answers == {}


def test_meeting_an_editor_fails_at_once(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = store.create("project", TITLE)
    store.open_for_edit(draft_id)
    clock = FakeClock()
    monkeypatch.setattr(locking, "time", clock)
    with pytest.raises(DraftLocked):
        DraftStore(store.home).save_answer(draft_id, "a", "x")
    assert clock.sleeps == 0, "no waiting out WRITE_WAIT"


def test_a_lock_on_a_removed_lock_file_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fstat = os.fstat
    calls = []

    def fstat_first_unlinked(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        calls.append(fd)
        if len(calls) > 1:
            return st
        fields = list(st)
        fields[3] = 0  # st_nlink: removed by a purge between open and lock
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat_first_unlinked)
    lock = LockFile(tmp_path / "x.lock")
    assert lock.acquire(wait=1)
    assert len(calls) == 2  # the first, unlinked, file was let go and the lock taken again
    other = LockFile(tmp_path / "x.lock")
    assert not other.acquire()
    lock.release()
    assert other.acquire()
    other.release()


def test_copies_get_titles_of_their_own(store: DraftStore) -> None:
    source = store.create("project", TITLE, unit="某某局")
    first = store.duplicate(source)
    second = store.duplicate(source)
    of_copy = store.duplicate(first)
    titles = [store.load(d).title for d in (first, second, of_copy)]
    assert titles == [f"{TITLE}（副本）", f"{TITLE}（副本2）", f"{TITLE}（副本3）"]
