r"""``text``: a short typed answer; case and extra spaces are ignored.

A ``pattern`` is matched by RE2 (``google-re2``), whose time grows linearly
with the answer: no pattern an author writes can make a student's Check or a
class's grading hang, as ``(\w+\s?)+`` does with Python's backtracking ``re``.
RE2 has no backreferences or lookarounds; ``coursekit check`` refuses a
pattern that uses them, saying so.
"""

from __future__ import annotations

from functools import lru_cache
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
    """Also accept answers matching this regular expression (in full, any case; RE2 syntax:
    no backreferences or lookarounds)."""


class ExamTextQuestion(QuestionModel):
    """``text`` without its answer key."""

    type: Literal["text"]
    """Question type."""


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """Compile ``pattern`` with RE2, case-insensitive (cached: a class shares a few patterns).

    Raises
    ------
    PatternError
        If RE2 refuses it (a syntax error, or a backreference or lookaround).
    """
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # RE2 would print its own copy of the message on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        why = exc.args[0] if exc.args else exc
        text = why.decode("utf-8", "replace") if isinstance(why, bytes) else str(why)
        raise PatternError(text) from None


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
                ok = compile_pattern(question.pattern).fullmatch(value) is not None
            except PatternError:
                ok = False
        return float(ok), "Correct." if ok else "Not an accepted answer."

    def check(self, question: Any, add: AddProblem) -> None:
        if isinstance(question, TextQuestion) and question.pattern is not None:
            try:
                compile_pattern(question.pattern)
            except PatternError as exc:
                add(
                    f"pattern is not a valid regular expression: {exc} "
                    "(RE2 syntax: no backreferences or lookarounds)",
                    ("pattern",),
                )
