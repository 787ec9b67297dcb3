"""``numeric``: a number, right within a tolerance."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import Field

from coursekit.quiz.types._base import (
    NonEmptyStr,
    PracticeQuestion,
    Present,
    QuestionModel,
    QuestionType,
    invalid,
)


class NumericQuestion(PracticeQuestion):
    """A number, right within a tolerance."""

    type: Literal["numeric"]
    """Question type."""
    answer: float
    """The right number."""
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    """Largest accepted distance from the answer (>= 0)."""
    unit: NonEmptyStr | None = None
    """Unit shown next to the input, e.g. ``items`` or ``years``."""


class ExamNumericQuestion(QuestionModel):
    """``numeric`` without its answer key."""

    type: Literal["numeric"]
    """Question type."""
    unit: NonEmptyStr | None = None
    """Unit shown next to the input."""


def number_text(value: float) -> str:
    """A number without trailing zeros: ``31.0`` -> ``'31'``."""
    return f"{value:g}"


class Numeric(QuestionType):
    name = "numeric"
    practice = NumericQuestion
    exam = ExamNumericQuestion
    takes = "a number"

    def key_text(self, question: Any) -> str:
        text = number_text(question.answer)
        if question.tolerance:
            text += f" (± {number_text(question.tolerance)})"
        return f"{text} {question.unit}" if question.unit else text

    def canonical(self, question: Any, response: Any) -> Any:
        if isinstance(response, bool):
            return invalid(response)
        try:
            value = float(response) if isinstance(response, int | float | str) else None
        except (ValueError, OverflowError):
            return invalid(response)
        if value is None or not math.isfinite(value):
            return invalid(response)
        return value

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        tol = question.tolerance + 1e-9 * max(1.0, abs(question.answer))
        ok = abs(value - question.answer) <= tol
        return float(ok), "Correct." if ok else "Not the right number."

    def invalid_notice(self, response: Any) -> str:
        return f"“{response}” is not a number: type digits, such as 31 or 2.5."

    def label(self, value: Any) -> str:
        return f"{value:.6g}"

    def exam_fields(self, question: Any, present: Present) -> dict[str, Any]:
        return {"unit": question.unit} if question.unit is not None else {}
