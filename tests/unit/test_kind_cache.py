"""The compiled kind cache is an optimisation only: a kind from it is the kind the loader makes,
its report the same bytes; deleting it, damaging it or a cache folder that cannot be written
change nothing but time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import kind_cache, kinds
from assistant.answer_files import answers_file
from assistant.commands import compose_answers
from assistant.export.docx import build_document, document_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "project.yaml"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """A cache folder of the test's own; each run of the full loader (script, models, checks,
    templates) is listed."""
    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "cache"))
    calls: list[str] = []
    real = kinds.load_kind_file
    monkeypatch.setattr(kinds, "load_kind_file", lambda path, *a: calls.append(path.stem) or real(path, *a))
    kinds.load_kind.cache_clear()
    yield calls
    kinds.load_kind.cache_clear()


def fresh(kind_id: str) -> kinds.ReportKind:
    kinds.load_kind.cache_clear()  # (the process's own cache)
    return kinds.load_kind(kind_id)


def report_bytes(kind: kinds.ReportKind) -> bytes:
    _, _, report = compose_answers(kind, answers_file(EXAMPLE), EXAMPLE.name)
    return document_bytes(build_document(report))


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "kinds").glob("*.pickle"))


def test_a_kind_from_the_cache_is_the_kind_the_loader_makes(loads: list[str], tmp_path: Path) -> None:
    loaded = fresh("project")
    assert loads == ["project"] and len(entries(tmp_path)) == 1
    cached = fresh("project")
    assert loads == ["project"], "the second start reads the cache, not the script"
    assert cached.model_dump() == loaded.model_dump()
    assert report_bytes(cached) == report_bytes(loaded)
    for entry in entries(tmp_path):  # deleted: loaded again, the same
        entry.unlink()
    again = fresh("project")
    assert loads == ["project", "project"] and again.model_dump() == loaded.model_dump()


def test_a_damaged_entry_is_passed_over_and_written_again(loads: list[str], tmp_path: Path) -> None:
    loaded = fresh("project")
    (entry,) = entries(tmp_path)
    good = entry.read_bytes()
    # the last: every 项 one bit off (顸), damage that still unpickles into a kind of other words
    still_loads = good[:32] + good[32:].replace("项".encode(), bytes([0xE9, 0xA1, 0xB8]))
    assert still_loads != good
    for damage in (good[: len(good) // 2], b"", b"\x00" * 64, b"not a pickle", still_loads):
        entry.write_bytes(damage)
        assert fresh("project").model_dump() == loaded.model_dump()
        assert entry.read_bytes() == good
    assert len(loads) == 6


def test_a_cache_folder_that_cannot_be_written_is_not_used(loads: list[str], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "file" / "cache"))  # under a file
    first = fresh("target-mgmt")
    assert fresh("target-mgmt").model_dump() == first.model_dump()
    assert loads == ["target-mgmt", "target-mgmt"]


def test_a_change_of_the_kinds_files_is_a_new_entry(loads: list[str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import assistant.fingerprint as fingerprint

    fresh("project")
    real = fingerprint.kind_digest
    monkeypatch.setattr(fingerprint, "kind_digest", lambda *args: real(*args) + "changed")
    fresh("project")
    assert loads == ["project", "project"] and len(entries(tmp_path)) == 2


def test_a_broken_script_is_still_said(loads: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The cache never hides a script the loader refuses: nothing is stored for it."""
    from assistant.errors import KindError

    def refused(path: Path, *args: object) -> kinds.ReportKind:
        raise KindError(f"{path.name}：坏了")

    monkeypatch.setattr(kinds, "load_kind_file", refused)
    with pytest.raises(KindError):
        fresh("comprehensive")
    assert not entries(tmp_path)
    assert kind_cache.load("comprehensive", kinds.prompts_dir(), kinds.templates_dir())[0] is None
