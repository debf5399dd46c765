"""`report-assistant serve` without a browser: the command each tab runs, the port, the name of a
download, and requests from elsewhere refused (the server in a subprocess, on 127.0.0.1)."""

from __future__ import annotations

import http.client
import re
import shlex
import socket
import sys
from pathlib import Path

import pytest

from assistant.errors import CommandError
from assistant.tui.serve import LOOPBACK, attachment_header, bind_local, child_command, has_display
from tests.support.served import free_port, serving


def test_each_tab_runs_this_python_on_the_same_data_folder() -> None:
    home = Path("/tmp/数据 folder/it's here")
    argv = shlex.split(child_command(home, demo=True))
    assert argv == [sys.executable, "-m", "assistant", "--home", str(home), "--demo"]
    assert "--demo" not in shlex.split(child_command(home, demo=False))


def test_a_port_in_use_gives_the_next_free_one() -> None:
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with bind_local(port) as sock:
            address, moved = sock.getsockname()
            assert address == LOOPBACK and moved > port


def test_no_free_port_and_a_port_out_of_range_are_said_in_chinese() -> None:
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        with pytest.raises(CommandError, match=r"都已被占用，请用 --port 指定其他端口"):
            bind_local(taken.getsockname()[1], tries=1)
    with pytest.raises(CommandError, match="端口应在 1 至 65535 之间，而不是 70000"):
        bind_local(70000)


def test_a_download_keeps_its_chinese_name() -> None:
    # textual-serve writes the name raw: a browser reads it as Latin-1, and a space or ; cuts it
    header = attachment_header("attachment; filename=示例：2025年度 自评;报告.docx")
    assert header == (
        "attachment; filename=\"report.docx\"; filename*=UTF-8''"
        "%E7%A4%BA%E4%BE%8B%EF%BC%9A2025%E5%B9%B4%E5%BA%A6%20%E8%87%AA%E8%AF%84%3B%E6%8A%A5%E5%91%8A.docx"
    )
    assert header.isascii()
    assert attachment_header("inline") == "inline"


def _listening(port: int) -> list[str]:
    """The local addresses listening on `port` (Linux: /proc/net/tcp and tcp6), as hex."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hexport = local.rpartition(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def _get(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux's /proc")
def test_the_server_listens_on_127_0_0_1_only_and_serves_only_its_own_page(tmp_path: Path) -> None:
    with socket.socket() as taken:  # a port in use: the next one, and it says so in Chinese
        taken.bind((LOOPBACK, free_port()))
        taken.listen()
        port = taken.getsockname()[1]
        with serving(tmp_path / "home", tmp_path, port=port) as served:
            moved = re.fullmatch(rf"端口 {port} 已被占用，改用 (\d+)。\n", served.said[0])
            assert moved, served.said
            actual = int(moved.group(1))
            assert served.said[-1] == f"自评报告助手已启动：http://127.0.0.1:{actual}/\n"
            assert _listening(actual) == ["0100007F"], "bound to 127.0.0.1 alone (not 0.0.0.0, not ::)"
            assert _get(actual, "/", {}) == 200
            assert _get(actual, "/", {"Host": f"localhost:{actual}"}) == 200
            # a name some site resolves to 127.0.0.1, and another site's page opening the app's socket
            assert _get(actual, "/", {"Host": f"evil.example:{actual}"}) == 403
            ws = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}  # fmt: skip
            assert _get(actual, "/ws", {**ws, "Origin": "http://evil.example"}) == 403
            assert _get(actual, "/ws", {**ws, "Origin": f"http://127.0.0.1:{actual}"}) == 101


def test_serve_on_the_command_line_says_a_bad_port_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    assert main(["--home", str(tmp_path), "serve", "--port", "0", "--no-browser"]) == 2
    assert capsys.readouterr().err == "端口应在 1 至 65535 之间，而不是 0。\n"
    with pytest.raises(SystemExit) as exited:
        main(["--home", str(tmp_path), "serve", "--port", "八千"])
    assert exited.value.code == 2
    assert "参数 --port 应为整数，而不是 '八千'" in capsys.readouterr().err


def test_a_browser_is_opened_only_where_there_is_a_display() -> None:
    # (on Linux without one, webbrowser would start lynx or w3m in the server's own terminal)
    assert not has_display({}, "linux")
    assert has_display({"DISPLAY": ":0"}, "linux") and has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert has_display({}, "win32") and has_display({}, "darwin")
