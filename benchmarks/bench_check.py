"""Benchmark of `report-assistant check` on a 30-page report, in a whole process, against the
least any checker must do: `python -c` opening the same .docx with python-docx and reading all
its text (paragraphs and every table cell). The two are run interleaved, so that a busy machine
slows both alike.

The report: the second department-wide example (13 pages as exported) with its body repeated
so that the document has about 30 pages (python-docx, LibreOffice count: printed at the end
when `soffice` is found with --pages).

Run: python benchmarks/bench_check.py [-n 10] [--pages]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.answer_files import answers_file, typed_answers  # noqa: E402
from assistant.compose import compose  # noqa: E402
from assistant.export.writer import write_report  # noqa: E402
from assistant.kinds import load_kind  # noqa: E402
from assistant.pipeline import evaluate  # noqa: E402

READ_ALL = (
    "import sys, docx; d = docx.Document(sys.argv[1]); "
    "text = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]"
)
REPEAT = 3  # the body three times, the 自评表 once: about 30 pages


def thirty_pages(out: Path) -> Path:
    kind = load_kind("dept-overall")
    raw, _ = typed_answers(kind, answers_file(ROOT / "examples" / "dept-overall-2.yaml"))
    report = compose(evaluate(kind, raw))
    report = report.model_copy(update={"blocks": report.blocks * REPEAT})
    return write_report(report, out, force=True)


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)
    return time.perf_counter() - start, done.returncode


def pages(path: Path) -> int | None:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(path)],
                              capture_output=True, check=False)  # fmt: skip
        pdf = Path(folder) / (path.stem + ".pdf")
        if done.returncode or not pdf.exists():
            return None
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--pages", action="store_true", help="count the pages with LibreOffice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = thirty_pages(Path(folder) / "report.docx")
        check = [sys.executable, "-m", "assistant", "check", str(report)]
        read = [sys.executable, "-c", READ_ALL, str(report)]
        times: dict[str, list[float]] = {"check": [], "read": []}
        for _ in range(args.n):
            t, status = timed(check)
            assert status == 0, f"check found something in the program's own report (status {status})"
            times["check"].append(t)
            t, status = timed(read)
            assert status == 0
            times["read"].append(t)
        size = report.stat().st_size
        counted = pages(report) if args.pages else None
    print(f"report: {size // 1024} KB" + (f", {counted} pages" if counted else ""))
    for name, values in times.items():
        median, best = statistics.median(values) * 1000, min(values) * 1000
        print(f"{name:6} median {median:7.0f} ms  min {best:7.0f} ms  (n={args.n})")
    print(f"check / read: {statistics.median(times['check']) / statistics.median(times['read']):.2f}×")


if __name__ == "__main__":
    main()
