"""Start-up, answer latency and memory of the terminal UI, each against a baseline measured in
the same run.

    python benchmarks/bench_tui.py [--runs 5] [--submissions 30] [--previews 3] [--timeout 60]
                                   [--only-list | --only-latency]

1. Start-up: `report-assistant --demo` is started on a pseudo-terminal (100×30); the clock runs
   from just before the process is spawned until the bytes of the interview's current turn (for
   the fully answered demo: "所有问题都已回答…", taken from `Interview.opening()`) reach the
   terminal. The baseline is a minimal Textual app (one Static, one Input, written to a temporary
   file) started the same way, until its Static text arrives. Runs are interleaved, after one
   untimed warm-up of each. Variants:
   - reopened (the target): the same data folder every run, so the app finds the view it saved
     at the last Ctrl+Q (the warm-up run made the demo draft) — the everyday start;
   - first run: an empty data folder each run, so the demo draft is made first;
   - made by CLI: a copy of a folder whose demo draft was never open in the app (no saved view:
     the draft is loaded before the first frame);
   - new draft, reopened: a draft with only 单位名称 and 年度 answered, until its first question
     (`--demo` opens it because it carries the demo title);
   - the drafts list at 10, 1,000 and 10,000 drafts (--drafts): `report-assistant` with no
     argument, until the demo draft's row (the newest, the first) is drawn. Targets: ≤ 1.5× at
     1,000 drafts, ≤ 2× at 10,000. --only-list runs only these and the baseline.
   Then where the time goes: -X importtime, and the app's stages. Target: median ≤ 1.3×.
2. Answer latency, through the real app (`App.run_test()` + Pilot) on the demo draft: choose
   "基本支出" in the outline, put a new amount in the input, press Enter once it is drawn and the
   screen is still (as a user does: Textual draws at most one frame each 1/60 s, so Enter
   pressed with the amount's frame still due made the reply wait for the next slot); the clock stops at the
   first frame (composed by the compositor; headless, so not written out) that shows the last turn
   the screen added once the store had saved the answer (echo, changes, then the next question or
   the end of the interview), then `preview_report` builds the report the preview shows from the new answers (the
   app has no live preview: F4 builds it, timed separately). The same path headless
   (`Session.submit`, `Session.save`, `preview_report`) gives the breakdown.
   Target: median (saved + shown + preview) ≤ 25 ms. --only-latency runs only this part.
3. Peak memory: peak RSS (VmHWM, read SETTLE seconds after the first full screen, by when the
   draft is loaded) of each process of part 1, vs the minimal app. Target ≤ 1.65× (reopened).

The machine's load average is printed at the start and the end: other work on the machine
inflates every figure, the ratios less so (the runs are interleaved).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import fcntl
import gc
import json
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COLS, ROWS = 100, 30
SETTLE = 0.5  # seconds the app runs on after its first full screen, before Ctrl+Q
QUIT_GRACE = 5.0  # seconds to exit after Ctrl+Q (then SIGTERM, then SIGKILL)
QUID = "spend_basic"
AMOUNTS = ("220.26万元", "220.25万元")  # alternated, so that every submission changes the answer
MINIMAL_TEXT = "最小应用就绪 READY"
MINIMAL_APP = f'''
from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("{MINIMAL_TEXT}")
        yield Input(placeholder="在这里输入")


if __name__ == "__main__":
    Minimal().run()
'''
TARGET_STARTUP = 1.3
TARGET_LATENCY_MS = 25.0
TARGET_MEMORY = 1.65  # about 10 MB of the demo's peak is pydantic, a chosen dependency (issue 16)
TARGET_LIST = {1000: 1.5, 10000: 2.0}  # the drafts list's start-up ÷ the minimal app, by drafts


class BenchError(RuntimeError):
    pass


# --- small helpers -------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


_ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>NOM78])")


def screen_text(raw: bytes, limit: int = 1500) -> str:
    """The end of what a process wrote to its terminal, without escape sequences (for errors)."""
    text = _ESCAPES.sub(b" ", raw).decode("utf-8", "replace")
    return re.sub(r"[ \t]+", " ", text)[-limit:]


def child_env(home: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL") and k not in {"COLUMNS", "LINES"}}
    env.pop("NO_COLOR", None)
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color", COLORTERM="truecolor")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    if home is not None:
        env["REPORT_ASSISTANT_HOME"] = str(home)
    else:
        env.pop("REPORT_ASSISTANT_HOME", None)
    return env


# --- part 1 and 3: a process on a pseudo-terminal ------------------------------------------------


@dataclass
class Launch:
    startup: float  # process start → marker on the terminal
    first_output: float  # process start → first byte (Textual's driver has started)
    max_rss_kb: int  # VmHWM: the peak resident set of this process since its exec
    ended_by: str = "Ctrl+Q"


def launch(argv: list[str], env: dict[str, str], marker: str, timeout: float) -> Launch:
    """Spawn `argv` on a fresh pty, wait for `marker` in its output, let it settle, quit with
    Ctrl+Q and collect its peak RSS. The process (and its session) is killed on any failure."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    needle = marker.encode()
    raw = bytearray()
    found = first = None
    peak_kb = None
    proc: subprocess.Popen[bytes] | None = None
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True, close_fds=True)  # fmt: skip
        os.close(slave)
        slave = -1
        deadline = start + timeout
        settle_until = None
        quitting: list[str] = []  # what was done to end it: Ctrl+Q, then SIGTERM, then SIGKILL
        while True:
            now = time.perf_counter()
            if settle_until is not None and now >= settle_until and not quitting:
                peak_kb = vm_hwm_kb(proc.pid)
                os.write(master, b"\x11")  # Ctrl+Q
                quitting.append("Ctrl+Q")
                deadline = now + QUIT_GRACE
            if now >= deadline:
                if not quitting:
                    raise BenchError(f"{' '.join(argv)} did not show {marker!r} within {timeout:.0f} s. "
                                     f"Last output:\n{screen_text(bytes(raw))}")  # fmt: skip
                if len(quitting) == 3:
                    raise BenchError(f"{' '.join(argv)} survived SIGKILL")
                sig = signal.SIGTERM if len(quitting) == 1 else signal.SIGKILL  # Ctrl+Q asked a question?
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, sig)
                quitting.append(sig.name)
                deadline = now + QUIT_GRACE
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if not quitting and proc.poll() is not None:
                    raise BenchError(f"{' '.join(argv)} exited with {proc.returncode} before Ctrl+Q. "
                                     f"Last output:\n{screen_text(bytes(raw))}")  # fmt: skip
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every process holding the terminal has gone
                chunk = b""
            if not chunk:
                if found is None:
                    raise BenchError(f"{' '.join(argv)} closed its terminal before showing {marker!r}. "
                                     f"Last output:\n{screen_text(bytes(raw))}")  # fmt: skip
                break
            now = time.perf_counter()
            if first is None:
                first = now - start
            scan_from = max(0, len(raw) - len(needle) + 1)
            raw += chunk
            if found is None and raw.find(needle, scan_from) >= 0:
                found = now - start
                settle_until = now + SETTLE
        _, status, usage = wait4(proc.pid, time.perf_counter() + QUIT_GRACE)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0 and len(quitting) == 1:
            raise BenchError(f"{' '.join(argv)} exited with {proc.returncode}. Last output:\n"
                             f"{screen_text(bytes(raw))}")  # fmt: skip
        assert found is not None and first is not None
        return Launch(found, first, peak_kb if peak_kb is not None else usage.ru_maxrss, " → ".join(quitting))
    finally:
        if slave >= 0:
            os.close(slave)
        os.close(master)
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                _, status, _ = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)


