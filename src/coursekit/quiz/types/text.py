"""``text``: a short typed answer; case and extra spaces are ignored."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field

from coursekit.quiz.types._base import (
    AddProblem,
    NonEmptyStr,
    PracticeQuestion,
    QuestionModel,
    QuestionType,
    invalid,
    norm_text,
)


class TextQuestion(PracticeQuestion):
    """A short typed answer; case and extra spaces are ignored."""

    type: Literal["text"]
    """Question type."""
    answer: Annotated[list[NonEmptyStr], Field(min_length=1)]
    """Accepted answers."""
    pattern: NonEmptyStr | None = None
    """Also accept answers matching this regular expression (in full, any case)."""


class ExamTextQuestion(QuestionModel):
    """``text`` without its answer key."""

    type: Literal["text"]
    """Question type."""


class Text(QuestionType):
    name = "text"
    practice = TextQuestion
    exam = ExamTextQuestion
    takes = "text"

    def key_text(self, question: Any) -> str:
        return " / ".join(question.answer)

    def canonical(self, question: Any, response: Any) -> Any:
        return norm_text(response) if isinstance(response, str) else invalid(response)

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        ok = value in {norm_text(a) for a in question.answer}
        if not ok and question.pattern:
            try:
                ok = re.fullmatch(question.pattern, value, re.IGNORECASE) is not None
            except re.error:
                ok = False
        return float(ok), "Correct." if ok else "Not an accepted answer."

    def check(self, question: Any, add: AddProblem) -> None:
        if isinstance(question, TextQuestion) and question.pattern is not None:
            try:
                re.compile(question.pattern)
            except re.error as exc:
                add(f"pattern is not a valid regular expression: {exc}", ("pattern",))
