"""`report-assistant serve`: the same app in a browser on this computer (textual-serve).

textual-serve runs one app process per browser tab (the command below, through the shell),
relays its screen and keys over a WebSocket, and hands a file the app delivers
(`App.deliver_binary`) to the browser as a download.

The page gives full access to the drafts, so the server listens on 127.0.0.1 only, with no
option to listen elsewhere, and answers only requests addressed to it by its own name (Host:
a site that makes its name resolve to 127.0.0.1 is refused) and, when a browser says where a
request comes from, only its own page (Origin: a WebSocket is not bound by the same-origin
rule, so any web site open in the same browser could otherwise drive the app).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import shlex
import signal
import socket
import subprocess
import sys
import webbrowser
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from urllib.parse import quote

from aiohttp import web
from textual_serve.server import Server

from assistant.errors import CommandError

LOOPBACK = "127.0.0.1"
PORT_TRIES = 50  # a port in use: the next ones, this many in all
TITLE = "自评报告助手"  # the page's title (the app's own, without importing Textual into the server)
_PAGE = Path(__file__).with_name("serve_page")  # the page in Chinese, without fonts from the internet

# A port taken by another program (Windows reports its own codes; excluded ranges say "access").
_PORT_TAKEN = {errno.EADDRINUSE, errno.EACCES} | {
    code for code in (getattr(errno, "WSAEADDRINUSE", None), getattr(errno, "WSAEACCES", None)) if code
}


def child_command(home: Path, *, demo: bool) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this data folder."""
    argv = [sys.executable, "-m", "assistant", "--home", str(home), *(["--demo"] if demo else [])]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def bind_local(port: int, tries: int = PORT_TRIES) -> socket.socket:
    """A listening socket on 127.0.0.1: `port`, or the first free one after it."""
    if not 1 <= port <= 65535:
        raise CommandError(f"端口应在 1 至 65535 之间，而不是 {port}。")
    last = min(port + tries - 1, 65535)
    for candidate in range(port, last + 1):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if os.name == "nt":  # there SO_REUSEADDR would let two servers share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # a port left in TIME_WAIT by the last run is free to listen on
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, candidate))
            sock.listen(128)
        except OSError as err:
            sock.close()
            if err.errno in _PORT_TAKEN:
                continue
            raise
        return sock
    raise CommandError(f"端口 {port} 至 {last} 都已被占用，请用 --port 指定其他端口。")


def attachment_header(value: str) -> str:
    """textual-serve writes `attachment; filename=报告.docx` as it is (Chromium then got no
    download at all, and a `;` or space would cut the name): the name in RFC 6266's UTF-8
    form, with a plain fallback for very old browsers."""
    disposition, sep, name = value.partition("; filename=")
    if not sep:
        return value
    suffix = Path(name).suffix
    fallback = suffix if suffix.isascii() and suffix.strip(".").isalnum() else ""
    return f"{disposition}; filename=\"report{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def has_display(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether a browser can open here: on Linux without a display, `webbrowser` would start a
    text browser (lynx, w3m) in the very terminal the server writes to."""
    return not platform.startswith("linux") or bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class LocalServer(Server):
    """textual-serve's server on a socket bound beforehand (127.0.0.1), for this machine only."""

    def __init__(self, command: str, sock: socket.socket, *, open_browser: bool) -> None:
        self.sock = sock
        port = sock.getsockname()[1]
        super().__init__(command, host=LOOPBACK, port=port, title=TITLE, templates_path=_PAGE)
        self.open_browser = open_browser
        self.hosts = {f"{LOOPBACK}:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}
        self.sessions: set[asyncio.Task[object]] = set()  # one per open tab

    @property
    def url(self) -> str:
        return f"{self.public_url}/"

    def initialize_logging(self) -> None:
        # a line per request is noise in the window a writer keeps open; faults still show
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._only_this_machine)
        app.on_response_prepare.append(self._name_download)
        return app

    @web.middleware
    async def _only_this_machine(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if request.host not in self.hosts or (origin is not None and origin not in self.origins):
            raise web.HTTPForbidden(text="自评报告助手只接受本机在 127.0.0.1 上打开的页面。")
        return await handler(request)

    @staticmethod
    async def _name_download(request: web.Request, response: web.StreamResponse) -> None:
        value = response.headers.get("Content-Disposition")
        if value is not None:
            response.headers["Content-Disposition"] = attachment_header(value)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C with tabs open: each tab's app is told to quit now (textual-serve does so when
        its tab's handler ends; aiohttp waited for the handlers, 20 s and more, before it ended
        them). Every answer acknowledged is saved already."""
        for task in self.sessions:
            task.cancel()
        await asyncio.gather(*self.sessions, return_exceptions=True)

    async def on_startup(self, app: web.Application) -> None:
        print(f"自评报告助手已启动：{self.url}", flush=True)
        print("这个网址只有本机可以打开；关闭这个窗口或按 Ctrl+C 即停止（回答都已保存）。", flush=True)
        if self.open_browser and has_display():
            await asyncio.get_running_loop().run_in_executor(None, webbrowser.open, self.url)
        elif self.open_browser:
            print("这台电脑没有图形界面：请在浏览器中打开上面的网址。", flush=True)

    def serve(self, debug: bool = False) -> None:
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C raises KeyboardInterrupt
                loop.add_signal_handler(signum, self.request_exit)
        web.run_app(self._make_app(), sock=self.sock, handle_signals=False, loop=loop, print=None)


def serve(home: str | Path | None, *, demo: bool, port: int, open_browser: bool) -> int:
    from assistant.workspace import default_home, prepare_home

    folder = (Path(home) if home is not None else default_home()).resolve()
    prepare_home(folder)  # a data folder that cannot be used: said before anything listens
    sock = bind_local(port)
    taken = sock.getsockname()[1]
    if taken != port:
        print(f"端口 {port} 已被占用，改用 {taken}。", flush=True)
    LocalServer(child_command(folder, demo=demo), sock, open_browser=open_browser).serve()
    return 0