def vm_hwm_kb(pid: int) -> int | None:
    """The peak RSS of a live process. Not ru_maxrss: Linux carries the parent's peak over fork and
    exec into the child's ru_maxrss, so a child of this (large) benchmark process would read at
    least the benchmark's own size."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(m.group(1)) if m else None


def wait4(pid: int, deadline: float) -> tuple[int, int, Any]:
    while True:
        got, status, usage = os.wait4(pid, os.WNOHANG)
        if got:
            return got, status, usage
        if time.perf_counter() > deadline:
            raise BenchError(f"process {pid} did not exit after Ctrl+Q")
        time.sleep(0.01)


@dataclass
class Variant:
    label: str
    argv: list[str]
    marker: str
    seed_home: Path | None  # copied into the fresh home of each run; None: an empty home
    reuse_home: Path | None = None  # the same home for every run (what the last run left is there)
    drafts: int = 0  # the drafts-list variants: how many drafts the folder holds
    launches: list[Launch] = field(default_factory=list)

    def run(self, scratch: Path, timeout: float) -> Launch:
        if self.reuse_home is not None:
            return launch(self.argv, child_env(self.reuse_home), self.marker, timeout)
        home = Path(tempfile.mkdtemp(prefix="home-", dir=scratch))
        try:
            if self.seed_home is not None:
                shutil.copytree(self.seed_home, home, dirs_exist_ok=True)
            else:
                home.rmdir()  # a home that does not exist yet, as on first use
            return launch(self.argv, child_env(home), self.marker, timeout)
        finally:
            shutil.rmtree(home, ignore_errors=True)

    @property
    def startup(self) -> float:
        return median([x.startup for x in self.launches])

    @property
    def first_output(self) -> float:
        return median([x.first_output for x in self.launches])

    @property
    def after_first_output(self) -> float:
        return median([x.startup - x.first_output for x in self.launches])

    @property
    def rss_mb(self) -> float:
        return median([x.max_rss_kb for x in self.launches]) / 1024


def drafts_home(home: Path, count: int) -> Path:
    """A data folder of `count` drafts, the demo draft the newest (the first row, on screen), the
    others small ones of the four kinds; listed, so that the index vouches for every draft, as it
    does in a folder in use."""
    from assistant.workspace import ensure_demo_draft, open_store

    store = open_store(home)
    kinds = ("dept-overall", "project", "target-mgmt", "comprehensive")
    for i in range(count - 1):
        store.create(kinds[i % 4], f"第{i + 1:05d}号单位2025年度绩效自评报告", unit=f"第{i + 1}号单位", year=2025,
                     progress=i % 101)  # fmt: skip
    ensure_demo_draft(store)
    store.list()
    # listed again over a second later: an index entry checked within a second of its file's
    # change is not trusted (the drafts written last would make every start take the slow path
    # instead of the index, which a folder in use has)
    time.sleep(1.1)
    store.list()
    store.close()
    return home


def prepare_variants(scratch: Path, drafts: tuple[int, ...] = (10, 1000, 10000)) -> tuple[Variant, list[Variant]]:
    """The baseline and the app's variants, with their markers taken from the interview itself."""
    from assistant.resources import DEMO_TITLE
    from assistant.workspace import ensure_demo_draft, interview_for, new_draft, open_store

    app_cmd = shutil.which("report-assistant", path=str(Path(sys.executable).parent)) or shutil.which(
        "report-assistant"
    )
    if app_cmd is None:
        raise BenchError("report-assistant is not installed next to this Python (pip install -e .)")

    demo_home = scratch / "seed-demo"
    store = open_store(demo_home)
    demo = interview_for(store.load(ensure_demo_draft(store)))
    store.close()
    demo_marker = demo.opening()[-1].text[:8]

    new_home = scratch / "reopened-new"  # used in place: a copy would not keep the saved view
    store = open_store(new_home)
    fresh = interview_for(
        store.load(new_draft(store, "dept-overall", DEMO_TITLE, unit="昆明市五华区总工会", year=2025))
    )
    store.close()
    new_marker = fresh.opening()[-1].text[:8]

    lists = []
    for count in drafts:  # used in place, as the user's folder is
        home = drafts_home(scratch / f"drafts-list-{count}", count)
        lists.append(Variant(f"app, drafts list, {count:,} drafts", [app_cmd], DEMO_TITLE[:8], None, home, count))

    minimal = scratch / "minimal_app.py"
    minimal.write_text(MINIMAL_APP, encoding="utf-8")
    baseline = Variant("minimal Textual app", [sys.executable, str(minimal)], MINIMAL_TEXT[:6], None)
    return baseline, [
        Variant("app --demo, reopened", [app_cmd, "--demo"], demo_marker, None, scratch / "reopened-demo"),
        Variant("app --demo, first run", [app_cmd, "--demo"], demo_marker, None),
        Variant("app --demo, made by CLI", [app_cmd, "--demo"], demo_marker, demo_home),
        Variant("app, new draft, reopened", [app_cmd, "--demo"], new_marker, None, new_home),
        *lists,
    ]


