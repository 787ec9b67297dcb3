"""Saved progress: the learner's answers, attempts and check times, per quiz.

Where
-----
``progress_dir()/<student>/<quiz_id>.json``: by default
``~/.coursekit/progress/``, outside the repository; ``COURSEKIT_PROGRESS``
overrides it. The student id is saved in ``progress_dir()/student.json`` by
:func:`set_student`.

Every save is atomic (a temporary file in the same folder, then
:func:`os.replace`). A file that cannot be read back (not JSON, not UTF-8, wrong
shape) is never overwritten: it is renamed to
``<quiz_id>.corrupt-<timestamp>.json`` beside it, and the progress starts
empty with a :attr:`Progress.warning` the widget shows.

File format (responses by value, see ``docs/quiz-format.md``)::

    {"format_version": 1, "student": "anna", "quiz_id": "02-roadmaps",
     "updated_at": "2025-01-01T12:00:00.000000Z",
     "questions": {"roadmap-items": {
         "response": 31, "checked_response": 31, "attempts": 1, "wrong": 0,
         "checked_at": ["2025-01-01T12:00:00.000000Z"],
         "saved_at": "2025-01-01T12:00:00.000000Z"}}}

``response`` is saved whenever the answer changes, ``checked_response`` at each
check; the score shown is recomputed from ``checked_response`` on loading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coursekit._files import atomic_write_text, now_iso
from coursekit._reading import NoSuchFile, ReadProblem, decode_json, read_limited
from coursekit.errors import CoursekitError
from coursekit.paths import progress_dir
from coursekit.quiz.student import (
    ANONYMOUS,
    PLACEHOLDER_IDS,
    IdChange,
    get_student,
    set_student,
    valid_student_id,
)

__all__ = [
    "ANONYMOUS",
    "PLACEHOLDER_IDS",
    "PROGRESS_FORMAT_VERSION",
    "IdChange",
    "Progress",
    "QuestionProgress",
    "get_student",
    "load_progress",
    "progress_path",
    "set_student",
    "valid_student_id",
]

PROGRESS_FORMAT_VERSION = 1
_MAX_BYTES = 5_000_000
LOCK_TIMEOUT = 10
"""Seconds a save waits for another notebook saving the same progress file."""


def progress_path(student: str, quiz_id: str) -> Path:
    """Return ``progress_dir()/<student>/<quiz_id>.json``."""
    return progress_dir() / valid_student_id(student) / f"{quiz_id}.json"


@dataclass
class QuestionProgress:
    """What is saved for one question."""

    response: Any = None
    """The current response, by value (None: unanswered); saved on every change."""
    checked_response: Any = None
    """The response as it was at the last check (its score is the one shown)."""
    attempts: int = 0
    """Number of checks."""
    wrong: int = 0
    """Number of checks that were not fully right."""
    checked_at: list[str] = field(default_factory=list)
    """UTC time of each check."""
    saved_at: str | None = None
    """UTC time the response was last saved."""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "response": self.response,
            "checked_response": self.checked_response,
            "attempts": self.attempts,
            "wrong": self.wrong,
            "checked_at": list(self.checked_at),
            "saved_at": self.saved_at,
        }


class _Corrupt(ValueError):
    """A progress file has the wrong shape."""


def _count(entry: dict[str, Any], key: str) -> int:
    value = entry.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{key} must be a whole number >= 0"
        raise _Corrupt(msg)
    return value


def _question_from_json(entry: Any) -> QuestionProgress:
    if not isinstance(entry, dict):
        msg = "a question entry is not an object"
        raise _Corrupt(msg)
    checked = entry.get("checked_at", [])
    if not isinstance(checked, list) or not all(isinstance(t, str) for t in checked):
        msg = "checked_at must be a list of times"
        raise _Corrupt(msg)
    saved = entry.get("saved_at")
    if saved is not None and not isinstance(saved, str):
        msg = "saved_at must be a time"
        raise _Corrupt(msg)
    return QuestionProgress(
        response=entry.get("response"),
        checked_response=entry.get("checked_response"),
        attempts=_count(entry, "attempts"),
        wrong=_count(entry, "wrong"),
        checked_at=list(checked),
        saved_at=saved,
    )


@dataclass
class Progress:
    """A student's saved state for one quiz."""

    student: str
    """Student id."""
    quiz_id: str
    """Quiz id."""
    questions: dict[str, QuestionProgress] = field(default_factory=dict)
    """Per question id (ids no longer in the quiz are kept, not dropped)."""
    path: Path | None = None
    """The file it is saved to."""
    warning: str | None = None
    """Set when a corrupted file was moved aside on loading."""
    read_only: bool = False
    """True if a corrupted file could not be moved aside: saving would destroy it."""
    merged: list[str] = field(default_factory=list)
    """Question ids whose newer answer, saved by another notebook, replaced this one's."""

    def question(self, question_id: str) -> QuestionProgress:
        """Return (creating if needed) the entry of one question."""
        return self.questions.setdefault(question_id, QuestionProgress())

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "format_version": PROGRESS_FORMAT_VERSION,
            "student": self.student,
            "quiz_id": self.quiz_id,
            "updated_at": now_iso(),
            "questions": {qid: q.to_json() for qid, q in self.questions.items()},
        }

    def save(self) -> Path:
        """Merge with the file on disk and write it atomically, under a lock; return the file.

        Two kernels may have the same student's quiz open (two tabs, a restarted
        kernel still running). Each question keeps the entry changed last
        (``saved_at``), whichever kernel changed it, so no answer is lost: the
        last save does not win the whole file. Questions where the other copy
        was newer are listed in :attr:`merged`, and this progress takes their
        entries.

        Raises
        ------
        CoursekitError
            If the file cannot be written (or ``read_only``).
        """
        path = self.path or progress_path(self.student, self.quiz_id)
        if self.read_only:
            msg = "answers not saved: the unreadable progress file could not be moved aside"
            raise CoursekitError(msg, path=path)
        from filelock import FileLock, Timeout

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            locks = progress_dir() / ".locks"  # outside the student's folder, which stays clean
            locks.mkdir(exist_ok=True)
            with FileLock(locks / f"{path.parent.name}__{path.name}.lock", timeout=LOCK_TIMEOUT):
                self._merge_from(path)
                atomic_write_text(path, json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n")
        except Timeout:
            msg = f"answers not saved: another notebook kept the progress file locked for {LOCK_TIMEOUT} s"
            raise CoursekitError(msg, path=path) from None
        except OSError as exc:
            msg = f"answers not saved: {exc.strerror or exc}"
            raise CoursekitError(msg, path=path) from None
        except (TypeError, ValueError) as exc:  # a response that is not JSON
            msg = f"answers not saved: {exc}"
            raise CoursekitError(msg, path=path) from None
        self.path = path
        return path

    def _merge_from(self, path: Path) -> None:
        """Take from the file on disk every question saved there later than here."""
        try:
            theirs = _parse(read_limited(path, _MAX_BYTES), self.student, self.quiz_id)
        except (ReadProblem, _Corrupt):
            return  # nothing there yet, or unreadable: load_progress already set it aside
        for qid, entry in theirs.items():
            mine = self.questions.get(qid)
            if mine is None or (entry.saved_at or "") > (mine.saved_at or ""):
                self.questions[qid] = entry
                if mine is not None and qid not in self.merged:
                    self.merged.append(qid)


def _parse(data: bytes, student: str, quiz_id: str) -> dict[str, QuestionProgress]:
    try:
        doc = decode_json(data)
    except ReadProblem as exc:
        raise _Corrupt(exc.message) from None
    if not isinstance(doc, dict):
        msg = "not a JSON object"
        raise _Corrupt(msg)
    if doc.get("format_version") != PROGRESS_FORMAT_VERSION:
        msg = f"format_version is {doc.get('format_version')!r}, expected {PROGRESS_FORMAT_VERSION}"
        raise _Corrupt(msg)
    if doc.get("quiz_id") != quiz_id:
        msg = f"it is for quiz {doc.get('quiz_id')!r}"
        raise _Corrupt(msg)
    questions = doc.get("questions")
    if not isinstance(questions, dict):
        msg = "questions is not an object"
        raise _Corrupt(msg)
    return {str(qid): _question_from_json(entry) for qid, entry in questions.items()}


def _aside_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.stem}.corrupt-{stamp}.json")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}.json")
        n += 1
    return candidate


