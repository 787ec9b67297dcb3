"""No command writes over, next to or into an input it was given (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import QUIZZES, SUBMISSIONS, run


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the fixture quizzes and submissions under tmp_path."""
    shutil.copytree(QUIZZES, tmp_path / "quizzes")
    shutil.copytree(SUBMISSIONS, tmp_path / "subs")
    return tmp_path


def _refused(capsys: pytest.CaptureFixture[str], course: Path, *args: object) -> str:
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    code, out, err = run(capsys, *(str(a) for a in args))
    after = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    assert code == 1, (out, err)
    assert after == before  # nothing written, nothing changed
    assert err.startswith("coursekit: error: ") and err.count("\n") == 1, err
    return err


def test_grade_out_onto_the_key_is_refused(capsys: pytest.CaptureFixture[str], course: Path):
    key = course / "quizzes" / "sampler.yaml"
    err = _refused(capsys, course, "grade", course / "subs", "--key", key, "--out", key)
    assert f"{key}: is an input of this command" in err


@pytest.mark.parametrize("name", ["sampler.yaml", "report.html"])
def test_grade_report_over_or_beside_the_key_is_refused(
    capsys: pytest.CaptureFixture[str], course: Path, name: str
):
    key = course / "quizzes" / "sampler.yaml"
    err = _refused(
        capsys,
        course,
        "grade",
        course / "subs",
        "--key",
        key,
        "--out",
        course / "g.csv",
        "--report",
        course / "quizzes" / name,
    )
    assert "refusing to write" in err


def test_grade_out_into_the_key_or_submissions_folder_is_refused(
    capsys: pytest.CaptureFixture[str], course: Path
):
    for folder in ("quizzes", "subs"):
        err = _refused(
            capsys,
            course,
            "grade",
            course / "subs",
            "--key",
            course / "quizzes",
            "--out",
            course / folder / "gradebook.csv",
        )
        assert f"is inside the input folder {course / folder}" in err


def test_a_link_or_a_dotted_path_to_the_key_is_caught(capsys: pytest.CaptureFixture[str], course: Path):
    key = course / "quizzes" / "sampler.yaml"
    (course / "link.yaml").symlink_to(key)
    _refused(capsys, course, "preview", key, "--out", course / "link.yaml")
    _refused(capsys, course, "preview", key, "--out", course / "subs" / ".." / "quizzes" / "sampler.yaml")


def test_export_and_preview_onto_the_quiz_are_refused(capsys: pytest.CaptureFixture[str], course: Path):
    key = course / "quizzes" / "sampler.yaml"
    for fmt in ("gift", "qti", "markdown"):
        _refused(capsys, course, "export", key, "--format", fmt, "--out", key)
    _refused(capsys, course, "preview", key, "--out", key)
    _refused(capsys, course, "preview", key, "--format", "html", "--out", key)


def test_markdown_export_never_writes_its_key_among_the_quizzes(
    capsys: pytest.CaptureFixture[str], course: Path
):
    key = course / "quizzes" / "sampler.yaml"
    err = _refused(
        capsys, course, "export", key, "--format", "markdown", "--out", course / "quizzes" / "s.md"
    )
    assert "refusing to write next to an input" in err
    assert not (course / "quizzes" / "s-key.md").exists()
    code, out, _ = run(capsys, "export", key, "--format", "markdown", "--out", course / "paper" / "s.md")
    assert code == 0 and (course / "paper" / "s-key.md").is_file(), out


def test_release_into_an_input_folder_is_refused(capsys: pytest.CaptureFixture[str], course: Path):
    roster = course / "quizzes" / "roster.csv"
    roster.write_text("student_id\nann\n", encoding="utf-8")
    _refused(
        capsys, course, "release", course / "quizzes" / "sampler.yaml", "--out", course / "quizzes", "--force"
    )
    _refused(capsys, course, "release", course / "quizzes", "--out", course, "--force")
    _refused(capsys, course, "release", course / "quizzes", "--out", course / "quizzes" / "r")
    code, _, err = run(
        capsys,
        "release",
        str(course / "quizzes" / "sampler.yaml"),
        "--out",
        str(course / "r"),
        "--students",
        str(roster),
    )
    assert code == 0, err


def test_schema_out_onto_a_quiz_is_refused(
    capsys: pytest.CaptureFixture[str], course: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(course / "quizzes"))
    err = _refused(capsys, course, "quiz", "schema", "--out", course / "quizzes" / "sampler.yaml")
    assert "is an input of this command" in err