def run_launches(baseline: Variant, apps: list[Variant], runs: int, scratch: Path, timeout: float) -> None:
    everyone = [baseline, *apps]
    print(f"Start-up on a {COLS}×{ROWS} pty: 1 warm-up + {runs} interleaved runs each", flush=True)
    for v in everyone:
        print(f"  {v.label:<26} marker {v.marker!r}")
        v.run(scratch, timeout)  # warm-up: .pyc files, page cache
    for r in range(runs):
        order = everyone[r % len(everyone) :] + everyone[: r % len(everyone)]
        for v in order:
            v.launches.append(v.run(scratch, timeout))
        print(f"  round {r + 1}/{runs}: " + ", ".join(f"{v.label} "
              f"{v.launches[-1].startup * 1000:.0f} ms" for v in everyone), flush=True)  # fmt: skip
    print()
    print(
        f"  {'':<26} {'start-up':>10} {'ratio':>7} {'min':>10} {'max':>10} {'1st byte':>10} {'max RSS':>9} {'ratio':>6}"
    )
    for v in everyone:
        s = [x.startup for x in v.launches]
        print(f"  {v.label:<26} {ms(v.startup)} {v.startup / baseline.startup:6.2f}× {ms(min(s))} {ms(max(s))} "
              f"{ms(v.first_output)} {v.rss_mb:6.1f} MB {v.rss_mb / baseline.rss_mb:5.2f}×")  # fmt: skip
    # The machine's speed drifts between rounds (the baseline alone varies by a quarter here): the
    # ratio within each round, where the programs ran seconds apart, is steadier than medians.
    for v in apps:
        paired = [a.startup / b.startup for a, b in zip(v.launches, baseline.launches, strict=True)]
        print(f"  {v.label:<26} paired ratio (median of per-round app ÷ baseline): {median(paired):.2f}×")
    for v in everyone:
        forced = [x.ended_by for x in v.launches if x.ended_by != "Ctrl+Q"]
        if forced:
            print(f"  note: {v.label}: {len(forced)} run(s) did not end on Ctrl+Q ({forced[0]})")
    print()


