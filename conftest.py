"""Session-wide test setup, shared by the unit tests and nbval's notebook runs.

Notebook kernels started by nbval inherit this process's environment, so the
course's saved answers and submissions go to a throw-away folder instead of the
learner's ``~/.coursekit/progress`` and the repository's ``submissions/``.
"""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    scratch = tempfile.mkdtemp(prefix="coursekit-tests-")
    os.environ.setdefault("COURSEKIT_PROGRESS", os.path.join(scratch, "progress"))
    os.environ.setdefault("COURSEKIT_SUBMISSIONS", os.path.join(scratch, "submissions"))


def pytest_collection_modifyitems(items):
    """Let nbval compare the kept output of cells tagged ``nbval-check-output``.

    nbstripout (the pre-commit hook) keeps the outputs of ``keep_output`` cells but
    always clears execution counts, and nbval refuses a cell that has outputs and no
    count as "unrun". The saved output is the reference, so give it a count.
    """
    for item in items:
        cell = getattr(item, "cell", None)
        if (cell is not None and cell.get("execution_count") is None and cell.get("outputs")
                and "nbval-check-output" in cell.get("metadata", {}).get("tags", [])):
            cell["execution_count"] = 1
