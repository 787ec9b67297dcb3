"""Helpers shared by the instructor tools: loading quiz sets, presenting options, writing files."""

from __future__ import annotations

import gc
import random
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit._files import atomic_write_bytes
from coursekit._reading import FileTooLarge, ReadProblem, decode_text, read_limited
from coursekit.errors import CoursekitError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "InstructorError",
    "collector_paused",
    "csv_cell",
    "csv_text",
    "format_number",
    "load_key",
    "load_quiz_set",
    "natural_key",
    "plural",
    "points_label",
    "present",
    "read_csv_text",
    "student_id",
    "write_bytes",
    "write_text",
]


class InstructorError(CoursekitError):
    """Bad input to ``release``, ``grade``, ``export`` or ``preview`` (a roster, a manifest,
    an output folder...)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a batch's work, then restore it as it was.

    Reading and grading a class makes hundreds of thousands of objects that all stay
    alive until the gradebook is made. The collector walked all of them each time
    enough new ones piled up: about a third of ``coursekit grade``'s time for 10,000
    submissions here (``benchmarks/grade_time.py``), with nothing to free. Reference
    counting still frees what is let go of meanwhile, and any cycle is freed at the
    collector's next run; a caller that had paused the collector finds it paused.

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_quiz_set(source: str | Path, *, check_sources: bool = False) -> list[Any]:
    """Load one quiz (an id or a file) or every quiz in a folder, in file-name order.

    Raises
    ------
    QuizError
        If a quiz file has a problem (the first one, located), or there is no such quiz.
    InstructorError
        If a folder holds no quiz files.
    """
    from coursekit.quiz.loader import load_quiz, quiz_files

    path = Path(source)
    if path.is_dir():
        files = quiz_files(path)
        if not files:
            msg = "no quiz files (*.yaml) in this folder"
            raise InstructorError(msg, path=path)
        return [load_quiz(f, check_sources=check_sources) for f in files]
    return [load_quiz(source, check_sources=check_sources)]


def load_key(source: str | Path) -> dict[str, Any]:
    """Load answer keys: practice quizzes (with answers) by id, from a quiz file or folder.

    Raises
    ------
    InstructorError
        If a quiz is an exam copy (``mode: exam``): it has no answers to grade against.
    """
    key: dict[str, Any] = {}
    for quiz in load_quiz_set(source):
        if quiz.mode != "practice":
            folder = Path(source)
            where = folder / f"{quiz.id}.yaml" if folder.is_dir() else folder
            msg = (
                f"quiz {quiz.id} is an exam copy (mode: exam) without answers; use the "
                "practice quiz it was released from as the key"
            )
            raise InstructorError(msg, path=where)
        key[quiz.id] = quiz
    return key


_LONGEST_ID = 64


def student_id(value: Any) -> str:
    """A student id from someone else's file, normalised (NFC, stripped) and checked.

    Every id that enters the instructor side (a submission, a roster row, a
    release manifest) goes through here, so one person is one row: ``é`` typed
    as one character or as ``e`` and an accent are the same id, and an id with a
    NUL, a ``/``, a right-to-left override, a zero-width space or 100,000
    characters is refused (:func:`coursekit.quiz.progress.valid_student_id`).

    Raises
    ------
    InstructorError
        Saying what a valid id is; the bad id is quoted in part.

    Examples
    --------
    >>> student_id("Ame\u0301lie") == "Am\u00e9lie"
    True
    >>> student_id("ann\u202e")
    Traceback (most recent call last):
    ...
    coursekit.instructor._common.InstructorError: invalid student id 'ann\u202e': it holds invisible \
