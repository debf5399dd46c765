"""Damaged data folders, generated: several good drafts beside each kind of damage a disk, a
sync tool or a careless hand leaves (a draft file replaced by a folder, a link that cannot be
followed, garbage, another encoding, no permission, unreadable history; a file where one of the
folders should be; damaged indexes), alone and combined. Against each, `list`, `export` and
`fill --save` (the real command line, in a subprocess) and the drafts screen (the real app) must
keep every sound draft listed and usable, name every damaged one with what to do, exit 0 or 2
with no traceback, and leave every byte of what is damaged as it was."""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.resources import DEMO_TITLE
from assistant.tui.app import make_app
from assistant.tui.screens.home import HomeScreen
from assistant.tui.screens.interview import InterviewScreen
from assistant.workspace import open_store
from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.tui_driver import settle

KINDS = ("dept-overall", "project", "target-mgmt")


def _example(kind: str) -> dict[str, str]:
    return {k: answer_from_file(v) for k, v in answers_file(ROOT / "examples" / f"{kind}.yaml").items()}


# --- what can be wrong with one draft: (how, whether the draft is then still usable) -----------


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "说明.txt").write_text("同步工具留下的文件夹", encoding="utf-8")


def _dangling_link(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.with_name("已移走.json"))


def _link_loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)  # points at itself


def _truncated(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _not_utf8(path: Path) -> None:
    path.write_bytes(path.read_bytes().decode("utf-8").encode("gb18030"))


def _unreadable(path: Path) -> None:
    path.chmod(0)


def _bad_history(path: Path) -> None:
    import json

    data = json.loads(path.read_bytes())
    data["draft"]["1"]["history"] += [{"at": "昨天"}, "一行字", None]
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode())


DRAFT_DAMAGE: dict[str, tuple[Callable[[Path], None], bool]] = {
    "folder": (_folder, False),
    "dangling link": (_dangling_link, False),
    "link loop": (_link_loop, False),
    "truncated": (_truncated, False),
    "not utf-8": (_not_utf8, False),
    "unreadable": (_unreadable, False),
    "bad history": (_bad_history, True),  # the answers are whole: it opens (see test_store_damage)
}


