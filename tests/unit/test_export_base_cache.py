"""The base document kept between runs is an optimisation only: the report from it is the same
bytes; one cut short or damaged is built again, and a cache folder that cannot be written is not
used."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.export import docx_base
from assistant.export.docx import build_document, document_bytes
from tests.support.report import sample_report


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[int]]:
    """A cache folder of the test's own, nothing in memory; each build of the base is listed."""
    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "cache"))
    calls: list[int] = []
    real = docx_base._build
    monkeypatch.setattr(docx_base, "_build", lambda: calls.append(1) or real())
    docx_base.base_docx.cache_clear()
    yield calls
    docx_base.base_docx.cache_clear()


def start() -> bytes:
    """A new process's report: the base as the cache gives it."""
    docx_base.base_docx.cache_clear()
    return document_bytes(build_document(sample_report()))


def kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("docx-base-*.docx"))


def test_the_report_from_the_kept_base_is_the_same(builds: list[int], tmp_path: Path) -> None:
    built = start()
    assert len(builds) == 1 and len(kept(tmp_path)) == 1
    assert start() == built
    assert len(builds) == 1, "the second start read the kept base"


def test_a_damaged_base_is_built_again(builds: list[int], tmp_path: Path) -> None:
    expected = start()
    (path,) = kept(tmp_path)
    good = path.read_bytes()
    flipped = good[:-100] + bytes([good[-100] ^ 1]) + good[-99:]
    for damage in (good[: len(good) // 2], flipped, good[:32], b"", b"\x00" * 64):
        path.write_bytes(damage)
        assert start() == expected
        data = path.read_bytes()
        assert hashlib.sha256(data[32:]).digest() == data[:32], "kept again, whole"
    assert len(builds) == 6
    start()
    assert len(builds) == 6


def test_a_cache_folder_that_cannot_be_written_is_not_used(builds: list[int], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "file" / "cache"))  # under a file
    assert start() == start()
    assert len(builds) == 2


def test_another_lxml_or_python_docx_is_another_base(builds: list[int], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    start()
    monkeypatch.setattr(docx_base, "etree", SimpleNamespace(LXML_VERSION=(99, 0, 0, 0)))
    start()
    assert len(builds) == 2 and len(kept(tmp_path)) == 2
    monkeypatch.setattr(docx_base.docx, "__version__", "9.9.9")  # its template the same, its code not
    start()
    assert len(builds) == 3 and len(kept(tmp_path)) == 3
