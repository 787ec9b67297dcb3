"""Golden files: committed outputs the tests compare with, and the one way to rewrite them.

A golden file is an output kept in the repository so that a test can compare a fresh
one with it: the instructor tools' outputs (``tests/instructor/golden/``), the
expected outputs of the notebook cells nbval checks (``tests/notebook_outputs.json``),
the problems ``coursekit check`` reports for the bad quiz fixtures
(``tests/quiz/fixtures/bad/expected.txt``), the quiz JSON Schema
(``quizzes/schema.json``) and the cleaned corpus (``data/corpus/``). After an intended change of an output, rewrite them and review
the diff::

    python -m pytest --update-goldens           # or a subset: pytest tests/instructor --update-goldens
    git diff                                    # review every change before committing
    python -m pytest                            # and check that the suite passes without the option

With the option, each golden-file test writes the fresh output over its golden file
(only where they differ) before it compares them, so it passes; the notebook outputs
are regenerated once, at collection, when a notebook or ``tests/test_notebooks.py``
is collected. The option is declared in the root ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["OPTION", "configure", "update", "update_folder", "updating"]

OPTION = "--update-goldens"

_updating = False


def configure(on: bool) -> None:
    """Switch rewriting on or off (the root conftest does this from ``--update-goldens``)."""
    global _updating
    _updating = bool(on)


def updating() -> bool:
    """True when this pytest run rewrites golden files."""
    return _updating


def update(path: Path, content: str) -> None:
    """With ``--update-goldens``, make ``path`` hold ``content``; otherwise do nothing."""
    if not _updating:
        return
    if path.is_file() and path.read_bytes() == content.encode("utf-8"):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="\n")


def update_folder(folder: Path, files: dict[str, str]) -> None:
    """With ``--update-goldens``, make ``folder`` hold exactly ``files`` (name -> content).

    Files not in ``files`` are removed, as ``coursekit corpus build`` does; files that
    already hold their content are left alone.
    """
    if not _updating:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, content in files.items():
        update(folder / name, content)
