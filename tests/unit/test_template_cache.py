"""The compiled templates kept between runs are an optimisation only: an entry cut short or
damaged, or one that cannot be written, changes nothing but time."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from jinja2 import bccache

from assistant import kinds
from assistant.answer_files import answers_file
from assistant.commands import compose_answers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "project.yaml"


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def report_of_fresh_kind() -> dict[str, Any]:
    """The example's report by a kind loaded from its files (not the process's or the kind cache's:
    its templates are loaded through the bytecode cache again)."""
    kind = kinds.load_kind_file(kinds.prompts_dir() / "project.yaml", kinds.templates_dir() / "project")
    return compose_answers(kind, answers_file(EXAMPLE), EXAMPLE.name)[2].model_dump()


def template_entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("jinja-*/__jinja2_*.cache"))


def test_a_damaged_template_entry_is_compiled_again(cache: Path) -> None:
    expected = report_of_fresh_kind()
    entries = template_entries(cache)
    assert entries, "the templates were kept"
    good = entries[0].read_bytes()
    # after Jinja's header the checksum is a pickle, which Jinja reads without catching its errors
    for damage in (bccache.bc_magic + b"not a pickle", bccache.bc_magic, good[: len(good) // 2], b"", b"\x00" * 64):
        for entry in entries:
            entry.write_bytes(damage)
        assert report_of_fresh_kind() == expected, damage[:20]
    assert all(entry.read_bytes() != damage for entry in entries), "written again"


def test_a_template_entry_that_cannot_be_written_is_not_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = report_of_fresh_kind()
    for entry in template_entries(cache):
        entry.unlink()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bccache.tempfile, "NamedTemporaryFile", full)
    assert report_of_fresh_kind() == expected
    assert not template_entries(cache)
