"""Submissions: the file a student hands in, and reading it back for grading.

A submission is one JSON file, by default
``<project>/notebooks/submissions/<student>__<quiz_id>.json``::

    {
      "format_version": 1,
      "student": "anna",
      "quiz_id": "02-roadmaps",
      "mode": "practice",
      "submitted_at": "2025-01-01T12:00:00.000000Z",
      "coursekit_version": "0.1.0",
      "answers": {"roadmap-items": 31, "item-31": null},
      "attempts": {"roadmap-items": 1, "item-31": 0},
      "timestamps": {"roadmap-items": ["2025-01-01T11:58:00.000000Z"], "item-31": []}
    }

Answers are recorded by value (``null`` when unanswered), for every question
of the quiz. :func:`load_submission` reads one back and checks its shape; the
gradebook scores ``answers`` with :func:`coursekit.quiz.scoring.score`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from coursekit._files import atomic_write_text, now_iso, parse_time
from coursekit._reading import ReadProblem, decode_json, read_limited
from coursekit.errors import SubmissionError
from coursekit.i18n import gettext as _
from coursekit.i18n import ngettext
from coursekit.paths import submissions_dir
from coursekit.quiz import types
from coursekit.quiz.exchange import deliver, exchange_dir
from coursekit.quiz.types._base import listing, quoted

__all__ = [
    "SUBMISSION_FORMAT_VERSION",
    "Submission",
    "Submitted",
    "build_submission",
    "load_submission",
    "submissions_dir",
    "submit",
    "submit_all",
    "write_submission",
]

SUBMISSION_FORMAT_VERSION = 1
_KEYS = (
    "format_version",
    "student",
    "quiz_id",
    "mode",
    "submitted_at",
    "coursekit_version",
    "answers",
    "attempts",
    "timestamps",
)
_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Submission:
    """One student's answers to one quiz."""

    student: str
    """Student id."""
    quiz_id: str
    """Quiz id."""
    answers: dict[str, Any]
    """Question id -> response by value (None if unanswered)."""
    attempts: dict[str, int]
    """Question id -> number of checks."""
    timestamps: dict[str, list[str]]
    """Question id -> UTC times of the checks (or of the last save, in exam mode)."""
    submitted_at: str
    """UTC time of submission."""
    coursekit_version: str
    """Version of coursekit that wrote the file."""
    mode: str = "practice"
    """``practice`` or ``exam``."""
    format_version: int = SUBMISSION_FORMAT_VERSION
    """Version of this file format."""
    path: Path | None = field(default=None, compare=False)
    """The file it was read from or written to."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (keys in the documented order)."""
        return {
            "format_version": self.format_version,
            "student": self.student,
            "quiz_id": self.quiz_id,
            "mode": self.mode,
            "submitted_at": self.submitted_at,
            "coursekit_version": self.coursekit_version,
            "answers": dict(self.answers),
            "attempts": dict(self.attempts),
            "timestamps": {k: list(v) for k, v in self.timestamps.items()},
        }


def build_submission(quiz: Any, progress: Any) -> Submission:
    """Return the submission of ``progress`` (a :class:`~coursekit.quiz.progress.Progress`)
    for ``quiz``: every question of the quiz, in quiz order.

    In practice mode each answer is the one last *checked*, whose score the student
    saw, so the gradebook and the screen agree; in exam mode, and for types a person
    marks (essays), the answer as given.
    """
    from coursekit import __version__

    answers: dict[str, Any] = {}
    attempts: dict[str, int] = {}
    stamps: dict[str, list[str]] = {}
    practice = quiz.mode == "practice"
    for q in quiz.questions:
        entry = progress.questions.get(q.id)
        # Practice: the answer as last checked, whose score the student saw on screen
        # (the widget checks a changed answer when Submit is pressed). Exam: as given.
        checked = practice and types.get(q.type).keyed  # an essay is never checked: as written
        answers[q.id] = (entry.checked_response if checked else entry.response) if entry else None
        attempts[q.id] = entry.attempts if entry else 0
        times = list(entry.checked_at) if entry else []
        if entry and not times and entry.saved_at and entry.response is not None:
            times = [entry.saved_at]
        stamps[q.id] = times
    return Submission(
        student=progress.student,
        quiz_id=quiz.id,
        answers=answers,
        attempts=attempts,
        timestamps=stamps,
        submitted_at=now_iso(),
        coursekit_version=__version__,
        mode=quiz.mode,
    )


