"""Export a practice quiz to a learning platform or to paper.

========  ===============================================================
format    what is written
========  ===============================================================
gift      Moodle GIFT text (``Question bank > Import > GIFT format``)
qti       a Canvas QTI 1.2 zip (``Settings > Import course content > QTI .zip``)
markdown  a printable quiz, and its answer key as a separate ``-key`` file
========  ===============================================================

Each exporter returns warnings, one line each, for what the format cannot
carry (a question type it lacks is skipped and named; a ``text`` pattern is
dropped): nothing is lost silently.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from coursekit.instructor._common import InstructorError, load_quiz_set
from coursekit.instructor.export._base import Export, warning

__all__ = ["FORMATS", "SUFFIXES", "WRITERS", "Export", "export_quiz", "warning"]

WRITERS = {
    "gift": ("gift", "write_gift"),
    "qti": ("qti", "write_qti"),
    "markdown": ("markdown", "write_markdown"),
}
"""Format -> (module of this package, its ``write_*(quiz, path) -> Export`` function).

A format module imports only :mod:`~coursekit.instructor.export._base` and
:mod:`~coursekit.instructor._common`, never this package's ``__init__``, so
loading it on demand makes no import cycle.
"""
FORMATS = tuple(WRITERS)
"""The export formats."""
SUFFIXES = {"gift": ".gift.txt", "qti": ".qti.zip", "markdown": ".md"}
"""Default file suffix per format."""


def export_quiz(quiz: str | Path | Any, fmt: str, out: str | Path | None = None) -> Export:
    """Export one practice quiz.

    Parameters
    ----------
    quiz
        A quiz id, a quiz file, or a loaded practice quiz.
    fmt
        One of :data:`FORMATS`.
    out
        The file to write; default ``<quiz_id><suffix>`` in the current folder.

    Raises
    ------
    InstructorError
        For an unknown format, an exam copy (no answers to export), or a quiz
        none of whose questions the format can express.
    QuizError
        If the quiz file has a problem.

    Examples
    --------
    >>> export_quiz("02-roadmaps", "pdf")
    Traceback (most recent call last):
    ...
    coursekit.instructor._common.InstructorError: unknown format 'pdf'; valid: gift, qti, markdown
    """
    if fmt not in FORMATS:
        msg = f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}"
        raise InstructorError(msg)
    loaded = load_quiz_set(quiz)[0] if isinstance(quiz, str | Path) else quiz
    if loaded.mode != "practice":
        msg = f"quiz {loaded.id} is an exam copy (mode: exam) without answers; export the practice quiz"
        raise InstructorError(msg, path=quiz if isinstance(quiz, Path) else None)
    target = Path(out) if out is not None else Path(f"{loaded.id}{SUFFIXES[fmt]}")
    module, writer = WRITERS[fmt]
    write = getattr(importlib.import_module(f"{__name__}.{module}"), writer)
    result: Export = write(loaded, target)
    return result
