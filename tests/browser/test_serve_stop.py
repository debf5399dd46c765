"""Stopping `report-assistant serve` (Ctrl+C) with a tab open ends that tab's app process, and
the server exits cleanly. A WebSocket client stands in for the page (no browser needed)."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.served import PATIENCE, app_process, serving

if TYPE_CHECKING:
    from aiohttp import ClientSession, ClientWebSocketResponse

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the app process in Linux's /proc")


async def _open_tab(url: str) -> tuple[ClientSession, ClientWebSocketResponse]:
    import aiohttp

    client = aiohttp.ClientSession()
    origin = url.rstrip("/")
    socket = await client.ws_connect(f"{origin}/ws?width=100&height=30", origin=origin)
    while True:  # until the app has drawn something
        message = await asyncio.wait_for(socket.receive(), PATIENCE)
        if message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 512:
            return client, socket
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message


def test_ctrl_c_with_a_tab_open_ends_its_app_and_the_server(tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    with serving(tmp_path / "home", tmp_path) as served:
        client, socket = loop.run_until_complete(_open_tab(served.url))
        try:
            app = app_process(served.process.pid)
            served.process.send_signal(signal.SIGINT)
            assert served.process.wait(timeout=PATIENCE) == 0
            assert not Path(f"/proc/{app}").exists() or "State:\tZ" in Path(f"/proc/{app}/status").read_text()
        finally:
            loop.run_until_complete(socket.close())
            loop.run_until_complete(client.close())
            loop.close()
