"""What every export format shares: the result of an export and its warning lines.

A leaf module: it imports nothing of :mod:`coursekit.instructor.export`, so the
formats import from here and the package picks a format without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Export", "warning"]


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