def load_progress(student: str, quiz_id: str) -> Progress:
    """Return the saved progress (empty if none); never raises for a bad file.

    A file that cannot be read back is renamed to
    ``<quiz_id>.corrupt-<timestamp>.json`` and the returned progress is empty,
    with :attr:`Progress.warning` saying so.
    """
    path = progress_path(student, quiz_id)
    progress = Progress(student=student, quiz_id=quiz_id, path=path)
    reason = ""
    try:
        progress.questions = _parse(read_limited(path, _MAX_BYTES), student, quiz_id)
        return progress
    except _Corrupt as exc:
        reason = str(exc)
    except NoSuchFile:
        return progress  # nothing saved yet
    except ReadProblem as exc:
        if not path.is_file():  # a folder, a FIFO...: leave it alone
            progress.read_only = True
            progress.warning = (
                f"Your saved answers ({path}) could not be read "
                f"({exc.message}); they will not be saved in this session."
            )
            return progress
        reason = exc.message  # a regular file that cannot be progress (too large, unreadable): moved aside
    aside = _aside_name(path)
    try:
        Path(path).replace(aside)
    except OSError as exc:
        progress.read_only = True
        progress.warning = (
            f"Your saved answers ({path}) are damaged ({reason}) and could not be "
            f"moved aside ({exc.strerror or exc}); nothing will be saved, so the "
            "file stays as it is."
        )
        return progress
    progress.warning = (
        f"Your saved answers for this quiz could not be read ({reason}). The file "
        f"was kept as {aside.name} in {aside.parent}; starting afresh."
    )
    return progress
