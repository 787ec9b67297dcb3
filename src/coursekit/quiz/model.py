"""The quiz file format as pydantic models, and its JSON Schema.

These models are the single definition of ``quizzes/<quiz_id>.yaml`` (see
``docs/quiz-format.md``). ``quizzes/schema.json`` is generated from them by
:func:`write_schema` (``coursekit quiz schema``), so editors that validate
against the schema and ``coursekit check`` agree.

A quiz has a ``mode``. In ``practice`` mode (the default) each question carries
its answer key, explanation and source. In ``exam`` mode (written by
``coursekit release --mode exam``) questions carry only what a student may see:
no ``answer``, ``explanation`` or ``source``; a ``match`` question lists its
``left`` items and the right-hand ``options`` instead of ``pairs``.

The models are strict: a string is not a number, ``"true"`` is not a boolean,
and unknown keys are errors. Cross-field rules (an answer among the choices, a
quote verbatim in its article...) are checked by :mod:`coursekit.quiz.loader`.

Examples
--------
>>> q = SingleQuestion.model_validate({
...     "id": "capital", "type": "single", "prompt": "Capital of Belarus?",
...     "choices": ["Minsk", "Moscow"], "answer": "Minsk", "explanation": "Minsk.",
...     "source": {"doc_id": "unified-parliament", "quote": "Minsk"}})
>>> q.points, q.type
(1.0, 'single')
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

__all__ = [
    "QUESTION_ID_PATTERN",
    "QUESTION_TYPES",
    "QUIZ_ID_PATTERN",
    "AnyQuiz",
    "ExamMatchQuestion",
    "ExamMultipleQuestion",
    "ExamNumericQuestion",
    "ExamOrderQuestion",
    "ExamQuestion",
    "ExamQuiz",
    "ExamSingleQuestion",
    "ExamTextQuestion",
    "ExamTrueFalseQuestion",
    "MatchQuestion",
    "MultipleQuestion",
    "NumericQuestion",
    "OrderQuestion",
    "Question",
    "Quiz",
    "Settings",
    "SingleQuestion",
    "Source",
    "TextQuestion",
    "TrueFalseQuestion",
    "display_options",
    "json_schema",
    "schema_text",
    "write_schema",
]

QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "order", "match", "text")
"""The values of a question's ``type``."""
QUESTION_ID_PATTERN = r"^[a-z0-9-]+$"
"""Question ids: lowercase letters, digits and hyphens."""
QUIZ_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
"""Quiz ids (equal to the file stem): safe in file names."""


class _Model(BaseModel):
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


# ----------------------------------------------------------------------------- parts
class Source(_Model):
    """Where the answer is: a verbatim quote from one article of the corpus."""

    doc_id: NonEmptyStr
    """An article id from ``data/corpus/documents.csv``, e.g. ``unified-parliament``."""
    quote: NonEmptyStr
    """Words copied exactly from one paragraph of that article's cleaned text."""


class Settings(_Model):
    """How the quiz behaves in the notebook."""

    attempts: Annotated[int, Field(ge=1)] | None = None
    """Maximum number of checks per question; null means unlimited retries."""
    reveal_after: Annotated[int, Field(ge=1)] | None = 2
    """Show the right answer after this many wrong checks; null means never."""
    shuffle: bool = True
    """Shuffle choices deterministically (seed: quiz id and student id)."""
    pick: Annotated[int, Field(ge=1)] | None = None
    """Only for ``coursekit release --students``: give each student this many of the
    questions, a seeded random subset; null means all questions."""


class _Question(_Model):
    id: Annotated[str, Field(pattern=QUESTION_ID_PATTERN)]
    """Unique in the quiz: lowercase letters, digits and hyphens."""
    prompt: NonEmptyStr
    """The question, in Markdown or plain text (HTML is shown as text)."""
    points: Annotated[float, Field(gt=0)] = 1.0
    """Points for a fully right answer."""


class _PracticeQuestion(_Question):
    explanation: NonEmptyStr
    """Shown once the question is settled: why the answer is right."""
    source: Source
    """The passage of the corpus that supports the answer."""


# ----------------------------------------------------------------------------- practice
class SingleQuestion(_PracticeQuestion):
    """Pick one of several choices."""

    type: Literal["single"]
    """Question type."""
    choices: Options
    """The options (at least two, all different)."""
    answer: NonEmptyStr
    """The right choice (its text)."""


class MultipleQuestion(_PracticeQuestion):
    """Pick every right choice; partial credit."""

    type: Literal["multiple"]
    """Question type."""
    choices: Options
    """The options (at least two, all different)."""
    answer: Annotated[list[NonEmptyStr], Field(min_length=1, json_schema_extra={"uniqueItems": True})]
    """The right choices (at least one)."""


