"""`report-assistant batch` against `fill` run once a report, in the same run.

    python benchmarks/bench_batch.py [--units 300] [--fills 12] [--rounds 3] [--memory 100,300,1000]

Units: copies of the six examples (four kinds), each with its `kind:` line, each a file of its
own. Each round, interleaved: `fill KIND --answers F --out F.docx` as a fresh process for
--fills of the units (the per-report cost of a loop), then `batch` of all --units in one process
(fresh output folder: every report is made). Whole processes, CPU (user + system of the child)
and wall time, per report; the ratio fill ÷ batch is taken round by round. Then peak memory of
a batch run at each size of --memory (flat in the number of units is the target), and
--jobs 2. The load average is printed: wall time on a shared machine is noisy, CPU time less.

Targets: batch ≥ 10× faster per report than fill in a loop; 1,000 units in ≤ 30 s on 2 cores;
peak memory flat in the number of units.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [("project", "project.yaml"), ("dept-overall", "dept-overall.yaml"), ("target-mgmt", "target-mgmt.yaml"),
            ("comprehensive", "comprehensive.yaml"), ("project", "project-2.yaml"),
            ("dept-overall", "dept-overall-2.yaml")]  # fmt: skip


def make_units(folder: Path, n: int) -> list[tuple[str, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    units = []
    for i in range(n):
        kind, name = EXAMPLES[i % len(EXAMPLES)]
        path = folder / f"单位{i:05d}.yaml"
        path.write_text(f"kind: {kind}\n" + (ROOT / "examples" / name).read_text(encoding="utf-8"), encoding="utf-8")
        units.append((kind, path))
    return units


def run(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the child's user + system) and the child's peak RSS in KB."""
    start = time.perf_counter()
    pid = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def command() -> list[str]:
    exe = shutil.which("report-assistant", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "assistant"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--fills", type=int, default=12, help="fill processes timed per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", default="100,300,1000", help="batch sizes whose peak memory is read")
    args = parser.parse_args(argv)
    ra = command()
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        units = make_units(scratch / "in", args.units)
        run([*ra, "batch", str(scratch / "in"), "--out", str(scratch / "warm")])  # .pyc, the kind cache
        fill_cpu, fill_wall, batch_cpu, batch_wall, ratios = [], [], [], [], []
        for r in range(args.rounds):
            cpu = wall = 0.0
            for kind, path in units[: args.fills]:
                w, c, _ = run(
                    [*ra, "fill", kind, "--answers", str(path), "--out", str(scratch / "fill.docx"), "--force"]
                )
                cpu, wall = cpu + c, wall + w
            fill_cpu.append(cpu / args.fills)
            fill_wall.append(wall / args.fills)
            out = scratch / f"out{r}"
            w, c, _ = run([*ra, "batch", str(scratch / "in"), "--out", str(out)])
            shutil.rmtree(out)
            batch_cpu.append(c / args.units)
            batch_wall.append(w / args.units)
            ratios.append(fill_cpu[-1] / batch_cpu[-1])
            print(f"  round {r + 1}: fill {fill_cpu[-1] * 1000:.0f} ms CPU / {fill_wall[-1] * 1000:.0f} ms wall;"
                  f" batch {batch_cpu[-1] * 1000:.1f} ms CPU / {batch_wall[-1] * 1000:.1f} ms wall a report"
                  f" ({w:.1f} s for {args.units}); fill ÷ batch (CPU) {ratios[-1]:.1f}×", flush=True)  # fmt: skip
        med = statistics.median
        print(f"per report, median of {args.rounds} rounds: fill {med(fill_cpu) * 1000:.0f} ms CPU, "
              f"batch {med(batch_cpu) * 1000:.1f} ms CPU; fill ÷ batch {med(ratios):.1f}× (target ≥ 10×); "
              f"wall: fill {med(fill_wall) * 1000:.0f} ms, batch {med(batch_wall) * 1000:.1f} ms "
              f"({med(fill_wall) / med(batch_wall):.1f}×)")  # fmt: skip
        sizes = [int(s) for s in args.memory.split(",") if s.strip()]
        for n in sizes:
            folder = scratch / f"mem{n}"
            make_units(folder, n)
            for jobs in (1, 2):
                out = str(scratch / f"mem-out{n}-{jobs}")
                w, c, rss = run([*ra, "batch", str(folder), "--out", out, "--jobs", str(jobs)])
                print(f"  {n:>5} units, --jobs {jobs}: {w:6.1f} s wall, {c:6.1f} s CPU, "
                      f"peak {rss / 1024:5.1f} MB (the largest process)", flush=True)  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # a floor of the children's figure
    print(f"load {os.getloadavg()[0]:.2f} at the end; this process's own peak {own:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