def write_submission(submission: Submission, out: str | Path | None = None) -> Path:
    """Write ``submission`` atomically and return the file.

    Parameters
    ----------
    out
        A folder (the file is ``<student>__<quiz_id>.json`` in it) or a path
        ending in ``.json``. Default: the exchange's ``inbound/`` folder when
        ``COURSEKIT_EXCHANGE`` is set (a new file each time, see
        :mod:`coursekit.quiz.exchange`), else :func:`submissions_dir`.
    """
    text = json.dumps(submission.to_json(), indent=2, ensure_ascii=False) + "\n"
    exchange = exchange_dir() if out is None else None
    if exchange is not None:
        return deliver(exchange, submission.student, submission.quiz_id, text)
    target = Path(out) if out is not None else submissions_dir()
    if target.suffix.lower() != ".json":
        target = target / f"{submission.student}__{submission.quiz_id}.json"
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        msg = f"cannot write the submission: {exc.strerror or exc}"
        raise SubmissionError(msg, path=target) from None
    return target


def submit(quiz_id: str, student: str | None = None, out: str | Path | None = None) -> Path:
    """Write the submission of a student's saved answers to a quiz.

    Parameters
    ----------
    quiz_id
        A quiz id (or quiz file path).
    student
        Defaults as in :func:`coursekit.quiz.progress.get_student`.
    out
        Folder or ``.json`` file; default ``<project>/notebooks/submissions/``.

    Returns
    -------
    pathlib.Path
        The file written, ``<student>__<quiz_id>.json``.

    Raises
    ------
    SubmissionError
        If the saved answers cannot be read (the damaged file is moved aside,
        as in the widget) or the submission cannot be written.
    """
    from coursekit.quiz.loader import load_quiz
    from coursekit.quiz.progress import get_student, load_progress

    quiz = load_quiz(quiz_id, check_sources=False)
    progress = load_progress(get_student(student), quiz.id)
    if progress.warning:
        msg = f"nothing submitted: {progress.warning}"
        raise SubmissionError(msg, path=progress.path)
    return write_submission(build_submission(quiz, progress), out)


class Submitted(list[Path]):
    """The files :func:`submit_all` wrote, and what it skipped and why, said in sentences."""

    def __init__(self, written: list[Path], skipped: list[str], student: str, note: str = "") -> None:
        super().__init__(written)
        self.skipped = skipped
        """Quiz ids with no answer: nothing written for them."""
        self.student = student
        self.note = note

    def lines(self) -> list[str]:
        """What happened, one sentence a line."""
        said = [self.note] if self.note else []
        if self:
            said.append(
                ngettext(
                    "{n} file written for {student} in {folder}:",
                    "{n} files written for {student} in {folder}:",
                    len(self),
                ).format(n=len(self), student=repr(self.student), folder=self[0].parent)
            )
            said.extend(f"  {path.name}" for path in self)
        elif not self.note:
            said.append(
                _("Nothing written for {student}: no quiz has an answer yet.").format(
                    student=repr(self.student)
                )
            )
        if self.skipped:
            said.append(
                _("Skipped (no answers yet, nothing written): {quizzes}.").format(
                    quizzes=", ".join(self.skipped)
                )
            )
        return said

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def submit_all(student: str | None = None, out: str | Path | None = None) -> Submitted:
    """Write one submission per course quiz (``quizzes/*.yaml``) the student has answered.

    A quiz with no answer and no check is skipped and named in the result, so
    *Run All* never hands in empty work; nothing is written while the id is
    still ``anonymous`` (the result says how to set it).

    Parameters
    ----------
    student, out
        As in :func:`submit`.

    Returns
    -------
    Submitted
        The files written (a list of paths), with :attr:`Submitted.skipped`;
        printed or shown, it says what was written where and what was skipped.

    Raises
    ------
    SubmissionError
        If any quiz's saved answers cannot be read; the message names the quiz.
    """
    from coursekit.paths import quizzes_dir
    from coursekit.quiz.loader import load_quiz, quiz_files
    from coursekit.quiz.progress import ANONYMOUS, get_student, load_progress

    who = get_student(student)
    if who == ANONYMOUS:
        note = _(
            'Nothing written: your id is not set. Run quiz.set_student("...") with your id '
            "(as in notebook 00) and then this cell again."
        )
        return Submitted([], [], who, note)
    written: list[Path] = []
    skipped: list[str] = []
    for path in quiz_files(quizzes_dir()):
        quiz = load_quiz(str(path), check_sources=False)
        progress = load_progress(who, quiz.id)
        started = any(e.response is not None or e.attempts for e in progress.questions.values())
        if progress.warning is None and not started:
            skipped.append(quiz.id)
            continue
        written.append(submit(str(path), who, out))
    return Submitted(written, skipped, who)


