"""The student id: never an example id, never invisible characters, and changing it loses nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.errors import CoursekitError
from coursekit.quiz import set_student, show, submit_all
from coursekit.quiz.progress import get_student, valid_student_id

ORDER = [
    "Lukashenko in power",
    "Putin at Russia's helm",
    "the Union State Supreme State Council chaired by Lukashenko",
]


def test_run_all_with_the_example_id_saves_nothing_and_says_so(private_progress: Path):
    said = set_student("your.name")  # the cell of notebook 00 as shipped, run by Run All
    assert said.student is None
    assert "Not saved: 'your.name' is the example" in str(said)
    assert not (private_progress / "student.json").exists()
    assert get_student() == "anonymous"
    assert "Not saved" in said._repr_html_()


@pytest.mark.parametrize("example", ["your.name", "Your.Name", " YOUR_NAME ", "name.surname"])
def test_example_ids_are_never_valid(example: str):
    with pytest.raises(CoursekitError, match="that is the example"):
        valid_student_id(example)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("anna\u200b.petrova", "invisible characters \\(U\\+200B\\)"),  # zero-width space
        ("anna\u202e.petrova", "invisible characters \\(U\\+202E\\)"),  # right-to-left override
        ("anna\x07", "invisible characters \\(U\\+0007\\)"),  # control
        ("a" * 65, "1-64 letters"),
    ],
)
def test_invisible_characters_and_long_ids_are_refused(bad: str, why: str):
    with pytest.raises(CoursekitError, match=why):
        valid_student_id(bad)


def test_ids_are_nfc_so_one_name_is_one_folder():
    decomposed = "Ale\u0301s"  # e + combining acute
    assert valid_student_id(decomposed) == "Al\u00e9s"


def test_an_old_saved_example_id_is_not_used(private_progress: Path):
    private_progress.mkdir(parents=True)
    (private_progress / "student.json").write_text('{"student": "your.name"}')
    assert get_student() == "anonymous"


def test_changing_the_id_carries_progress_over_and_says_what_happened(
    quiz_folder: Path, private_progress: Path
):
    set_student("anna")
    qw = show("roadmaps").question("leaders-since")
    qw.set_response(ORDER)
    qw.check()
    said = set_student("anna.petrova")
    assert said.student == "anna.petrova" and said.carried == ("roadmaps",)
    assert "Answers carried over from 'anna': roadmaps." in str(said)
    again = show("roadmaps").question("leaders-since")
    assert again.response == ORDER and again.attempts == 1
    # back to anna, who has her own file: kept, and said so
    said = set_student("anna")
    assert said.kept == ("roadmaps",) and "Kept anna's own earlier answers for: roadmaps." in str(said)


def test_a_quiz_on_screen_follows_the_id_set_after_it_was_shown(quiz_folder: Path, private_progress: Path):
    """The trap: quizzes shown before the id was set kept saving under the old id, and the
    student's real id showed 0 points with no word."""
    qz = show("roadmaps")  # Run All: shown while the id is still anonymous
    qw = qz.question("leaders-since")
    qw.set_response(ORDER)
    qw.check()
    set_student("dana")
    qz.question("roadmap-items").set_response("31")  # the student goes on answering on the same screen
    saved = json.loads((private_progress / "dana" / "roadmaps.json").read_text(encoding="utf-8"))
    assert saved["student"] == "dana"
    assert saved["questions"]["leaders-since"]["attempts"] == 1
    assert saved["questions"]["roadmap-items"]["response"] == "31"
    assert qz.student == "dana" and "dana" in qz.title.value and "id changed" in qz.title.value
    assert show("roadmaps").question("leaders-since").response == ORDER  # re-run: nothing lost


def test_a_quiz_shown_for_a_given_student_stays_with_them(quiz_folder: Path, private_progress: Path):
    qz = show("roadmaps", student="erik")
    set_student("dana")
    qz.question("roadmap-items").set_response("31")
    assert qz.student == "erik" and (private_progress / "erik" / "roadmaps.json").is_file()


def test_submit_all_skips_quizzes_without_answers_and_says_so(
    quiz_folder: Path, private_progress: Path, tmp_path: Path
):
    out = tmp_path / "subs"
    nothing = submit_all(out=out)  # Run All as anonymous: nothing written
    assert list(nothing) == [] and not out.exists()
    assert "your id is not set" in str(nothing)
    set_student("anna")
    show("roadmaps").question("roadmap-items").set_response("31")
    written = submit_all(out=out)
    assert [p.name for p in written] == ["anna__roadmaps.json"]
    assert sorted(p.name for p in out.iterdir()) == ["anna__roadmaps.json"]
    assert "roadmaps" not in written.skipped and written.skipped
    text = str(written)
    assert f"1 file written for 'anna' in {out}:" in text and "anna__roadmaps.json" in text
    assert "Skipped (no answers yet, nothing written): " + ", ".join(written.skipped) in text


def test_the_submit_button_refuses_an_unset_id(quiz_folder: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("coursekit.quiz.submission.submissions_dir", lambda: tmp_path / "subs")
    qz = show("roadmaps")
    qz.question("roadmap-items").set_response("31")
    qz.submit_button.click()
    assert "set your id first" in qz.submit_status.value and not (tmp_path / "subs").exists()


def test_submissions_are_where_jupyterlab_shows_them(monkeypatch: pytest.MonkeyPatch):
    from coursekit.paths import project_root, submissions_dir

    monkeypatch.delenv("COURSEKIT_SUBMISSIONS", raising=False)
    assert submissions_dir() == project_root() / "notebooks" / "submissions"
    ignored = (project_root() / ".gitignore").read_text(encoding="utf-8").split()
    assert "/notebooks/submissions/" in ignored
