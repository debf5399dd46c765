"""Benchmark of the Word export against two baselines producing the same content, in one run:

- write_docx: the full GB/T 9704 export;
- bare python-docx: the same paragraphs and tables (with the same merges) on python-docx's
  default template, no styling at all;
- docxtpl: the same content rendered from a Jinja template .docx built here with python-docx.
  docxtpl has no rowspan/colspan from data, so its tables carry the same texts on the full grid
  without merges.

Fair to each: every contender keeps its starting document in memory (our base document, python-
docx's default template, docxtpl's template: each read once as bytes and opened from them on
every call), and the contenders are interleaved call by call (the order turned each round).

1. Steady state in one process: the sample-3-like report, and reports with one indicator table
   of 30 and of 300 rows (per-row cost at 300 ÷ per-row cost at 30: target ≤ 1.3).
2. First call in a fresh process (imports, the base document, one export): each contender a
   process of its own reading the same content from a JSON file, interleaved, whole process.
   Then `report-assistant fill dept-overall` as a whole process (reading the answers file, the
   evaluation, the composition, the .docx and the printed tables) against docxtpl rendering the
   report that fill writes (target ≤ 1.5×). Every process runs with bytecode for every module
   (as an installed program does: pip compiles it; PYTHONDONTWRITEBYTECODE in the caller's
   environment would have ours compiled from source on every run) and with the program's caches
   as the warm-up run left them (a user's second run).

Run: python benchmarks/bench_export.py [-n 30] [--processes 7] [--only-fill]. docxtpl is the optional `bench`
extra; without it that comparison is skipped.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from assistant.export.docx import write_docx  # noqa: E402
from assistant.models import Cell, Heading, Paragraph, Report, Table  # noqa: E402
from tests.support.report import sample_report  # noqa: E402

_DEFAULT_TEMPLATE: list[bytes] = []


def default_template() -> io.BytesIO:
    """python-docx's default template, read once (as our base document is built once)."""
    if not _DEFAULT_TEMPLATE:
        raw = io.BytesIO()
        docx.Document().save(raw)
        _DEFAULT_TEMPLATE.append(raw.getvalue())
    return io.BytesIO(_DEFAULT_TEMPLATE[0])


def bare_python_docx(report: Report, path: Path) -> None:
    document = docx.Document(default_template())
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


def indicator_report(rows: int) -> Report:
    """A report whose body is one indicator table of `rows` rows (一级 and 二级 merged down their
    groups, as the real table is), after a paragraph."""
    grid = [
        [
            Cell(text=t, bold=True)
            for t in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
        ]
    ]
    for i in range(rows):
        row = []
        if i % 10 == 0:
            row.append(Cell(text=f"产出指标{i // 10 + 1}", rowspan=min(10, rows - i)))
        if i % 5 == 0:
            row.append(Cell(text="数量指标" if i % 10 == 0 else "质量指标", rowspan=min(5, rows - i)))
        row += [Cell(text=f"完成培训人次（第{i + 1}项）", align="left"), Cell(text="≥100人次"), Cell(text="120人次"),
                Cell(text="1"), Cell(text="1")]  # fmt: skip
        grid.append(row)
    table = Table(name="indicators", caption="绩效指标完成情况表", columns=7, rows=grid)
    return Report(title="某单位2025年度部门整体支出绩效自评报告", unit="某单位", date="2026年1月5日",
                  blocks=[Paragraph(text="本年度绩效指标完成情况如下表。"), table])  # fmt: skip


def interleaved(contenders: dict[str, Callable[[Path], None]], folder: Path, n: int) -> dict[str, float]:
    """Median seconds a call of each contender, the contenders taking turns call by call (the order
    turned each round), after one warm-up call each."""
    names = list(contenders)
    for name in names:
        contenders[name](folder / f"{name}-warmup.docx")
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(n):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            contenders[name](folder / f"{name}-{i}.docx")
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def contenders(report: Report, template: bytes | None) -> dict[str, Callable[[Path], None]]:
    out: dict[str, Callable[[Path], None]] = {
        "write_docx": lambda p: write_docx(report, p),
        "bare python-docx": lambda p: bare_python_docx(report, p),
    }
    if template is not None:
        from docxtpl import DocxTemplate

        context = docxtpl_context(report)

        def render(path: Path) -> None:
            tpl = DocxTemplate(io.BytesIO(template))
            tpl.render(context)
            tpl.save(str(path))

        out["docxtpl"] = render
    return out


