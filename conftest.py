"""Session-wide test setup, shared by the unit tests and nbval's notebook runs.

Notebook kernels started by nbval inherit this process's environment, so the
course's saved answers and submissions go to a throw-away folder instead of the
learner's ``~/.coursekit/progress`` and the repository's ``submissions/``.

``--update-goldens`` rewrites every golden file the selected tests compare with
(see ``tests/goldens.py``); review the result with ``git diff``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

NOTEBOOK_TESTS = Path(__file__).resolve().parent / "tests" / "test_notebooks.py"


def pytest_addoption(parser):
    from tests import goldens

    parser.addoption(
        goldens.OPTION,
        action="store_true",
        default=False,
        help="rewrite every golden file the selected tests compare with (tests/instructor/golden/, "
        "tests/notebook_outputs.json, tests/quiz/fixtures/bad/expected.txt, quizzes/schema.json, "
        "data/corpus/) from the current code; then review `git diff`",
    )


def pytest_configure(config):
    from tests import goldens

    goldens.configure(config.getoption(goldens.OPTION))
    scratch = tempfile.mkdtemp(prefix="coursekit-tests-")
    os.environ.setdefault("COURSEKIT_PROGRESS", str(Path(scratch) / "progress"))
    os.environ.setdefault("COURSEKIT_SUBMISSIONS", str(Path(scratch) / "submissions"))


def pytest_collection_modifyitems(items):
    """Give nbval the expected output of every cell tagged ``nbval-check-output``.

    Notebooks are committed without outputs; the expected ones are kept in
    ``tests/notebook_outputs.json`` (see ``tests/notebook_outputs.py``), keyed by the
    cell's source. With ``--update-goldens`` that file is regenerated first, if a
    notebook or ``tests/test_notebooks.py`` is among the collected tests.
    """
    from tests import goldens, notebook_outputs

    nb_items = [item for item in items if getattr(item, "cell", None) is not None]
    if goldens.updating() and (nb_items or any(item.path == NOTEBOOK_TESTS for item in items)):
        notebook_outputs.main()
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
