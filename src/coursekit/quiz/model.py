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
quote verbatim in its article...) live with each type in :mod:`coursekit.quiz.types`
and are run by :mod:`coursekit.quiz.loader`.

The question models are those of the registered types: a question's ``type``
picks its model from :mod:`coursekit.quiz.types`, and registering a new type
rebuilds :class:`Quiz` and :class:`ExamQuiz` so they accept it.

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

import ast
import inspect
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, Field, GetCoreSchemaHandler, TypeAdapter
from pydantic_core import CoreSchema

from coursekit.quiz import types as _types
from coursekit.quiz.types._base import (
    QUESTION_ID_PATTERN,
    NonEmptyStr,
    PracticeQuestion,
    QuestionModel,
    Source,
    StrictModel,
)
from coursekit.quiz.types.essay import EssayQuestion, ExamEssayQuestion
from coursekit.quiz.types.match import ExamMatchQuestion, MatchQuestion
from coursekit.quiz.types.multiple import ExamMultipleQuestion, MultipleQuestion
from coursekit.quiz.types.numeric import ExamNumericQuestion, NumericQuestion
from coursekit.quiz.types.order import ExamOrderQuestion, OrderQuestion
from coursekit.quiz.types.single import ExamSingleQuestion, SingleQuestion
from coursekit.quiz.types.text import ExamTextQuestion, TextQuestion
from coursekit.quiz.types.true_false import ExamTrueFalseQuestion, TrueFalseQuestion

__all__ = [
    "QUESTION_ID_PATTERN",
    "QUESTION_TYPES",
    "QUIZ_ID_PATTERN",
    "AnyQuiz",
    "EssayQuestion",
    "ExamEssayQuestion",
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

QUESTION_TYPES = _types.names()
"""The values of a question's ``type`` built into coursekit (:func:`coursekit.quiz.types.names`
also lists types registered later)."""
QUIZ_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
"""Quiz ids (equal to the file stem): safe in file names."""


class Settings(StrictModel):
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


def _union(models: Sequence[type[BaseModel]]) -> Any:
    """The tagged union of ``models`` (told apart by ``type``)."""
    if len(models) == 1:
        return models[0]
    return Annotated[Union[tuple(models)], Field(discriminator="type")]  # noqa: UP007 (built at run time)


class _Registered:
    """Pydantic metadata: validate as one of the registered types' models, told apart by ``type``.

    The union is read from :mod:`coursekit.quiz.types` each time a schema is
    built, so a rebuild after :func:`~coursekit.quiz.types.register` sees the new type.
    """

    def __init__(self, *, exam: bool) -> None:
        self.exam = exam

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        models = [t.exam if self.exam else t.practice for t in _types.all_types()]
        return handler.generate_schema(_union(models))


Question = Annotated[PracticeQuestion, _Registered(exam=False)]
"""A practice question: one of the registered types' practice models, told apart by ``type``."""
ExamQuestion = Annotated[QuestionModel, _Registered(exam=True)]
"""An exam question (no answer key): one of the registered types' exam models."""


# ----------------------------------------------------------------------------- quizzes
class _QuizBase(StrictModel):
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
        options = _types.get(q.type).options(q)
        if options is None:
            continue
        if quiz.settings.shuffle:
            rng.shuffle(options)
        out[q.id] = options
    return out


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


def _models() -> list[type[BaseModel]]:
    """Every model a quiz file may contain, bases included."""
    roots: list[type[BaseModel]] = [Quiz, ExamQuiz, Settings, Source]
    for t in _types.all_types():
        roots += [t.practice, t.exam]
    seen: dict[type[BaseModel], None] = {}
    while roots:
        root = roots.pop(0)
        for cls in root.__mro__:
            if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel:
                if cls in seen:
                    continue
                seen[cls] = None
                roots += [m for f in cls.model_fields.values() for m in _nested(f.annotation)]
    return list(seen)


def _nested(annotation: Any) -> list[type[BaseModel]]:
    """The models inside a field's annotation (``list[Criterion] | None`` -> ``[Criterion]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _nested(arg)]


def _class_docstrings(module: str) -> dict[str, dict[str, str]]:
    """``{class: {field: docstring}}`` for the classes defined in ``module``'s source."""
    tree = ast.parse(inspect.getsource(sys.modules[module]))
    own: dict[str, dict[str, str]] = {}
    for node in ast.walk(tree):
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
    return own


def _field_docstrings() -> dict[str, dict[str, str]]:
    """``{model: {field: docstring}}`` for the quiz models, inherited fields included.

    The docstring under a field documents it, and is its ``description`` in the
    JSON Schema. Pydantic can collect them itself (``use_attribute_docstrings``),
    but before Python 3.13 it does so at import by walking the call stack, which
    cost every notebook kernel about 0.07 s. Only the schema needs them, so they
    are read from the models' source here.
    """
    sources: dict[str, dict[str, dict[str, str]]] = {}
    docs: dict[str, dict[str, str]] = {}
    for cls in _models():
        fields: dict[str, str] = {}
        for base in reversed(cls.__mro__):
            if isinstance(base, type) and issubclass(base, BaseModel) and base is not BaseModel:
                if base.__module__ not in sources:
                    sources[base.__module__] = _class_docstrings(base.__module__)
                fields.update(sources[base.__module__].get(base.__name__, {}))
        docs[cls.__name__] = fields
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


def _rebuild() -> None:
    """Rebuild the quiz models after a question type is registered or removed."""
    Quiz.model_rebuild(force=True)
    ExamQuiz.model_rebuild(force=True)


_types.on_change(_rebuild)
