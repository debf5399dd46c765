"""What an unexpected internal error leaves behind: a crash log in the data folder and one short
Chinese message on the screen, never a traceback (answers already acknowledged are on disk)."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

LOG_FOLDER = "logs"


def write_crash_log(home: str | Path | None, error: BaseException) -> Path | None:
    """Write the traceback and what is needed to reproduce it; returns the file, or None when
    not even the temporary folder can be written (the message then says so)."""
    from assistant import __version__

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join([
        f"report-assistant {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
        f"时间：{datetime.now().astimezone().isoformat(timespec='seconds')}\n",
        f"命令：{' '.join(sys.argv)}\n\n",
        *traceback.format_exception(error),
    ])  # fmt: skip
    for folder in _candidates(home):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue  # a broken data folder must not hide the crash: try the next place
        return path
    return None


def crash_message(log: Path | None) -> str:
    where = f"详细情况已记录在 {log}，请把这个文件发给技术支持。" if log else "详细情况无法写入磁盘。"
    return f"程序内部出错（不是您的操作有误），已停止。{where}已经确认保存的回答不会丢失。"


def _candidates(home: str | Path | None) -> list[Path]:
    from store.paths import HOME_ENV, default_home

    folders = []
    env = os.environ.get(HOME_ENV, "").strip()
    if home is not None or env:
        folders.append(Path(home if home is not None else env).expanduser() / LOG_FOLDER)
    else:
        with contextlib.suppress(OSError):  # the data folder itself may be what is broken
            folders.append(default_home() / LOG_FOLDER)
    folders.append(Path(tempfile.gettempdir()) / "report-assistant" / LOG_FOLDER)
    return folders
