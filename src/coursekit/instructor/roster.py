"""Rosters: the CSV file of the students a release is made for."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coursekit.instructor._common import InstructorError, read_csv_text, student_id
from coursekit.quiz.types._base import listing

__all__ = ["Student", "read_roster"]

_MAX_ROSTER_BYTES = 5_000_000


@dataclass(frozen=True)
class Student:
    """One row of a roster."""

    student_id: str
    """The id the student answers as (a valid coursekit student id)."""
    name: str = ""
    """Their name, if the roster has a ``name`` column."""


def read_roster(path: str | Path) -> list[Student]:
    """Read a roster: a UTF-8 CSV file with a ``student_id`` column (and maybe ``name``).

    Other columns are ignored. Empty rows (every cell blank, as spreadsheets export
    trailing rows) are skipped; a row with something in it but no ``student_id`` is an
    error naming its line: that student would get no handout. Ids are normalised
    and checked by :func:`~coursekit.instructor._common.student_id`.

    Raises
    ------
    InstructorError
        ``FILE:LINE: reason`` if the file is missing, not UTF-8, has no
        ``student_id`` column, an invalid or duplicate id, or no students.

    Examples
    --------
    >>> read_roster("no/such/roster.csv")
    Traceback (most recent call last):
    ...
    coursekit.instructor._common.InstructorError: no/such/roster.csv: no such file
    """
    path = Path(path)
    text = read_csv_text(path, _MAX_ROSTER_BYTES, "roster")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if "student_id" not in header:
        found = listing(header) or "nothing"
        msg = (
            f"no student_id column (found {found}); the first row must name "
            "the columns: student_id, and optionally name"
        )
        raise InstructorError(msg, path=path, line=1)
    reader.fieldnames = header
    students: list[Student] = []
    first_line: dict[str, int] = {}
    try:
        for row in reader:
            raw = row.get("student_id") or ""
            line = reader.line_num
            if not raw.strip():
                if not any((v or "").strip() if isinstance(v, str) else v for v in row.values()):
                    continue  # an empty row
                msg = "no student_id on this row; fill it in or delete the row (that student gets no handout)"
                raise InstructorError(msg, path=path, line=line)
            try:
                sid = student_id(raw)
            except InstructorError as exc:
                raise InstructorError(exc.message, path=path, line=line) from None
            if sid in first_line:
                msg = f"duplicate student_id {sid!r} (first on line {first_line[sid]})"
                raise InstructorError(msg, path=path, line=line)
            first_line[sid] = line
            students.append(Student(sid, (row.get("name") or "").strip()))
    except csv.Error as exc:
        msg = f"not a valid CSV file: {exc}"
        raise InstructorError(msg, path=path, line=reader.line_num) from None
    if not students:
        msg = "no students: the student_id column is empty"
        raise InstructorError(msg, path=path)
    return students
