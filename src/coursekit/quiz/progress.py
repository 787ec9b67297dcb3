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

import html
import json
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coursekit._files import atomic_write_text, now_iso
from coursekit._reading import ReadProblem, decode_json, read_limited
from coursekit.errors import CoursekitError
from coursekit.i18n import gettext as _
from coursekit.paths import progress_dir
from coursekit.quiz.identity import hub_user, refuse_other_student

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
ANONYMOUS = "anonymous"
"""The student id used when none is set."""
_STUDENT_RE = re.compile(r"[^\W][\w.@-]{0,63}")
_MAX_BYTES = 5_000_000
LOCK_TIMEOUT = 10
"""Seconds a save waits for another notebook saving the same progress file."""
PLACEHOLDER_IDS = frozenset(
    {"your.name", "your_name", "your-name", "yourname", "your.id", "your_id", "your-id", "yourid"}
    | {"name.surname", "first.last", "firstname.lastname", "student.id", "student_id", "my.name"}
)
"""Example ids from the notebooks and docs (any case): never saved as a student's id."""
_HIDDEN = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}  # control, zero-width, bidi, unassigned...


def valid_student_id(name: Any) -> str:
    """Return ``name`` stripped if it is a valid student id, else raise.

    A student id names a folder: 1 to 64 letters, digits, ``.``, ``_``, ``-``
    or ``@``, starting with a letter, digit or ``_``. It is normalised to NFC
    (so an accented letter typed two ways is one id); invisible characters
    (control, zero-width, bidi) and the example ids (:data:`PLACEHOLDER_IDS`)
    are refused.

    Raises
    ------
    CoursekitError
        With a message that says what is allowed.

    Examples
    --------
    >>> valid_student_id(" anna.petrova ")
    'anna.petrova'
    >>> valid_student_id("Rene\u0301") == valid_student_id("Ren\u00e9")  # one person, one id
    True
    >>> valid_student_id("../etc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coursekit.errors.CoursekitError: invalid student id '../etc': use 1-64 letters, ...
    """
    text = unicodedata.normalize("NFC", name).strip() if isinstance(name, str) else None
    hidden = sorted({f"U+{ord(c):04X}" for c in text or "" if unicodedata.category(c) in _HIDDEN})
    if hidden:
        msg = (
            f"invalid student id {name!r}: it holds invisible characters ({', '.join(hidden[:3])}); "
            "type it again with letters, digits, '.', '_', '-' or '@'"
        )
        raise CoursekitError(msg)
    if text and text.casefold() in PLACEHOLDER_IDS:
        msg = f"invalid student id {name!r}: that is the example; use your own id, e.g. anna.petrova"
        raise CoursekitError(msg)
    if not text or not _STUDENT_RE.fullmatch(text):
        msg = (
            f"invalid student id {name!r}: use 1-64 letters, digits, '.', '_', '-' or '@' "
            "(no spaces), e.g. anna.petrova"
        )
        raise CoursekitError(msg)
    return text


def _student_file() -> Path:
    return progress_dir() / "student.json"


@dataclass(frozen=True)
class IdChange:
    """What :func:`set_student` did, said in a sentence (shown as the cell's value)."""

    student: str | None
    """The id now saved, or None if nothing was saved (an example id)."""
    previous: str
    """The id in use before."""
    carried: tuple[str, ...] = ()
    """Quizzes whose answers were copied to the new id."""
    kept: tuple[str, ...] = ()
    """Quizzes the new id had already started: its own answers were kept."""
    message: str = ""

    def __str__(self) -> str:
        return self.message

    def __eq__(self, other: object) -> bool:  # set_student("anna") == "anna"
        if isinstance(other, str):
            return self.student == other
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def _repr_html_(self) -> str:
        colour = "#1b5e20" if self.student else "#7c2d12"
        return f"<p class='coursekit-id' role='status' style='color:{colour}'>{html.escape(self.message)}</p>"


