"""The one atomic writer of the store and the exports (store/atomic.py): files made with the
user's umask (exports) or private (the store's), a replaced file keeps its permissions, a full
disk leaves the old file and no temporary one; temporary files of writers that are gone are
removed when a store opens, never those of a writer still at work."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import store.atomic as atomic
from assistant.export.paths import ExportError
from assistant.export.writer import write_report
from assistant.workspace import new_draft, open_store
from store import DraftStore
from tests.support.disk import full_disk_at
from tests.support.report import sample_report


@pytest.mark.parametrize("suffix", [".docx", ".md", ".txt"])
def test_an_export_on_a_full_disk_says_so_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    target = tmp_path / f"报告{suffix}"
    target.write_bytes(b"old")
    full_disk_at(monkeypatch, "_write_temp")
    with pytest.raises(ExportError, match="磁盘空间不足"):
        write_report(sample_report(), target, force=True)
    assert [p.name for p in tmp_path.iterdir()] == [target.name] and target.read_bytes() == b"old"


# --- temporary files left behind ----------------------------------------------------------------------


def test_temporary_files_of_dead_writers_go_at_once_those_of_live_ones_stay(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text()) if Path("/proc/sys/kernel/pid_max").exists() else 2**22
    drafts = store.home / "drafts"
    dead = drafts / f".abc.json.{pid_max + 1}-{atomic._HOST}.ab12.tmp"  # no process can have this pid
    live = drafts / f".abc.json.{os.getpid()}-{atomic._HOST}.cd34.tmp"
    for path in (dead, live):
        path.write_text("半截", encoding="utf-8")
    DraftStore(store.home)
    assert not dead.exists() and live.exists()


def test_a_store_opening_leaves_the_temporary_file_of_a_write_under_way(tmp_path: Path) -> None:
    """Another process stopped with its new version in its temporary file: a store opening
    meanwhile must not remove it, and the write then completes."""
    from tests.support.processes import first_line, spawn, tell

    store = DraftStore(tmp_path)
    draft_id = store.create("project", "写到一半的草稿")
    writer = spawn("pause", str(store.home), draft_id, "a", "写到一半的回答", "in-temp")
    try:
        assert first_line(writer) == "paused"
        temp = [p for p in (store.home / "drafts").iterdir() if p.name.endswith(".tmp")]
        assert [f".{writer.pid}-" in p.name for p in temp] == [True]
        DraftStore(store.home)
        assert temp[0].exists()
        tell(writer)
        assert first_line(writer) == "saved"
        assert writer.wait(timeout=60) == 0
    finally:
        writer.kill()
    assert store.load(draft_id).answers == {"a": "写到一半的回答"}


# --- permissions ------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_exports_get_the_umask_drafts_stay_private(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        for suffix in (".docx", ".md", ".txt"):
            target = write_report(sample_report(), tmp_path / f"报告{suffix}")
            assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask, suffix
        store = open_store(tmp_path / "home")
        draft_id = new_draft(store, "dept-overall", "新建的草稿", unit="某局", year=2025)
        store.list()
        for kept in (f"drafts/{draft_id}.json", "index-drafts.json"):  # answers, titles: the user's alone
            assert stat.S_IMODE((tmp_path / "home" / kept).stat().st_mode) == 0o600, kept
    finally:
        os.umask(old)


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permissions")
def test_a_replaced_export_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "报告.md"
    target.write_text("旧", encoding="utf-8")
    target.chmod(0o640)
    write_report(sample_report(), target, force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text(encoding="utf-8").startswith("# ")


# --- a file written in pieces ---------------------------------------------------------------------


def test_a_file_written_in_pieces_is_the_pieces_in_order(tmp_path: Path) -> None:
    target = tmp_path / "汇总.csv"
    atomic.write_atomic(target, (f"{i}行\n".encode() for i in range(3000)))
    assert target.read_bytes() == b"".join(f"{i}行\n".encode() for i in range(3000))


def test_pieces_that_fail_half_way_leave_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "汇总.csv"
    target.write_bytes(b"old")

    def pieces() -> object:
        yield b"new first half"
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError):
        atomic.write_atomic(target, pieces())  # type: ignore[arg-type]
    assert [p.name for p in tmp_path.iterdir()] == [target.name] and target.read_bytes() == b"old"