class TrueFalseQuestion(_PracticeQuestion):
    """A statement that is true or false."""

    type: Literal["true_false"]
    """Question type."""
    answer: bool
    """``true`` or ``false``."""


class NumericQuestion(_PracticeQuestion):
    """A number, right within a tolerance."""

    type: Literal["numeric"]
    """Question type."""
    answer: float
    """The right number."""
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    """Largest accepted distance from the answer (>= 0)."""
    unit: NonEmptyStr | None = None
    """Unit shown next to the input, e.g. ``items`` or ``years``."""


class OrderQuestion(_PracticeQuestion):
    """Put items in order; partial credit."""

    type: Literal["order"]
    """Question type."""
    items: Options
    """The items to order, as presented (at least two, all different)."""
    answer: list[NonEmptyStr]
    """The items in the right order: a permutation of ``items``."""


class MatchQuestion(_PracticeQuestion):
    """Match each left item to a right-hand option; partial credit."""

    type: Literal["match"]
    """Question type."""
    pairs: Annotated[dict[str, NonEmptyStr], Field(min_length=2)]
    """Left item -> its right-hand match; this is the answer key."""
    distractors: Annotated[list[NonEmptyStr], Field(json_schema_extra={"uniqueItems": True})] = []
    """Extra right-hand options that match nothing."""


class TextQuestion(_PracticeQuestion):
    """A short typed answer; case and extra spaces are ignored."""

    type: Literal["text"]
    """Question type."""
    answer: Annotated[list[NonEmptyStr], Field(min_length=1)]
    """Accepted answers."""
    pattern: NonEmptyStr | None = None
    """Also accept answers matching this regular expression (in full, any case)."""


# ----------------------------------------------------------------------------- exam
class ExamSingleQuestion(_Question):
    """``single`` without its answer key."""

    type: Literal["single"]
    """Question type."""
    choices: Options
    """The options."""


class ExamMultipleQuestion(_Question):
    """``multiple`` without its answer key."""

    type: Literal["multiple"]
    """Question type."""
    choices: Options
    """The options."""


class ExamTrueFalseQuestion(_Question):
    """``true_false`` without its answer key."""

    type: Literal["true_false"]
    """Question type."""


class ExamNumericQuestion(_Question):
    """``numeric`` without its answer key."""

    type: Literal["numeric"]
    """Question type."""
    unit: NonEmptyStr | None = None
    """Unit shown next to the input."""


class ExamOrderQuestion(_Question):
    """``order`` without its answer key."""

    type: Literal["order"]
    """Question type."""
    items: Options
    """The items to order."""


class ExamMatchQuestion(_Question):
    """``match`` without its answer key: left items and right-hand options."""

    type: Literal["match"]
    """Question type."""
    left: Options
    """The items to match, in order."""
    options: Options
    """The right-hand options (matches and distractors)."""


class ExamTextQuestion(_Question):
    """``text`` without its answer key."""

    type: Literal["text"]
    """Question type."""


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | OrderQuestion
    | MatchQuestion
    | TextQuestion,
    Field(discriminator="type"),
]
"""A practice question, told apart by its ``type``."""

ExamQuestion = Annotated[
    ExamSingleQuestion
    | ExamMultipleQuestion
    | ExamTrueFalseQuestion
    | ExamNumericQuestion
    | ExamOrderQuestion
    | ExamMatchQuestion
    | ExamTextQuestion,
    Field(discriminator="type"),
]
"""An exam question (no answer key), told apart by its ``type``."""


# ----------------------------------------------------------------------------- quizzes
class _QuizBase(_Model):
    id: Annotated[str, Field(pattern=QUIZ_ID_PATTERN)]
    """Equal to the file stem: ``quizzes/<id>.yaml``."""
    title: NonEmptyStr
    """Shown above the quiz."""
    notebook: NonEmptyStr | None = None
    """The notebook that shows this quiz, e.g. ``02-roadmaps.ipynb``."""
    settings: Settings = Settings()
    """Retries, reveal and shuffle."""

    def question(self, question_id: str) -> Any:
        """Return the question with this id.

        Raises
        ------
        KeyError
            If there is none; the message lists the valid ids.
        """
        for q in self.questions:  # type: ignore[attr-defined]
            if q.id == question_id:
                return q
        valid = ", ".join(q.id for q in self.questions)  # type: ignore[attr-defined]
        msg = f"no question {question_id!r} in quiz {self.id}; valid: {valid}"
        raise KeyError(msg)

    @property
    def max_points(self) -> float:
        """The sum of the questions' points."""
        return float(sum(q.points for q in self.questions))  # type: ignore[attr-defined]


