"""Fixtures every layer shares: the dept-overall kind, the sample-3 example answers, a factory for
one-off questions, a written report, the demo data folder, a count of evaluations. Helpers that
are not fixtures live in tests/support/."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.kinds import load_kind
from assistant.models import ReportKind
from assistant.pipeline import Evaluation, evaluate
from tests.support.common import EXAMPLE, make_question


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


@pytest.fixture
def q():
    """q("money", unit="万元") → a Question of that type."""
    return make_question


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample-3-like report written as .docx once per test module."""
    from assistant.export.docx import write_docx
    from tests.support.report import sample_report

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
