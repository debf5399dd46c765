"""What every layer of the tests shares: where the repository and its data are, the Hypothesis
profiles, a factory for one-off questions and the command line run in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

from assistant.models import Question

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dept-overall.yaml"
DATA = ROOT / "tests" / "data"

# Hypothesis: by default (CI) a few examples, the same on every run, no example database and no
# deadline (a shared machine's timing must not fail a test): 40 for the parsers, the export's own
# random reports ask for fewer (SLOW_EXAMPLES). HYPOTHESIS_PROFILE=thorough (alias dev, or pytest
# --hypothesis-profile=thorough) searches 2,000 at random and remembers what failed.
_QUIET = [HealthCheck.too_slow]
settings.register_profile("ci", max_examples=40, derandomize=True, database=None, deadline=None, print_blob=True,
                          suppress_health_check=_QUIET)  # fmt: skip
for _name in ("thorough", "dev"):
    settings.register_profile(_name, max_examples=2000, deadline=None, print_blob=True, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# a test whose every example writes and validates a whole .docx: a fifth of the profile's count
SLOW_EXAMPLES = max(1, settings.default.max_examples // 5)


def make_question(type_: str, **kw: Any) -> Question:
    fields: dict[str, Any] = {"id": "q", "section": "s", "text": "这一项是多少？", "help": "说明",
                              "example": "示例答案", "type": type_}  # fmt: skip
    fields.update(kw)
    return Question(**fields)


def run_cli(*args: str, cwd: Path | None = None, python: str = sys.executable,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """`python -m assistant ARGS` in a subprocess, UTF-8, from the repository (or `cwd`), with
    `env` added to its environment."""
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(ROOT), **(env or {})}  # fmt: skip
    return subprocess.run(
        [python, "-m", "assistant", *args], cwd=cwd or ROOT, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )  # fmt: skip
