"""The gradebook: what ``coursekit grade`` returns and writes.

See :mod:`coursekit.instructor.grade` for how it is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.instructor._common import csv_text, plural, write_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIXED_COLUMNS", "Gradebook", "Rejection"]

FIXED_COLUMNS = ("student", "quiz", "total", "max", "submitted_at", "file")
"""The gradebook's first columns; one ``<quiz_id>:<question_id>`` column per question follows."""


@dataclass(frozen=True)
class Rejection:
    """A submission file that was not graded, and why."""

    path: Path | None
    """The file (None for a submission given in memory without one)."""
    message: str
    """``FILE[:LINE]: [question ID: ]reason``, one line."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Gradebook:
    """The result of grading: the gradebook, the scored responses, and what was rejected."""

    table: pd.DataFrame
    """One row per student and quiz: :data:`FIXED_COLUMNS`, then points per question."""
    responses: pd.DataFrame
    """One row per graded response: ``student, quiz, question, type, points, max_points,
    correct, status, response`` (the response in :func:`~coursekit.quiz.scoring.canonical` form)."""
    key: dict[str, Any]
    """The practice quizzes graded against, by id."""
    rejected: tuple[Rejection, ...] = ()
    """Files not graded, in file order."""
    notes: tuple[str, ...] = ()
    """Things worth knowing that are not errors (duplicates resolved, missing students)."""

    def write_csv(self, path: str | Path) -> Path:
        """Write :attr:`table` as CSV (UTF-8, numbers without trailing zeros) and return the path.

        Text a student controls (file names, responses) cannot run as a spreadsheet formula:
        see :func:`~coursekit.instructor._common.csv_text`."""
        return write_text(path, csv_text(self.table, float_format="%.6g"))

    def summary(self) -> str:
        """One line: how many rows, students and quizzes were graded, and rejected files."""
        t = self.table
        line = (
            f"graded {plural(len(t), 'submission')} from {plural(t['student'].nunique(), 'student')} "
            f"in {plural(t['quiz'].nunique(), 'quiz', 'quizzes')}"
        )
        return line + (f"; {plural(len(self.rejected), 'file')} rejected" if self.rejected else "")
