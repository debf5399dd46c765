"""Shared fixtures of the core tests: the dept-overall kind, the sample-3 example answers, and a
factory for one-off questions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.kinds import load_kind
from assistant.models import Question, ReportKind
from assistant.pipeline import Evaluation, evaluate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dept-overall.yaml"
DATA = Path(__file__).resolve().parent / "data"

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


@pytest.fixture(scope="session")
def kind() -> ReportKind:
    return load_kind("dept-overall")


@pytest.fixture(scope="session")
def _example_raw() -> dict[str, str]:
    return {k: answer_from_file(v) for k, v in answers_file(EXAMPLE).items()}


@pytest.fixture
def example_raw(_example_raw: dict[str, str]) -> dict[str, str]:
    """The example's answers as typed text (a fresh copy: tests may change it)."""
    return dict(_example_raw)


@pytest.fixture
def example_ev(kind: ReportKind, example_raw: dict[str, str]) -> Evaluation:
    return evaluate(kind, example_raw)


def make_question(type_: str, **kw: Any) -> Question:
    fields: dict[str, Any] = {"id": "q", "section": "s", "text": "这一项是多少？", "help": "说明",
                              "example": "示例答案", "type": type_}  # fmt: skip
    fields.update(kw)
    return Question(**fields)


@pytest.fixture
def q():
    """q("money", unit="万元") → a Question of that type."""
    return make_question


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


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample-3-like report written as .docx once per test module."""
    from assistant.export.docx import write_docx
    from tests.fixtures_report import sample_report

    return write_docx(sample_report(), tmp_path_factory.mktemp("docx") / "report.docx")


@pytest.fixture(scope="module")
def document(written: Path) -> Any:
    import docx

    return docx.Document(str(written))


@pytest.fixture
def demo_home(tmp_path: Path) -> Path:
    """A data folder holding the --demo draft (sample 3, fully answered), the store closed again."""
    from assistant.workspace import ensure_demo_draft, open_store

    store = open_store(tmp_path)
    ensure_demo_draft(store)
    store.close()
    return tmp_path


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each call of pipeline.evaluate from now on (however a module imported it) adds an entry:
    what one change costs (test_session.py, test_tui_flow.py)."""
    import assistant.pipeline as pipeline

    calls: list[int] = []
    original = pipeline.evaluate

    def counted(*args: Any, **kwargs: Any) -> Evaluation:
        calls.append(1)
        return original(*args, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "evaluate", None) is original:
            monkeypatch.setattr(module, "evaluate", counted)
    return calls
