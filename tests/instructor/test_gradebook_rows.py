"""The gradebook names every roster student and tells blank from wrong; the report says what it cuts
(issue 13)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from coursekit.instructor.grade import grade_folder
from coursekit.instructor.release import release_quizzes
from coursekit.instructor.report import report_html

from .conftest import QUIZZES, SAMPLER
from .hostile import submission, write


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_roster_students_without_a_submission_get_a_row(tmp_path: Path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nann\nbob\ncat\n", encoding="utf-8")
    release_quizzes(SAMPLER, tmp_path / "rel", roster=roster, mode="practice")
    subs = tmp_path / "subs"
    write(subs, "ann__sampler.json", submission("ann"))
    book = grade_folder(subs, QUIZZES, variants=tmp_path / "rel" / "variants.json")
    rows = _csv(book.write_csv(tmp_path / "out" / "g.csv"))
    status = {r["student"]: (r["status"], r["total"]) for r in rows}
    assert status["bob"] == ("not submitted", "") and status["cat"] == ("not submitted", "")
    assert status["ann"][0] == "graded" and float(status["ann"][1]) > 0
    assert "2 roster rows not submitted" in book.summary()


def test_unanswered_is_told_from_wrong(tmp_path: Path):
    blank = submission("bob")
    blank["answers"]["roadmap-items"] = None
    wrong = submission("cat")
    wrong["answers"]["roadmap-items"] = "11"
    write(tmp_path, "bob__sampler.json", blank)
    write(tmp_path, "cat__sampler.json", wrong)
    rows = {
        r["student"]: r for r in _csv(grade_folder(tmp_path, QUIZZES).write_csv(tmp_path / "o" / "g.csv"))
    }
    assert rows["bob"]["sampler:roadmap-items"] == rows["cat"]["sampler:roadmap-items"] == "0"
    assert (rows["bob"]["unanswered"], rows["cat"]["unanswered"]) == ("1", "0")


def test_the_report_says_when_it_lists_only_the_top_responses(tmp_path: Path):
    for i in range(14):
        doc = submission(f"s{i}")
        doc["answers"]["ambassador"] = f"guess number {i}"
        write(tmp_path, f"s{i}__sampler.json", doc)
    page = report_html(grade_folder(tmp_path, QUIZZES), charts=False)
    assert "Only the 10 most common responses are listed for ambassador (4 other responses not shown)" in page
