"""Write a Report to a file, the format chosen by the suffix (.docx, .xlsx: the 自评表, .md, .txt)."""

from __future__ import annotations

from pathlib import Path

from assistant.export.paths import safe_output_path, write_file
from assistant.export.text import to_text
from assistant.models import Report


def write_report(report: Report, path: str | Path, *, force: bool = False) -> Path:
    target = safe_output_path(path, force=force)
    suffix = target.suffix.lower()
    if suffix == ".docx":
        from assistant.export.docx import write_docx  # python-docx loads only when needed

        return write_docx(report, target)
    if suffix == ".xlsx":
        from assistant.export.xlsx import write_xlsx  # openpyxl loads only when needed

        return write_xlsx(report, target)
    if suffix == ".md":
        from assistant.export.markdown import to_markdown  # (its patterns and html: not for a .docx)

        text = to_markdown(report)
    else:
        text = to_text(report)
    write_file(target, text.encode("utf-8"))
    return target
