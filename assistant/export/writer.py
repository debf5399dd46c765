"""Write a Report to a file, the format chosen by the suffix (.docx, .md, .txt)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from assistant.export.markdown import to_markdown
from assistant.export.paths import safe_output_path
from assistant.export.text import to_text
from assistant.models import Report


def write_report(report: Report, path: str | Path, *, force: bool = False) -> Path:
    target = safe_output_path(path, force=force)
    suffix = target.suffix.lower()
    if suffix == ".docx":
        from assistant.export.docx import write_docx  # python-docx loads only when needed

        return write_docx(report, target)
    text = to_markdown(report) if suffix == ".md" else to_text(report)
    _write_atomically(target, text)
    return target


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