class Quiz(_QuizBase):
    """A practice quiz: questions with their answers, explanations and sources."""

    mode: Literal["practice"] = "practice"
    """``practice`` (default): answers are checked in the notebook."""
    questions: Annotated[list[Question], Field(min_length=1)]
    """The questions, in order (at least one)."""


class ExamQuiz(_QuizBase):
    """An exam quiz: questions without answer keys; answers are only collected."""

    mode: Literal["exam"]
    """``exam``: no answer keys; students only answer and submit."""
    questions: Annotated[list[ExamQuestion], Field(min_length=1)]
    """The questions, in order (at least one)."""


AnyQuiz = Quiz | ExamQuiz
"""A quiz file: practice or exam (told apart by ``mode``)."""


# ----------------------------------------------------------------------------- helpers
def display_options(quiz: AnyQuiz, student: str) -> dict[str, list[str]]:
    """Return, per question id, the options in the order a student sees them.

    The order is shuffled (when ``settings.shuffle``) with
    ``random.Random(f"{quiz.id}:{student}")``, question by question, so the same
    quiz and student always see the same order. Types without options
    (``true_false``, ``numeric``, ``text``) are left out. ``match`` questions
    list their right-hand options.

    Examples
    --------
    >>> quiz = ExamQuiz.model_validate({"id": "q", "title": "T", "mode": "exam",
    ...     "questions": [{"id": "a", "type": "single", "prompt": "?",
    ...                    "choices": ["w", "x", "y", "z"]}]})
    >>> display_options(quiz, "ann") == display_options(quiz, "ann")
    True
    >>> sorted(display_options(quiz, "ann")["a"])
    ['w', 'x', 'y', 'z']
    """
    rng = random.Random(f"{quiz.id}:{student}")
    out: dict[str, list[str]] = {}
    for q in quiz.questions:
        options = _options(q)
        if options is None:
            continue
        if quiz.settings.shuffle:
            rng.shuffle(options)
        out[q.id] = options
    return out


def _options(q: Any) -> list[str] | None:
    if q.type in ("single", "multiple"):
        return list(q.choices)
    if q.type == "order":
        return list(q.items)
    if q.type == "match":
        if isinstance(q, ExamMatchQuestion):
            return list(q.options)
        rights = list(dict.fromkeys(q.pairs.values()))
        return rights + [d for d in q.distractors if d not in rights]
    return None


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a quiz file (practice or exam).

    Examples
    --------
    >>> schema = json_schema()
    >>> sorted(schema["$defs"]["Quiz"]["required"])
    ['id', 'questions', 'title']
    """
    adapter: TypeAdapter[Any] = TypeAdapter(AnyQuiz)
    body = adapter.json_schema()
    docs = _field_docstrings()
    for name, definition in body.get("$defs", {}).items():
        properties = definition.get("properties", {})
        for field, prop in properties.items():
            doc = docs.get(name, {}).get(field)
            if doc and "description" not in prop:
                properties[field] = dict(sorted({**prop, "description": doc}.items()))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coursekit quiz file",
        "description": (
            "A quiz: quizzes/<id>.yaml. Generated from coursekit.quiz.model by "
            "`coursekit quiz schema`; do not edit by hand. See docs/quiz-format.md."
        ),
        **body,
    }


def _field_docstrings() -> dict[str, dict[str, str]]:
    """``{model: {field: docstring}}`` for the models here, inherited fields included.

    The docstring under a field documents it, and is its ``description`` in the
    JSON Schema. Pydantic can collect them itself (``use_attribute_docstrings``),
    but before Python 3.13 it does so at import by walking the call stack, which
    cost every notebook kernel about 0.07 s. Only the schema needs them, so they
    are read from this module's source here.
    """
    import ast
    import inspect

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    own: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            own[node.name] = {
                field.target.id: inspect.cleandoc(doc.value.value)
                for field, doc in zip(node.body, node.body[1:], strict=False)
                if isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(doc, ast.Expr)
                and isinstance(doc.value, ast.Constant)
                and isinstance(doc.value.value, str)
            }
    docs: dict[str, dict[str, str]] = {}
    for name, cls in globals().items():
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == __name__:
            docs[name] = {}
            for base in reversed(cls.__mro__):
                if base.__module__ == __name__:
                    docs[name].update(own.get(base.__name__, {}))
    return docs


def schema_text() -> str:
    """Return :func:`json_schema` as the exact text of ``quizzes/schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: str | Path | None = None) -> Path:
    """Write the JSON Schema to ``path`` (default ``quizzes/schema.json``).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    if path is None:
        from coursekit.paths import quizzes_dir

        path = quizzes_dir() / "schema.json"
    path = Path(path)
    from coursekit._files import atomic_write_text

    atomic_write_text(path, schema_text())
    return path
