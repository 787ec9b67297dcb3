"""``multiple``: pick every right choice; partial credit."""

from __future__ import annotations

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
    items_of,
    listing,
)
from coursekit.quiz.types.single import check_unique


class MultipleQuestion(PracticeQuestion):
    """Pick every right choice; partial credit."""

    type: Literal["multiple"]
    """Question type."""
    choices: Options
    """The options (at least two, all different)."""
    answer: Annotated[list[NonEmptyStr], Field(min_length=1, json_schema_extra={"uniqueItems": True})]
    """The right choices (at least one)."""


class ExamMultipleQuestion(QuestionModel):
    """``multiple`` without its answer key."""

    type: Literal["multiple"]
    """Question type."""
    choices: Options
    """The options."""


class Multiple(QuestionType):
    """Credit: (right picks - wrong picks) / number of right choices, floored at 0."""

    name = "multiple"
    practice = MultipleQuestion
    exam = ExamMultipleQuestion
    takes = "a list of choices"

    def options(self, question: Any) -> list[str]:
        return list(question.choices)

    def key_text(self, question: Any) -> str:
        return "; ".join(question.answer)

    def canonical(self, question: Any, response: Any) -> Any:
        items = items_of(response)
        if items is None or not all(isinstance(x, str) for x in items):
            return invalid(response)
        return frozenset(items) or None

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        answer = set(question.answer)
        right = len(value & answer)
        wrong = len(value - answer)
        share = 1.0 if value == answer else max(0.0, (right - wrong) / len(answer))
        return share, f"{right} of {len(answer)} right choices picked" + (
            f", {wrong} wrong." if wrong else "."
        )

    def problem(self, question: Any, value: Any) -> str | None:
        extra = sorted(value - set(question.choices))
        if extra:
            return f"{listing(extra)} not among the choices: {listing(question.choices)}"
        return None

    def label(self, value: Any) -> str:
        return "; ".join(sorted(value))

    def check(self, question: Any, add: AddProblem) -> None:
        check_unique(question, "choices", "choice", add)
        if isinstance(question, MultipleQuestion):
            check_unique(question, "answer", "answer", add)
            for i, a in enumerate(question.answer):
                if a not in question.choices:
                    add(f"answer {a!r} is not one of the choices: {listing(question.choices)}", ("answer", i))

    def exam_fields(self, question: Any, present: Present) -> dict[str, Any]:
        return {"choices": present(question.choices, "")}
