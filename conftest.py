"""Session-wide test setup, shared by the unit tests and nbval's notebook runs.

Notebook kernels started by nbval inherit this process's environment, so the
course's saved answers and submissions go to a throw-away folder instead of the
learner's ``~/.coursekit/progress`` and the repository's ``submissions/``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    scratch = tempfile.mkdtemp(prefix="coursekit-tests-")
    os.environ.setdefault("COURSEKIT_PROGRESS", str(Path(scratch) / "progress"))
    os.environ.setdefault("COURSEKIT_SUBMISSIONS", str(Path(scratch) / "submissions"))


def pytest_collection_modifyitems(items):
    """Give nbval the expected output of every cell tagged ``nbval-check-output``.

    Notebooks are committed without outputs; the expected ones are kept in
    ``tests/notebook_outputs.json`` (see ``tests/notebook_outputs.py``), keyed by the
    cell's source.
    """
    nb_items = [item for item in items if getattr(item, "cell", None) is not None]
    if not nb_items:
        return
    import nbformat
    from tests.notebook_outputs import CHECK_TAG, load_expected, source

    expected = load_expected()
    for item in nb_items:
        cell = item.cell
        if CHECK_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        outputs = expected.get(item.path.name, {}).get(source(cell))
        if outputs is None:  # nbval then reports the output as unexpected;
            continue  # tests/test_notebooks.py says what to run
        cell["outputs"] = [nbformat.from_dict(o) for o in outputs]
        cell["execution_count"] = 1  # nbval skips a cell with outputs and no count as "unrun"
