"""Errors raised by coursekit.

Every error a user can trigger with bad input is a :class:`CoursekitError`. It
carries the file, the line and the question (or row) it is about, so the CLI
can print it as one line::

    quizzes/02-roadmaps.yaml:14: question q3: answer 'Minsk' is not one of the choices

and never a Python traceback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CoursekitError",
    "DataError",
    "QuizError",
    "QuoteNotFoundError",
    "SubmissionError",
]

_MAX_ITEM = 80
_MAX_MESSAGE = 2000
"""A message (or the id it is about) longer than this is cut: someone else's input must
never turn one line into megabytes."""


class CoursekitError(Exception):
    """Base class for every error caused by user input.

    Parameters
    ----------
    message
        What is wrong and, where possible, what would be valid.
    path
        The file the problem is in.
    line
        1-based line number in ``path``.
    item
        The question id (for quizzes) or row id (for CSV files) concerned.
    item_kind
        The word printed before ``item``: ``"question"``, ``"event"``, ``"row"``...

    Examples
    --------
    >>> str(CoursekitError("tolerance must be >= 0", path="q.yaml", line=3, item="q1"))
    'q.yaml:3: question q1: tolerance must be >= 0'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        item: str | None = None,
        item_kind: str = "question",
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.item = item
        self.item_kind = item_kind
        super().__init__(self.format())

    def format(self) -> str:
        """Return the one-line ``PATH:LINE: KIND ID: message`` form."""
        parts: list[str] = []
        if self.path is not None:
            parts.append(self.path if self.line is None else f"{self.path}:{self.line}")
        if self.item is not None:
            item = self.item if len(self.item) <= _MAX_ITEM else self.item[: _MAX_ITEM - 1] + "…"
            parts.append(f"{self.item_kind} {item}")
        message = " ".join(self.message.split())  # always one line
        if len(message) > _MAX_MESSAGE:  # a net: messages quote with coursekit._quoting
            message = message[: _MAX_MESSAGE - 1] + "…"
        parts.append(message)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.format()


class DataError(CoursekitError):
    """A corpus, events or entities file is missing, corrupted or inconsistent."""


class QuoteNotFoundError(DataError):
    """A quote that must be verbatim in a document is not found there."""


class QuizError(CoursekitError):
    """A quiz file is malformed or inconsistent with the corpus."""


class SubmissionError(CoursekitError):
    """A student submission file cannot be read or does not match its quiz."""