def steady(folder: Path, n: int, template: bytes | None) -> None:
    # python-docx merges cells in time quadratic in a table's size (some 16 s a call at 300 rows):
    # the 300-row table gets fewer calls
    print(f"1. Steady state: {n} interleaved calls each ({min(n, 5)} for 300 rows), median")
    per_row: dict[int, dict[str, float]] = {}
    for label, report, rows in (("sample-3-like report", sample_report(), 0),
                                ("indicator table, 30 rows", indicator_report(30), 30),
                                ("indicator table, 300 rows", indicator_report(300), 300)):  # fmt: skip
        result = interleaved(contenders(report, template), folder, min(n, 5) if rows == 300 else n)
        ours = result["write_docx"]
        others = "  ".join(f"{k} {v * 1000:7.2f} ms ({ours / v:.2f}×)" for k, v in result.items() if k != "write_docx")
        print(f"  {label:<27} write_docx {ours * 1000:7.2f} ms   {others}")
        if rows:
            per_row[rows] = result
    for name in per_row[30]:
        ratio = (per_row[300][name] / 300) / (per_row[30][name] / 30)
        target = "  (target ≤ 1.3)" if name == "write_docx" else ""
        print(f"  per-row cost at 300 rows ÷ at 30 rows, {name}: {ratio:.2f}{target}")


FRESH = {
    "write_docx": """
import sys
from pathlib import Path
from assistant.models import Report
from assistant.export.docx import write_docx
write_docx(Report.model_validate_json(Path(sys.argv[1]).read_bytes()), Path(sys.argv[2]))
""",
    "bare python-docx": """
import json, sys
import docx
data = json.loads(open(sys.argv[1], encoding="utf-8").read())
document = docx.Document()
document.add_paragraph(data["title"])
for block in data["blocks"]:
    if block["kind"] == "p":
        document.add_paragraph(block["text"])
        continue
    if block["caption"]:
        document.add_paragraph(block["caption"])
    grid = block["rows"]
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    for r, line in enumerate(grid):
        cells = table.rows[r].cells
        for c, text in enumerate(line):
            if text is not None:
                cells[c].text = text
    for r, c, r2, c2 in block["merges"]:
        table.cell(r, c).merge(table.cell(r2, c2))
for line in data["attachments"] + [data["unit"], data["date"]]:
    document.add_paragraph(line)
document.save(sys.argv[2])
""",
    "docxtpl": """
import json, sys
from docxtpl import DocxTemplate
context = json.loads(open(sys.argv[1], encoding="utf-8").read())
tpl = DocxTemplate(sys.argv[3])
tpl.render(context)
tpl.save(sys.argv[2])
""",
}


def plain_content(report: Report) -> dict[str, object]:
    """The content as plain JSON for the baselines' processes (which need no pydantic to read it)."""
    context = docxtpl_context(report)
    blocks: list[dict[str, object]] = context["blocks"]  # type: ignore[assignment]
    for block, source in zip(blocks, report.blocks, strict=True):
        if block["kind"] == "t" and isinstance(source, Table):
            block["rows"] = [[None if cell is None else cell.text for cell in line] for line in source.grid()]
            block["merges"] = [[r, c, r + cell.rowspan - 1, c + cell.colspan - 1]
                               for r, line in enumerate(source.grid()) for c, cell in enumerate(line)
                               if cell is not None and (cell.rowspan > 1 or cell.colspan > 1)]  # fmt: skip
    return context


def process_env(folder: Path) -> dict[str, str]:
    """The contenders' environment: this checkout first on the path; bytecode written for every
    module (into a folder of the run's own, not the source tree) by the warm-up run and read by the
    timed ones; the program's caches in a folder of the run's own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
           "REPORT_ASSISTANT_CACHE": str(folder / "cache")}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cpu_of(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    pid = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL).pid
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {argv}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def fresh(folder: Path, runs: int, template: Path | None) -> None:
    report = sample_report()
    ours_json, plain_json = folder / "report.json", folder / "plain.json"
    ours_json.write_text(report.model_dump_json(), encoding="utf-8")
    plain_json.write_text(json.dumps(plain_content(report), ensure_ascii=False), encoding="utf-8")
    env = process_env(folder)
    commands = {}
    for name, code in FRESH.items():
        if name == "docxtpl" and template is None:
            continue
        script = folder / f"fresh-{name.replace(' ', '-')}.py"
        script.write_text(code, encoding="utf-8")
        data = ours_json if name == "write_docx" else plain_json
        commands[name] = [sys.executable, str(script), str(data), str(folder / f"fresh-{name}.docx"), str(template)]
    for argv in commands.values():
        cpu_of(argv, env)  # warm-up: .pyc files, the page cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(runs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            times[name].append(cpu_of(commands[name], env))
    print(f"2. First call in a fresh process (sample-3-like report): {runs} interleaved runs each, median")
    ours_wall = statistics.median(w for w, _ in times["write_docx"])
    ours_cpu = statistics.median(c for _, c in times["write_docx"])
    for name, samples in times.items():
        wall, cpu = statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)
        print(f"  {name:<18} wall {wall * 1000:6.0f} ms  CPU {cpu * 1000:6.0f} ms   "
              f"write_docx ÷ this: wall {ours_wall / wall:.2f}×, CPU {ours_cpu / cpu:.2f}×")  # fmt: skip


FILL_KIND, FILL_ANSWERS = "dept-overall", ROOT / "examples" / "dept-overall.yaml"

# the pydantic validators a fill builds (each model's on its first use: defer_build), as a fill
# run with a hook on pydantic's builder lists them
BUILT = """
import json, os, sys
import pydantic._internal._model_construction as construction
built, real = [], construction.complete_model_class
def complete(cls, *args, **kwargs):
    built.append(cls.__name__)
    return real(cls, *args, **kwargs)
