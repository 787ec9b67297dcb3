"""Who is who: a submission's student id, file name and time, checked before it is graded.

A student writes their submission file and may edit it. Nothing in it is taken
on trust: the id is normalised and checked
(:func:`~coursekit.instructor._common.student_id`), a file named as *Submit* names
it must agree with its content, a time in the future is refused, and of several
submissions of one quiz by one student the latest is graded, with a note; equal
latest times with different answers grade none of them.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from coursekit._files import parse_time
from coursekit.instructor._common import InstructorError, student_id
from coursekit.quiz.types._base import quoted as _quoted

if TYPE_CHECKING:
    from coursekit.instructor.gradebook import Rejection
    from coursekit.quiz.submission import Submission

__all__ = ["FUTURE_TOLERANCE", "identity_problem", "named", "resolve_duplicates"]

FUTURE_TOLERANCE = timedelta(minutes=10)
"""A ``submitted_at`` later than the grading machine's clock plus this is refused."""


def _when(text: str) -> datetime:
    stamp = parse_time(text)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def identity_problem(sub: Submission, now: datetime) -> tuple[str, str | None]:
    """The submission's student id normalised, and why the file is refused (or None).

    Refused: an invalid id (see :func:`~coursekit.instructor._common.student_id`);
    a ``submitted_at`` in the future (beyond :data:`FUTURE_TOLERANCE`); a file named as
    ``submit`` names it, ``<student>__<quiz>.json`` (a `` (2)`` a browser adds is
    ignored, and case too), whose name says another student or quiz than its content.
    """
    try:
        sid = student_id(sub.student)
    except InstructorError as exc:
        return sub.student, exc.message
    when = _when(sub.submitted_at)
    if when > now + FUTURE_TOLERANCE:
        return sid, (
            f"submitted_at {_quoted(sub.submitted_at)} is in the future (this machine's clock says "
            f"{now:%Y-%m-%dT%H:%M:%SZ}): a hand-edited file? not graded"
        )
    if sub.path is not None:
        from_name = named(sub.path.name)
        if from_name is not None:
            file_student, file_quiz = from_name
            if file_student != sid.casefold() or file_quiz != sub.quiz_id.casefold():
                return sid, (
                    f"the file says student {_quoted(sid)} and quiz {_quoted(sub.quiz_id)} but its name "
                    f"says {_quoted(file_student)} and {_quoted(file_quiz)} (submit writes "
                    "<student>__<quiz>.json): a copy of a classmate's file? not graded"
                )
    return sid, None


def named(name: str) -> tuple[str, str] | None:
    """``(student, quiz)`` from a name ``submit`` writes, case-folded; None for other names."""
    name = unicodedata.normalize("NFC", name)
    if not name.casefold().endswith(".json"):
        return None
    stem = name[: -len(".json")]
    if stem.endswith(")") and " (" in stem and stem.rsplit(" (", 1)[1][:-1].isdigit():
        stem = stem.rsplit(" (", 1)[0]  # 'ann__quiz (1).json', as a browser saves a second copy
    if "__" not in stem:
        return None
    student, quiz = stem.rsplit("__", 1)
    return student.casefold(), quiz.casefold()


def resolve_duplicates(subs: list[Submission], rejections: dict[int, Rejection], reject: Any) -> list[str]:
    """Reject all but the latest submission of each student and quiz; return notes.

    Equal ``submitted_at``: if those files hold the same answers, one is graded (the
    last by path); if their answers differ, none is graded: nothing says which is the
    student's, and a note asks to keep the right one.
    """
    notes: list[str] = []
    by_student: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, sub in enumerate(subs):
        if i not in rejections:
            by_student[(sub.student, sub.quiz_id)].append(i)
    for (student, quiz_id), idx in by_student.items():
        if len(idx) < 2:
            continue
        ordered = sorted(idx, key=lambda j: (_when(subs[j].submitted_at), str(subs[j].path or "")))
        winner = subs[ordered[-1]]
        latest = _when(winner.submitted_at)
        tied = [j for j in ordered if _when(subs[j].submitted_at) == latest]
        if any(subs[j].answers != winner.answers for j in tied):
            for j in ordered:
                reject(
                    j,
                    f"conflict: {len(tied)} files of {student} for {quiz_id} have the same submitted_at "
                    f"{winner.submitted_at} and different answers; none is graded",
                )
            notes.append(
                f"{student} submitted {quiz_id} {len(idx)} times, {len(tied)} of them at the same time "
                "with different answers: none graded; keep the right file and grade again"
            )
            continue
        for j in ordered[:-1]:
            reject(
                j,
                f"duplicate: {student} also submitted {quiz_id} in {winner.path} at "
                f"{winner.submitted_at}; only the latest is graded",
            )
        notes.append(
            f"{student} submitted {quiz_id} {len(idx)} times; graded the latest, "
            f"{winner.path} ({winner.submitted_at})"
        )
    return notes
