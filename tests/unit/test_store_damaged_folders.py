"""Damaged data folders (tests/support/damaged_folders.py) against the real command line, in a
subprocess: `list`, `export` and `fill --save` keep every sound draft listed and usable, name
every damaged one with what to do, exit 0 or 2 with no traceback, and leave every byte of what is
damaged as it was. The drafts screen against the same folders: tests/tui/test_tui_damaged_folders.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.workspace import open_store
from tests.support.common import EXAMPLE, run_cli
from tests.support.damaged_folders import (
    CASE_IDS,
    CASES,
    Folder,
    _file_instead,
    damaged_case,
    fingerprint,
    fingerprints,
    no_traceback,
)


@pytest.fixture(params=CASES, ids=CASE_IDS)
def damaged_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Folder:
    return damaged_case(request.param, tmp_path)


def test_the_command_line_lists_exports_and_saves_around_the_damage(damaged_folder: Folder, tmp_path: Path) -> None:
    folder, home = damaged_folder, damaged_folder.home
    before = fingerprints(folder)
    attention = bool(folder.damaged or folder.folder_problems)

    listed = run_cli("--home", str(home), "list")
    no_traceback(listed.stdout, listed.stderr)
    assert listed.returncode == (2 if attention else 0), listed.stderr
    rows = {line.split("\t")[0]: line for line in listed.stdout.splitlines()}
    for draft_id, title in folder.all_usable.items():
        assert title in rows[draft_id] and "【损坏】" not in rows[draft_id], rows[draft_id]
    for draft_id in folder.damaged:  # marked in its line, named with what is wrong below the list
        assert rows[draft_id].split("\t")[3] == "【损坏】", rows[draft_id]
        assert f"  {draft_id}：" in listed.stderr and f"{draft_id}.json" in listed.stderr, listed.stderr
    assert set(rows) == set(folder.all_usable) | set(folder.damaged), "every draft listed, nothing else"
    if folder.damaged:
        assert "请运行 report-assistant" in listed.stderr, "what to do"
    for name in folder.folder_problems:
        assert f"“{name}”应是一个文件夹" in listed.stderr and "改名或移到别处" in listed.stderr

    store = open_store(home)
    for draft_id in folder.all_usable:  # every one opens; one of each sort is exported
        assert store.load(draft_id).answers["unit_name"]
    for draft_id in [next(iter(folder.good)), *folder.usable_victims]:
        out = tmp_path / f"{draft_id}.md"
        exported = run_cli("--home", str(home), "export", draft_id, "--out", str(out))
        no_traceback(exported.stdout, exported.stderr)
        assert exported.returncode == 0, exported.stderr
        assert out.read_text(encoding="utf-8").startswith("# ")
    for draft_id in folder.damaged:
        out = tmp_path / f"{draft_id}.md"
        exported = run_cli("--home", str(home), "export", draft_id, "--out", str(out))
        no_traceback(exported.stdout, exported.stderr)
        assert exported.returncode == 2 and exported.stdout == ""
        assert f"{draft_id}.json" in exported.stderr and "已损坏" in exported.stderr, exported.stderr
        assert not out.exists()

    drafts_before = sorted(p.name for p in (home / "drafts").iterdir())
    saved = run_cli("--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save",
                    "--out", str(tmp_path / "fill.md"))  # fmt: skip
    no_traceback(saved.stdout, saved.stderr)
    if "locks" in folder.folder_problems:  # no draft can be written: said first, nothing written
        assert saved.returncode == 2 and "“locks”应是一个文件夹" in saved.stderr, saved.stderr
        assert sorted(p.name for p in (home / "drafts").iterdir()) == drafts_before
        assert not (tmp_path / "fill.md").exists()
    else:
        assert saved.returncode == 0, saved.stderr
        new_id = saved.stdout.strip().splitlines()[-1].removeprefix("已保存为草稿：")
        draft = open_store(home).load(new_id)
        assert draft.answers["unit_name"] == "昆明市五华区总工会" and len(draft.answers) > 30

    assert fingerprints(folder) == before, "no byte of what is damaged changed"


# --- the data folder itself ----------------------------------------------------------------------


def test_a_data_folder_without_its_drafts_folder_says_so_everywhere(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_store(home).close()
    _file_instead("drafts")(home)
    before = fingerprint(home / "drafts")
    for args in (("list",), ("export", "abcd1234", "--out", str(tmp_path / "r.md")),
                 ("fill", "dept-overall", "--answers", str(EXAMPLE), "--save")):  # fmt: skip
        done = run_cli("--home", str(home), *args)
        no_traceback(done.stdout, done.stderr)
        assert done.returncode == 2 and "“drafts”应是一个文件夹" in done.stderr, (args, done.stderr)
    assert fingerprint(home / "drafts") == before


@pytest.mark.parametrize("how", ["a file", "under a file", "a link to nowhere"])
def test_a_data_folder_that_cannot_be_used_is_said_before_anything_starts(tmp_path: Path, how: str) -> None:
    spot = tmp_path / "spot"
    spot.write_text("一个文件", encoding="utf-8")
    home = {"a file": spot, "under a file": spot / "home", "a link to nowhere": tmp_path / "link"}[how]
    if how == "a link to nowhere":
        home.symlink_to(tmp_path / "nowhere")
        (tmp_path / "nowhere").mkdir()
        (tmp_path / "nowhere").rmdir()
    for args in (("list",), ("export", "abcd1234", "--out", str(tmp_path / "r.md")),
                 ("fill", "dept-overall", "--answers", str(EXAMPLE), "--save"), ()):  # fmt: skip
        done = run_cli("--home", str(home), *args)  # () starts the TUI: refused before the screen
        no_traceback(done.stdout, done.stderr)
        assert done.returncode == 2 and "数据文件夹" in done.stderr and "--home" in done.stderr, (args, done.stderr)
    env_home = run_cli("list", env={"REPORT_ASSISTANT_HOME": str(home)})
    assert env_home.returncode == 2 and "REPORT_ASSISTANT_HOME" in env_home.stderr, env_home.stderr
    assert spot.read_text(encoding="utf-8") == "一个文件"