characters (U+202E); type it again with letters, digits, '.', '_', '-' or '@'
    """
    from coursekit.quiz.student import valid_student_id
    from coursekit.quiz.types._base import quoted

    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        if len(value.strip()) > _LONGEST_ID:
            msg = f"invalid student id {quoted(value)}: longer than {_LONGEST_ID} characters"
            raise InstructorError(msg)
    try:
        return valid_student_id(value)
    except CoursekitError as exc:
        raise InstructorError(exc.message) from None


def natural_key(text: str) -> tuple[int, float, str]:
    """Sort key: numbers by value first, then text ignoring case.

    Examples
    --------
    >>> sorted(["400", "b", "11", "A", "31"], key=natural_key)
    ['11', '31', '400', 'A', 'b']
    """
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return (1, 0.0, text.casefold())
    return (0, number, text)


def present(values: Iterable[str], *, shuffle: bool, seed: str) -> list[str]:
    """Return ``values`` in a presentation order that cannot reveal the key.

    The values are first sorted (:func:`natural_key`), so the author's order is
    forgotten; then, if ``shuffle``, shuffled with ``random.Random(seed)``. The
    result depends only on the *set* of values and the seed: never on which of
    them is right, nor on the order they were written in.

    Examples
    --------
    >>> present(["31", "11", "400"], shuffle=False, seed="x")
    ['11', '31', '400']
    >>> present(["a", "b", "c"], shuffle=True, seed="s") == present(["c", "a", "b"], shuffle=True, seed="s")
    True
    """
    out = sorted(values, key=natural_key)
    if shuffle:
        random.Random(seed).shuffle(out)
    return out


def read_csv_text(path: Path, limit: int, what: str, *, saved: str = "") -> str:
    """The text of a CSV file someone else saved (a roster, a marking sheet), checked first.

    The file is read with :func:`coursekit._reading.read_limited` and decoded with
    :func:`~coursekit._reading.decode_text`: stat before
    read, so a folder, a FIFO or a link to ``/dev/zero`` is refused at once and never
    read, and at most ``limit`` bytes are read. The text is UTF-8, with or without a
    byte-order mark (as spreadsheets save "CSV UTF-8").

    Parameters
    ----------
    path
        The file.
    limit
        The most bytes such a file may have.
    what
        What the file is, for messages: ``file too large (...) for a {what}``.
    saved
        What to save as CSV UTF-8 when the text is not UTF-8 (default: ``what``).

    Raises
    ------
    InstructorError
        ``PATH: no such file``, ``PATH: not a regular file (a FIFO); ...``,
        ``PATH: file too large (...) for a {what}``, ``PATH: cannot read: why``,
        ``PATH:LINE: not UTF-8 (...); save the {saved} as CSV UTF-8``.
    """
    try:
        data = read_limited(path, limit)
    except FileTooLarge as exc:
        msg = f"{exc.message} for a {what}"
        raise InstructorError(msg, path=path) from None
    except ReadProblem as exc:
        raise InstructorError(exc.message, path=path) from None
    try:
        return decode_text(data, f"save the {saved or what} as CSV UTF-8")
    except ReadProblem as exc:
        raise InstructorError(exc.message, path=path, line=exc.line) from None


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` atomically to ``path`` (folders created).

    Raises
    ------
    InstructorError
        If the file cannot be written; the message says why.
    """
    path = Path(path)
    try:
        return atomic_write_bytes(path, data)
    except OSError as exc:
        msg = f"cannot write: {exc.strerror or exc}"
        raise InstructorError(msg, path=path) from None


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` atomically to ``path`` (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode("utf-8"))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""A text cell starting with one of these is a formula to a spreadsheet (OWASP's list, with
the line feed and the full-width forms some spreadsheets convert)."""


def csv_cell(value: Any) -> Any:
    """A text cell made inert for spreadsheets: a formula start gets a ``'`` in front (OWASP).

    Numbers are left alone (``-0.5`` is a number, not a formula).

    Examples
    --------
    >>> print(csv_cell('=HYPERLINK("http://x","y")'))
    '=HYPERLINK("http://x","y")
    >>> csv_cell("-1"), csv_cell(-1.0), csv_cell("Minsk")
    ("'-1", -1.0, 'Minsk')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, *, float_format: str | None = None) -> str:
    """``frame`` as CSV text (UTF-8, ``\\n``) with every text cell and header passed
    through :func:`csv_cell`: the one way coursekit writes a CSV file."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    safe = frame.copy()
    for i in range(safe.shape[1]):
        column = safe.iloc[:, i]
        if not (is_numeric_dtype(column.dtype) or is_bool_dtype(column.dtype)):
            safe.isetitem(i, column.astype(object).map(csv_cell))
    safe.columns = [csv_cell(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, float_format=float_format, lineterminator="\n")


def format_number(value: float) -> str:
    """A number as people write it: no trailing ``.0``, at most 6 significant digits.

    Examples
    --------
    >>> format_number(31.0), format_number(0.5), format_number(2/3)
    ('31', '0.5', '0.666667')
    """
    return f"{value:.6g}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1.

    Examples
    --------
    >>> plural(1, "file"), plural(2, "file"), plural(2, "quiz", "quizzes")
    ('1 file', '2 files', '2 quizzes')
    """
    return f"{n} {word if n == 1 else many or word + 's'}"


def points_label(points: float) -> str:
    """``1`` -> ``'1 point'``, ``2`` -> ``'2 points'``, ``0.5`` -> ``'0.5 points'``."""
    return plural(int(points), "point") if float(points).is_integer() else f"{format_number(points)} points"
