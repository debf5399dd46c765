"""Benchmark of the Word export against two baselines, in one run:

- write_docx: the full GB/T 9704 export of the sample-3-like report;
- bare python-docx: the same paragraphs and tables (with the same merges) on python-docx's
  default template, no styling at all (target: write_docx within 1.5× of it);
- docxtpl: the same content rendered from a Jinja template .docx built here with python-docx
  (target: write_docx faster). docxtpl has no rowspan/colspan from data, so its tables carry
  the same texts on the full grid without merges.

Run: python benchmarks/bench_export.py [-n 30]. docxtpl is the optional `bench` extra; without
it that comparison is skipped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from tests.fixtures_report import sample_report  # noqa: E402

from assistant.export.docx import write_docx  # noqa: E402
from assistant.models import Heading, Paragraph, Report, Table  # noqa: E402


def bare_python_docx(report: Report, path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(report.title)
    for block in report.blocks:
        if isinstance(block, Heading):
            document.add_paragraph(f"{block.number}{block.text}")
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        else:
            if block.caption:
                document.add_paragraph(block.caption)
            grid = block.grid()
            table = document.add_table(rows=len(grid), cols=block.columns)
            for r, line in enumerate(grid):
                cells = table.rows[r].cells
                for c, cell in enumerate(line):
                    if cell is not None:
                        cells[c].text = cell.text
            for r, line in enumerate(grid):
                for c, cell in enumerate(line):
                    if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                        table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    for i, name in enumerate(report.attachment_names, 1):
        document.add_paragraph(f"附件：{i}.{name}" if i == 1 else f"{i}.{name}")
    document.add_paragraph(report.unit)
    document.add_paragraph(report.date)
    document.save(str(path))


def docxtpl_template(folder: Path) -> Path:
    """A template with a loop over the blocks: a paragraph, or a caption and a table whose
    rows and cells are loops (docxtpl's {%p %}, {%tr %} and {%tc %} tags)."""
    document = docx.Document()
    for line in (
        "{{ title }}",
        "{%p for b in blocks %}",
        "{%p if b.kind == 'p' %}",
        "{{ b.text }}",
        "{%p else %}",
        "{{ b.caption }}",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "{%tr for row in b.rows %}"
    table.cell(1, 0).text = "{%tc for cell in row %}"
    table.cell(1, 1).text = "{{ cell }}"
    table.cell(1, 2).text = "{%tc endfor %}"
    table.cell(2, 0).text = "{%tr endfor %}"
    for line in ("{%p endif %}", "{%p endfor %}", "{%p for a in attachments %}", "{{ a }}", "{%p endfor %}"):
        document.add_paragraph(line)
    document.add_paragraph("{{ unit }}")
    document.add_paragraph("{{ date }}")
    path = folder / "template.docx"
    document.save(str(path))
    return path


def docxtpl_context(report: Report) -> dict[str, object]:
    blocks: list[dict[str, object]] = []
    for block in report.blocks:
        if isinstance(block, Heading):
            blocks.append({"kind": "p", "text": f"{block.number}{block.text}"})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "p", "text": block.text})
        elif isinstance(block, Table):
            rows = [[cell.text if cell is not None else "" for cell in line] for line in block.grid()]
            blocks.append({"kind": "t", "caption": block.caption, "rows": rows})
    attachments = [f"附件：{i}.{n}" if i == 1 else f"{i}.{n}" for i, n in enumerate(report.attachment_names, 1)]
    return {
        "title": report.title,
        "blocks": blocks,
        "attachments": attachments,
        "unit": report.unit,
        "date": report.date,
    }


def measure(label: str, fn: Callable[[Path], None], folder: Path, n: int) -> float:
    fn(folder / f"{label}-warmup.docx")  # builds caches (the base document, templates)
    times = []
    for i in range(n):
        start = time.perf_counter()
        fn(folder / f"{label}-{i}.docx")
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    size = (folder / f"{label}-0.docx").stat().st_size
    print(f"{label:<18} median {median * 1000:7.2f} ms   min {min(times) * 1000:7.2f} ms   {size / 1024:5.1f} KB")
    return median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="exports per contender (default 30)")
    args = parser.parse_args(argv)
    report = sample_report()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{args.n} exports each of the sample-3-like report ({len(report.blocks)} blocks)")
        ours = measure("write_docx", lambda p: write_docx(report, p), folder, args.n)
        bare = measure("bare python-docx", lambda p: bare_python_docx(report, p), folder, args.n)
        print(f"write_docx / bare python-docx = {ours / bare:.2f}  (target <= 1.5)")
        try:
            from docxtpl import DocxTemplate
        except ImportError:
            print("docxtpl not installed (pip install '.[bench]'): comparison skipped")
            return 0
        template = docxtpl_template(folder)
        context = docxtpl_context(report)

        def render(path: Path) -> None:
            tpl = DocxTemplate(str(template))
            tpl.render(context)
            tpl.save(str(path))

        tpl = measure("docxtpl", render, folder, args.n)
        print(f"write_docx / docxtpl = {ours / tpl:.2f}  (target < 1)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
