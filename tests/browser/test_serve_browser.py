"""`report-assistant serve` driven in a real headless Chromium (Debian's, through Playwright's
Python package pointed at it; nothing is downloaded): the demo opens, Chinese typed through the
page (as an input method commits it, and as real key presses) is saved to the store, and an
export arrives as a download whose bytes are a valid .docx named by the report's title.
Skipped when no Chromium or Playwright is installed (.ci/run installs Chromium where it can)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.served import (
    Screen,
    chromium,
    collect_downloads,
    find_chromium,
    focus_terminal,
    ime_commit,
    serving,
    until,
)

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")


def test_demo_in_the_browser_takes_chinese_and_downloads_the_docx(tmp_path: Path) -> None:
    from docx import Document

    from assistant.resources import DEMO_TITLE
    from store import DraftStore
    from tests.office_schema import assert_valid_office_file

    assert CHROMIUM is not None
    home, out = tmp_path / "数据", tmp_path / "导出的报告.docx"
    with serving(home, tmp_path) as served, chromium(CHROMIUM, tmp_path / "profile") as context:
        downloads = collect_downloads(context)
        page = context.pages[0] if context.pages else context.new_page()
        screen = Screen(page)
        page.goto(served.url)
        until(page, lambda: screen.shows("所有问题都已回答"), "the demo's interview drawn in the page")
        focus_terminal(page)

        # 单位名称, chosen in the outline: Ctrl+O, the first section, opened, its first question
        for key in ("Control+o", "Home", "ArrowRight", "ArrowDown", "Enter"):
            mark = screen.mark()
            page.keyboard.press(key)
            until(page, lambda m=mark: screen.mark() > m, f"the app redrawn after {key}")
        until(page, lambda: screen.shows("修改“单位名称”"), "the question asked again")
        page.keyboard.press("F6")  # the answer it offers, cleared
        page.keyboard.insert_text("昆明市五华区总工会")  # text as an input method inserts it
        page.keyboard.type("Web2")  # real key presses
        ime_commit(page, ["c", "ce", "ceshi", "测试"], "测试")  # composed, then committed
        page.keyboard.press("Enter")

        store = DraftStore(home)
        [summary] = store.list()
        answer = "昆明市五华区总工会Web2测试"
        until(page, lambda: store.load(summary.id).answers.get("unit_name") == answer,
              f"{answer} saved (now {store.load(summary.id).answers.get('unit_name')!r})")  # fmt: skip

        # export: F5, the path typed in the dialog (with Chinese), Enter: a download arrives
        page.keyboard.press("F5")
        until(page, lambda: screen.shows("导出报告："), "the export dialog")
        page.keyboard.press("Home")
        page.keyboard.press("Control+k")
        page.keyboard.insert_text(str(out))
        page.keyboard.press("Enter")
        until(page, lambda: len(downloads) == 1, "the download")
        [download] = downloads
        assert download.failure() is None
        got = tmp_path / "downloaded.docx"
        download.save_as(got)

    assert download.suggested_filename == f"{DEMO_TITLE}.docx"
    assert got.read_bytes() == out.read_bytes(), "the download is the file saved where the dialog said"
    assert_valid_office_file(got)
    text = "\n".join(p.text for p in Document(str(got)).paragraphs)
    assert answer in text, "the report is the one with the answer typed in the browser"
