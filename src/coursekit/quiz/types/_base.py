"""What every question type shares: the pydantic parts and the :class:`QuestionType` contract.

A question type is one module in :mod:`coursekit.quiz.types` holding everything
that is true of that type whatever the output: its practice and exam models, its
key and the key as text, how a response is made canonical, checked and scored,
its cross-field checks for ``coursekit check``, and what an exam release keeps.
Outputs (the widget, exports, the report) keep only their own rendering.

This module imports nothing of coursekit: the models in
:mod:`coursekit.quiz.model` are built from the registered types.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "QUESTION_ID_PATTERN",
    "SKILLS",
    "SOURCES_RULE",
    "AddProblem",
    "ExamQuestionModel",
    "Invalid",
    "NonEmptyStr",
    "Options",
    "PracticeQuestion",
    "Present",
    "QuestionModel",
    "QuestionType",
    "Skill",
    "Source",
    "StrictModel",
    "duplicates",
    "invalid",
    "items_of",
    "listing",
    "norm_text",
    "quoted",
    "short",
]

QUESTION_ID_PATTERN = r"^[a-z0-9-]+$"
"""Question ids: lowercase letters, digits and hyphens."""

Skill = Literal["recall", "comprehension", "sourcing", "corroboration", "contextualization", "analysis"]
"""The historical-thinking skill a question tests (see ``docs/quiz-format.md``)."""
SKILLS: tuple[str, ...] = Skill.__args__  # type: ignore[attr-defined]
"""The values of ``skill:``, from the most basic to the most demanding."""


class StrictModel(BaseModel):
    """The base of every quiz model: strict, frozen, unknown keys refused."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        # Build each validator on first use: a student's kernel then never pays
        # for the exam models, nor for quiz-model classes it does not load.
        defer_build=True,
    )


NonEmptyStr = Annotated[str, Field(min_length=1)]
Options = Annotated[list[NonEmptyStr], Field(min_length=2, json_schema_extra={"uniqueItems": True})]


class Source(StrictModel):
    """Where the answer is: a verbatim quote from one article of the corpus."""

    doc_id: NonEmptyStr
    """An article id from ``data/corpus/documents.csv``, e.g. ``unified-parliament``."""
    quote: NonEmptyStr
    """Words copied exactly from one paragraph of that article's cleaned text."""


class QuestionModel(StrictModel):
    """What every question has, in practice and exam quizzes."""

    id: Annotated[str, Field(pattern=QUESTION_ID_PATTERN)]
    """Unique in the quiz: lowercase letters, digits and hyphens."""
    prompt: NonEmptyStr
    """The question, in Markdown or plain text (HTML is shown as text)."""
    points: Annotated[float, Field(gt=0)] = 1.0
    """Points for a fully right answer."""
    skill: Skill | None = None
    """The skill it tests: recall (a fact stated in a text), comprehension (what a passage
    means), sourcing (who says it, when, why, to whom), corroboration (weighing sources against
    each other), contextualization (placing a claim in its time) or analysis (an argument, a
    cause, a judgement). Kept in exam copies; item analysis scores each student by skill."""

    if TYPE_CHECKING:  # each type's model declares it as Literal["<name>"]
        type: str


SOURCES_RULE = "give either 'source' (one passage) or 'sources' (a list of passages), not both"


class PracticeQuestion(QuestionModel):
    """A question with its key: what every practice question has.

    Its passages are ``source`` (one) or ``sources`` (one or more): exactly one
    of the two keys; :attr:`cited` gives them as a list either way.
    """

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["source"]}, {"required": ["sources"]}]}
    )

    explanation: NonEmptyStr
    """Shown once the question is settled: why the answer is right."""
    source: Source | None = None
    """The passage of the corpus that supports the answer (shorthand for a one-item ``sources``)."""
    sources: Annotated[list[Source], Field(min_length=1)] | None = None
    """The passages that support the answer, each quoted verbatim; feedback shows them all."""

    @model_validator(mode="after")
    def _one_of_source_sources(self) -> PracticeQuestion:
        if (self.source is None) == (self.sources is None):
            raise ValueError(SOURCES_RULE)
        return self

    @property
    def cited(self) -> list[Source]:
        """The passages of ``source`` or ``sources``, as a list."""
        return [self.source] if self.source is not None else list(self.sources or [])


ExamQuestionModel = QuestionModel
"""An exam question carries only what every question has, plus its type's own fields."""


@dataclass(frozen=True)
class Invalid:
    """Canonical form of a response of the wrong kind (scores 0)."""

    kind: str
    """The Python type name of the response."""


AddProblem = Callable[[str, tuple[Any, ...]], None]
"""``add(message, location)``: report a problem at a key path inside the question."""
Present = Callable[[Iterable[str], str], list[str]]
"""``present(values, salt)``: the values in a key-free order for an exam copy."""


