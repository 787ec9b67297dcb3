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

Each type's own rules (its canonical form, its credit) live in its module in
:mod:`coursekit.quiz.types`; this module is the one entry point that handles
what all types share (empty and invalid responses, points) and dispatches by
``type``. Partial credit:

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

from dataclasses import dataclass
from typing import Any

from coursekit.quiz import types
from coursekit.quiz.types._base import Invalid, QuestionType

__all__ = ["STATUSES", "Invalid", "Result", "canonical", "question_type", "score"]

STATUSES = ("correct", "partial", "incorrect", "unanswered", "invalid", "unmarked", "marked")
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


def question_type(question: Any) -> QuestionType:
    """The registered type of ``question``.

    Raises
    ------
    ValueError
        If its ``type`` is not registered; the message lists the valid types.
    """
    try:
        return types.get(question.type)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None


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
    qtype = question_type(question)
    if _empty(response):
        return None
    if isinstance(response, Invalid):
        return response
    return qtype.canonical(question, response)


def score(question: Any, response: Any, marks: Any = None) -> Result:
    """Score one response to one practice question.

    A type scored by a person (``keyed`` False: ``essay``) is never scored by
    its text: an answered one is ``"unmarked"`` with 0 points until ``marks``
    (criterion -> mark, from the teacher) are given; then it is ``"marked"``
    and earns ``points × marks / rubric maximum``. An unanswered one stays
    ``"unanswered"`` (0 points) whatever the marks.

    Parameters
    ----------
    question
        A practice question model (with its answer key).
    response
        The response by value, or its :func:`canonical` form.
    marks
        For a type scored by a person: the teacher's marks (None: not marked yet).

    Returns
    -------
    Result
        ``points`` between 0 and ``question.points``.

    Raises
    ------
    ValueError
        If ``question`` has no answer key (an exam question), its type is
        not registered, or ``marks`` do not fit it.

    Examples
    --------
    >>> from coursekit.quiz.model import NumericQuestion
    >>> q = NumericQuestion.model_validate({"id": "n", "type": "numeric", "prompt": "?",
    ...     "answer": 31, "tolerance": 0.5, "explanation": "e",
    ...     "source": {"doc_id": "d", "quote": "x"}})
    >>> score(q, 31.4).correct, score(q, 32).correct, score(q, None).status
    (True, False, 'unanswered')
    """
    qtype = question_type(question)
    if not isinstance(question, qtype.practice):
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
    if not qtype.keyed:
        if marks is None:
            return Result(0.0, max_points, False, False, "unmarked", qtype.grade(question, value)[1])
        share, feedback = qtype.mark(question, marks)
        share = max(0.0, min(1.0, share))
        return Result(round(share * max_points, 6), max_points, share >= 1.0, False, "marked", feedback)
    share, feedback = qtype.grade(question, value)
    share = max(0.0, min(1.0, share))
    earned = round(share * max_points, 6)
    correct = share >= 1.0
    partial = 0.0 < share < 1.0
    status = "correct" if correct else "partial" if partial else "incorrect"
    return Result(earned, max_points, correct, partial, status, feedback)
