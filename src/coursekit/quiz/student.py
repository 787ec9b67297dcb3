"""The student id: who the answers are saved and handed in as.

On a JupyterHub the id is the hub user (:mod:`coursekit.quiz.identity`); elsewhere
the student declares it once with :func:`set_student`. An id names a folder, so it
is validated (NFC, no invisible characters, no example id such as ``your.name``)
everywhere it enters. Changing it carries the answers over, and says so.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit._files import atomic_write_text
from coursekit.errors import CoursekitError
from coursekit.i18n import gettext as _
from coursekit.paths import progress_dir
from coursekit.quiz.identity import hub_user, refuse_other_student

__all__ = ["ANONYMOUS", "PLACEHOLDER_IDS", "IdChange", "get_student", "set_student", "valid_student_id"]

ANONYMOUS = "anonymous"
"""The student id used when none is set."""
_STUDENT_RE = re.compile(r"[^\W][\w.@-]{0,63}")
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
