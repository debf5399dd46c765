"""Benchmark of the spreadsheet export and import against bare baselines, interleaved in one run:

- export: workbook_bytes of the largest example's 自评表 (formats, merges, widths, heights, the
  总分 formula with its value) against openpyxl writing the same cells bare (values and merges,
  no styles) and XlsxWriter writing them bare;
- import: read_indicator_file of a 300-row indicator sheet (header found, every row parsed and
  checked as a typed row) against openpyxl loading the same workbook and reading its values
  (as read_indicator_file loads it: not read-only, since merged cells are needed) and
  read-only.

Each round times every contender once, in turn, so that a busy machine slows all alike; the
medians and their ratios are printed. Run: python benchmarks/bench_xlsx.py [-n 30].
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import xlsxwriter  # noqa: E402

from assistant.answer_files import answers_file, typed_answers  # noqa: E402
from assistant.compose import compose  # noqa: E402
from assistant.export.xlsx import workbook_bytes  # noqa: E402
from assistant.importing.workbook import read_indicator_file  # noqa: E402
from assistant.kinds import load_kind  # noqa: E402
from assistant.models import Report, Table  # noqa: E402
from assistant.pipeline import evaluate  # noqa: E402

ROWS = 300


def largest_report() -> tuple[str, Report]:
    """The example whose 自评表 has the most cells."""
    best: tuple[int, str, Report] | None = None
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        kind = load_kind(path.stem.rsplit("-2", 1)[0])
        raw, _ = typed_answers(kind, answers_file(path))
        report = compose(evaluate(kind, raw), seed=1)
        cells = sum(len(r) for a in report.attachments for b in a.blocks if isinstance(b, Table) for r in b.rows)
        if best is None or cells > best[0]:
            best = (cells, path.stem, report)
    assert best is not None
    return best[1], best[2]


def _cells(report: Report) -> list[tuple[int, int, int, int, str]]:
    """The same cells the export writes: (row, col, rows, cols, text), 0-based."""
    out, top = [], 2
    for attachment in report.attachments:
        for block in attachment.blocks:
            if not isinstance(block, Table):
                continue
            for r, line in enumerate(block.grid()):
                out += [(top + r, c, cell.rowspan, cell.colspan, cell.text) for c, cell in enumerate(line) if cell]
            top += len(block.rows)
    return out


def _value(text: str) -> str | Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def bare_openpyxl(cells: list[tuple[int, int, int, int, str]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, col, rows, cols, text in cells:
        cell = ws.cell(row + 1, col + 1, _value(text))
        if text.startswith("="):
            cell.data_type = "s"  # =100.00% is a target, not a formula
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row + 1, start_column=col + 1, end_row=row + rows, end_column=col + cols)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def bare_xlsxwriter(cells: list[tuple[int, int, int, int, str]]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet()
    for row, col, rows, cols, text in cells:
        if rows > 1 or cols > 1:
            ws.merge_range(row, col, row + rows - 1, col + cols - 1, "")
        value = _value(text)
        if isinstance(value, Decimal):
            ws.write_number(row, col, float(value))
        else:
            ws.write_string(row, col, value)
    wb.close()
    return buffer.getvalue()


def sheet_of(rows: int, path: Path) -> Path:
    """A 300-row indicator sheet as a unit keeps one: header, merged 一级/二级 cells left empty."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效指标"
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"])
    groups = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
              ("满意度指标", "服务对象满意度指标")]  # fmt: skip
    for n in range(rows):
        level1, level2 = groups[n * len(groups) // rows]
        first = n == 0 or groups[(n - 1) * len(groups) // rows] != (level1, level2)
        target = 100 + n
        ws.append([level1 if first else None, level2 if first else None, f"指标{n + 1}", f"≥{target}个",
                   f"{target + n % 7}个", 0.3, 0.3, None])  # fmt: skip
    wb.save(path)
    return path


def bare_read(path: Path, *, read_only: bool) -> int:
    wb = openpyxl.load_workbook(path, read_only=read_only)
    count = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    wb.close()
    return count


def interleaved(contenders: dict[str, Callable[[], object]], n: int) -> dict[str, float]:
    for fn in contenders.values():
        fn()  # warm up: imports, caches
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(n):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"  {name:<34} median {medians[name] * 1000:8.2f} ms   min {min(t) * 1000:8.2f} ms")
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="rounds (default 30)")
    args = parser.parse_args(argv)

    name, report = largest_report()
    cells = _cells(report)
    print(f"export: the 自评表 of examples/{name}.yaml ({len(cells)} cells), {args.n} rounds")
    m = interleaved({
        "workbook_bytes (XlsxWriter, styled)": lambda: workbook_bytes(report),
        "openpyxl, same cells bare": lambda: bare_openpyxl(cells),
        "XlsxWriter, same cells bare": lambda: bare_xlsxwriter(cells),
    }, args.n)  # fmt: skip
    ours, *_ = m.values()
    print(f"  workbook_bytes / openpyxl bare   = {ours / m['openpyxl, same cells bare']:.2f}")
    print(f"  workbook_bytes / XlsxWriter bare = {ours / m['XlsxWriter, same cells bare']:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        path = sheet_of(ROWS, Path(tmp) / "指标.xlsx")
        assert len(read_indicator_file(path).rows) == ROWS
        print(f"import: a {ROWS}-row indicator sheet ({path.stat().st_size / 1024:.1f} KB), {args.n} rounds")
        m = interleaved({
            "read_indicator_file": lambda: read_indicator_file(path),
            "openpyxl load + values": lambda: bare_read(path, read_only=False),
            "openpyxl read-only + values": lambda: bare_read(path, read_only=True),
        }, args.n)  # fmt: skip
        ours, *_ = m.values()
        print(f"  read_indicator_file / openpyxl load      = {ours / m['openpyxl load + values']:.2f}")
        print(f"  read_indicator_file / openpyxl read-only = {ours / m['openpyxl read-only + values']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
