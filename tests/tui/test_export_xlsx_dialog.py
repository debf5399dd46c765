"""The export dialog (F5) writes the 自评表 as an Excel workbook when the name ends in .xlsx."""

from __future__ import annotations

import asyncio
from pathlib import Path

import openpyxl
from textual.widgets import Input, Static

from assistant.tui.app import make_app
from assistant.tui.screens.export import ExportScreen
from tests.support.office_schema import assert_valid_office_file
from tests.support.tui_driver import settle


async def _export(home: Path, out: Path) -> None:
    app = make_app(home, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert ".xlsx" in str(app.screen.query_one(".dialog-text", Static).render())
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert out.exists() and not isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+q")


def test_the_dialog_writes_the_form_as_xlsx(tmp_path: Path) -> None:
    from assistant.workspace import ensure_demo_draft, open_store

    store = open_store(tmp_path)
    ensure_demo_draft(store)
    store.close()
    out = tmp_path / "自评表.xlsx"
    asyncio.run(_export(tmp_path, out))
    assert_valid_office_file(out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.title.startswith("部门整体支出绩效自评表")
    assert any(c.data_type == "f" for row in ws.iter_rows() for c in row)  # the 总分
