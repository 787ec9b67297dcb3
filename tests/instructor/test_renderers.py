"""A question type adds itself to each output by registering one renderer there.

The outputs (GIFT, QTI, Markdown, preview, report) choose a renderer by type name
from a table; a type without one is skipped with a warning (exports) or shown
generically (preview: its key as text; report: its most common responses).
The ``oral`` type here is registered by the test with ``text``'s rules under a new
name: no output knows it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pytest

from coursekit.instructor import report_options
from coursekit.instructor.export import export_quiz, gift, markdown, qti
from coursekit.instructor.preview import render_preview
from coursekit.quiz import types
from coursekit.quiz.loader import load_quiz
from coursekit.quiz.types._base import PracticeQuestion, QuestionModel
from coursekit.quiz.types.text import Text

from .conftest import SAMPLER

NS = {"q": qti.QTI_NS}


class OralQuestion(PracticeQuestion):
    """An answer given aloud, marked like a typed one."""

    type: Literal["oral"]
    """Question type."""
    answer: list[str]
    """Accepted answers."""
    pattern: str | None = None
    """Also accepted."""


class ExamOralQuestion(QuestionModel):
    """``oral`` without its key."""

    type: Literal["oral"]
    """Question type."""


class Oral(Text):
    name = "oral"
    practice = OralQuestion
    exam = ExamOralQuestion


@pytest.fixture
def quiz() -> Iterator[Any]:
    """The sampler's ``single`` question, and its ``text`` question as an ``oral`` one."""
    sampler = load_quiz(SAMPLER)
    single = next(q for q in sampler.questions if q.type == "single")
    text = next(q for q in sampler.questions if q.type == "text")
    with types.registered(Oral()):
        oral = OralQuestion.model_validate({**text.model_dump(), "id": "oral-q", "type": "oral"})
        yield sampler.model_copy(update={"questions": [single, oral]})


@pytest.fixture
def fresh_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations in a test go to copies of the tables."""
    for module in (gift, qti, markdown):
        monkeypatch.setattr(module, "RENDERERS", dict(module.RENDERERS))
    for name in ("OPTION_ROWS", "LABELS", "CHARTED"):
        monkeypatch.setattr(
            report_options, name, type(getattr(report_options, name))(getattr(report_options, name))
        )


def test_exports_skip_a_type_without_a_renderer_and_say_so(quiz: Any, tmp_path: Path):
    expected = {
        "gift": "skipped: GIFT has no oral question",
        "qti": "skipped: Canvas (QTI 1.2) has no oral question",
        "markdown": "skipped: the Markdown export has no renderer for this question type",
    }
    for fmt, message in expected.items():
        result = export_quiz(quiz, fmt, tmp_path / f"out.{fmt}")
        assert result.questions == 1
        assert f"quiz sampler: question oral-q (oral): {message}" in result.warnings
        if fmt != "qti":
            assert "oral-q" not in result.files[0].read_text(encoding="utf-8")
    paper = (tmp_path / "out.markdown").read_text(encoding="utf-8")
    assert "*1 question," in paper and "## 2." not in paper


@pytest.mark.usefixtures("fresh_tables")
def test_registering_one_renderer_per_export_adds_the_type(quiz: Any, tmp_path: Path):
    @gift.register("oral")
    def _gift(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
        return f"\n{feedback}", []

    @qti.register("oral", "oral_question")
    def _qti(item: qti.Item) -> tuple[list[str], list[str]]:
        ET.SubElement(item.presentation, "response_str", ident="response1", rcardinality="Single")
        return [], []

    @markdown.register("oral")
    def _markdown(quiz: Any, q: Any) -> tuple[list[str], str]:
        return ["Write a paragraph."], "Semashko, argued from the source"

    results = {fmt: export_quiz(quiz, fmt, tmp_path / f"out.{fmt}") for fmt in ("gift", "qti", "markdown")}
    assert all(r.questions == 2 and not r.warnings for r in results.values()), results
    assert "::oral-q::[markdown]Who was Belarus' ambassador" in results["gift"].files[0].read_text("utf-8")
    with zipfile.ZipFile(results["qti"].files[0]) as archive:
        root = ET.fromstring(archive.read("coursekit-sampler/coursekit-sampler.xml"))
    types = [e.text for e in root.iter(f"{{{qti.QTI_NS}}}fieldentry")]
    assert "oral_question" in types
    paper, key = (f.read_text(encoding="utf-8") for f in results["markdown"].files)
    assert "## 2. Who was Belarus' ambassador" in paper and "Write a paragraph." in paper
    assert "**2.** Semashko, argued from the source" in key


def test_preview_shows_a_type_without_a_renderer_by_its_key_text(quiz: Any):
    text = render_preview(quiz, "text")
    assert "2. oral-q · oral · 1 point" in text
    assert "answer: Semashko / Vladimir Semashko" in text
    assert "Semashko" not in render_preview(quiz, "text", answers=False).split("oral-q")[1]
    assert "<li class=key>answer: Semashko / Vladimir Semashko</li>" in render_preview(quiz, "html")


def _responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "student": ["s1", "s2", "s3", "s4"],
            "response": pd.Series(["Semashko", "Semashko", "Putin", None], dtype=object),
            "correct": [True, True, False, False],
        }
    )


@pytest.mark.usefixtures("fresh_tables")
def test_report_options_of_a_type_default_to_common_responses_until_it_registers(quiz: Any):
    oral = quiz.questions[1]
    rows = report_options.options_rows("sampler", oral, _responses(), {"s1"}, {"s4"})
    assert [(r["option"], r["key"], r["chosen"]) for r in rows] == [
        ("Semashko", True, 2),
        ("Putin", False, 1),
        ("(no answer)", False, 1),
    ]

    @report_options.register("oral", label=str.upper, charted=True)
    def _oral(r: report_options.Responses) -> list[dict[str, Any]]:
        hit = [v is not None for v in r.values]
        return [{"option": "any oral", "key": True, **r.stats(hit), "flag": ""}]

    rows = report_options.options_rows("sampler", oral, _responses(), {"s1"}, {"s4"})
    assert [(r["option"], r["chosen"], r["top_share"]) for r in rows] == [
        ("any oral", 3, 1.0),
        ("(no answer)", 1, 0.0),
    ]
    assert "oral" in report_options.CHARTED
