"""safe_output_path: the checks on a user's export file name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.export.paths import ExportError, safe_output_path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", ["报告.docx", "报告.md", "report.TXT", "自评 报告（2025）.docx"])
def test_plain_names_are_accepted(here: Path, name: str) -> None:
    assert safe_output_path(name) == Path(name)


def test_absolute_path_into_existing_folder(tmp_path: Path) -> None:
    assert safe_output_path(tmp_path / "r.docx") == tmp_path / "r.docx"


def test_subfolder_that_exists_is_fine(here: Path) -> None:
    (here / "out").mkdir()
    assert safe_output_path("out/r.docx") == Path("out/r.docx")


@pytest.mark.parametrize(
    "name",
    ["../x.docx", "a/../x.docx", "..\\x.docx", "out/../../etc/x.docx", "..", "../"],
)
def test_parent_components_are_refused(here: Path, name: str) -> None:
    (here / "a").mkdir()
    (here / "out").mkdir()
    with pytest.raises(ExportError, match=r"“\.\.”|文件名"):
        safe_output_path(name)


@pytest.mark.parametrize("name", ["a\\b.docx", "a/b\\c.docx", "C:\\Users\\x.docx"])
def test_separator_inside_the_name_is_refused(here: Path, name: str) -> None:
    (here / "a").mkdir()
    with pytest.raises(ExportError, match="分隔符"):
        safe_output_path(name)


def test_missing_folder_is_refused(here: Path) -> None:
    with pytest.raises(ExportError, match="不存在"):
        safe_output_path("a/b.docx")  # no folder "a"


@pytest.mark.parametrize("name", ["report", "report.pdf", "report.docx.exe", ".docx"])
def test_missing_or_unknown_suffix_is_refused(here: Path, name: str) -> None:
    with pytest.raises(ExportError, match=r"扩展名|文件名"):
        safe_output_path(name)


def test_suffixes_can_be_narrowed(here: Path) -> None:
    with pytest.raises(ExportError, match="扩展名"):
        safe_output_path("r.md", suffixes=(".docx",))
    assert safe_output_path("r.docx", suffixes=(".docx",)) == Path("r.docx")


@pytest.mark.parametrize("name", ["a\x00b.docx", "a\nb.docx", "a\x1bb.docx", "a\x85b.docx", "a\tb.docx"])
def test_control_characters_are_refused(here: Path, name: str) -> None:
    with pytest.raises(ExportError, match="控制字符"):
        safe_output_path(name)


@pytest.mark.parametrize("name", ["a?.docx", "a*b.docx", 'a"b.docx', "a<b>.docx", "a|b.docx", "a:b.docx"])
def test_characters_windows_refuses_are_refused(here: Path, name: str) -> None:
    with pytest.raises(ExportError, match="不能用于文件名"):
        safe_output_path(name)


@pytest.mark.parametrize("name", ["CON.docx", "nul.md", "com1.txt"])
def test_reserved_names_are_refused(here: Path, name: str) -> None:
    with pytest.raises(ExportError, match="保留"):
        safe_output_path(name)


@pytest.mark.parametrize("name", ["", "   ", " r.docx", "r.docx ", "out/"])
def test_empty_or_padded_names_are_refused(here: Path, name: str) -> None:
    (here / "out").mkdir()
    with pytest.raises(ExportError):
        safe_output_path(name)


def test_existing_file_needs_force(here: Path) -> None:
    (here / "r.docx").write_bytes(b"x")
    with pytest.raises(ExportError, match="已经存在"):
        safe_output_path("r.docx")
    assert safe_output_path("r.docx", force=True) == Path("r.docx")


def test_a_folder_is_not_overwritten_even_with_force(here: Path) -> None:
    (here / "r.docx").mkdir()
    with pytest.raises(ExportError, match="文件夹"):
        safe_output_path("r.docx", force=True)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_dangling_symlink_counts_as_existing(here: Path) -> None:
    os.symlink(here / "nowhere.docx", here / "r.docx")
    with pytest.raises(ExportError, match="已经存在"):
        safe_output_path("r.docx")


def test_messages_are_chinese(here: Path) -> None:
    with pytest.raises(ExportError) as info:
        safe_output_path("../x.docx")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))
