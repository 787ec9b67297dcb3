"""The package itself: public API, import cost, command line."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import coursekit
from coursekit.cli import main


def test_public_api_is_small_and_listed():
    assert coursekit.__all__ == [
        "__version__",
        "load_documents",
        "load_events",
        "load_entities",
        "document_text",
        "passage",
        "mentions",
        "cite",
        "table",
        "prose",
        "setup_notebook",
        "CoursekitError",
        "corpus",
    ]
    for name in coursekit.__all__:
        assert getattr(coursekit, name) is not None


@pytest.mark.parametrize("package", ["coursekit", "coursekit.quiz", "coursekit.instructor"])
def test_type_checkers_see_each_lazy_name_where_it_loads_from(package: str):
    """Each package's ``if TYPE_CHECKING:`` imports (what mypy and editors read) name the
    same things from the same modules as the ``_LAZY`` table the package loads them from,
    and the package is typed (``py.typed``), so ``ck.cite`` is not ``Any`` to a user."""
    module = importlib.import_module(package)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1, f"{package}: one `if TYPE_CHECKING:` block"
    typed: dict[str, str] = {}
    for node in blocks[0].body:
        assert isinstance(node, ast.ImportFrom) and node.module, ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"{ast.unparse(node)}: re-export as the same name"
            submodule = f"{node.module}.{alias.name}"
            typed[alias.name] = submodule if module._LAZY.get(alias.name) == submodule else node.module
    assert typed == module._LAZY
    assert (Path(coursekit.__file__).parent / "py.typed").is_file()


def test_import_coursekit_stays_light():
    code = (
        "import sys, coursekit; heavy = [m for m in ('pandas', 'altair', 'ipywidgets', "
        "'pydantic', 'yaml') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_console_script_and_module_agree():
    a = subprocess.run([sys.executable, "-m", "coursekit", "--version"], capture_output=True, text=True)
    assert a.returncode == 0 and a.stdout.strip() == f"coursekit {coursekit.__version__}"


def test_usage_errors_are_one_line(capsys):
    code = None
    try:
        main(["no-such-command"])
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "invalid choice" in err


def test_setup_notebook_makes_charts_offline_and_freezes_the_imports():
    # In a fresh interpreter, as in a kernel: freezing must not leak into this test session.
    code = "\n".join(
        [
            "import gc, weakref, altair as alt, coursekit as ck",
            "ck.setup_notebook()",
            "frozen = gc.get_freeze_count()",
            "ck.setup_notebook()  # running the cell again is harmless",
            "class Node: pass",
            "a, b = Node(), Node(); a.other, b.other = b, a; gone = weakref.ref(a); del a, b",
            "gc.collect()",
            "print(alt.renderers.active, frozen > 50_000, gone() is None)",
        ]
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # offline charts; pandas, Altair and ipywidgets frozen; what the notebook makes later is
    # still collected
    assert out.stdout.split() == ["coursekit", "True", "True"]
