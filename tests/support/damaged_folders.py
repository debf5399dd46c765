"""Damaged data folders, generated (tests/unit/test_store_damaged_folders.py drives the command
line against them, tests/tui/test_tui_damaged_folders.py the drafts screen): several good drafts
beside each kind of damage a disk, a sync tool or a careless hand leaves (a draft file replaced by a
folder, a link that cannot be followed, garbage, another encoding, no permission, unreadable
history; a file where one of the folders should be; damaged indexes), alone and combined."""

from __future__ import annotations

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

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.workspace import open_store
from tests.support.common import ROOT

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

CASE_IDS = [_case_id(c) for c in CASES]


def damaged_case(case: tuple[list[str], list[str]], tmp_path: Path) -> Folder:
    """The folder of one case, built under `tmp_path` (skipped where the case cannot be made)."""
    draft_damage, folder_damage = case
    if draft_damage == ["unreadable"] and _root_reads_anyway():
        pytest.skip("running as root: chmod 000 does not stop reading (tested with an injected PermissionError)")
    folder = build(tmp_path / "home", draft_damage, folder_damage)
    if _root_reads_anyway():  # the unreadable draft reads fine here: it is a good one
        for draft_id, how in list(folder.damaged.items()):
            if how == "unreadable":
                del folder.damaged[draft_id]
                folder.good[draft_id] = "会损坏的草稿：unreadable"
    return folder


def no_traceback(*outputs: str) -> None:
    """No traceback, and no English from the system (an OSError's or a decoder's message)."""
    for output in outputs:
        assert not re.search(r"Traceback|Error|Errno|codec|No such|denied|symbolic", output), output
