"""Messages quote what someone else wrote in part: one short line whatever the input (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.errors import SubmissionError
from coursekit.instructor.grade import grade_folder
from coursekit.quiz.submission import load_submission

from .conftest import QUIZZES
from .hostile import submission, write


def _reasons(folder: Path) -> dict[str, str]:
    return {Path(r.path).name: str(r) for r in grade_folder(folder, QUIZZES).rejected}


def test_a_rejection_quotes_ten_ids_and_counts_the_rest(tmp_path: Path):
    doc = submission()
    for i in range(20_000):  # the review used 150,000: the cap does not depend on it
        doc["answers"][f"bogus-{i}"] = None
        doc["attempts"][f"bogus-{i}"] = 0
        doc["timestamps"][f"bogus-{i}"] = []
    write(tmp_path, "ann__sampler.json", doc)
    reason = _reasons(tmp_path)["ann__sampler.json"]
    assert "unknown question id(s) 'bogus-0', 'bogus-1'," in reason
    assert "'bogus-9' and 19990 more; quiz sampler has: roadmap-items," in reason
    assert len(reason) < 600, len(reason)


def test_huge_values_are_quoted_in_part(tmp_path: Path):
    big = "x" * 1_000_000
    docs = {
        "a.json": submission(quiz_id=big),
        "b.json": submission(mode=big),
        "c.json": submission(submitted_at=big),
        "d.json": submission(student=["a"] * 100_000),
        "e.json": submission(answers={**submission()["answers"], "roadmap-items": big}),
        "f.json": submission(**{big: 1}),
    }
    for name, doc in docs.items():
        write(tmp_path, name, doc)
    reasons = _reasons(tmp_path)
    assert set(reasons) == set(docs)
    for reason in reasons.values():
        assert len(reason) < 400 and "\n" not in reason, reason[:500]
        assert "xxxxxxxx…" in reason or "'a', …" in reason or "…" in reason, reason


def test_a_huge_question_id_is_cut_where_it_names_the_question(tmp_path: Path):
    qid = "q" * 100_000
    doc = submission()
    doc["attempts"][qid] = -1
    doc["timestamps"][qid] = []
    path = write(tmp_path, "ann__sampler.json", doc)
    with pytest.raises(SubmissionError) as caught:
        load_submission(path)
    message = str(caught.value)
    assert message.endswith("attempts must be a whole number >= 0, got -1")
    assert len(message) < len(str(path)) + 200


def test_a_roster_without_the_column_quotes_its_header_in_part(tmp_path: Path):
    from coursekit.instructor._common import InstructorError
    from coursekit.instructor.roster import read_roster

    path = tmp_path / "roster.csv"
    path.write_text(",".join(f"col{i}" for i in range(50_000)) + "\nann\n", encoding="utf-8")
    with pytest.raises(InstructorError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert "(found 'col0', 'col1'," in message and "and 49990 more)" in message
    assert len(message) < 500


def test_a_roster_too_large_says_it_is_a_roster(tmp_path: Path):
    from coursekit.instructor import roster
    from coursekit.instructor._common import InstructorError

    path = tmp_path / "roster.csv"
    limit = roster._MAX_ROSTER_BYTES
    with path.open("wb") as fh:
        fh.truncate(limit + 1)  # sparse: refused by its size, never read
    with pytest.raises(InstructorError) as caught:
        roster.read_roster(path)
    assert (
        str(caught.value) == f"{path}: file too large ({limit + 1:,} bytes; at most {limit:,}) for a roster"
    )
    path.unlink()
    path.mkdir()  # any other problem is told as it is
    with pytest.raises(InstructorError) as caught:
        roster.read_roster(path)
    assert str(caught.value) == f"{path}: not a regular file (a folder); only files can be read"
