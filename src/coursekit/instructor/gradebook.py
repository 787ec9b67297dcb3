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

__all__ = ["FIXED_COLUMNS", "NOT_SUBMITTED", "Gradebook", "Rejection"]

FIXED_COLUMNS = ("student", "quiz", "total", "max", "submitted_at", "file", "status", "unanswered")
"""The gradebook's first columns; one ``<quiz_id>:<question_id>`` column per question follows.

``status`` is ``graded``, or ``not submitted`` on the row of a roster student without a graded
submission (CSV only, see :meth:`Gradebook.write_csv`); ``unanswered`` counts the questions
left blank, so a 0 in a question column that was answered wrong can be told from a blank."""
NOT_SUBMITTED = "not submitted"


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
    missing: tuple[tuple[str, str], ...] = ()
    """``(student, quiz)`` of roster students (``--variants``) with no graded submission."""

    def full_table(self) -> pd.DataFrame:
        """:attr:`table` with a ``not submitted`` row for each of :attr:`missing`, sorted."""
        if not self.missing:
            return self.table
        import pandas as pd

        rows = pd.DataFrame(
            {
                "student": [s for s, _ in self.missing],
                "quiz": [q for _, q in self.missing],
                "status": NOT_SUBMITTED,
            }
        )
        full = pd.concat([self.table, rows.reindex(columns=self.table.columns)], ignore_index=True)
        full["status"] = full["status"].fillna(NOT_SUBMITTED)
        return full.sort_values(["student", "quiz"], kind="stable").reset_index(drop=True)

    def write_csv(self, path: str | Path) -> Path:
        """Write :meth:`full_table` as CSV (UTF-8, numbers without trailing zeros); return the path.

        Text a student controls (file names, responses) cannot run as a spreadsheet formula:
        see :func:`~coursekit.instructor._common.csv_text`."""
        return write_text(path, csv_text(self.full_table(), float_format="%.6g"))

    def summary(self) -> str:
        """One line: how many rows, students and quizzes were graded, and rejected files."""
        t = self.table
        line = (
            f"graded {plural(len(t), 'submission')} from {plural(t['student'].nunique(), 'student')} "
            f"in {plural(t['quiz'].nunique(), 'quiz', 'quizzes')}"
        )
        if self.missing:
            line += f"; {plural(len(self.missing), 'roster row')} not submitted"
        return line + (f"; {plural(len(self.rejected), 'file')} rejected" if self.rejected else "")
