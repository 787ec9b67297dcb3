"""Saved progress: restored after a re-run, corrupted files kept aside, atomic writes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from coursekit.errors import CoursekitError
from coursekit.quiz import set_student, show
from coursekit.quiz.progress import get_student, load_progress, progress_path, valid_student_id

RIGHT_ORDER = [
    "Lukashenko in power",
    "Putin at Russia's helm",
    "the Union State Supreme State Council chaired by Lukashenko",
]


def test_progress_is_saved_after_a_check_by_value(quiz_folder: Path, private_progress: Path):
    qz = show("roadmaps", student="anna")
    qw = qz.question("leaders-since")
    qw.set_response(RIGHT_ORDER)
    qw.check_button.click()
    path = private_progress / "anna" / "roadmaps.json"
    assert path == progress_path("anna", "roadmaps") and path.is_file()
    saved = json.loads(path.read_text(encoding="utf-8"))
    entry = saved["questions"]["leaders-since"]
    assert entry["response"] == RIGHT_ORDER == entry["checked_response"]  # values, not positions
    assert entry["attempts"] == 1 and len(entry["checked_at"]) == 1
    assert (saved["student"], saved["quiz_id"], saved["format_version"]) == ("anna", "roadmaps", 1)


def test_rerunning_the_cell_restores_answers_attempts_and_score(quiz_folder: Path):
    first = show("roadmaps", student="anna")
    first.question("roadmap-items").set_response("28")
    first.question("roadmap-items").check()
    first.question("roadmap-items").set_response("31")
    first.question("roadmap-items").check()
    first.question("roadmap-envisions").set_response(["a single tax code"])
    first.question("roadmap-envisions").check()
    first.question("ambassador").set_response("Semashko")  # typed, not checked
    before = first.score

    again = show("roadmaps", student="anna")  # a new kernel would do the same: all from disk
    assert again.score == before
    assert (before.points, before.checked) == (2.0, 2)
    items = again.question("roadmap-items")
    assert (items.response, items.attempts, items.wrong) == ("31", 2, 1)
    assert items.result.correct and items.settled and items.check_button.disabled
    assert items.feedback_text.startswith("✓ Correct.")
    assert again.question("roadmap-envisions").result.partial
    assert again.question("ambassador").response == "Semashko"
    assert again.question("ambassador").result is None
    assert show("roadmaps", student="bob").score.checked == 0  # per student


def test_restore_in_a_fresh_interpreter(quiz_folder: Path, private_progress: Path):
    import subprocess
    import sys

    show("minimal", student="anna").question("year").set_response(True)
    show("minimal", student="anna").question("year").check()
    code = (
        "from coursekit.quiz import show; q = show('minimal', student='anna').questions[0]; "
        "print(q.response, q.attempts, q.result.points)"
    )
    env = {**os.environ, "COURSEKIT_QUIZZES": str(quiz_folder), "COURSEKIT_PROGRESS": str(private_progress)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["True", "1", "1.0"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format_version": 1, "quiz_id": "roadmaps", "questions": {', "malformed JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a JSON object"),
        (
            b'{"format_version": 1, "quiz_id": "roadmaps", "questions": {"roadmap-items": '
            b'{"attempts": "many"}}}',
            "attempts must be a whole number",
        ),
        (b'{"format_version": 1, "quiz_id": "other", "questions": {}}', "it is for quiz 'other'"),
        (b"", "malformed JSON"),
    ],
    ids=["truncated", "binary", "list", "bad-attempts", "other-quiz", "empty"],
)
def test_corrupted_progress_is_moved_aside_and_reported(
    quiz_folder: Path, private_progress: Path, content: bytes, reason: str
):
    path = private_progress / "anna" / "roadmaps.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    qz = show("roadmaps", student="anna")
    assert len(qz.warnings) == 1 and reason in qz.warnings[0]
    assert "could not be read" in qz.warning_box.value and "coursekit-warning" in qz.warning_box.value
    aside = sorted(path.parent.glob("roadmaps.corrupt-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == content  # kept, byte for byte
    assert aside[0].name in qz.warnings[0]
    assert qz.score.checked == 0
    qz.question("roadmap-items").set_response("31")
    qz.question("roadmap-items").check()
    assert aside[0].read_bytes() == content  # never overwritten by the next save
    assert json.loads(path.read_text(encoding="utf-8"))["questions"]["roadmap-items"]["response"] == "31"


def test_two_corrupt_files_in_the_same_second_are_both_kept(private_progress: Path):
    path = private_progress / "anna" / "q.json"
    path.parent.mkdir(parents=True)
    for content in (b"one", b"two"):
        path.write_bytes(content)
        assert load_progress("anna", "q").warning
    kept = sorted(p.read_bytes() for p in path.parent.glob("q.corrupt-*.json"))
    assert kept == [b"one", b"two"]


def test_saves_are_atomic_and_leave_no_temporary_files(
    quiz_folder: Path, private_progress: Path, monkeypatch: pytest.MonkeyPatch
):
    qz = show("roadmaps", student="anna")
    qz.question("roadmap-items").set_response("31")
    qz.question("roadmap-items").check()
    path = private_progress / "anna" / "roadmaps.json"
    good = path.read_bytes()

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    qw = qz.question("open-items")
    qw.set_response(11)
    qw.check()  # the save fails: the widget warns, nothing half-written
    assert any("No space left on device" in w for w in qz.warnings)
    assert "No space left on device" in qz.warning_box.value
    assert path.read_bytes() == good
    assert [p.name for p in path.parent.iterdir()] == ["roadmaps.json"]


def test_student_id_resolution(private_progress: Path, monkeypatch: pytest.MonkeyPatch):
    assert get_student() == "anonymous"
    assert set_student(" anna ") == "anna"
    assert json.loads((private_progress / "student.json").read_text()) == {"student": "anna"}
    assert get_student() == "anna"
    monkeypatch.setenv("COURSEKIT_STUDENT", "bob")
    assert get_student() == "bob" and get_student("carla") == "carla"
    (private_progress / "student.json").write_text("{broken")
    monkeypatch.delenv("COURSEKIT_STUDENT")
    assert get_student() == "anonymous"


@pytest.mark.parametrize("bad", ["", "  ", "../x", "a/b", "anna petrova", ".hidden", "x" * 65, 42])
def test_invalid_student_ids_are_refused(bad):
    with pytest.raises(CoursekitError, match="invalid student id"):
        valid_student_id(bad)


def test_unicode_student_ids_are_allowed():
    assert valid_student_id("Алексей.Иванов") == "Алексей.Иванов"


def test_answers_given_before_setting_an_id_are_carried_over(
    quiz_folder: Path, private_progress: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("COURSEKIT_STUDENT", raising=False)
    qw = show("roadmaps").question("leaders-since")  # no id yet: saved as anonymous
    qw.set_response(RIGHT_ORDER)
    qw.check_button.click()
    anonymous = private_progress / "anonymous" / "roadmaps.json"
    assert anonymous.is_file()

    # erik already has his own (different) answer: setting his id must not overwrite it
    mine = show("roadmaps", student="erik").question("leaders-since")
    mine.set_response(list(reversed(RIGHT_ORDER)))
    mine.check_button.click()

    set_student("dana")  # set late: dana gets the anonymous answers
    again = show("roadmaps").question("leaders-since")
    assert again.response == RIGHT_ORDER and again.attempts == 1
    assert json.loads((private_progress / "dana" / "roadmaps.json").read_text())["student"] == "dana"
    assert anonymous.is_file()  # the original stays

    set_student("erik")
    assert show("roadmaps").question("leaders-since").response == list(reversed(RIGHT_ORDER))


def test_temporary_files_left_by_a_killed_save_are_cleaned_by_the_next(
    quiz_folder: Path, private_progress: Path
):
    # Regression: every SIGKILL during a save left a temporary file nobody removed (92 in one run).
    qz = show("roadmaps", student="anna")
    qz.question("open-items").set_response(28)
    folder = private_progress / "anna"
    stale = folder / ".roadmaps.json.abc123.coursekit-tmp"
    fresh = folder / ".roadmaps.json.def456.coursekit-tmp"  # a save in progress elsewhere
    for leftover in (stale, fresh):
        leftover.write_text('{"half": ', encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    qz.question("open-items").set_response(31)
    assert not stale.exists() and fresh.exists()
