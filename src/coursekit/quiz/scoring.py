"""Scoring: one pure function used by the widget, submissions and the gradebook.

:func:`score` grades one response to one practice question. :func:`canonical`
returns a hashable normal form of a response such that
``score(q, r) == score(q, canonical(q, r))`` for every response ``r``: batch
grading can score each *unique* canonical response once and map the results
over any number of submissions, with the very same function.

Responses are values, never positions (see ``docs/quiz-format.md``): a choice
text, a list of choice texts, a bool, a number, a list of items, a mapping
left -> right, a string. ``None`` and empty values are *unanswered* and score 0.
A value of the wrong kind (a number for a ``single`` question...) is *invalid*
and scores 0.

Partial credit:

* ``multiple``: (right picks - wrong picks) / len(answer), floored at 0;
* ``order``: share of positions holding the right item;
* ``match``: share of left items matched right.

Examples
--------
>>> from coursekit.quiz.model import MultipleQuestion
>>> q = MultipleQuestion.model_validate({"id": "m", "type": "multiple", "prompt": "?",
...     "choices": ["a", "b", "c", "d"], "answer": ["a", "b"], "explanation": "e",
...     "source": {"doc_id": "d", "quote": "x"}})
>>> r = score(q, ["a", "c", "b"])
>>> r.points, r.max_points, r.correct, r.partial, r.status
(0.5, 1.0, False, True, 'partial')
>>> canonical(q, ["b", "a"]) == canonical(q, ["a", "b"])
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["STATUSES", "Invalid", "Result", "canonical", "score"]

STATUSES = ("correct", "partial", "incorrect", "unanswered", "invalid")
"""The values of :attr:`Result.status`."""


@dataclass(frozen=True)
class Result:
    """The outcome of scoring one response."""

    points: float
    """Points earned (0 <= points <= max_points)."""
    max_points: float
    """Points for a fully right answer (the question's ``points``)."""
    correct: bool
    """Fully right."""
    partial: bool
    """Partly right: some but not all the credit."""
    status: str
    """One of :data:`STATUSES`."""
    feedback: str
    """A short plain-text verdict, e.g. ``"2 of 3 items in the right position."``."""

    @property
    def answered(self) -> bool:
        """False if the response was empty."""
        return self.status != "unanswered"


@dataclass(frozen=True)
class Invalid:
    """Canonical form of a response of the wrong kind (scores 0)."""

    kind: str
    """The Python type name of the response."""


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _norm_text(value: str) -> str:
    return " ".join(value.split()).casefold()


def _empty(response: Any) -> bool:
    """None, blank text, or an empty list/mapping/set: unanswered, whatever the type."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    return isinstance(response, list | tuple | dict | set | frozenset) and len(response) == 0


def canonical(question: Any, response: Any) -> Any:
    """Return a hashable normal form of ``response`` to ``question``.

    Equal canonical forms always score the same. The forms are: ``None``
    (unanswered), ``str`` (single; text, whitespace-collapsed and case-folded),
    ``frozenset`` of choices (multiple), ``bool``, ``float``, ``tuple`` of
    items with ``None`` for empty positions (order), ``frozenset`` of
    ``(left, right)`` pairs (match), or :class:`Invalid`.

    The function is idempotent: ``canonical(q, canonical(q, r)) == canonical(q, r)``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> canonical(SimpleNamespace(type="text"), "  Vladimir   SEMASHKO ")
    'vladimir semashko'
    >>> canonical(SimpleNamespace(type="numeric"), "")
    """
    kind = question.type
    if _empty(response):
        return None
    if isinstance(response, Invalid):
        return response
    invalid = Invalid(type(response).__name__)
    if kind == "single":
        return response if isinstance(response, str) else invalid
    if kind == "true_false":
        return response if isinstance(response, bool) else invalid
    if kind == "numeric":
        if isinstance(response, bool):
            return invalid
        try:
            value = float(response) if isinstance(response, int | float | str) else None
        except (ValueError, OverflowError):
            return invalid
        if value is None or not math.isfinite(value):
            return invalid
        return value
    if kind == "text":
        return _norm_text(response) if isinstance(response, str) else invalid
    if kind == "multiple":
        if isinstance(response, str | bytes | Mapping) or not isinstance(response, Iterable):
            return invalid
        items = list(response)
        if not all(isinstance(x, str) for x in items):
            return invalid
        return frozenset(items) or None
    if kind == "order":
        if isinstance(response, str | bytes | Mapping) or not isinstance(response, Iterable):
            return invalid
        items = tuple(response)
        if not all(x is None or isinstance(x, str) for x in items):
            return invalid
        return items if any(x is not None for x in items) else None
    if kind == "match":
        if isinstance(response, Mapping):
            pairs: Iterable[Any] = response.items()
        elif isinstance(response, frozenset | set | list | tuple):
            pairs = response
        else:
            return invalid
        out = []
        for pair in pairs:
            if not (isinstance(pair, tuple | list) and len(pair) == 2):
                return invalid
            left, right = pair
            if not isinstance(left, str) or not (right is None or isinstance(right, str)):
                return invalid
            if right is not None:
                out.append((left, right))
        if len({left for left, _ in out}) != len(out):
            return invalid  # one left item matched twice
        return frozenset(out) or None
    msg = f"unknown question type {kind!r}"
    raise ValueError(msg)


def _result(max_points: float, share: float, feedback: str) -> Result:
    earned = round(max(0.0, min(1.0, share)) * max_points, 6)
    correct = share >= 1.0
    partial = 0.0 < share < 1.0
    status = "correct" if correct else "partial" if partial else "incorrect"
    return Result(earned, max_points, correct, partial, status, feedback)


def score(question: Any, response: Any) -> Result:
    """Score one response to one practice question.

    Parameters
    ----------
    question
        A practice question model (with its answer key).
    response
        The response by value, or its :func:`canonical` form.

    Returns
    -------
    Result
        ``points`` between 0 and ``question.points``.

    Raises
    ------
    ValueError
        If ``question`` has no answer key (an exam question).

    Examples
    --------
    >>> from coursekit.quiz.model import NumericQuestion
    >>> q = NumericQuestion.model_validate({"id": "n", "type": "numeric", "prompt": "?",
    ...     "answer": 31, "tolerance": 0.5, "explanation": "e",
    ...     "source": {"doc_id": "d", "quote": "x"}})
    >>> score(q, 31.4).correct, score(q, 32).correct, score(q, None).status
    (True, False, 'unanswered')
    """
    if not hasattr(question, "answer") and not hasattr(question, "pairs"):
        msg = (
            f"question {question.id!r} has no answer key (exam question); score it against the practice quiz"
        )
        raise ValueError(msg)
    value = canonical(question, response)
    max_points = float(question.points)
    if value is None:
        return Result(0.0, max_points, False, False, "unanswered", "No answer.")
    if isinstance(value, Invalid):
        return Result(
            0.0,
            max_points,
            False,
            False,
            "invalid",
            f"Not a valid answer for a {question.type} question ({value.kind}).",
        )
    kind = question.type
    if kind == "single":
        ok = value == question.answer
        return _result(max_points, float(ok), "Correct." if ok else "Not the right choice.")
    if kind == "true_false":
        ok = value is question.answer
        return _result(max_points, float(ok), "Correct." if ok else "Not quite.")
    if kind == "numeric":
        tol = question.tolerance + 1e-9 * max(1.0, abs(question.answer))
        ok = abs(value - question.answer) <= tol
        return _result(max_points, float(ok), "Correct." if ok else "Not the right number.")
    if kind == "text":
        accepted = {_norm_text(a) for a in question.answer}
        ok = value in accepted
        if not ok and question.pattern:
            try:
                ok = re.fullmatch(question.pattern, value, re.IGNORECASE) is not None
            except re.error:
                ok = False
        return _result(max_points, float(ok), "Correct." if ok else "Not an accepted answer.")
    if kind == "multiple":
        answer = set(question.answer)
        right = len(value & answer)
        wrong = len(value - answer)
        share = 1.0 if value == answer else max(0.0, (right - wrong) / len(answer))
        return _result(
            max_points,
            share,
            f"{right} of {len(answer)} right choices picked" + (f", {wrong} wrong." if wrong else "."),
        )
    if kind == "order":
        answer = list(question.answer)
        hits = sum(1 for i, item in enumerate(answer) if i < len(value) and value[i] == item)
        share = hits / max(len(value), len(answer))
        return _result(max_points, share, f"{hits} of {len(answer)} items in the right position.")
    if kind == "match":
        given = dict(value)
        hits = sum(1 for left, right in question.pairs.items() if given.get(left) == right)
        total = len(question.pairs)
        return _result(max_points, hits / total, f"{hits} of {total} matched right.")
    msg = f"unknown question type {kind!r}"
    raise ValueError(msg)
