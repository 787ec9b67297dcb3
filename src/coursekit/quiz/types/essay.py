"""``essay``: a written answer, marked by a person against a rubric.

An essay is not keyed (:attr:`~coursekit.quiz.types._base.QuestionType.keyed` is
False): no function can say whether it is right. Until a teacher marks it,
:func:`coursekit.quiz.scoring.score` gives an answered essay the status
``"unmarked"`` and 0 points; with marks (one per rubric criterion, read back by
``coursekit grade --marks``) it gives the status ``"marked"`` and
``points × marks / rubric maximum``.

An essay is ungraded practice unless its author sets ``points``: ``points``
defaults to 0, so it is collected, marked and reported but adds nothing to a
quiz's total. Its ``explanation`` is the model answer (what a strong essay
does); an exam copy keeps the prompt, the rubric and the word range, never the
model answer or the passages.

Examples
--------
>>> q = EssayQuestion.model_validate({"id": "e", "type": "essay", "prompt": "Why?",
...     "rubric": [{"criterion": "Evidence", "points": 2, "levels": [
...         {"points": 0, "description": "no quote"}, {"points": 2, "description": "two quotes"}]}],
...     "explanation": "A model answer.", "source": {"doc_id": "d", "quote": "x"}})
>>> q.points, Essay().rubric_max(q)
(0.0, 2.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from coursekit.quiz.types._base import (
    AddProblem,
    NonEmptyStr,
    PracticeQuestion,
    QuestionModel,
    QuestionType,
    StrictModel,
    duplicates,
    invalid,
    listing,
)

__all__ = ["Criterion", "Essay", "EssayQuestion", "ExamEssayQuestion", "Level", "word_count"]


def word_count(text: str) -> int:
    """Words in ``text``: runs of characters between spaces.

    >>> word_count("  Integration,  or annexation?\\n2019–2025 ")
    4
    """
    return len(text.split())


class Level(StrictModel):
    """One level of a criterion: the points it earns and what work at that level does."""

    points: Annotated[float, Field(ge=0)]
    """Points for work at this level (0 up to the criterion's points)."""
    description: NonEmptyStr
    """What an essay at this level does."""


class Criterion(StrictModel):
    """One criterion of a rubric."""

    criterion: NonEmptyStr
    """Its name, unique in the rubric, e.g. ``Use of sources``."""
    points: Annotated[float, Field(gt=0)]
    """The most points it gives (its top level)."""
    levels: Annotated[list[Level], Field(min_length=2)]
    """Its levels, from weakest to strongest; the strongest earns ``points``."""


Rubric = Annotated[list[Criterion], Field(min_length=1)]


class _EssayFields(QuestionModel):
    points: Annotated[float, Field(ge=0)] = 0.0
    """Points in the quiz total; 0 (default): ungraded practice, collected and marked."""
    rubric: Rubric
    """The criteria the essay is marked on, each with its levels."""
    min_words: Annotated[int, Field(ge=1)] | None = None
    """Fewest words asked for (shown to the student with a running word count)."""
    max_words: Annotated[int, Field(ge=1)] | None = None
    """Most words asked for."""


class EssayQuestion(_EssayFields, PracticeQuestion):
    """A written answer marked against a rubric; ``sources`` are the passages it expects used."""

    type: Literal["essay"]
    """Question type."""


class ExamEssayQuestion(_EssayFields):
    """``essay`` without its model answer and passages."""

    type: Literal["essay"]
    """Question type."""


class Essay(QuestionType):
    name = "essay"
    practice = EssayQuestion
    exam = ExamEssayQuestion
    takes = "text"
    keyed = False

    def rubric_max(self, question: Any) -> float:
        """The sum of the criteria's points."""
        return float(sum(c.points for c in question.rubric))

    def key_text(self, question: Any) -> str:
        return f"marked by a teacher against its rubric ({self.rubric_max(question):g} marks)"

    def canonical(self, question: Any, response: Any) -> Any:
        if not isinstance(response, str):
            return invalid(response)
        return "\n".join(line.rstrip() for line in response.strip().splitlines())

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        return 0.0, "Not marked yet: a teacher marks it against the rubric."

    def mark(self, question: Any, marks: Mapping[str, float]) -> tuple[float, str]:
        """The share of the points that ``marks`` (criterion -> mark) earn, and a verdict.

        Raises
        ------
        ValueError
            If a criterion is missing or unknown, or a mark is outside 0 to its points.
        """
        problem = self.marks_problem(question, marks)
        if problem:
            raise ValueError(problem)
        total = sum(float(marks[c.criterion]) for c in question.rubric)
        top = self.rubric_max(question)
        return total / top, f"Marked: {total:g} / {top:g} marks."

    def marks_problem(self, question: Any, marks: Mapping[str, float]) -> str | None:
        """Why ``marks`` cannot mark this essay, or None."""
        names = [c.criterion for c in question.rubric]
        unknown = [k for k in marks if k not in names]
        if unknown:
            return f"unknown criterion {listing(unknown)}; valid: {listing(names)}"
        missing = [n for n in names if n not in marks]
        if missing:
            return f"no mark for criterion {listing(missing)}"
        for c in question.rubric:
            value = marks[c.criterion]
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                return f"criterion {c.criterion!r}: the mark must be a number, got {value!r}"
            if not 0 <= value <= c.points:
                return f"criterion {c.criterion!r}: mark {value:g} is outside 0 to {c.points:g}"
        return None

    def label(self, value: Any) -> str:
        text = " ".join(str(value).split())
        return text if len(text) <= 60 else text[:59] + "…"

    def check(self, question: Any, add: AddProblem) -> None:
        names = [c.criterion for c in question.rubric]
        for i in duplicates(names):
            add(f"criterion {names[i]!r} appears twice in the rubric", ("rubric", i, "criterion"))
        for i, c in enumerate(question.rubric):
            top = max(level.points for level in c.levels)
            for j, level in enumerate(c.levels):
                if level.points > c.points:
                    add(
                        f"level earns {level.points:g} points, more than the criterion's {c.points:g}",
                        ("rubric", i, "levels", j, "points"),
                    )
            if top != c.points and top <= c.points:
                add(f"no level earns the criterion's {c.points:g} points", ("rubric", i, "points"))
        low, high = question.min_words, question.max_words
        if low is not None and high is not None and low > high:
            add(f"min_words ({low}) is more than max_words ({high})", ("min_words",))

    def exam_fields(self, question: Any, present: Any) -> dict[str, Any]:
        def number(value: float) -> float | int:
            return int(value) if float(value).is_integer() else value

        rubric = [
            {
                "criterion": c.criterion,
                "points": number(c.points),
                "levels": [{"points": number(v.points), "description": v.description} for v in c.levels],
            }
            for c in question.rubric
        ]
        kept: dict[str, Any] = {"rubric": rubric}
        for key in ("min_words", "max_words"):
            if getattr(question, key) is not None:
                kept[key] = getattr(question, key)
        return kept