# --- where start-up goes: -X importtime ----------------------------------------------------------


def import_profile(code: str) -> tuple[float, dict[str, float]]:
    """Total import time of `code` and the time spent in each top-level package's own modules
    (self times, so that a package is not charged for what it imports; seconds)."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=child_env(None),
                         capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    per_root: dict[str, float] = {}
    total = 0.0
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if not m:
            continue
        root = m.group(4).split(".")[0]
        per_root[root] = per_root.get(root, 0.0) + int(m.group(1)) / 1e6
        if not m.group(3):  # a top-level import: its cumulative time covers everything under it
            total += int(m.group(2)) / 1e6
    return total, per_root


STAGES = """
import json, sys, time
start = last = time.perf_counter()
marks = []
def mark(name):
    global last
    now = time.perf_counter()
    marks.append((name, now - last))
    last = now
import assistant.cli
mark("import assistant.cli")
import assistant.tui.app
mark("import assistant.tui.app (Textual, screens)")
from pathlib import Path
from assistant.kinds import load_kind
from assistant.workspace import Workspace, ensure_demo_draft
workspace = Workspace(Path(sys.argv[1]))
store = workspace.store
mark("open_store")
load_kind("dept-overall")
mark("load_kind (prompts + templates)")
draft_id = ensure_demo_draft(store)
mark("ensure_demo_draft (new home: made)")
interview = workspace.open(draft_id).session.interview
mark("Workspace.open (open_for_edit + reconcile + interview)")
turns = interview.transcript() + interview.opening()
mark(f"transcript + opening ({len(turns)} turns)")
store.close()
print(json.dumps(marks))
"""


def startup_stages(scratch: Path) -> list[tuple[str, float]]:
    """The app's own work before Textual draws, stage by stage, in a fresh process (median of 3)."""
    runs = []
    for i in range(3):
        home = scratch / f"stages-{i}"
        out = subprocess.run([sys.executable, "-c", STAGES, str(home)], env=child_env(None),
                             capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        shutil.rmtree(home, ignore_errors=True)
    return [(name, median([r[k][1] for r in runs])) for k, (name, _) in enumerate(runs[0])]


def wall(argv: list[str], n: int = 3) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run(argv, env=child_env(None), capture_output=True, timeout=120, check=True)
        times.append(time.perf_counter() - start)
    return median(times)


def startup_breakdown(app_cmd: str, primary: Variant, baseline: Variant, scratch: Path) -> None:
    print("Where start-up goes: python -X importtime (inflates times), ms per package (self time):")
    paths = {
        "report-assistant --help": "import assistant.cli",
        "TUI path (--demo)": "import assistant.cli, assistant.tui.app",
        "minimal app": "import textual.app; from textual.widgets import Input, Static",
    }
    for label, code in paths.items():
        total, per_root = import_profile(code)
        top = sorted(per_root.items(), key=lambda kv: -kv[1])[:7]
        print(f"  {label:<24} {ms(total)}   " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in top))
    python = wall([sys.executable, "-c", "pass"])
    print(f"  wall: python -c pass {ms(python)}, report-assistant --help {ms(wall([app_cmd, '--help']))}")
    print(f"Start-up of {primary.label!r} in parts:")
    print(f"  {'process start → first byte (imports; part 1)':<46} {ms(primary.first_output)}   "
          f"minimal app {ms(baseline.first_output).strip()}")  # fmt: skip
    print(f"  {'first byte → interview drawn (part 1)':<46} {ms(primary.after_first_output)}   "
          f"minimal app {ms(baseline.after_first_output).strip()}")  # fmt: skip
    print("  stages without a screen (fresh process each, median of 3):")
    print(f"    {'interpreter start (python -c pass)':<44} {ms(python)}")
    for name, seconds in startup_stages(scratch):
        print(f"    {name:<44} {ms(seconds)}")
    print("  (the rest of 'first byte → drawn': HomeScreen, mounting the turns, CSS, layout, paint)")
    print()


