"""The corpus package: one module per responsibility, none over 500 lines, no import cycle.

Imports inside function bodies count too: a cycle hidden in a function still ties two
modules together (issue 12).
"""

from __future__ import annotations

import ast
from pathlib import Path

import coursekit.corpus

PACKAGE = Path(coursekit.corpus.__file__).parent


def _module_name(path: Path) -> str:
    return "coursekit.corpus" if path.stem == "__init__" else f"coursekit.corpus.{path.stem}"


def _imports(path: Path) -> set[str]:
    """Every corpus module ``path`` imports, at the top or inside any function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coursekit"):
            if node.module == "coursekit":
                found.update(f"coursekit.{a.name}" for a in node.names)
            else:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    modules = {_module_name(p) for p in PACKAGE.glob("*.py")}
    return {name for name in found if name in modules} - {_module_name(path)}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.glob("*.py"))}


def test_no_corpus_module_is_over_500_lines():
    for path in PACKAGE.glob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 500, f"{path.name}: {lines} lines"


def test_the_corpus_package_has_no_import_cycle_even_inside_functions():
    graph = _graph()

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            mod = todo.pop()
            if mod not in seen:
                seen.add(mod)
                todo.extend(graph.get(mod, ()))
        return seen

    cycles = [mod for mod in graph if mod in reach(mod)]
    assert not cycles, f"modules on an import cycle: {cycles}"


def test_the_cycle_check_sees_imports_inside_functions(tmp_path):
    """The checker itself: an import in a function body is found (it would miss none)."""
    module = tmp_path / "documents.py"
    module.write_text("def f():\n    from coursekit.corpus.build import x\n", encoding="utf-8")
    assert "coursekit.corpus.build" in _imports(module)


def test_the_package_namespace_stays_the_public_api():
    expected = {
        "ATTRIBUTIONS", "FLAGS", "PRECISIONS", "Passage", "date_span", "document_text",
        "load_documents", "load_entities", "load_events", "mentions", "paragraphs",
        "passage", "term_counts", "verify_quote",
    }  # fmt: skip
    assert expected <= set(coursekit.corpus.__all__)
    assert all(hasattr(coursekit.corpus, name) for name in coursekit.corpus.__all__)
