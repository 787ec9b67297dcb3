"""A question type is one module plus one renderer per output.

The test registers a new type, ``year``, the way a maintainer would add one, and
checks that it adds itself to every place that works by type: the quiz models and
``coursekit check`` (with the type's own cross-field rule, located at its line),
the JSON Schema, scoring, the notebook widget, the exam release and the gradebook.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from coursekit.instructor.grade import grade_submissions
from coursekit.instructor.release import student_copy
from coursekit.quiz import inputs, model, score, show, types
from coursekit.quiz.loader import check_paths, load_quiz
from coursekit.quiz.submission import Submission
from coursekit.quiz.types._base import AddProblem, PracticeQuestion, QuestionModel, QuestionType, invalid


class YearQuestion(PracticeQuestion):
    """A year, right within a window."""

    type: Literal["year"]
    """Question type."""
    answer: int
    """The right year."""
    window: int = 0
    """Years either side that are accepted."""


class ExamYearQuestion(QuestionModel):
    """``year`` without its key."""

    type: Literal["year"]
    """Question type."""


class Year(QuestionType):
    name = "year"
    practice = YearQuestion
    exam = ExamYearQuestion
    takes = "a whole year"

    def key_text(self, question: Any) -> str:
        return f"{question.answer} (± {question.window})" if question.window else str(question.answer)

    def canonical(self, question: Any, response: Any) -> Any:
        if isinstance(response, str) and response.strip().isdigit():
            return int(response)
        if isinstance(response, float) and response.is_integer():
            return int(response)  # the number box gives floats
        ok = isinstance(response, int) and not isinstance(response, bool)
        return response if ok else invalid(response)

    def grade(self, question: Any, value: Any) -> tuple[float, str]:
        ok = abs(value - question.answer) <= question.window
        return float(ok), "Correct." if ok else "Not that year."

    def problem(self, question: Any, value: Any) -> str | None:
        return None if 1900 <= value <= 2100 else f"{value} is not a year of the course"

    def check(self, question: Any, add: AddProblem) -> None:
        if isinstance(question, YearQuestion) and not 1994 <= question.answer <= 2025:
            add(f"answer {question.answer} is outside 1994-2025, the years of the course", ("answer",))


QUIZ = """\
id: years
title: Years
questions:
  - id: roadmaps-year
    type: year
    prompt: In which year were the roadmaps signed?
    answer: 2019
    window: 0
    explanation: The roadmaps were agreed in 2019.
    source:
      doc_id: unified-parliament
      quote: Minsk
  - id: tf
    type: true_false
    prompt: Minsk is the capital of Belarus.
    answer: true
    explanation: It is.
    source:
      doc_id: unified-parliament
      quote: Minsk
"""


@pytest.fixture
def year_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The ``year`` type registered (with its widget input) for one test; a quiz folder using it."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "years.yaml").write_text(QUIZ, encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(folder))
    monkeypatch.setitem(inputs.INPUTS, "year", lambda q, options, label: inputs.Number("year", label))
    with types.registered(Year()):
        yield folder


def test_unknown_before_registering(tmp_path: Path):
    problems = check_paths([_write(tmp_path / "years.yaml", QUIZ)])
    assert [p.message for p in problems] == [
        "type 'year' is not a question type; valid types: single, multiple, true_false, numeric, order, match, text, essay"
    ]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_registered_type_is_checked_with_its_own_rules(year_type: Path):
    assert check_paths([year_type]) == []
    bad = _write(year_type / "bad" / "years.yaml", QUIZ.replace("answer: 2019", "answer: 1812"))
    assert [str(p) for p in check_paths([bad])] == [
        f"{bad}:7: question roadmaps-year: answer 1812 is outside 1994-2025, the years of the course"
    ]
    assert "YearQuestion" in model.json_schema()["$defs"]


def test_a_registered_type_is_scored_by_the_one_scorer(year_type: Path):
    question = load_quiz("years").question("roadmaps-year")
    assert (score(question, 2019).status, score(question, "2019").correct) == ("correct", True)
    assert score(question, 2020).status == "incorrect"
    assert score(question, [2019]).status == "invalid"


def test_a_registered_type_shows_in_the_widget_with_its_key(year_type: Path):
    qz = show("years", student="anna")
    qw = qz.question("roadmaps-year")
    qw.set_response(2018)
    assert not qw.check().correct
    qw.set_response(2017)
    qw.check()  # second wrong check: the answer is revealed, in the type's own words
    assert qw.settled and "2019" in qw.feedback_text


def test_a_registered_type_is_released_and_graded(year_type: Path):
    quiz = load_quiz("years")
    copy = student_copy(quiz, mode="exam")
    assert copy["questions"][0] == {
        "id": "q1",  # an exam copy's neutral id (variants.json maps it back)
        "type": "year",
        "prompt": "In which year were the roadmaps signed?",
        "points": 1.0,
    }
    subs = [
        Submission(
            student=name,
            quiz_id="years",
            mode="practice",
            submitted_at="2025-01-01T12:00:00Z",
            coursekit_version="0",
            answers={"roadmaps-year": year},
            attempts={"roadmaps-year": 1},
            timestamps={"roadmaps-year": []},
            path=None,
        )
        for name, year in (("ann", 2019), ("bob", 2020), ("cyd", 3000))
    ]
    book = grade_submissions(subs, {"years": quiz})
    assert book.table.set_index("student")["total"].to_dict() == {"ann": 1.0, "bob": 0.0}
    assert [r.message for r in book.rejected] == ["question roadmaps-year: 3000 is not a year of the course"]
