"""``match``: match each left item to a right-hand option; partial credit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from coursekit.quiz.types._base import (
    AddProblem,
    NonEmptyStr,
    Options,
    PracticeQuestion,
    Present,
    QuestionModel,
    QuestionType,
    invalid,
    listing,
    quoted,
)
from coursekit.quiz.types.single import check_unique


class MatchQuestion(PracticeQuestion):
    """Match each left item to a right-hand option; partial credit."""

    type: Literal["match"]
    """Question type."""
    pairs: Annotated[dict[str, NonEmptyStr], Field(min_length=2)]
    """Left item -> its right-hand match; this is the answer key."""
    distractors: Annotated[list[NonEmptyStr], Field(json_schema_extra={"uniqueItems": True})] = []  # noqa: RUF012 (pydantic copies defaults)
    """Extra right-hand options that match nothing."""


class ExamMatchQuestion(QuestionModel):
    """``match`` without its answer key: left items and right-hand options."""

    type: Literal["match"]
    """Question type."""
    left: Options
    """The items to match, in order."""
    options: Options
    """The right-hand options (matches and distractors)."""


def left_items(question: Any) -> list[str]:
    """The left items of a practice or exam match question, in file order."""
    return list(question.left) if isinstance(question, ExamMatchQuestion) else list(question.pairs)


class Match(QuestionType):
    """Credit: the share of left items matched right."""

    name = "match"
    practice = MatchQuestion
    exam = ExamMatchQuestion
    takes = "a mapping from left items to options"

    def options(self, question: Any) -> list[str]:
        if isinstance(question, ExamMatchQuestion):
            return list(question.options)
        rights = list(dict.fromkeys(question.pairs.values()))
        return rights + [d for d in question.distractors if d not in rights]

    def key_text(self, question: Any) -> str:
        return "; ".join(f"{left} → {right}" for left, right in question.pairs.items())

    def canonical(self, question: Any, response: Any) -> Any:
        if isinstance(response, Mapping):
            pairs: Iterable[Any] = response.items()
        elif isinstance(response, frozenset | set | list | tuple):
            pairs = response
        else:
            return invalid(response)
        out = []
        for pair in pairs:
            if not (isinstance(pair, tuple | list) and len(pair) == 2):
                return invalid(response)
            left, right = pair
            if not isinstance(left, str) or not (right is None or isinstance(right, str)):
                return invalid(response)
            if right is not None:
                out.append((left, right))
        if len({left for left, _ in out}) != len(out):
            return invalid(response)  # one left item matched twice
        return frozenset(out) or None

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        given = dict(value)
        hits = sum(1 for left, right in question.pairs.items() if given.get(left) == right)
        total = len(question.pairs)
        return hits / total, f"{hits} of {total} matched right."

    def problem(self, question: Any, value: Any) -> str | None:
        lefts = set(question.pairs)
        options = set(question.pairs.values()) | set(question.distractors)
        for left, right in sorted(value):
            if left not in lefts:
                return f"{quoted(left)} is not a left item: {listing(question.pairs)}"
            if right not in options:
                return f"{quoted(right)} is not one of the options: {listing(sorted(options))}"
        return None

    def label(self, value: Any) -> str:
        return "; ".join(f"{left} → {right}" for left, right in sorted(value))

    def check(self, question: Any, add: AddProblem) -> None:
        if isinstance(question, ExamMatchQuestion):
            check_unique(question, "left", "left item", add)
            check_unique(question, "options", "option", add)
            return
        check_unique(question, "distractors", "distractor", add)
        rights = set(question.pairs.values())
        for i, d in enumerate(question.distractors):
            if d in rights:
                add(f"distractor {d!r} is also a right-hand side of pairs", ("distractors", i))

    def exam_fields(self, question: Any, present: Present) -> dict[str, Any]:
        rights = set(question.pairs.values()) | set(question.distractors)
        # two seeds: one permutation of both sorted lists could keep an alphabetical alignment
        return {"left": present(question.pairs, ":left"), "options": present(rights, ":options")}
