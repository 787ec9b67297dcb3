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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.instructor._common import InstructorError, load_quiz_set

__all__ = ["FORMATS", "SUFFIXES", "Export", "export_quiz", "warning"]

FORMATS = ("gift", "qti", "markdown")
"""The export formats."""
SUFFIXES = {"gift": ".gift.txt", "qti": ".qti.zip", "markdown": ".md"}
"""Default file suffix per format."""


@dataclass(frozen=True)
class Export:
    """What an export wrote."""

    files: tuple[Path, ...]
    """The files written (markdown: the quiz, then the key)."""
    warnings: tuple[str, ...] = field(default=())
    """One line per thing the format could not carry."""
    questions: int = 0
    """How many questions were exported."""


def warning(quiz: Any, question: Any, message: str) -> str:
    """A warning line: ``quiz ID: question ID (TYPE): message``."""
    return f"quiz {quiz.id}: question {question.id} ({question.type}): {message}"


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
    if fmt == "gift":
        from coursekit.instructor.export.gift import write_gift

        return write_gift(loaded, target)
    if fmt == "qti":
        from coursekit.instructor.export.qti import write_qti

        return write_qti(loaded, target)
    from coursekit.instructor.export.markdown import write_markdown

    return write_markdown(loaded, target)