# --- part 2: answer latency through the real app -------------------------------------------------


@dataclass
class Submission:
    shown: float  # Enter → first frame with the turn after the save
    parse: float  # Interview.try_submit (parse + evaluate: the one evaluation), on the UI thread
    save: float  # DraftStore.save_answers (with the progress given), in the worker
    to_callback: float  # Enter → the UI thread learns that the save is done
    saved_handler: float  # _saved: mount the turns, ask next, rebuild the outline
    preview: float  # preview_report of the new answers
    turns: int  # chat turns on screen before the submission

    @property
    def total(self) -> float:
        return self.shown + self.preview


class Timings:
    """Wraps methods of live objects (instance attributes) to time them."""

    def __init__(self) -> None:
        self.spans: dict[str, list[tuple[float, float]]] = {}

    def wrap(self, obj: object, name: str, key: str | None = None) -> None:
        original = getattr(obj, name)
        spans = self.spans.setdefault(key or name, [])

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spans.append((start, time.perf_counter()))

        setattr(obj, name, timed)

    def one(self, key: str, t0: float) -> tuple[float, float]:
        """The one call of `key` since t0."""
        spans = [s for s in self.spans.get(key, []) if s[0] >= t0]
        if len(spans) != 1:
            raise BenchError(f"Pilot: expected one call of {key}, got {len(spans)}")
        return spans[0]


