"""The package itself: public API, import cost, command line."""

from __future__ import annotations

import subprocess
import sys

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
