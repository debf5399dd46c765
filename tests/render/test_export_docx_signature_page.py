"""The 附件说明 and 落款 as LibreOffice lays them out: never alone on the last page (GB/T 9704),
rendered where soffice and pdftotext are installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.export.docx import write_docx
from assistant.models import Paragraph, Report

UNIT, DATE = "青山县水利局", "2026年3月5日"
ATTACHMENTS = ["项目支出绩效自评表", "2025年度农村供水水质检测报告"]


def _report(blocks: list[Paragraph]) -> Report:
    return Report(title="自评报告", blocks=blocks, unit=UNIT, date=DATE, attachments=ATTACHMENTS)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and poppler (pdftotext) are needed to render")  # fmt: skip
def test_the_signature_page_has_body_text(tmp_path: Path) -> None:
    """Page 1 is full (the title, which LibreOffice gives two grid lines, a blank line and 19
    lines of body): the 附件说明 and 落款 would start page 2 on their own; the body's last
    line goes over with them."""
    blocks = [Paragraph(text="甲" * 28 * 18, indent=False), Paragraph(text="乙" * 20, indent=False)]
    source = write_docx(_report(blocks), tmp_path / "full.docx")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pages = subprocess.run(["pdftotext", str(source.with_suffix(".pdf")), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")  # fmt: skip
    last = [p for p in pages if p.strip()][-1]
    assert UNIT in last and "附件" in last
    assert "乙" * 20 in last.replace("\n", "")
