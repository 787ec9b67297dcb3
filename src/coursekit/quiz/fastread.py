"""A typed decoder for submissions: grading a class reads thousands of them.

:func:`decode_submission` validates a submission's bytes in one pass of
msgspec's compiled decoder (types, required and unknown keys, times, counts),
and returns the document, or None when the file needs the careful reader
(:func:`coursekit.quiz.submission.load_submission` then reads it again with
:func:`coursekit._reading.decode_json`, and says what is wrong, with its line).

It only ever accepts what the careful reader accepts: anything unusual (a
byte-order mark, a key given twice, a number the typed decoder refuses, a time
it cannot read) sends the file to the careful reader, never past it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

__all__ = ["decode_submission"]


Response = str | int | float | bool | None | list[str | None] | dict[str, str | None]
"""What the widget ever saves as a response (deeper JSON goes to the careful reader)."""


class _Shape(msgspec.Struct, forbid_unknown_fields=True):
    format_version: Literal[1]
    student: Annotated[str, msgspec.Meta(min_length=1)]
    quiz_id: Annotated[str, msgspec.Meta(min_length=1)]
    mode: Literal["practice", "exam"]
    submitted_at: datetime
    coursekit_version: Annotated[str, msgspec.Meta(min_length=1)]
    answers: dict[str, Response]
    attempts: dict[str, Annotated[int, msgspec.Meta(ge=0)]]
    timestamps: dict[str, list[datetime]]


_SHAPE = msgspec.json.Decoder(_Shape)
_RAW = msgspec.json.Decoder()
_SPACED = (b" :", b"\t:", b"\n:", b"\r:")
"""Whitespace before a ':' (a key written ``"a" : 1``, not as coursekit writes it): such a
key would escape the count below, so such files are read carefully."""


def decode_submission(data: bytes) -> dict[str, Any] | None:
    """The submission document in ``data`` if it is plainly valid, else None (read it carefully)."""
    if b'\\"' in data:
        return None  # an escaped quote: the key count below would not be exact
    try:
        _SHAPE.decode(data)
        doc = _RAW.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    # A key given twice is kept once by the decoder: count the keys in the bytes. With no
    # escaped quote, every '":' ends a key, or starts a string beginning with ':', which
    # can only make the count larger: a key given twice is never hidden.
    answers = doc["answers"]
    nested = sum(len(v) for v in answers.values() if type(v) is dict)
    keys = len(doc) + len(answers) + len(doc["attempts"]) + len(doc["timestamps"]) + nested
    if data.count(b'":') != keys or any(spaced in data for spaced in _SPACED):
        return None  # read it carefully: the careful reader names a key given twice
    if not all(doc[k].strip() for k in ("student", "quiz_id", "coursekit_version")):
        return None
    if not (answers.keys() <= doc["attempts"].keys() and answers.keys() <= doc["timestamps"].keys()):
        return None
    return doc