def _root_reads_anyway() -> bool:
    """chmod 000 stops nobody running as root: the "unreadable" damage cannot be made here."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --- what can be wrong with the data folder: (how, the folder the store then names) ------------


def _file_instead(name: str) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        target = home / name
        if target.is_dir():
            shutil.rmtree(target)
        target.write_text("不是文件夹", encoding="utf-8")

    return damage


def _garbage(name: str) -> Callable[[Path], None]:
    return lambda home: (home / name).write_bytes(b"\x00{ not json")


def _folder_instead(name: str) -> Callable[[Path], None]:
    def damage(home: Path) -> None:
        (home / name).unlink(missing_ok=True)
        (home / name).mkdir()

    return damage


FOLDER_DAMAGE: dict[str, tuple[Callable[[Path], None], str | None]] = {
    "locks is a file": (_file_instead("locks"), "locks"),
    "trash is a file": (_file_instead("trash"), "trash"),
    "damaged is a file": (_file_instead("damaged"), "damaged"),
    "views is a file": (_file_instead("views"), None),  # a cache: only the quick start is lost
    "drafts index garbage": (_garbage("index-drafts.json"), None),  # caches, rebuilt from the drafts
    "drafts index is a folder": (_folder_instead("index-drafts.json"), None),
    "trash index garbage": (_garbage("index-trash.json"), None),
    "trash index is a folder": (_folder_instead("index-trash.json"), None),
}
# a cache the store may rebuild: not "damaged bytes" it must keep
REBUILT = {"drafts index garbage", "trash index garbage"}


# --- the folder, built ----------------------------------------------------------------------------


@dataclass
class Folder:
    home: Path
    good: dict[str, str] = field(default_factory=dict)  # id → title
    damaged: dict[str, str] = field(default_factory=dict)  # id → how
    usable_victims: dict[str, str] = field(default_factory=dict)  # damaged but still usable: id → title
    folder_problems: list[str] = field(default_factory=list)  # names of folders the store reports
    kept: list[Path] = field(default_factory=list)  # what must keep every byte

    @property
    def all_usable(self) -> dict[str, str]:
        return {**self.good, **self.usable_victims}


def build(home: Path, draft_damage: list[str], folder_damage: list[str]) -> Folder:
    folder = Folder(home)
    store = open_store(home)
    for kind in KINDS:
        draft_id = store.create(kind, f"完好的草稿：{kind}", answers=_example(kind))
        store.save_answer(draft_id, "unit_name", f"完好的单位（{kind}）")  # and a backup
        folder.good[draft_id] = f"完好的草稿：{kind}"
    victims = {}
    for how in draft_damage:
        title = f"会损坏的草稿：{how}"
        draft_id = store.create("project", title, answers=_example("project"))
        store.save_answer(draft_id, "unit_name", "改过一次的单位")  # a good backup to go back to
        victims[draft_id] = how
    store.list()  # the index remembers every title
    store.close()

    for draft_id, how in victims.items():
        path = home / "drafts" / f"{draft_id}.json"
        damage, usable = DRAFT_DAMAGE[how]
        damage(path)
        if usable:
            folder.usable_victims[draft_id] = f"会损坏的草稿：{how}"
        else:
            folder.damaged[draft_id] = how
        folder.kept += [path, path.with_name(path.name + ".bak")]
    for how in folder_damage:
        damage, name = FOLDER_DAMAGE[how]
        damage(home)
        if name:
            folder.folder_problems.append(name)
        if how not in REBUILT:
            folder.kept.append(home / _damaged_name(how))
    return folder


def _damaged_name(how: str) -> str:
    return {"locks is a file": "locks", "trash is a file": "trash", "damaged is a file": "damaged",
            "views is a file": "views", "drafts index is a folder": "index-drafts.json",
            "trash index is a folder": "index-trash.json"}[how]  # fmt: skip


def fingerprint(path: Path) -> tuple[object, ...]:
    """Everything about an entry that must not change: type, bytes, mode, modification time,
    where a link points; for a folder, the same of every entry in it."""
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path), st.st_mtime_ns)
    if stat.S_ISDIR(st.st_mode):
        return ("folder", st.st_mtime_ns, tuple((p.name, fingerprint(p)) for p in sorted(path.iterdir())))
    if not st.st_mode & stat.S_IRUSR:  # unreadable to its owner (only reached when not root)
        path.chmod(0o600)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        finally:
            path.chmod(stat.S_IMODE(st.st_mode))
        return ("file", stat.S_IMODE(st.st_mode), st.st_mtime_ns, digest)
    return ("file", stat.S_IMODE(st.st_mode), st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())


def fingerprints(folder: Folder) -> dict[Path, tuple[object, ...]]:
    return {p: fingerprint(p) for p in folder.kept if os.path.lexists(p)}


# --- the cases: each damage alone, all of them at once, and seeded mixtures ----------------------


def _cases() -> list[tuple[list[str], list[str]]]:
    cases: list[tuple[list[str], list[str]]] = [([how], []) for how in DRAFT_DAMAGE]
    cases += [([], [how]) for how in FOLDER_DAMAGE]
    cases.append((list(DRAFT_DAMAGE), []))
    cases.append((list(DRAFT_DAMAGE), list(FOLDER_DAMAGE)))
    rng = random.Random(12)
    for _ in range(4):
        cases.append((rng.sample(list(DRAFT_DAMAGE), 2), rng.sample(list(FOLDER_DAMAGE), 2)))
    return cases


def _case_id(case: tuple[list[str], list[str]]) -> str:
    return " + ".join(case[0] + case[1])


CASES = _cases()


@pytest.fixture(params=CASES, ids=[_case_id(c) for c in CASES])
def damaged_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Folder:
    draft_damage, folder_damage = request.param
    if draft_damage == ["unreadable"] and _root_reads_anyway():
        pytest.skip("running as root: chmod 000 does not stop reading (tested with an injected PermissionError)")
    folder = build(tmp_path / "home", draft_damage, folder_damage)
    if _root_reads_anyway():  # the unreadable draft reads fine here: it is a good one
        for draft_id, how in list(folder.damaged.items()):
            if how == "unreadable":
                del folder.damaged[draft_id]
                folder.good[draft_id] = "会损坏的草稿：unreadable"
    return folder


def _no_traceback(*outputs: str) -> None:
    """No traceback, and no English from the system (an OSError's or a decoder's message)."""
    for output in outputs:
        assert not re.search(r"Traceback|Error|Errno|codec|No such|denied|symbolic", output), output


def test_the_command_line_lists_exports_and_saves_around_the_damage(damaged_folder: Folder, tmp_path: Path) -> None:
    folder, home = damaged_folder, damaged_folder.home
    before = fingerprints(folder)
    attention = bool(folder.damaged or folder.folder_problems)

    listed = run_cli("--home", str(home), "list")
    _no_traceback(listed.stdout, listed.stderr)
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
        _no_traceback(exported.stdout, exported.stderr)
        assert exported.returncode == 0, exported.stderr
        assert out.read_text(encoding="utf-8").startswith("# ")
    for draft_id in folder.damaged:
        out = tmp_path / f"{draft_id}.md"
        exported = run_cli("--home", str(home), "export", draft_id, "--out", str(out))
        _no_traceback(exported.stdout, exported.stderr)
        assert exported.returncode == 2 and exported.stdout == ""
        assert f"{draft_id}.json" in exported.stderr and "已损坏" in exported.stderr, exported.stderr
        assert not out.exists()

    drafts_before = sorted(p.name for p in (home / "drafts").iterdir())
    saved = run_cli("--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save",
                    "--out", str(tmp_path / "fill.md"))  # fmt: skip
    _no_traceback(saved.stdout, saved.stderr)
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


async def _drafts_screen(folder: Folder) -> None:
    app = make_app(folder.home)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}
        for draft_id, title in folder.all_usable.items():
            assert rows[draft_id][0] == title and rows[draft_id][2].endswith("%"), rows[draft_id]
        for draft_id in folder.damaged:
            assert rows[draft_id][2] == "损坏", rows[draft_id]
        assert set(rows) == set(folder.all_usable) | set(folder.damaged)
        caption = str(app.screen.query_one("#home-caption", Static).render())
        assert ("“损坏”" in caption) == bool(folder.damaged), caption
        shown = str(app.screen.query_one("#home-empty", Static).render())
        for name in folder.folder_problems:
            assert f"“{name}”应是一个文件夹" in shown, shown
        # a sound draft opens
        first = next(iter(folder.good))
        table.move_cursor(row=list(rows).index(first))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.draft_id == first
        if "locks" in folder.folder_problems:  # nothing can be changed: shown read-only, told why
            assert app.screen.read_only
            assert any("“locks”应是一个文件夹" in n.message for n in app._notifications)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("n")  # a new draft is refused, saying why; the list stays
            await settle(pilot)
            app.screen.query_one("#unit", Input).value = "新单位"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert [n.title for n in app._notifications][-1] == "草稿没有建立"
        await pilot.press("ctrl+q")


async def _demo(folder: Folder) -> None:
    app = make_app(folder.home, demo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        if "locks" in folder.folder_problems:  # the demo draft cannot be made: told why, on the list
            assert isinstance(app.screen, HomeScreen)
            assert any("locks" in n.message for n in app._notifications)
        else:
            assert isinstance(app.screen, InterviewScreen) and app.screen.draft is not None
            assert app.screen.draft.title == DEMO_TITLE
        await pilot.press("ctrl+q")


def test_the_drafts_screen_starts_with_the_damage_and_names_it(damaged_folder: Folder) -> None:
    before = fingerprints(damaged_folder)
    asyncio.run(_drafts_screen(damaged_folder))
    asyncio.run(_demo(damaged_folder))
    assert fingerprints(damaged_folder) == before, "no byte of what is damaged changed"


# --- the data folder itself ----------------------------------------------------------------------


def test_a_data_folder_without_its_drafts_folder_says_so_everywhere(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_store(home).close()
    _file_instead("drafts")(home)
    before = fingerprint(home / "drafts")
    for args in (("list",), ("export", "abcd1234", "--out", str(tmp_path / "r.md")),
                 ("fill", "dept-overall", "--answers", str(EXAMPLE), "--save")):  # fmt: skip
        done = run_cli("--home", str(home), *args)
        _no_traceback(done.stdout, done.stderr)
        assert done.returncode == 2 and "“drafts”应是一个文件夹" in done.stderr, (args, done.stderr)
    assert fingerprint(home / "drafts") == before

    async def start() -> None:
        app = make_app(home)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert "“drafts”应是一个文件夹" in str(app.screen.query_one("#home-empty", Static).render())
            await pilot.press("n")  # a new draft: refused with the same message, the app goes on
            await settle(pilot)
            await pilot.press("ctrl+q")

    asyncio.run(start())


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
        _no_traceback(done.stdout, done.stderr)
        assert done.returncode == 2 and "数据文件夹" in done.stderr and "--home" in done.stderr, (args, done.stderr)
    env_home = run_cli("list", env={"REPORT_ASSISTANT_HOME": str(home)})
    assert env_home.returncode == 2 and "REPORT_ASSISTANT_HOME" in env_home.stderr, env_home.stderr
    assert spot.read_text(encoding="utf-8") == "一个文件"