async def pilot_bench(home: Path, n: int, warmup: int, previews: int) -> tuple[list[Submission], list[float]]:
    from textual.constants import MAX_FPS
    from textual.widgets import Input

    from assistant.tui.app import make_app
    from assistant.tui.screens.interview import InterviewScreen
    from assistant.tui.screens.preview import PreviewScreen, preview_report
    from assistant.tui.widgets.chat import Chat
    from assistant.tui.widgets.outline import Outline
    from assistant.tui.widgets.report_page import ReportPage

    app = make_app(home, demo=True)
    watch: list[Callable[[Any], None]] = []  # called with the screen after each frame is composed
    last_frame = [0.0]  # when the last frame was composed
    original_display = app._display

    def display(screen: Any, renderable: Any) -> None:
        original_display(screen, renderable)
        if renderable is not None:
            last_frame[0] = time.perf_counter()
            if watch:
                watch[0](screen)

    app._display = display  # type: ignore[method-assign]

    async def time_to_frame(action: Callable[[], Any], shows: Callable[[Any], bool], what: str) -> float:
        """Seconds from the start of `action` to the first frame for which `shows(screen)` holds."""
        seen = asyncio.Event()
        stamp: list[float] = []

        def check(screen: Any) -> None:
            if not stamp and shows(screen):
                stamp.append(time.perf_counter())
                seen.set()

        watch[:] = [check]
        try:
            start = time.perf_counter()
            await action()
            await asyncio.wait_for(seen.wait(), 30)
        except TimeoutError:
            raise BenchError(f"Pilot: no frame showed {what} within 30 s") from None
        finally:
            watch.clear()
        return stamp[0] - start

    def on_screen(screen: Any, widget: Any) -> bool:
        try:
            return widget in screen._compositor.visible_widgets  # Textual is pinned: private is fine here
        except AttributeError:
            return bool(widget.is_on_screen)

    async def until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise BenchError(f"Pilot: timed out waiting for {what}")
            await asyncio.sleep(0.0005)

    results: list[Submission] = []
    preview_opens: list[float] = []
    # as `assistant.tui.app.run` starts the app: what is imported by now is out of the collector's sight
    gc.freeze()
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await until(lambda: isinstance(app.screen, InterviewScreen), "the interview screen")
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        chat = screen.query_one(Chat)

        def last_kind() -> str | None:
            return chat.turns[-1].kind if chat.turns else None

        await until(lambda: last_kind() in {"done", "notice"}, "the demo transcript")
        await pilot.pause()

        timings = Timings()
        timings.wrap(screen.session.interview, "try_submit", "parse")
        timings.wrap(app.workspace.store, "save_answers", "save")
        timings.wrap(screen, "_saved", "saved")

        for i in range(warmup + n):
            outline = screen.query_one(Outline)
            outline.post_message(Outline.Chosen("question", QUID))  # as Enter on its row: editing starts
            await until(lambda: screen.editing and screen.current is not None and screen.current.id == QUID,
                        "the edit to start")  # fmt: skip
            screen.query_one("#line", Input).value = AMOUNTS[i % 2]
            typed = time.perf_counter()
            # Enter as a user presses it: after the amount is on screen and the screen is still
            # (no frame for two frame intervals). Pressed at once, the frame still due for the
            # amount was drawn just after Enter, and the reply's frame waited for Textual's next
            # slot (frames are at most 1/MAX_FPS apart), an artefact of typing all of it at once
            await until(lambda typed=typed: last_frame[0] > typed and time.perf_counter() - last_frame[0] > 2 / MAX_FPS,
                        "the typed amount drawn")  # fmt: skip
            before = chat.revision

            t0 = time.perf_counter()

            def shows_next(scr: Any, before: int = before, t0: float = t0) -> bool:
                # once _saved has run, the chat's last turn is the last one it added (the next
                # question, or the end of the interview with any errors left): the frame shows it
                # when the chat drew its last line at that revision
                if scr is not screen or not any(start >= t0 for start, _ in timings.spans["saved"]):
                    return False
                return chat.revision > before and chat.drawn_revision == chat.revision

            shown = await time_to_frame(lambda: pilot.press("enter"), shows_next, "the turn after the save")
            p0 = time.perf_counter()
            preview_report(screen.interview)
            preview = time.perf_counter() - p0
            parse, save, saved = (timings.one(key, t0) for key in ("parse", "save", "saved"))
            if screen.interview.answers.get(QUID) != AMOUNTS[i % 2]:
                raise BenchError(f"Pilot: the answer was not taken ({screen.interview.answers.get(QUID)!r})")
            if i >= warmup:
                results.append(Submission(shown, parse[1] - parse[0], save[1] - save[0], saved[0] - t0,
                                          saved[1] - saved[0], preview, len(chat.turns)))  # fmt: skip
            await pilot.pause()

        # what a user waits for on F4: the preview screen with the start of the report drawn
        for _ in range(previews):

            def shows_preview(scr: Any) -> bool:
                if not isinstance(scr, PreviewScreen):
                    return False
                page = scr.query_one(ReportPage)
                return bool(page.lines) and on_screen(scr, page)

            preview_opens.append(await time_to_frame(lambda: pilot.press("f4"), shows_preview, "the preview"))
            await pilot.press("escape")
            await until(lambda: app.screen is screen, "the interview again")
            await pilot.pause()

        draft = app.workspace.store.load(screen.draft.id)
        if draft.answers.get(QUID) != AMOUNTS[(warmup + n - 1) % 2]:
            raise BenchError("Pilot: the last answer is not in the store")
    return results, preview_opens


