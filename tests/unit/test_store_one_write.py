"""Nothing half-made: every way a draft is created writes it whole, answers, history and
progress, in one atomic file creation (a kill or a full disk leaves no draft or the whole one,
never an empty one to be "recovered" later); a full disk says so in Chinese and leaves the data
folder as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest

import store.atomic as atomic
from assistant.cli import main
from assistant.workspace import ensure_demo_draft, new_draft, open_store, progress_of, seed_for
from store import DraftDamaged, StoreError
from tests.support.common import EXAMPLE, run_cli
from tests.support.disk import full_disk_at


def _draft_writes(monkeypatch: pytest.MonkeyPatch, home: Path) -> list[dict[str, Any]]:
    """The draft as it stood on disk each time a file in drafts/ was replaced (the moment a
    crash could have found it)."""
    seen: list[dict[str, Any]] = []
    real = atomic._replace

    def replace(source: str | Path, target: Path) -> None:
        real(source, target)
        if Path(target).parent == home / "drafts":
            seen.append(orjson.loads(Path(target).read_bytes())["draft"]["1"])

    monkeypatch.setattr(atomic, "_replace", replace)
    return seen


def test_fill_save_writes_the_draft_once_with_all_its_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], example_raw: dict[str, str]
) -> None:
    writes = _draft_writes(monkeypatch, tmp_path)
    assert main(["--home", str(tmp_path), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save"]) == 0
    draft_id = capsys.readouterr().out.strip().splitlines()[-1].removeprefix("已保存为草稿：")
    assert len(writes) == 1, "one write: no empty draft first"
    [written] = writes
    assert written["answers"] == example_raw
    assert sorted(h["question_id"] for h in written["history"]) == sorted(example_raw)
    store = open_store(tmp_path)
    assert written["progress"] == progress_of(store.load(draft_id)) > 90
    path = tmp_path / "drafts" / f"{draft_id}.json"
    assert not path.with_name(path.name + ".bak").exists()
    path.write_bytes(path.read_bytes()[:100])  # damaged later: there is no empty version to go back to
    with pytest.raises(DraftDamaged, match="没有找到可用的备份"):
        store.recover(draft_id)


def _plain(store: Any) -> str:
    return new_draft(store, "dept-overall", "新建的草稿", unit="某局", year=2025)


def _from_last_year(store: Any) -> str:
    last = ensure_demo_draft(store)
    return new_draft(store, "dept-overall", "按上年新建的草稿", unit="某局", year=2026, last_year_of=last)


@pytest.mark.parametrize("make", [_plain, _from_last_year, ensure_demo_draft], ids=["new", "from last year", "demo"])
def test_every_way_of_creating_a_draft_is_one_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path)
    if make is _from_last_year:
        ensure_demo_draft(store)  # last year's draft, made before counting
    writes = _draft_writes(monkeypatch, tmp_path)
    draft_id = make(store)
    draft = store.load(draft_id)
    assert len(writes) == 1
    assert writes[0]["answers"] == draft.answers and writes[0]["progress"] == progress_of(draft)
    assert draft.answers["unit_name"] and draft.answers["year"]


def test_every_way_of_creating_a_draft_gives_it_the_same_answers_and_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One way: the app's new draft, a draft from last year's, fill --save and the demo all go
    through workspace.new_draft: unit and year answered, the phrasing seed from the unit (so a
    report is the same however its draft was made), last year's answers carried and kept."""
    store = open_store(tmp_path)
    demo = store.load(ensure_demo_draft(store))
    unit = demo.answers["unit_name"]
    assert demo.seed == seed_for("dept-overall", unit)
    assert main(["--home", str(tmp_path), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save"]) == 0
    filled = store.load(capsys.readouterr().out.strip().splitlines()[-1].removeprefix("已保存为草稿："))
    given = {k: v for k, v in demo.answers.items() if v != ""}  # (the demo skips what the example leaves out)
    assert (filled.seed, {k: v for k, v in filled.answers.items() if v != ""}) == (demo.seed, given)
    new = store.load(new_draft(store, "dept-overall", "新建", unit=unit, year=2025))
    assert (new.seed, new.answers) == (demo.seed, {"unit_name": unit, "year": "2025"})
    this_year = store.load(new_draft(store, "dept-overall", "今年", unit=unit, year=2026, last_year_of=demo.id))
    assert this_year.seed == demo.seed and this_year.previous == demo.answers
    assert this_year.answers["year"] == "2026" and this_year.answers["offices"] == demo.answers["offices"]


# --- a full disk -----------------------------------------------------------------------------------


def _snapshot(home: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(home)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(home.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.mark.parametrize("step", ["_write_temp", "fsync", "_replace"])
def test_fill_save_on_a_full_disk_says_so_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], step: str
) -> None:
    store = open_store(tmp_path)
    kept = _plain(store)
    store.list()
    before = _snapshot(tmp_path)
    full_disk_at(monkeypatch, step)
    assert main(["--home", str(tmp_path), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save"]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "请清理磁盘空间后重试" in err, err
    assert "Errno" not in err and "No space" not in err
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before, "no empty draft, no temporary file, no lock file"
    assert [s.id for s in open_store(tmp_path).list()] == [kept]


def test_saving_an_answer_on_a_full_disk_keeps_the_last_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path)
    draft_id = _plain(store)
    store.save_answer(draft_id, "staff_quota", "12人")
    before = _snapshot(tmp_path)
    full_disk_at(monkeypatch, "_write_temp")
    with pytest.raises(StoreError, match="磁盘空间不足") as caught:
        store.save_answer(draft_id, "staff_quota", "13人")
    assert not isinstance(caught.value, OSError)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert store.load(draft_id).answers["staff_quota"] == "12人"


@contextmanager
def _small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real file system of `size` (tmpfs), where one can be mounted (as root); else skip."""
    folder.mkdir()
    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_fill_save_on_a_really_full_disk(tmp_path: Path) -> None:
    """Saved again and again on a 64 KB file system until it is full: every run either saves a
    whole draft or says 磁盘空间不足 (status 2) and leaves the folder as it was."""
    with _small_disk(tmp_path / "disk", "64k") as disk:
        home = disk / "home"
        saved: list[str] = []
        for _ in range(20):
            before = _snapshot(home) if home.exists() else {}
            done = run_cli("--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save")
            assert "Traceback" not in done.stderr and "Errno" not in done.stderr, done.stderr
            if done.returncode == 2:
                assert "磁盘空间不足" in done.stderr, done.stderr
                assert _snapshot(home) == before, "no empty draft, no temporary file"
                break
            assert done.returncode == 0, done.stderr
            saved.append(done.stdout.strip().splitlines()[-1].removeprefix("已保存为草稿："))
        else:
            pytest.fail("the disk never filled up")
        store = open_store(home)
        assert sorted(s.id for s in store.list()) == sorted(saved)
        assert all(store.load(d).answers["unit_name"] == "昆明市五华区总工会" for d in saved)