construction.complete_model_class = complete
from assistant.cli import main
sys.stdout = open(os.devnull, "w")
main(sys.argv[2:])
open(sys.argv[1], "w").write(json.dumps(built))
"""

# the floor while pydantic, Jinja, YAML and python-docx are loaded: what fill imports from outside
# the program, the program's models with the validators fill builds, the exit as fill's; nothing else
FLOOR = """
import atexit, gc, json, sys
atexit.register(gc.freeze)
import docx, jinja2.sandbox, yaml
from assistant import models
for name in json.loads(open(sys.argv[1]).read()):
    getattr(models, name).model_rebuild(force=True)
"""


def fill_process(folder: Path, runs: int, template: Path) -> None:
    """`report-assistant fill` (as its console script starts it) against a docxtpl script rendering
    the report fill writes, and the floor (FLOOR), each a whole process, interleaved; CPU (user +
    system, from wait4) and wall medians."""
    from assistant.answer_files import answers_file
    from assistant.commands import compose_answers
    from assistant.kinds import load_kind

    _, _, report = compose_answers(load_kind(FILL_KIND), answers_file(FILL_ANSWERS), FILL_ANSWERS.name)
    plain_json = folder / "fill-plain.json"
    plain_json.write_text(json.dumps(plain_content(report), ensure_ascii=False), encoding="utf-8")
    script = folder / "fill-docxtpl.py"
    script.write_text(FRESH["docxtpl"], encoding="utf-8")
    entry = "import sys\nfrom assistant.cli import main\nsys.exit(main())"  # the console script's body
    fill_args = ["fill", FILL_KIND, "--answers", str(FILL_ANSWERS), "--out", str(folder / "fill.docx"), "--force"]
    env = process_env(folder)
    built = folder / "fill-built.json"
    subprocess.run([sys.executable, "-c", BUILT, str(built), *fill_args], env=env, check=True)
    commands = {
        "fill": [sys.executable, "-c", entry, *fill_args],
        "docxtpl": [sys.executable, str(script), str(plain_json), str(folder / "fill-docxtpl.docx"), str(template)],
        "floor": [sys.executable, "-c", FLOOR, str(built)],
    }
    for argv in commands.values():
        cpu_of(argv, env)  # warm-up: bytecode, the kind and template caches, the page cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for i in range(runs):
        for name in list(commands)[:: 1 if i % 2 == 0 else -1]:
            times[name].append(cpu_of(commands[name], env))
    wall = {name: statistics.median(w for w, _ in samples) for name, samples in times.items()}
    cpu = {name: statistics.median(c for _, c in samples) for name, samples in times.items()}
    print(f"   fill {FILL_KIND} as a whole process vs docxtpl rendering the same report: {runs} interleaved runs each")
    for name in commands:
        print(f"  {name:<18} wall {wall[name] * 1000:6.0f} ms  CPU {cpu[name] * 1000:6.0f} ms")
    print(f"  fill ÷ docxtpl: CPU {cpu['fill'] / cpu['docxtpl']:.2f}×, wall {wall['fill'] / wall['docxtpl']:.2f}×"
          "  (target ≤ 1.5×)")  # fmt: skip
    validators = len(json.loads(built.read_text()))
    print(f"  floor ÷ docxtpl (pydantic, Jinja, YAML, python-docx and the models with the {validators} "
          f"validators fill builds, nothing else): CPU {cpu['floor'] / cpu['docxtpl']:.2f}×; fill's own work above "
          f"the floor {(cpu['fill'] - cpu['floor']) * 1000:.0f} ms CPU")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="calls per contender in one process (default 30)")
    parser.add_argument("--processes", type=int, default=7, help="fresh processes per contender (default 7)")
    parser.add_argument("--only-fill", action="store_true", help="only fill as a whole process against docxtpl")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            import docxtpl  # noqa: F401

            template_path: Path | None = docxtpl_template(folder)
        except ImportError:
            print("docxtpl not installed (pip install '.[bench]'): that comparison is skipped")
            template_path = None
        template = template_path.read_bytes() if template_path else None
        if not args.only_fill:
            steady(folder, args.n, template)
            fresh(folder, args.processes, template_path)
        if template_path is not None:
            fill_process(folder, args.processes, template_path)
    print(f"load {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