# ----------------------------------------------------------------------------- reading
def _fail(path: Path, message: str, *, line: int | None = None, item: str | None = None) -> NoReturn:
    raise SubmissionError(message, path=path, line=line, item=item)


def _is_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse_time(value)
    except ValueError:
        return False
    return True


def load_submission(path: str | Path) -> Submission:
    """Read a submission file and check its shape.

    Raises
    ------
    SubmissionError
        ``FILE[:LINE]: [question ID: ]reason`` if the file is missing, not
        UTF-8, not JSON, or has missing, unknown or wrongly typed keys.

    Examples
    --------
    >>> load_submission("no/such/file.json")
    Traceback (most recent call last):
    ...
    coursekit.errors.SubmissionError: no/such/file.json: no such file
    """
    if not isinstance(path, Path):  # a class is read path by path: no copy of each
        path = Path(path)
    try:
        data = read_limited(path, _MAX_BYTES)
        fastread = _fastread()
        fast = fastread.decode_submission(data) if fastread is not None else None
        doc = fast if fast is not None else decode_json(data)
    except ReadProblem as exc:
        _fail(path, exc.message, line=exc.line)
    if fast is not None:
        return _submission(doc, path)
    if not isinstance(doc, dict):
        _fail(path, f"expected a JSON object with keys {', '.join(_KEYS)}")
    unknown = sorted(set(doc) - set(_KEYS))
    if unknown:
        _fail(path, f"unknown key(s) {listing(unknown)}; valid keys: {', '.join(_KEYS)}")
    missing = [k for k in _KEYS if k not in doc]
    if missing:
        _fail(path, f"missing key(s) {', '.join(map(repr, missing))}")
    version = doc["format_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        _fail(path, f"format_version must be a whole number, got {quoted(version)}")
    if version != SUBMISSION_FORMAT_VERSION:
        _fail(
            path,
            f"format_version {version} is not supported (this coursekit reads "
            f"{SUBMISSION_FORMAT_VERSION}); update coursekit",
        )
    for key in ("student", "quiz_id", "coursekit_version"):
        if not isinstance(doc[key], str) or not doc[key].strip():
            _fail(path, f"{key} must be a non-empty string, got {quoted(doc[key])}")
    if doc["mode"] not in ("practice", "exam"):
        _fail(path, f"mode must be 'practice' or 'exam', got {quoted(doc['mode'])}")
    if not _is_time(doc["submitted_at"]):
        _fail(path, f"submitted_at must be an ISO 8601 time, got {quoted(doc['submitted_at'])}")
    for key in ("answers", "attempts", "timestamps"):
        if not isinstance(doc[key], dict):
            _fail(path, f"{key} must be an object keyed by question id")
    for qid, n in doc["attempts"].items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            _fail(path, f"attempts must be a whole number >= 0, got {quoted(n)}", item=qid)
    for qid, times in doc["timestamps"].items():
        if not isinstance(times, list) or not all(_is_time(t) for t in times):
            _fail(path, "timestamps must be a list of ISO 8601 times", item=qid)
    for qid in doc["answers"]:
        if qid not in doc["attempts"] or qid not in doc["timestamps"]:
            _fail(path, "answer without attempts or timestamps", item=qid)
    return _submission(doc, path)


@functools.cache
def _fastread() -> Any:
    """The module of msgspec's typed decoder when msgspec is installed (the ``instructor``
    extra); else None, and every file is read by the careful reader alone, with the same
    results, more slowly. Looked up once, not once per file."""
    try:
        from coursekit.quiz import fastread
    except ImportError:
        return None
    return fastread


def _submission(doc: dict[str, Any], path: Path) -> Submission:
    return Submission(
        student=doc["student"],
        quiz_id=doc["quiz_id"],
        answers=doc["answers"],
        attempts=doc["attempts"],
        timestamps=doc["timestamps"],
        submitted_at=doc["submitted_at"],
        coursekit_version=doc["coursekit_version"],
        mode=doc["mode"],
        format_version=doc["format_version"],
        path=path,
    )
