"""``order``: put items in order; partial credit."""

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
    invalid,
    items_of,
    listing,
)
from coursekit.quiz.types.single import check_unique


class OrderQuestion(PracticeQuestion):
    """Put items in order; partial credit."""

    type: Literal["order"]
    """Question type."""
    items: Options
    """The items to order, as presented (at least two, all different)."""
    answer: list[NonEmptyStr]
    """The items in the right order: a permutation of ``items``."""


class ExamOrderQuestion(QuestionModel):
    """``order`` without its answer key."""

    type: Literal["order"]
    """Question type."""
    items: Options
    """The items to order."""


class Order(QuestionType):
    """Credit: the share of positions holding the right item."""

    name = "order"
    practice = OrderQuestion
    exam = ExamOrderQuestion
    takes = "a list of the items, in order"

    def options(self, question: Any) -> list[str]:
        return list(question.items)

    def key_text(self, question: Any) -> str:
        return " → ".join(question.answer)

    def canonical(self, question: Any, response: Any) -> Any:
        listed = items_of(response)
        if listed is None or not all(x is None or isinstance(x, str) for x in listed):
            return invalid(response)
        items = tuple(listed)
        return items if any(x is not None for x in items) else None

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        answer = list(question.answer)
        hits = sum(1 for i, item in enumerate(answer) if i < len(value) and value[i] == item)
        share = hits / max(len(value), len(answer))
        return share, f"{hits} of {len(answer)} items in the right position."

    def problem(self, question: Any, value: Any) -> str | None:
        if len(value) != len(question.items):
            return f"expected a list of {len(question.items)} positions, got {len(value)}"
        extra = sorted({v for v in value if v is not None} - set(question.items))
        if extra:
            return f"{listing(extra)} not among the items: {listing(question.items)}"
        return None

    def label(self, value: Any) -> str:
        return " → ".join("—" if v is None else v for v in value)

    def check(self, question: Any, add: AddProblem) -> None:
        check_unique(question, "items", "item", add)
        if isinstance(question, OrderQuestion) and sorted(question.answer) != sorted(question.items):
            missing = [i for i in question.items if i not in question.answer]
            extra = [a for a in question.answer if a not in question.items]
            twice = sorted({a for a in question.answer if question.answer.count(a) > 1})
            parts = [
                f"{label} {listing(xs)}"
                for label, xs in (("missing", missing), ("not in items", extra), ("repeated", twice))
                if xs
            ]
            add(f"answer is not a permutation of items: {'; '.join(parts)}", ("answer",))

    def exam_fields(self, question: Any, present: Present) -> dict[str, Any]:
        return {"items": present(question.items, "")}
