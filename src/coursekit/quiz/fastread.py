"""A typed decoder for submissions: grading a class reads thousands of them.

:func:`decode_submission` validates a submission's bytes in one pass of
msgspec's compiled decoder (types, required and unknown keys, counts), checks
the times with the careful reader's own function, and returns the document, or
None when the file needs the careful reader
(:func:`coursekit.quiz.submission.load_submission` then reads it again with
:func:`coursekit._reading.decode_json`, and says what is wrong, with its line).

It only ever accepts what the careful reader accepts: anything unusual (a
byte-order mark, a key given twice, a number the typed decoder refuses or the
careful reader finds too long, a time it cannot read) sends the file to the
careful reader, never past it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from coursekit._files import parse_time
from coursekit._reading import MAX_DIGITS

__all__ = ["decode_submission"]


Response = str | int | float | bool | None | list[str | None] | dict[str, str | None]
"""What the widget ever saves as a response (deeper JSON goes to the careful reader)."""
_Text = Annotated[str, msgspec.Meta(min_length=1)]


class _Shape(msgspec.Struct, forbid_unknown_fields=True):
    format_version: Literal[1]
    student: _Text
    quiz_id: _Text
    mode: Literal["practice", "exam"]
    submitted_at: str
    coursekit_version: _Text
    answers: dict[str, Response]
    attempts: dict[str, Annotated[int, msgspec.Meta(ge=0)]]
    timestamps: dict[str, list[str]]


_FIELDS = _Shape.__struct_fields__
_SHAPE = msgspec.json.Decoder(_Shape)
_STRINGS = 2 * len(_FIELDS) - 4
"""Strings at the top level: the nine keys, and the values of the five text fields
(``answers``, ``attempts`` and ``timestamps`` are objects, ``format_version`` a number)."""
_DIGIT = bytes(0x30 if 0x30 <= b <= 0x39 else b for b in range(256))
_LONG_RUN = b"0" * 13
"""A run of digits that every number the careful reader refuses has: it refuses an integer
of more than ``MAX_DIGITS`` (30) digits, and any number written in more than
``MAX_DIGITS + 10`` characters, of which at most four are not digits (``-.e+``): at least
37 digits in at most three runs, one of them at least 13 long."""
assert 3 * (len(_LONG_RUN) - 1) < MAX_DIGITS + 10 + 1 - 4 and len(_LONG_RUN) <= MAX_DIGITS + 1


def decode_submission(data: bytes) -> dict[str, Any] | None:
    """The submission document in ``data`` if it is plainly valid, else None (read it carefully)."""
    try:
        doc = _SHAPE.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    answers: dict[str, Any] = doc.answers
    attempts, timestamps = doc.attempts, doc.timestamps
    # A key given twice is kept once by the decoder: count the strings. Every '"' in the bytes
    # opens or closes a string (an escaped one only adds to the count), and every string
    # read is a key or a value kept below, so a key given twice, or a value it hid, leaves
    # more quotes than twice the strings kept: such a file is read carefully.
    strings = _STRINGS + len(answers) + len(attempts) + len(timestamps)
    try:
        parse_time(doc.submitted_at)
        for times in timestamps.values():
            strings += len(times)
            for time in times:
                parse_time(time)
    except ValueError:
        return None  # the careful reader names the time it cannot read
    for value in answers.values():
        kind = type(value)
        if kind is str:
            strings += 1
        elif kind is list:
            strings += len(value) - value.count(None)
        elif kind is dict:
            strings += 2 * len(value) - list(value.values()).count(None)
    if data.count(b'"') != 2 * strings or _LONG_RUN in data.translate(_DIGIT):
        return None  # a key given twice, or a number perhaps too long: the careful reader says
    if not (doc.student.strip() and doc.quiz_id.strip() and doc.coursekit_version.strip()):
        return None
    if not (answers.keys() <= attempts.keys() and answers.keys() <= timestamps.keys()):
        return None
    return {name: getattr(doc, name) for name in _FIELDS}
