"""Who is who: ids, file names and timestamps a student controls cannot displace a classmate (issue 13)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from coursekit.instructor._common import InstructorError
from coursekit.instructor.grade import grade_folder
from coursekit.instructor.roster import read_roster
from coursekit.instructor.variants import load_variants

from .conftest import QUIZZES
from .hostile import submission, write


def _ann_real(folder: Path) -> None:
    write(folder, "ann__sampler.json", submission("ann"))


def _wrong(student: str, **changes: object) -> dict:
    doc = submission(student, **changes)
    doc["answers"] = dict.fromkeys(doc["answers"])  # all blank: 0 points
    return doc


def test_a_file_from_the_future_is_refused_and_the_real_one_graded(tmp_path: Path):
    _ann_real(tmp_path)
    write(tmp_path, "ann__sampler (1).json", _wrong("ann", submitted_at="2099-01-01T00:00:00Z"))
    book = grade_folder(tmp_path, QUIZZES)
    ann = book.table[book.table["student"] == "ann"]
    assert list(ann["file"]) == ["ann__sampler.json"] and ann["total"].iloc[0] > 0
    (reason,) = [str(r) for r in book.rejected]
    assert "submitted_at '2099-01-01T00:00:00Z' is in the future" in reason


def test_a_file_named_for_one_student_holding_another_is_refused(tmp_path: Path):
    _ann_real(tmp_path)
    write(tmp_path, "bob__sampler.json", _wrong("ann", submitted_at="2025-06-01T00:00:00Z"))
    book = grade_folder(tmp_path, QUIZZES)
    assert list(book.table["file"]) == ["ann__sampler.json"] and book.table["total"].iloc[0] > 0
    (reason,) = [str(r) for r in book.rejected]
    assert "the file says student 'ann' and quiz 'sampler' but its name says 'bob' and 'sampler'" in reason


def test_equal_times_with_different_answers_grade_neither_and_say_so(tmp_path: Path):
    _ann_real(tmp_path)
    stamp = submission()["submitted_at"]
    write(tmp_path / "copy", "ann__sampler.json", _wrong("ann", submitted_at=stamp))
    book = grade_folder(tmp_path, QUIZZES)
    assert book.table.empty and len(book.rejected) == 2
    assert all("same submitted_at" in str(r) for r in book.rejected)
    assert any("none graded; keep the right file" in n for n in book.notes)


def test_equal_times_with_the_same_answers_grade_one(tmp_path: Path):
    _ann_real(tmp_path)
    write(tmp_path / "copy", "ann__sampler.json", submission("ann"))
    book = grade_folder(tmp_path, QUIZZES)
    assert list(book.table["student"]) == ["ann"] and len(book.rejected) == 1


@pytest.mark.parametrize(
    "bad",
    ["ann\x00", "../ann", "ann\u202e", "an\u200bn", "a" * 100_000, "ann bob", ""],
    ids=["nul", "dotdot", "bidi", "zero-width", "100k", "space", "empty"],
)
def test_invalid_student_ids_are_refused_in_a_short_line(tmp_path: Path, bad: str):
    write(tmp_path, "x.json", submission(bad))
    book = grade_folder(tmp_path, QUIZZES)
    assert book.table.empty
    (reason,) = [str(r) for r in book.rejected]
    assert "student" in reason and len(reason) < len(str(tmp_path)) + 250, reason[:300]
    assert "\x00" not in reason and "\u202e" not in reason and "\u200b" not in reason


def test_nfd_and_nfc_forms_are_one_student(tmp_path: Path):
    nfc = "am\u00e9lie"
    nfd = unicodedata.normalize("NFD", nfc)
    write(tmp_path, "a.json", submission(nfd, submitted_at="2025-01-01T00:00:00Z"))
    write(tmp_path, "b.json", submission(nfc, submitted_at="2025-01-02T00:00:00Z"))
    book = grade_folder(tmp_path, QUIZZES)
    assert list(book.table["student"]) == [nfc]
    assert "b.json" in str(book.table["file"].iloc[0]) and len(book.rejected) == 1


def test_a_roster_row_without_an_id_is_an_error_naming_its_line(tmp_path: Path):
    path = tmp_path / "roster.csv"
    path.write_text("student_id,name\nann,Ann\n,Bob Belov\n,\n", encoding="utf-8")
    with pytest.raises(InstructorError, match=r"roster.csv:3: no student_id on this row"):
        read_roster(path)
    path.write_text("student_id,name\nann,Ann\n,\n", encoding="utf-8")  # an empty row is skipped
    assert [s.student_id for s in read_roster(path)] == ["ann"]


def test_roster_ids_are_normalised_and_checked(tmp_path: Path):
    path = tmp_path / "roster.csv"
    nfd = unicodedata.normalize("NFD", "am\u00e9lie")
    path.write_text(f"student_id\n{nfd}\n", encoding="utf-8")
    assert [s.student_id for s in read_roster(path)] == ["am\u00e9lie"]
    path.write_text("student_id\nann\nbob\u202e\n", encoding="utf-8")
    with pytest.raises(InstructorError, match=r"roster.csv:3: invalid student id 'bob\\u202e'"):
        read_roster(path)


def test_a_manifest_with_a_bad_student_id_is_refused(tmp_path: Path):
    path = tmp_path / "variants.json"
    doc = {
        "format_version": 1,
        "mode": "exam",
        "quizzes": {"sampler": {"questions": ["embassy"]}},
        "students": {"../ann": {"quizzes": {"sampler": ["embassy"]}}},
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InstructorError, match=r"invalid student id '../ann'"):
        load_variants(path)
