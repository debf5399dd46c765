"""Issue 12, the input half, as a user meets it: `report-assistant fill KIND --answers F` in a
subprocess, one case of each class of bad input. Each is refused with a Chinese message naming
the file (and line) and exit status 2, with no traceback and no English; or, where the input is
good after all (UTF-16 from Notepad, emoji written by json.dump), the report is right."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import EXAMPLE, run_cli

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
ENGLISH = re.compile(r"Traceback|Error|codec|decode|line \d|Errno|[A-Za-z]{4,} [a-z]{3,}")


def example_with(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE_TEXT)
    data.update(changes)
    return data


def refused(tmp_path: Path, name: str, content: str | bytes, *words: str, kind: str = "dept-overall") -> str:
    """Run fill on a file holding `content`: exit 2, every word in the message, no traceback."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    done = run_cli("fill", kind, "--answers", str(path), "--out", str(tmp_path / "r.md"))
    assert done.returncode == 2, done.stderr + done.stdout
    assert done.stdout == "" and not (tmp_path / "r.md").exists()
    assert not ENGLISH.search(done.stderr.replace(str(tmp_path), "").replace(name, "")), done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)
    return done.stderr


def filled(tmp_path: Path, name: str, content: str | bytes, kind: str = "dept-overall") -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / f"{name}.md"
    done = run_cli("fill", kind, "--answers", str(path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out.read_text(encoding="utf-8")


def test_numbers_past_exact_arithmetic_are_refused_with_the_largest_amount(tmp_path: Path) -> None:
    content = yaml.safe_dump(example_with(income_total="1" * 35 + "万元", help_amount="9" * 30), allow_unicode=True)
    err = refused(tmp_path, "big.yaml", content, "income_total（总收入）", "应小于1万亿元（100000000万元）",
                  "help_amount")  # fmt: skip
    assert err.count("1万亿元") == 2
    indicators = example_with()["indicators"]
    indicators[0] = "产出指标｜数量指标｜座谈会次数｜≥1次｜" + "1" * 30 + "次｜5"
    content = yaml.safe_dump(example_with(indicators=indicators), allow_unicode=True)
    refused(tmp_path, "big-indicator.yaml", content, "第1行“实际完成值”：数字过大",
            "最多可以填写12位整数（999999999999）")  # fmt: skip
