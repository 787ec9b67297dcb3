"""``single``: pick one of several choices."""

from __future__ import annotations

from typing import Any, Literal

from coursekit.quiz.types._base import (
    AddProblem,
    NonEmptyStr,
    Options,
    PracticeQuestion,
    Present,
    QuestionModel,
    QuestionType,
    duplicates,
    invalid,
    listing,
    quoted,
)


class SingleQuestion(PracticeQuestion):
    """Pick one of several choices."""

    type: Literal["single"]
    """Question type."""
    choices: Options
    """The options (at least two, all different)."""
    answer: NonEmptyStr
    """The right choice (its text)."""


class ExamSingleQuestion(QuestionModel):
    """``single`` without its answer key."""

    type: Literal["single"]
    """Question type."""
    choices: Options
    """The options."""


def check_unique(question: Any, key: str, what: str, add: AddProblem) -> None:
    """Report each value of ``question.<key>`` listed twice."""
    values = list(getattr(question, key))
    for i in duplicates(values):
        add(f"{what} {values[i]!r} is listed twice in {key}", (key, i))


class Single(QuestionType):
    name = "single"
    practice = SingleQuestion
    exam = ExamSingleQuestion
    takes = "one of the choices (text)"

    def options(self, question: Any) -> list[str]:
        return list(question.choices)

    def key_text(self, question: Any) -> str:
        return str(question.answer)

    def canonical(self, question: Any, response: Any) -> Any:
        return response if isinstance(response, str) else invalid(response)

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        ok = value == question.answer
        return float(ok), "Correct." if ok else "Not the right choice."

    def problem(self, question: Any, value: Any) -> str | None:
        if value not in question.choices:
            return f"{quoted(value)} is not one of the choices: {listing(question.choices)}"
        return None

    def check(self, question: Any, add: AddProblem) -> None:
        check_unique(question, "choices", "choice", add)
        if isinstance(question, SingleQuestion) and question.answer not in question.choices:
            add(
                f"answer {question.answer!r} is not one of the choices: {listing(question.choices)}",
                ("answer",),
            )

    def exam_fields(self, question: Any, present: Present) -> dict[str, Any]:
        return {"choices": present(question.choices, "")}
