"""`report-assistant serve` against the terminal app: start-up to the first question drawn, and
memory, measured in the same run (runs interleaved, after one untimed warm-up of each).

    python benchmarks/bench_serve.py [--runs 5] [--timeout 60]

Needs Chromium (Debian's `chromium`) and Playwright's Python package (pointed at that
executable: nothing is downloaded).

1. Start-up. Terminal: `report-assistant --demo` on a 100×30 pty, from spawning it until the
   bytes of the interview's current turn reach the terminal (bench_tui.py's "reopened" variant).
   Browser: Chromium already running on a blank page; the clock runs from spawning
   `report-assistant --demo serve --no-browser` until the same words have arrived in the page
   (over the WebSocket) and the page has drawn two animation frames after them (xterm.js draws
   in animation frames: with software rendering, --disable-gpu, drawing the app's first full
   screens is a good part of the time). Split into: the server ready (its address printed), the
   page loaded, the app's first screen and the question's words arrived. Both use the
   same data folder every run, quit with Ctrl+Q (typed into the page for the browser), so each
   start finds the view saved at the last close.
2. Memory: peak RSS (VmHWM) SETTLE seconds after the first full screen: the terminal app; the
   server alone (before a tab opens), the server and the tab's app process after it. The
   browser's own memory is not counted, as the terminal emulator's is not.

The machine's load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_tui import SETTLE, BenchError, child_env, launch, ms, vm_hwm_kb  # noqa: E402

from tests.support.served import (  # noqa: E402
    Screen,
    app_process,
    chromium,
    find_chromium,
    focus_terminal,
    free_port,
    until,
)


@dataclass
class Served:
    startup: float  # spawn → first question drawn in the page
    ready: float  # spawn → the server printed its address
    loaded: float  # spawn → the page loaded (before the app's first byte)
    first_screen: float  # spawn → the app's first screen update reached the page
    arrived: float  # spawn → the question's words reached the page (drawn at the next frame)
    server_idle_kb: int  # the server before any tab
    server_kb: int  # the server with one tab
    session_kb: int  # the tab's app process


def serve_once(app_cmd: str, home: Path, context: BrowserContext, marker: str, timeout: float) -> Served:
    page = context.new_page()  # a new tab each run, in the browser already running
    screen = Screen(page)
    first: list[float] = []

    def received(payload: bytes | str) -> None:
        if not first and len(payload) > 512:  # (not the page's ping, nor the app's set-up codes)
            first.append(time.perf_counter() - start)

    page.on("websocket", lambda ws: ws.on("framereceived", received))
    start = time.perf_counter()
    server = subprocess.Popen([app_cmd, "--demo", "serve", "--no-browser", "--port", str(free_port())],
                              env=child_env(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              encoding="utf-8")  # fmt: skip
    try:
        assert server.stdout is not None
        url = None
        while url is None:
            line = server.stdout.readline()
            if not line:
                raise BenchError("the server ended before saying its address")
            if found := re.search(r"http://\S+/", line):
                url = found.group(0)
        ready = time.perf_counter() - start
        idle_kb = vm_hwm_kb(server.pid) or 0
        page.goto(url)
        loaded = time.perf_counter() - start
        until(page, lambda: screen.shows(marker), f"{marker!r} in the page", patience=timeout)
        arrived = time.perf_counter() - start
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        startup = time.perf_counter() - start
        page.wait_for_timeout(SETTLE * 1000)
        session = app_process(server.pid)
        session_kb = vm_hwm_kb(session) or 0
        server_kb = vm_hwm_kb(server.pid) or 0
        focus_terminal(page)
        page.keyboard.press("Control+q")  # saves the view, as in the terminal's runs
        deadline = time.monotonic() + timeout
        while Path(f"/proc/{session}").exists() and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        page.close()
        return Served(startup, ready, loaded, first[0] if first else startup, arrived, idle_kb, server_kb, session_kb)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    executable = find_chromium()
    if executable is None:
        print("no Chromium installed (apt-get install chromium)", file=sys.stderr)
        return 2
    app_cmd = shutil.which("report-assistant", path=str(Path(sys.executable).parent))
    if app_cmd is None:
        print("report-assistant is not installed next to this Python (pip install -e .)", file=sys.stderr)
        return 2

    from assistant.workspace import ensure_demo_draft, interview_for, open_store

    print(f"load average at the start: {load()}")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch_name:
        scratch = Path(scratch_name)
        terminal_home, served_home = scratch / "terminal", scratch / "served"
        store = open_store(terminal_home)
        marker = interview_for(store.load(ensure_demo_draft(store))).opening()[-1].text[:8]
        store.close()
        shutil.copytree(terminal_home, served_home)
        print(f"marker (the demo's current turn): {marker!r}; {args.runs} interleaved runs after a warm-up each")

        terminal: list[float] = []
        terminal_kb: list[int] = []
        served: list[Served] = []
        with chromium(executable, scratch / "profile") as context:
            for run in range(args.runs + 1):  # run 0: the warm-up
                t = launch([app_cmd, "--demo"], child_env(terminal_home), marker, args.timeout)
                s = serve_once(app_cmd, served_home, context, marker, args.timeout)
                if run == 0:
                    continue
                terminal.append(t.startup)
                terminal_kb.append(t.max_rss_kb)
                served.append(s)
                print(f"  run {run}: terminal {t.startup * 1000:.0f} ms, browser {s.startup * 1000:.0f} ms", flush=True)

    def mb(values: list[int]) -> float:
        return statistics.median(values) / 1024

    median = statistics.median
    t_start = median(terminal)
    s_start = median([s.startup for s in served])
    print()
    print("Start-up to the first question drawn (median):")
    print(f"  terminal app (pty)                 {ms(t_start)}")
    print(f"  served, in Chromium                {ms(s_start)}  {s_start / t_start:.2f}× the terminal's")
    print(f"    of which the server ready        {ms(median([s.ready for s in served]))}")
    print(f"    the page loaded                  {ms(median([s.loaded for s in served]))}")
    print(f"    the app's first screen arrived   {ms(median([s.first_screen for s in served]))}")
    print(f"    the question's words arrived     {ms(median([s.arrived for s in served]))}")
    paired = median([s.startup / t for s, t in zip(served, terminal, strict=True)])
    print(f"    paired ratio (per run)           {paired:.2f}×")
    t_mb = mb(terminal_kb)
    server_mb, session_mb = mb([s.server_kb for s in served]), mb([s.session_kb for s in served])
    print("Peak memory (VmHWM, median):")
    print(f"  terminal app                       {t_mb:6.1f} MB")
    print(f"  server alone, before a tab         {mb([s.server_idle_kb for s in served]):6.1f} MB")
    print(f"  server with one tab                {server_mb:6.1f} MB")
    print(f"  the tab's app process              {session_mb:6.1f} MB")
    print(f"  server + one session               {server_mb + session_mb:6.1f} MB  "
          f"{(server_mb + session_mb) / t_mb:.2f}× the terminal app's")  # fmt: skip
    print(f"load average at the end: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
