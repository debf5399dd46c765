"""The walls between the modules (design.md, "Rooms"), read from the source: no import cycle,
also not through an import inside a function; the terminal UI imports nothing of store/ (it
reaches drafts through the workspace and the session); Textual only in assistant/tui and
cli.py; TinyDB only in store/; the store imports nothing of the program but its errors and
models (it stores, it does not evaluate). Each rule is also tried on a small made-up package
that breaks it, so that a rule cannot pass by finding nothing."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "store")

Graph = dict[str, set[str]]  # module → the modules it imports (ours and others', top-level names for others)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path, packages: tuple[str, ...] = PACKAGES) -> tuple[Graph, Graph]:
    """Our modules' imports of our modules, and of other packages (by top-level name). Every
    import counts, at the top or inside a function, also under `if TYPE_CHECKING` (a cycle of
    annotations is still two modules that know each other), and a dotted module name written as
    a string (a lazy `importlib.import_module`)."""
    files = {module_name(p, root): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))
             if "_data" not in p.parts}  # fmt: skip
    ours: Graph = {m: set() for m in files}
    others: Graph = {m: set() for m in files}
    for module, path in files.items():
        is_package = path.name == "__init__.py"
        for target in _imports(ast.parse(path.read_text(encoding="utf-8")), module, is_package, set(files)):
            if target in files:
                if target != module and not module.startswith(target + "."):  # (a package above: not an edge)
                    ours[module].add(target)
            elif target.split(".")[0] not in packages:
                others[module].add(target.split(".")[0])
    return ours, others


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package this module is in (or is)
                here = module.split(".") if is_package else module.split(".")[:-1]
                here = here[: len(here) - (node.level - 1)]
                base = ".".join([*here, base] if base else here)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield sub if sub in known else base
        elif _names_a_module(node, known):  # a lazy import by name
            yield node.value  # type: ignore[attr-defined]


def _names_a_module(node: ast.AST, known: set[str]) -> bool:
    """A string that is one of our dotted module names ("store.drafts", not a word like "store")."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value and node.value in known


def cycles(graph: Graph) -> list[list[str]]:
    """Each group of modules that import one another, directly or round about (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _within(module: str, *places: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in places)


def broken_walls(root: Path, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Every rule of the module's doc that the source breaks, each said with the modules."""
    ours, others = import_graph(root, packages)
    problems = [f"import cycle: {' ↔ '.join(group)}" for group in cycles(ours)]
    for module, targets in sorted(ours.items()):
        if _within(module, "assistant.tui"):
            problems += [f"{module} imports {t} (the UI reaches drafts through workspace and session)"
                         for t in sorted(targets) if _within(t, "store")]  # fmt: skip
        if _within(module, "store"):
            problems += [f"{module} imports {t} (the store stores: only assistant.errors and assistant.models)"
                         for t in sorted(targets) if _within(t, "assistant")
                         and t not in ("assistant", "assistant.errors", "assistant.models")]  # fmt: skip
    for module, targets in sorted(others.items()):
        if "textual" in targets and not _within(module, "assistant.tui", "assistant.cli"):
            problems.append(f"{module} imports textual (only assistant/tui and cli.py may)")
        if "tinydb" in targets and not _within(module, "store"):
            problems.append(f"{module} imports tinydb (only store/ may)")
    return problems


def test_the_walls_hold() -> None:
    assert broken_walls(ROOT) == []


def test_the_graph_sees_the_imports_that_matter() -> None:
    """The reading of the real source: imports inside functions, lazy ones by name, relative ones."""
    ours, others = import_graph(ROOT)
    assert "assistant.session" in ours["assistant.workspace"], "imported inside a method"
    assert "store.drafts" in ours["store"], "loaded lazily by name (PEP 562)"
    assert "assistant.interview" in ours["assistant.session"] and "tinydb" in others["store.storage"]
    assert "textual" in others["assistant.tui.app"]


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({"assistant/cli.py": "from assistant.commands import fill\n",
          "assistant/commands.py": "def fill():\n    from assistant.cli import CommandError\n"},
         "import cycle: assistant.cli ↔ assistant.commands"),
        ({"assistant/kinds.py": "from . import compose\n",
          "assistant/compose.py": "import typing\nif typing.TYPE_CHECKING:\n    from assistant.kinds import x\n"},
         "import cycle: assistant.compose ↔ assistant.kinds"),
        ({"assistant/tui/home.py": "def f():\n    from store.drafts import DraftStore\n", "store/drafts.py": ""},
         "assistant.tui.home imports store.drafts"),
        ({"assistant/tui/home.py": "from store import DraftStore\n", "store/__init__.py": ""},
         "assistant.tui.home imports store"),
        ({"assistant/checks.py": "from textual.app import App\n"}, "assistant.checks imports textual"),
        ({"assistant/workspace.py": "import tinydb\n"}, "assistant.workspace imports tinydb"),
        ({"store/drafts.py": "from assistant.pipeline import evaluate\n", "assistant/pipeline.py": ""},
         "store.drafts imports assistant.pipeline"),
    ],
    ids=["cycle inside a function", "cycle of annotations, relative", "UI imports store.drafts",
         "UI imports store", "Textual outside the UI", "TinyDB outside the store", "store evaluates"],
)  # fmt: skip
def test_each_wall_catches_what_breaks_it(tmp_path: Path, files: dict[str, str], said: str) -> None:
    broken = broken_walls(_package(tmp_path, {"assistant/__init__.py": "", "store/__init__.py": "", **files}))
    assert any(problem.startswith(said) for problem in broken), broken


def test_the_first_frame_needs_neither_pydantic_jinja_nor_tinydb() -> None:
    """The app, its first screens and the workspace they go through import none of them (they
    take longer to import than a bare Textual app takes to start: see benchmarks/bench_tui.py)."""
    import subprocess
    import sys

    code = (
        "import sys, assistant.cli, assistant.tui.app, assistant.tui.screens.home, assistant.workspace;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'jinja2', 'tinydb', 'yaml'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
