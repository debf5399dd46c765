"""`report-assistant serve` driven in a real headless Chromium (Debian's, through Playwright's
Python package pointed at it; nothing is downloaded): the demo opens, Chinese typed through the
page (as an input method commits it, and as real key presses) is saved to the store, and an
export arrives as a download whose bytes are a valid .docx named by the report's title.
Skipped when no Chromium or Playwright is installed (.ci/run installs Chromium where it can)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.served import (
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
    from tests.support.office_schema import assert_valid_office_file

    assert CHROMIUM is not None
    home, out = tmp_path / "数据", tmp_path / "导出的报告.docx"
    with serving(home, tmp_path) as served, chromium(CHROMIUM, tmp_path / "profile") as context:
        downloads = collect_downloads(context)
        page = context.pages[0] if context.pages else context.new_page()
        tabs: list[str] = []
        context.on("page", lambda opened: tabs.append(opened.url))
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
        assert tabs == [], "the download started in the page: no tab, no popup to block"
        got = tmp_path / "downloaded.docx"
        download.save_as(got)

    assert download.suggested_filename == f"{DEMO_TITLE}.docx"
    assert got.read_bytes() == out.read_bytes(), "the download is the file saved where the dialog said"
    assert_valid_office_file(got)
    text = "\n".join(p.text for p in Document(str(got)).paragraphs)
    assert answer in text, "the report is the one with the answer typed in the browser"


def test_the_page_asks_before_it_closes_while_the_app_runs_and_f10_quits(tmp_path: Path) -> None:
    """Ctrl+W and (Firefox on Linux) Ctrl+Q close the page without the app seeing the key: the
    browser asks first while the app runs; F10 quits the app (its key in a browser), then the
    page closes without asking."""
    assert CHROMIUM is not None
    with serving(tmp_path / "home", tmp_path) as served, chromium(CHROMIUM, tmp_path / "profile") as context:
        page = context.pages[0] if context.pages else context.new_page()
        screen = Screen(page)
        page.goto(served.url)
        until(page, lambda: screen.shows("所有问题都已回答"), "the demo's interview drawn in the page")
        until(page, lambda: screen.shows("F10"), "the key bar naming F10 for quitting")
        assert "^Q" not in screen.text(), "and not Ctrl+Q"
        focus_terminal(page)
        page.keyboard.press("ArrowUp")  # the user has used the page (the browser asks only then)
        asked: list[str] = []

        def answer(dialog: object) -> None:
            asked.append(dialog.type)  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        page.on("dialog", answer)
        waiter = context.new_page()  # (to wait on while the page may go)
        page.bring_to_front()
        page.close(run_before_unload=True)
        until(waiter, lambda: asked or page.is_closed(), "the browser asking, or the page closed")
        assert asked == ["beforeunload"], "the browser asks before the page closes"
        assert not page.is_closed(), "staying on the page was chosen"

        page.keyboard.press("F10")
        until(page, lambda: page.evaluate("document.body.classList.contains('-closed')"), "the app ended")
        page.close(run_before_unload=True)
        until(waiter, page.is_closed, "the page closed")
        assert asked == ["beforeunload"], "nothing to lose once the app has ended: no question"
