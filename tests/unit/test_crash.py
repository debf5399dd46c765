"""An internal error is exit 1 with a short Chinese message naming a crash log in the data folder,
never a traceback on the screen; a reader that closes the pipe early ends the output quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.common import EXAMPLE, ROOT

# A bug stands in for one of ours: the command called raises an error no code expects.
BREAK_LIST = "import assistant.commands as c; c.list_drafts = lambda home: 1 / 0"


def run_python(code: str, *args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    script = f"{code}\nimport sys\nfrom assistant.cli import main\nraise SystemExit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=120)  # fmt: skip


def test_an_internal_error_exits_1_with_a_crash_log_and_no_traceback(tmp_path: Path) -> None:
    done = run_python(BREAK_LIST, "--home", str(tmp_path), "list")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "程序内部出错" in done.stderr and "已经确认保存的回答不会丢失" in done.stderr
    logs = list((tmp_path / "logs").glob("crash-*.txt"))
    assert len(logs) == 1 and str(logs[0]) in done.stderr
    log = logs[0].read_text(encoding="utf-8")
    assert "ZeroDivisionError" in log and "list" in log  # what a developer needs to reproduce it


def test_a_data_folder_that_cannot_hold_the_log_falls_back_to_the_temporary_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("一个文件占了日志文件夹的名字", encoding="utf-8")
    done = run_python(BREAK_LIST, "--home", str(home), "list")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    named = done.stderr.split("记录在 ")[1].split("，")[0]
    assert Path(named).is_file() and not Path(named).is_relative_to(home)
    Path(named).unlink()


def test_a_closed_pipe_ends_the_output_quietly(tmp_path: Path) -> None:
    """`report-assistant list | head -1` with the reader already gone: no BrokenPipeError text."""
    from assistant.workspace import open_store

    store = open_store(tmp_path)
    for n in range(3):
        store.create("project", f"草稿{n}")
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, whatever the timing
    try:
        done = run_python("", "--home", str(tmp_path), "list", stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr == ""


def test_a_user_error_is_still_exit_2(tmp_path: Path) -> None:
    done = run_python("", "--home", str(tmp_path), "export", "nosuchdraft", "--out", str(tmp_path / "a.docx"))
    assert done.returncode == 2 and "找不到编号为 nosuchdraft 的草稿" in done.stderr
    assert not (tmp_path / "logs").exists()


@pytest.mark.parametrize("command", [["fill", "dept-overall", "--answers", str(EXAMPLE)]])
def test_a_crash_after_the_work_names_the_log(tmp_path: Path, command: list[str]) -> None:
    code = "import assistant.commands as c; c.print_summary = lambda ev: [][0]"
    done = run_python(code, "--home", str(tmp_path), *command)
    assert done.returncode == 1 and "IndexError" not in done.stderr
    assert list((tmp_path / "logs").glob("crash-*.txt"))
