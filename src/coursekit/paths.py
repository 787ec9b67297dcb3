"""Where coursekit finds its data, its quizzes and the learner's progress.

The course works from any working directory: JupyterLab may start a kernel in
``notebooks/``, Binder in the repository root, an instructor anywhere.

* ``COURSEKIT_DATA`` points at another corpus with the same layout
  (``raw/``, ``corpus/``, ``sources.yaml``, ``events.csv``, ``entities.csv``).
* ``COURSEKIT_QUIZZES`` points at another folder of quiz files.
* ``COURSEKIT_PROGRESS`` points at the folder where answers are saved.

Without them, the project root is found next to the installed package (an
editable install from a checkout) or above the current working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from coursekit.errors import DataError

__all__ = ["data_dir", "progress_dir", "project_root", "quizzes_dir", "submissions_dir"]

_MARKER = Path("data") / "sources.yaml"


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    found = [here.parents[2]]  # src/coursekit/paths.py -> repository root
    cwd = Path.cwd().resolve()
    found.extend([cwd, *cwd.parents])
    return found


def project_root() -> Path:
    """Return the course repository's root folder.

    Raises
    ------
    DataError
        If no folder holding ``data/sources.yaml`` can be found.
    """
    for folder in _candidates():
        if (folder / _MARKER).is_file():
            return folder
    msg = (
        "cannot find the course data (data/sources.yaml) next to the package or above "
        f"{Path.cwd()}; run from a checkout of the course or set COURSEKIT_DATA"
    )
    raise DataError(msg)


def data_dir() -> Path:
    """Return the data folder: ``$COURSEKIT_DATA`` or ``<project>/data``."""
    env = os.environ.get("COURSEKIT_DATA")
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            msg = f"COURSEKIT_DATA={env} is not a folder"
            raise DataError(msg)
        return path
    return project_root() / "data"


def quizzes_dir() -> Path:
    """Return the quiz folder: ``$COURSEKIT_QUIZZES`` or ``<project>/quizzes``."""
    env = os.environ.get("COURSEKIT_QUIZZES")
    if env:
        return Path(env).expanduser()
    return project_root() / "quizzes"


def progress_dir() -> Path:
    """Return the folder where a learner's answers are saved.

    ``$COURSEKIT_PROGRESS`` if set, else ``~/.coursekit/progress``: outside the
    repository, so that a ``git pull`` of new course material never touches it.
    """
    env = os.environ.get("COURSEKIT_PROGRESS")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".coursekit" / "progress"


def submissions_dir() -> Path:
    """Return the folder where :func:`coursekit.quiz.submit` writes submission files.

    ``$COURSEKIT_SUBMISSIONS`` if set, else ``<project>/notebooks/submissions`` (ignored
    by git): JupyterLab's file browser is rooted at ``notebooks/`` when started as the
    README says, so that is where a student sees the files to hand in.
    """
    env = os.environ.get("COURSEKIT_SUBMISSIONS")
    if env:
        return Path(env).expanduser()
    return project_root() / "notebooks" / "submissions"