# --- part 2, headless: the same path without a screen --------------------------------------------


@dataclass
class HeadlessResult:
    parse: list[float] = field(default_factory=list)
    save: list[float] = field(default_factory=list)
    preview: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    disk_floor: list[float] = field(default_factory=list)
    draft_bytes: int = 0


def headless_bench(home: Path, n: int, warmup: int) -> HeadlessResult:
    from assistant.tui.screens.preview import preview_report
    from assistant.workspace import Workspace, ensure_demo_draft

    workspace = Workspace(home)
    session = workspace.open(ensure_demo_draft(workspace.store)).session
    res = HeadlessResult()
    try:
        for i in range(warmup + n):
            session.edit(QUID)
            t0 = time.perf_counter()
            step = session.submit(AMOUNTS[i % 2])
            if step.change is None:
                raise BenchError(f"headless: {AMOUNTS[i % 2]} was refused: {step.turns}")
            t1 = time.perf_counter()
            session.save(step.change)
            t2 = time.perf_counter()
            session.saved(step.change)
            preview_report(session.interview)
            t3 = time.perf_counter()
            if i >= warmup:
                res.parse.append(t1 - t0)
                res.save.append(t2 - t1)
                res.preview.append(t3 - t2)
                res.total.append(t3 - t0)
    finally:
        workspace.close()
    files = sorted((home / "drafts").glob("*.json"))
    if files:  # the floor for a durable save: write + fsync + rename + fsync of the folder, same size
        data = files[0].read_bytes()
        res.draft_bytes = len(data)
        floor = home / "floor"
        floor.mkdir(exist_ok=True)
        for _ in range(n):
            t0 = time.perf_counter()
            tmp = floor / "x.tmp"
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, floor / "x.json")
            fd = os.open(floor, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            res.disk_floor.append(time.perf_counter() - t0)
    return res


def print_latency(pilot: list[Submission], opens: list[float], headless: HeadlessResult) -> None:
    def row(label: str, xs: list[float]) -> None:
        print(f"  {label:<46} median {ms(median(xs))}   p90 {ms(p90(xs))}   max {ms(max(xs))}")

    print(f"Answer latency through the app (Pilot, {len(pilot)} edits of {QUID}):")
    row("Enter → saved, echo + next turn drawn", [s.shown for s in pilot])
    row("  of which Interview.try_submit (parse+evaluate)", [s.parse for s in pilot])
    row("  of which store.save_answers (worker)", [s.save for s in pilot])
    row("  Enter → UI thread told the save is done", [s.to_callback for s in pilot])
    row("  of which _saved (mount turns, next, outline)", [s.saved_handler for s in pilot])
    row("preview_report after it", [s.preview for s in pilot])
    row("TOTAL submit → saved, shown, preview built", [s.total for s in pilot])
    k = min(10, len(pilot) // 2)
    if k:
        early, late = [s.shown for s in pilot[:k]], [s.shown for s in pilot[-k:]]
        print(f"  the chat grows with each answer: {pilot[0].turns} → {pilot[-1].turns} turns; "
              f"Enter → drawn, median of the first {k} {ms(median(early)).strip()}, "
              f"of the last {k} {ms(median(late)).strip()}")  # fmt: skip
    if opens:
        row(f"F4 → preview screen drawn ({len(opens)}×, info)", opens)
    print()
    print(f"Same path headless ({len(headless.total)} submissions):")
    row("Session.submit (parse + evaluate)", headless.parse)
    row("Session.save (DraftStore.save_answers)", headless.save)
    if headless.disk_floor:
        row(f"  floor: write+fsync+rename+fsync {headless.draft_bytes / 1024:.0f} KB", headless.disk_floor)
    row("Session.saved + preview_report", headless.preview)
    row("TOTAL", headless.total)
    print()


def latency(scratch: Path, submissions: int, previews: int) -> tuple[list[Submission], list[float]]:
    """Part 2 on its own: through the app (Pilot), then headless."""
    pilot, opens = asyncio.run(pilot_bench(scratch / "pilot-home", submissions, 3, previews))
    headless = headless_bench(scratch / "headless-home", submissions, 3)
    print_latency(pilot, opens, headless)
    return pilot, opens


# --- summary -------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_summary(baseline: Variant, apps: list[Variant], pilot: list[Submission], opens: list[float]) -> None:
    rows: list[tuple[str, str, str, str, str, str]] = []
    primary = [v for v in apps[:1] if not v.drafts]  # the reopened demo, when it was run
    for v in apps:
        ratio = v.startup / baseline.startup
        limit = TARGET_STARTUP if v in primary else TARGET_LIST.get(v.drafts)
        target = f"≤ {limit:.1f}×" if limit else "(info)"
        rows.append((f"start-up: {v.label}", f"{v.startup * 1000:.0f} ms", f"{baseline.startup * 1000:.0f} ms",
                     f"{ratio:.2f}×", target, verdict(ratio <= limit) if limit else ""))  # fmt: skip
    if pilot:
        total = median([s.total for s in pilot])
        rows.append(("submit → saved + shown + preview (Pilot)", f"{total * 1000:.1f} ms", "", "",
                     f"≤ {TARGET_LATENCY_MS:.0f} ms", verdict(total * 1000 <= TARGET_LATENCY_MS)))  # fmt: skip
        rows.append(("  of which Enter → saved, shown (Pilot)", f"{median([s.shown for s in pilot]) * 1000:.1f} ms",
                     "", "", "(info)", ""))  # fmt: skip
    if opens:
        rows.append(("F4 → preview drawn (Pilot)", f"{median(opens) * 1000:.0f} ms", "", "", "(info)", ""))
    for v in apps:
        ratio = v.rss_mb / baseline.rss_mb
        target = f"≤ {TARGET_MEMORY:.2f}×" if v in primary else "(info)"
        rows.append((f"peak RSS: {v.label}", f"{v.rss_mb:.1f} MB", f"{baseline.rss_mb:.1f} MB", f"{ratio:.2f}×",
                     target, verdict(ratio <= TARGET_MEMORY) if v in primary else ""))  # fmt: skip
    head = ("metric (medians)", "value", "baseline", "ratio", "target", "result")
    widths = [max(_width(r[c]) for r in [head, *rows]) for c in range(len(head))]
    print("SUMMARY (baseline: a minimal Textual app, one Static + one Input, same pty, same run)")
    for r in [head, *rows]:
        print("  " + "  ".join(_pad(cell, w, left=c == 0) for c, (cell, w) in enumerate(zip(r, widths, strict=True))))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    fill = " " * (width - _width(text))
    return text + fill if left else fill + text


@contextlib.contextmanager
def scratch_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed launches per program (default 5)")
    parser.add_argument("--submissions", type=int, default=30, help="answers submitted (default 30)")
    parser.add_argument("--previews", type=int, default=3, help="F4 preview openings timed (default 3)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a launch may take (default 60)")
    parser.add_argument("--drafts", default="10,1000,10000", help="drafts in the drafts-list variants' folders")
    parser.add_argument("--only-list", action="store_true", help="only the drafts list's start-up (and the baseline)")
    parser.add_argument("--only-latency", action="store_true", help="only part 2: the answer latency")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.submissions < 1:
        parser.error("--runs and --submissions must be at least 1")
    began = time.perf_counter()
    # An installed wheel has its bytecode compiled at install time; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would compile the app's modules on every start (not the baseline's)
    for package in ("assistant", "store"):
        compileall.compile_dir(ROOT / package, quiet=1)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; "
          f"code from {ROOT}\n")  # fmt: skip
    try:
        with scratch_dir() as scratch:
            if args.only_latency:
                latency(scratch, args.submissions, args.previews)
                return 0
            drafts = tuple(int(n) for n in args.drafts.split(",") if n.strip())
            baseline, apps = prepare_variants(scratch, drafts)
            if args.only_list:
                apps = [v for v in apps if v.drafts]
            run_launches(baseline, apps, args.runs, scratch, args.timeout)
            if args.only_list:
                print_summary(baseline, apps, [], [])
                return 0
            startup_breakdown(apps[0].argv[0], apps[0], baseline, scratch)
            pilot, opens = latency(scratch, args.submissions, args.previews)
            print_summary(baseline, apps, pilot, opens)
    except BenchError as err:
        print(f"benchmark failed: {err}", file=sys.stderr)
        return 1
    print(f"\n(whole benchmark: {time.perf_counter() - began:.0f} s, load {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
