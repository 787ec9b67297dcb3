"""``true_false``: a statement that is true or false."""

from __future__ import annotations

from typing import Any, Literal

from coursekit.quiz.types._base import PracticeQuestion, QuestionModel, QuestionType, invalid


class TrueFalseQuestion(PracticeQuestion):
    """A statement that is true or false."""

    type: Literal["true_false"]
    """Question type."""
    answer: bool
    """``true`` or ``false``."""


class ExamTrueFalseQuestion(QuestionModel):
    """``true_false`` without its answer key."""

    type: Literal["true_false"]
    """Question type."""


class TrueFalse(QuestionType):
    name = "true_false"
    practice = TrueFalseQuestion
    exam = ExamTrueFalseQuestion
    takes = "true or false"

    def key_text(self, question: Any) -> str:
        return "True" if question.answer else "False"

    def canonical(self, question: Any, response: Any) -> Any:
        return response if isinstance(response, bool) else invalid(response)

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        ok = value is question.answer
        return float(ok), "Correct." if ok else "Not quite."

    def label(self, value: Any) -> str:
        return "True" if value else "False"
