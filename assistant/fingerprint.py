"""Digests of what a report is made from besides its answers: a kind's files (its question
script, its templates and the shared ones) and the program's own code. A report, or a compiled
kind, made with the same digest would come out the same, so it may be reused."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from assistant import __version__
from assistant.resources import COMMON_TEMPLATES, data_dir

_PACKAGE = Path(__file__).resolve().parent
_STORE = _PACKAGE.parent / "store"


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 of the files' names (relative to `root`) and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _tree(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts] if folder.is_dir() else []


def kind_files(kind_id: str, prompts: Path | None = None, templates: Path | None = None) -> tuple[Path, list[Path]]:
    """The files a kind is loaded from (its script, its templates, the shared templates), and the
    folder their names are taken relative to."""
    prompts, templates = prompts or data_dir("prompts"), templates or data_dir("templates")
    root = prompts.parent if prompts.parent == templates.parent else Path("/")
    return root, [prompts / f"{kind_id}.yaml", *_tree(templates / kind_id), *_tree(templates / COMMON_TEMPLATES)]


def kind_digest(kind_id: str, prompts: Path | None = None, templates: Path | None = None) -> str:
    """The digest of a kind's files as they are now (read each time: a file may change)."""
    root, paths = kind_files(kind_id, prompts, templates)
    return files_digest(paths, root)


@functools.cache
def program_digest() -> str:
    """The program's code (assistant/ and store/ sources) and version: a new version may write
    a report differently from the same answers. Read once a process."""
    paths = [p for folder in (_PACKAGE, _STORE) for p in _tree(folder) if p.suffix == ".py"]
    return f"{__version__}-{files_digest(paths, _PACKAGE.parent)[:16]}"