def set_student(name: str) -> IdChange:
    """Save the student id used by ``show()`` and ``submit()`` from now on.

    Answers saved under the id in use before (``anonymous`` if none was set, or
    an example id an older version saved) are copied to the new id for every quiz
    the new id has not started, so nothing is lost by setting or changing the id
    late; the old files stay where they are. An example id such as ``your.name``
    is not saved: the result says so, and answers keep being saved as
    ``anonymous`` until a real id is set (then they are carried over).

    On a JupyterHub (``JUPYTERHUB_USER`` set) the id is the hub user and cannot be
    changed: another name is ignored with a warning that says so, and the hub user
    is returned.

    Returns
    -------
    IdChange
        The id saved and what was carried over, with a sentence saying so.

    Raises
    ------
    CoursekitError
        If ``name`` is not a valid id (the message says what is allowed).
    """
    previous = _saved_raw() or ANONYMOUS
    if isinstance(name, str) and unicodedata.normalize("NFC", name).strip().casefold() in PLACEHOLDER_IDS:
        return IdChange(
            None,
            get_student(),
            message=_(
                "Not saved: {name} is the example. Put your own id between the quotes "
                '(e.g. "anna.petrova") and run this cell again. Until then your answers are saved '
                "as {current} and will be carried over."
            ).format(name=repr(name.strip()), current=repr(get_student())),
        )
    name = valid_student_id(name)
    hub = _hub_student()
    if hub is not None:
        if name != hub:
            warnings.warn(
                f"you are signed in to JupyterHub as {hub!r}: your answers and submissions are "
                f"saved as {hub!r}, set_student({name!r}) changes nothing here",
                UserWarning,
                stacklevel=2,
            )
        return IdChange(hub, previous, message=f"You are signed in to JupyterHub as {hub!r}.")
    atomic_write_text(_student_file(), json.dumps({"student": name}) + "\n")
    carried: list[str] = []
    kept: list[str] = []
    for source in dict.fromkeys([previous, ANONYMOUS]):
        if source != name:
            _carry_progress(source, name, carried, kept)
    said = [_("Your id is now {name}: answers and submissions are saved under it.").format(name=repr(name))]
    if carried:
        said.append(
            _("Answers carried over from {previous}: {quizzes}.").format(
                previous=repr(previous), quizzes=", ".join(sorted(set(carried)))
            )
        )
    if kept:
        said.append(
            _("Kept {name}'s own earlier answers for: {quizzes}.").format(
                name=name, quizzes=", ".join(sorted(set(kept)))
            )
        )
    return IdChange(name, previous, tuple(sorted(set(carried))), tuple(sorted(set(kept))), " ".join(said))


def _saved_raw() -> str | None:
    """The id in ``student.json`` as saved, even an example id an older version saved."""
    try:
        saved = json.loads(_student_file().read_text(encoding="utf-8"))["student"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return saved if isinstance(saved, str) and "/" not in saved and saved.strip(". ") else None


def _carry_progress(old_id: str, name: str, carried: list[str], kept: list[str]) -> None:
    source = progress_dir() / old_id
    if not source.is_dir():
        return
    for old in sorted(source.glob("*.json")):
        if ".corrupt-" in old.name:
            continue
        target = progress_dir() / name / old.name
        if target.exists():
            if old.stem not in carried:
                kept.append(old.stem)
            continue
        try:
            doc = json.loads(old.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # unreadable: the widget reports it when that quiz is opened
        if isinstance(doc, dict):
            doc["student"] = name
            atomic_write_text(target, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
            carried.append(old.stem)


def _hub_student() -> str | None:
    hub = hub_user()
    return None if hub is None else valid_student_id(hub)


def get_student(student: str | None = None) -> str:
    """Return the student id: ``student``, else ``$COURSEKIT_STUDENT``, else the
    saved one (:func:`set_student`), else ``"anonymous"``.

    On a JupyterHub (``JUPYTERHUB_USER`` set) it is always the hub user.

    Raises
    ------
    CoursekitError
        If the id given or in ``COURSEKIT_STUDENT`` is not valid, or (on a
        JupyterHub) ``student`` is another user.
    """
    hub = _hub_student()
    if hub is not None:
        refuse_other_student(hub, student)
        return hub
    if student is not None:
        return valid_student_id(student)
    env = os.environ.get("COURSEKIT_STUDENT")
    if env:
        return valid_student_id(env)
    try:
        saved = json.loads(_student_file().read_text(encoding="utf-8"))
        return valid_student_id(saved["student"])
    except (OSError, ValueError, KeyError, TypeError, CoursekitError):
        return ANONYMOUS


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
    except ReadProblem as exc:
        if exc.message == "no such file":
            return progress
        if not path.is_file():  # a folder, a FIFO...: leave it alone
            progress.read_only = True
            progress.warning = (
                f"Your saved answers ({path}) could not be read "
                f"({exc.message}); they will not be saved in this session."
            )
            return progress
        reason = exc.message  # a regular file too large to be progress: moved aside
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
