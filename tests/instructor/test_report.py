"""Item analysis (golden data, checked against a direct computation) and the offline HTML report."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

from coursekit.instructor.grade import Gradebook, grade_folder
from coursekit.instructor.report import item_analysis, report_html, write_report

from .conftest import QUIZZES, SUBMISSIONS, assert_golden


@pytest.fixture(scope="module")
def book() -> Gradebook:
    return grade_folder(SUBMISSIONS, QUIZZES)


def test_report_data_matches_golden_files(book: Gradebook, tmp_path: Path):
    html, items, options, skills = write_report(book, tmp_path / "report.html", charts=False)
    names = (items.name, options.name, skills.name)
    assert names == ("report-items.csv", "report-options.csv", "report-skills.csv")
    assert_golden("report-items.csv", items.read_text(encoding="utf-8"))
    assert_golden("report-options.csv", options.read_text(encoding="utf-8"))
    assert_golden("report-skills.csv", skills.read_text(encoding="utf-8"))
    assert html.is_file()


@pytest.mark.parametrize("question", ["roadmap-items", "codes", "embassy", "leaders-since", "who-said"])
def test_difficulty_and_corrected_point_biserial_from_the_gradebook(book: Gradebook, question: str):
    """Recompute from the gradebook's columns alone: item share vs. share of the rest of the quiz."""
    rows = book.table[book.table["quiz"] == "sampler"]
    points = book.key["sampler"].question(question).points
    item = rows[f"sampler:{question}"].to_numpy() / points
    rest = (rows["total"] - rows[f"sampler:{question}"]).to_numpy() / (rows["max"] - points).to_numpy()
    found = item_analysis(book).items.set_index(["quiz", "question"]).loc[("sampler", question)]
    assert found["discrimination"] == pytest.approx(np.corrcoef(item, rest)[0, 1])
    assert found["share_correct"] == pytest.approx(np.mean(item == 1.0))
    assert found["mean_score"] == pytest.approx(item.mean())


def test_flags_the_items_the_fixture_class_was_built_to_expose(book: Gradebook):
    analysis = item_analysis(book)
    items = analysis.items.set_index("question")
    # The two strongest students said the embassy endorsed the comments; the weakest did not.
    assert items.loc["embassy", "discrimination"] < 0
    assert "negative discrimination" in items.loc["embassy", "flags"]
    options = analysis.options.set_index(["question", "option"])
    assert options.loc[("embassy", "True"), "flag"] == "strong students chose it more than the key"
    assert options.loc[("roadmap-items", "400"), "flag"] == "never chosen"
    assert options.loc[("roadmap-items", "31"), ["chosen", "top_share"]].tolist() == [3, 1.0]
    # Two students in `picked`: too few for a correlation.
    picked = analysis.items[analysis.items["quiz"] == "picked"]
    assert picked["discrimination"].isna().all() and (picked["n"] == 2).all()


def test_html_report_embeds_svg_charts_and_needs_no_network(book: Gradebook, tmp_path: Path):
    pytest.importorskip("vl_convert")
    html = write_report(book, tmp_path / "report.html")[0].read_text(encoding="utf-8")
    assert html.count("<svg") == 4  # per quiz: difficulty x discrimination, and choice shares
    assert "<script" not in html.lower()
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html) is None
    assert "&lt;special&gt;" in html and "<special>" not in html


def test_report_without_chart_libraries_keeps_the_tables(book: Gradebook, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "vl_convert", None)  # import vl_convert -> ImportError
    html = report_html(book)
    assert "<svg" not in html and "Charts left out" in html and "never chosen" in html


def test_a_students_text_answer_cannot_inject_markup_into_the_report(tmp_path: Path):
    """A response that starts like a table cell is shown as text, never run as HTML."""
    from coursekit.instructor.grade import grade_submissions
    from coursekit.quiz.model import Quiz
    from coursekit.quiz.submission import Submission

    attack = "<td><img src=x onerror=alert(1)>"
    quiz = Quiz.model_validate(
        {
            "id": "q",
            "title": "T",
            "questions": [
                {
                    "id": "who",
                    "type": "text",
                    "prompt": "Who?",
                    "answer": ["Lukashenko"],
                    "explanation": "e",
                    "source": {"doc_id": "d", "quote": "x"},
                }
            ],
        }
    )
    answers = [attack, attack, "Lukashenko", "Putin"]
    subs = [
        Submission(f"s{i}", "q", {"who": a}, {"who": 1}, {"who": []}, "2025-01-01T00:00:00Z", "0")
        for i, a in enumerate(answers)
    ]
    book = grade_submissions(subs, {"q": quiz})
    html = write_report(book, tmp_path / "report.html", charts=False)[0].read_text(encoding="utf-8")
    assert "&lt;td&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "onerror=alert(1)>" not in html


def test_score_by_skill_per_student_and_for_the_class(book: Gradebook):
    """Each student's share per skill, recomputed from the gradebook's own columns."""
    skills = item_analysis(book).skills.set_index(["student", "skill"])
    sampler = book.key["sampler"]
    tagged = {q.id: q.skill for q in sampler.questions}
    assert set(tagged.values()) == {"recall", "comprehension", "sourcing", "contextualization"}
    rows = book.table[book.table["quiz"] == "sampler"]
    by_student = {}
    for _, row in rows.iterrows():
        sourcing = [q for q in sampler.questions if q.skill == "sourcing"]
        got = sum(row[f"sampler:{q.id}"] for q in sourcing)
        by_student[row["student"]] = got / sum(q.points for q in sourcing)
        assert skills.loc[(row["student"], "sourcing"), "share"] == pytest.approx(by_student[row["student"]])
    overall = skills.loc[("(all students)", "sourcing"), "share"]
    assert overall == pytest.approx(np.mean(list(by_student.values())))
    # `picked` has no skills: its questions are counted as untagged, never dropped.
    assert ("(all students)", "untagged") in skills.index


def test_html_report_shows_score_by_skill(book: Gradebook):
    html = report_html(book, charts=False)
    assert "<h2>Score by skill</h2>" in html
    assert "<th>corroboration</th>" not in html  # no question of that skill: no column
    assert "<th>sourcing</th>" in html and "<td>(all students)</td>" in html