def items_of(response: Any) -> list[Any] | None:
    """The items of a list-like response (a list, tuple or set), or None for anything else:
    a string, bytes or a mapping is not a list of items."""
    if isinstance(response, str | bytes | Mapping) or not isinstance(response, Iterable):
        return None
    return list(response)


def invalid(response: Any) -> Invalid:
    """The :class:`Invalid` form of a response of the wrong kind."""
    return Invalid(type(response).__name__)


def norm_text(value: str) -> str:
    """Collapse whitespace and case-fold: how typed answers are compared.

    >>> norm_text("  Vladimir   SEMASHKO ")
    'vladimir semashko'
    """
    return " ".join(value.split()).casefold()


LISTING_LIMIT = 10
"""At most this many values are quoted by :func:`listing`; the rest are counted."""
QUOTE_WIDTH = 60
"""At most this many characters of one value are quoted in a message."""


def quoted(value: Any, width: int = QUOTE_WIDTH) -> str:
    """``repr(value)`` cut to ``width`` characters (``…`` marks the cut), for messages.

    A message quotes what someone else wrote; this keeps it one short line.

    >>> quoted("Minsk"), quoted("x" * 100, 10)
    ("'Minsk'", "'xxxxxxxx…")
    """
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4,300 digits
        text = f"<a number of {len(format(value, 'x'))} hex digits>"
    return text if len(text) <= width else text[: width - 1] + "…"


def listing(values: Iterable[Any], limit: int = LISTING_LIMIT) -> str:
    """``'a', 'b'``: values quoted (each cut by :func:`quoted`), the first ``limit`` of them.

    >>> listing(["a", "b"])
    "'a', 'b'"
    >>> listing(range(150_000), 3)
    '0, 1, 2 and 149997 more'
    """
    shown: list[str] = []
    count = 0
    for value in values:
        if count < limit:
            shown.append(quoted(value))
        count += 1
    more = f" and {count - limit} more" if count > limit else ""
    return ", ".join(shown) + more


def short(value: Any) -> str:
    """A JSON value as at most 60 characters of text, for messages."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def duplicates(values: list[str]) -> list[int]:
    """Indexes of values already seen earlier in the list."""
    seen: set[str] = set()
    dup = []
    for i, v in enumerate(values):
        if v in seen:
            dup.append(i)
        seen.add(v)
    return dup


class QuestionType:
    """The rules of one question type. Subclass it, set the class attributes, register it.

    Every method takes the question model (practice or exam, as said) and never
    renders anything: outputs choose their own rendering by :attr:`name`.
    """

    name: ClassVar[str]
    """The value of ``type:`` in a quiz file."""
    practice: ClassVar[type[PracticeQuestion]]
    """The model of a practice question (with its key)."""
    exam: ClassVar[type[QuestionModel]]
    """The model of an exam question (no key)."""
    takes: ClassVar[str]
    """What a response is, in words: ``"one of the choices (text)"``."""
    keyed: ClassVar[bool] = True
    """False for types scored by a person (the gradebook reads their marks)."""

    # -- options and key
    def options(self, question: Any) -> list[str] | None:
        """The options in file order (shuffled for display), or None if the type has none."""
        return None

    def key_text(self, question: Any) -> str:
        """The key as one line of text, e.g. ``"31 (± 0.5) items"``."""
        raise NotImplementedError

    # -- responses
    def canonical(self, question: Any, response: Any) -> Any:
        """A hashable normal form of a non-empty response, or :class:`Invalid`.

        Equal forms must score the same, and the function must be idempotent.
        """
        raise NotImplementedError

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        """The share of the points (0 to 1) a valid canonical ``value`` earns, and a verdict."""
        raise NotImplementedError

    def mark(self, question: Any, marks: Any) -> tuple[float, str]:
        """Types scored by a person: the share a teacher's ``marks`` give, and a verdict.

        Raises
        ------
        ValueError
            If the marks do not fit the question (the message says why).
        """
        msg = f"{self.name} questions are scored by their key, not by marks"
        raise ValueError(msg)

    def problem(self, question: Any, value: Any) -> str | None:
        """Why a valid canonical ``value`` cannot come from the widget (not an option...)."""
        return None

    def invalid_notice(self, response: Any) -> str:
        """What the widget says when a typed response is not of this type's kind."""
        return "That is not a valid answer."

    def label(self, value: Any) -> str:
        """A canonical response as text (item analysis, marking sheets)."""
        return str(value)

    # -- quiz files
    def check(self, question: Any, add: AddProblem) -> None:
        """Cross-field rules of a question that validated on its own (practice or exam)."""

    def exam_fields(self, question: Any, present: Present) -> dict[str, Any]:
        """The keys of this type an exam copy keeps, besides id, type, prompt and points."""
        return {}

    def __repr__(self) -> str:
        return f"<question type {self.name!r}>"
