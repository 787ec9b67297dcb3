"""Reading files that someone else wrote: one careful reader for every JSON file.

Submissions, saved progress and release manifests are all read here, so they
meet the same rules and the same words when something is wrong:

* the path is checked by ``stat`` before anything is read: a folder, a FIFO, a
  device or a link to one is refused, and so is a file larger than the limit
  (a sparse 3 GB file or ``/dev/zero`` is never read);
* at most ``limit`` bytes are ever read, and a FIFO swapped in after the check
  cannot block (the file is opened non-blocking and checked again);
* text is UTF-8, with or without a byte-order mark;
* JSON is strict: no ``NaN``/``Infinity``, no key twice in one object, no
  number of more than :data:`MAX_DIGITS` digits.

Each problem is a :class:`ReadProblem` with a one-line message in the words of
the person who saved the file, and the line where it is when there is one; the
caller adds the file name and its own error class.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_DIGITS",
    "FileTooLarge",
    "NoSuchFile",
    "ReadProblem",
    "decode_json",
    "decode_text",
    "read_limited",
]

MAX_DIGITS = 30
"""Longest number a JSON file may hold (a score or a count needs far fewer digits)."""


class ReadProblem(Exception):
    """Why a file cannot be read: ``message`` and, when known, ``line``."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class FileTooLarge(ReadProblem):
    """The file has more than the limit of bytes: a caller may say what such a file is."""


class NoSuchFile(ReadProblem):
    """Nothing at that path: for some callers (saved progress) simply nothing saved yet."""


def read_limited(path: str | Path, limit: int) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes.

    Raises
    ------
    ReadProblem
        No such file (a :class:`NoSuchFile`); not a regular file; cannot be read;
        too large (a :class:`FileTooLarge`, ``file too large (...)``).

    Examples
    --------
    >>> read_limited("/dev/zero", 100)
    Traceback (most recent call last):
    ...
    coursekit._reading.ReadProblem: not a regular file (a device); only files can be read
    """
    try:
        info = os.stat(path)  # noqa: PTH116 (follows a symlink to what it points at; no Path per file)
    except FileNotFoundError:
        msg = "no such file"
        raise NoSuchFile(msg) from None
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise ReadProblem(msg) from None
    _check_kind(info, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise ReadProblem(msg) from None
    try:
        _check_kind(os.fstat(fd), limit)  # the path may have changed since the stat
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise ReadProblem(msg) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        msg = f"file too large (more than {limit:,} bytes)"
        raise FileTooLarge(msg)
    return data


def _check_kind(info: os.stat_result, limit: int) -> None:
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a file"
        )
        msg = f"not a regular file ({kind}); only files can be read"
        raise ReadProblem(msg)
    if info.st_size > limit:
        msg = f"file too large ({info.st_size:,} bytes; at most {limit:,})"
        raise FileTooLarge(msg)


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON; write a number or null")  # noqa: EM102


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _shown(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def decode_text(data: bytes, advice: str = "save the file as UTF-8") -> str:
    """The UTF-8 text of ``data``, a byte-order mark dropped (as spreadsheets save "CSV UTF-8").

    Raises
    ------
    ReadProblem
        ``not UTF-8 (<why> at byte N); <advice>``, at the line of the first bad byte.

    Examples
    --------
    >>> decode_text(b"\\xef\\xbb\\xbfstudent_id")
    'student_id'
    >>> decode_text(b"ok\\nren\\xe9e", "save it as CSV UTF-8")
    Traceback (most recent call last):
    ...
    coursekit._reading.ReadProblem: not UTF-8 (invalid continuation byte at byte 6); save it as CSV UTF-8
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"not UTF-8 ({exc.reason} at byte {exc.start}); {advice}"
        raise ReadProblem(msg, line) from None


def decode_json(data: bytes) -> Any:
    """Parse JSON bytes strictly (see the module notes).

    Raises
    ------
    ReadProblem
        With the line of the problem where there is one.

    Examples
    --------
    >>> decode_json(b'\\xef\\xbb\\xbf{"a": 1}')
    {'a': 1}
    >>> decode_json(b'{"student": "ann",\\n "student": "bob"}')
    Traceback (most recent call last):
    ...
    coursekit._reading.ReadProblem: key 'student' appears twice in one object; keep one
    """
    text = decode_text(data)
    too_long: list[str] = []

    def parse_int(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            too_long.append(digits)
            raise ValueError(digits)
        return int(digits)

    def parse_float(digits: str) -> float:
        if len(digits) > MAX_DIGITS + 10:
            too_long.append(digits)
            raise ValueError(digits)
        return float(digits)

    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_no_constant,
            parse_int=parse_int,
            parse_float=parse_float,
        )
    except json.JSONDecodeError as exc:
        msg = f"malformed JSON: {exc.msg} (column {exc.colno})"
        raise ReadProblem(msg, exc.lineno) from None
    except RecursionError:
        msg = "malformed JSON: nested too deeply"
        raise ReadProblem(msg) from None
    except _Duplicate as exc:
        found = [m.start() for m in re.finditer(re.escape(json.dumps(exc.key)) + r"\s*:", text)]
        at = _line_of(text, found[1]) if len(found) == 2 else None  # more: a nested key may share the name
        msg = f"key {_shown(exc.key)} appears twice in one object; keep one"
        raise ReadProblem(msg, at) from None
    except ValueError as exc:
        if too_long:
            digits = too_long[0]
            where = text.find(digits)
            at = _line_of(text, where) if where >= 0 else None
            msg = (
                f"a number of {len(digits):,} characters ({digits[:12]}…); numbers here have at most "
                f"{MAX_DIGITS} digits"
            )
            raise ReadProblem(
                msg,
                at,
            ) from None
        msg = f"malformed JSON: {exc}"
        raise ReadProblem(msg) from None
