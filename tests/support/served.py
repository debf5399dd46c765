"""`report-assistant serve` in a subprocess and the system's Chromium driven through Playwright
(pointed at that executable: nothing is downloaded), for the browser tests and bench_serve.py.

The page draws the app on a canvas, so what it shows is read from the bytes the server sends
it over the WebSocket (the app's screen updates, escape codes and text).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Download, Page

ROOT = Path(__file__).resolve().parents[2]

# How long a wait may take before the test fails: far beyond this machine's slowness, only so
# that a broken server or page ends the test (nothing is asserted on how long it took).
PATIENCE = 90.0

CHROMIUM_FLAGS = [
    "--no-sandbox",  # (root in CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The system's Chromium (Debian's `chromium`), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def free_port() -> int:
    """A port free just now (the server moves on to the next one if it is taken meanwhile)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def until(page: Page, condition: Callable[[], object], what: str, patience: float = PATIENCE) -> None:
    """Wait for `condition`, letting Playwright deliver its events meanwhile (it does so only
    inside its own calls, not during a sleep)."""
    deadline = time.monotonic() + patience
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {patience:.0f} s: {what}"
        page.wait_for_timeout(20)


@dataclass
class Served:
    """A running `report-assistant serve --no-browser`."""

    process: subprocess.Popen[str]
    url: str
    said: list[str]


def serve_env(scratch: Path) -> dict[str, str]:
    """The server's environment: its own HOME and working folder (the export dialog's default
    folder is the documents folder, else the working folder)."""
    env = {**os.environ, "HOME": str(scratch), "LANG": "C.UTF-8", "PYTHONUTF8": "1"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)  # run from scratch
    env.pop("REPORT_ASSISTANT_HOME", None)
    env.pop("XDG_DOCUMENTS_DIR", None)
    return env


@contextmanager
def serving(home: Path, scratch: Path, *, demo: bool = True, port: int | None = None) -> Iterator[Served]:
    argv = [sys.executable, "-m", "assistant", "--home", str(home), *(["--demo"] if demo else [])]
    argv += ["serve", "--no-browser", "--port", str(port or free_port())]
    process = subprocess.Popen(argv, cwd=scratch, env=serve_env(scratch), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8")  # fmt: skip
    said: list[str] = []
    try:
        assert process.stdout is not None
        url = None
        while url is None:  # the lines before the address (a port taken) are kept
            line = process.stdout.readline()
            assert line, f"the server ended before saying its address: {''.join(said)}"
            said.append(line)
            if found := re.search(r"http://\S+/", line):
                url = found.group(0)
        yield Served(process, url, said)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux: /proc/PID/task/*/children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def app_process(server: int) -> int:
    """The tab's app process: the Python below the server (textual-serve starts it through a shell)."""
    for pid in descendants(server):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"-m" in cmdline and b"assistant" in cmdline:
            return pid
    raise AssertionError("no app process below the server")


class Screen:
    """What the server sent the page: the app's output, decoded (escape codes left in)."""

    def __init__(self, page: Page) -> None:
        self.chunks: list[bytes] = []
        self.first_at: dict[str, float] = {}
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        self.chunks.append(payload if isinstance(payload, bytes) else payload.encode())

    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")

    def shows(self, words: str) -> bool:
        """Whether the app has drawn `words` (in one run of text, as Textual writes a label)."""
        return words in self.text()

    def mark(self) -> int:
        return len(self.chunks)

    def since(self, mark: int) -> str:
        return b"".join(self.chunks[mark:]).decode("utf-8", "replace")


@contextmanager
def chromium(executable: str, profile: Path, *, width: int = 1280, height: int = 800) -> Iterator[BrowserContext]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": width, "height": height}, accept_downloads=True,
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()


def collect_downloads(context: BrowserContext) -> list[Download]:
    """Downloads from any page: the served page opens each in a new tab (window.open)."""
    downloads: list[Download] = []

    def arrived(download: Download) -> None:  # (Playwright wants a function it can tag)
        downloads.append(download)

    def watch(page: Page) -> None:
        page.on("download", arrived)

    for page in context.pages:
        watch(page)
    context.on("page", watch)
    return downloads


def focus_terminal(page: Page) -> None:
    """Keys go to xterm.js's hidden textarea, as after a click on the page."""
    page.focus(".xterm-helper-textarea")


def ime_commit(page: Page, composing: list[str], text: str) -> None:
    """Input through an input method, as the browser reports it (DevTools protocol): the text
    being composed (pinyin, then candidates), then the chosen text committed."""
    cdp: Any = page.context.new_cdp_session(page)
    for shown in composing:
        cdp.send("Input.imeSetComposition", {"text": shown, "selectionStart": len(shown), "selectionEnd": len(shown)})
    cdp.send("Input.insertText", {"text": text})
    cdp.detach()
