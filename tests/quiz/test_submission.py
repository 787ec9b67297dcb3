"""Submissions: written by the button and by submit(), read back by load_submission()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import coursekit
from coursekit.errors import SubmissionError
from coursekit.quiz import load_quiz, load_submission, score, show, submit
from coursekit.quiz.submission import Submission

SEMASHKO = "We’re currently working on creating a single parliament and government"
PESKOV = "integration is a permanent process, it is a living mechanism"


def test_submit_button_writes_the_documented_file(
    quiz_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("coursekit.quiz.submission.submissions_dir", lambda: tmp_path / "subs")
    qz = show("roadmaps", student="anna")
    qz.question("roadmap-items").set_response("28")
    qz.question("roadmap-items").check()
    qz.question("roadmap-items").set_response("31")
    qz.question("roadmap-items").check()
    qz.question("who-said").set_response({SEMASHKO: "Vladimir Semashko"})
    qz.submit_button.click()
    path = tmp_path / "subs" / "anna__roadmaps.json"
    assert "Submitted" in qz.submit_status.value and path.name in qz.submit_status.value
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc) == [
        "format_version",
        "student",
        "quiz_id",
        "mode",
        "submitted_at",
        "coursekit_version",
        "answers",
        "attempts",
        "timestamps",
    ]
    assert doc["format_version"] == 1 and doc["coursekit_version"] == coursekit.__version__
    assert doc["answers"]["roadmap-items"] == "31"
    assert doc["answers"]["who-said"] == {SEMASHKO: "Vladimir Semashko"}
    assert doc["answers"]["ambassador"] is None
    assert doc["attempts"]["roadmap-items"] == 2 and len(doc["timestamps"]["roadmap-items"]) == 2
    assert set(doc["answers"]) == {q.id for q in load_quiz("roadmaps").questions}


def test_submit_function_round_trips_and_scores_like_the_widget(quiz_folder: Path, tmp_path: Path):
    qz = show("roadmaps", student="anna")
    answers = {
        "roadmap-envisions": ["a single tax code"],
        "open-items": 11,
        "who-said": {SEMASHKO: "Vladimir Semashko", PESKOV: "Mikhail Mishustin"},
    }
    for qid, value in answers.items():
        qz.question(qid).set_response(value)
        qz.question(qid).check()
    path = submit("roadmaps", student="anna", out=tmp_path)
    assert path == tmp_path / "anna__roadmaps.json"
    sub = load_submission(path)
    assert isinstance(sub, Submission)
    assert (sub.student, sub.quiz_id, sub.mode) == ("anna", "roadmaps", "practice")
    quiz = load_quiz("roadmaps")
    graded = sum(score(q, sub.answers[q.id]).points for q in quiz.questions)
    assert graded == qz.score.points == 1 + 1 + 0.5
    again = json.loads(json.dumps(sub.to_json()))
    assert Submission(**again, path=None) == sub  # to_json and the dataclass agree


def test_submission_to_a_named_file(quiz_folder: Path, tmp_path: Path):
    path = submit("minimal", student="anna", out=tmp_path / "mine.json")
    assert path == tmp_path / "mine.json"
    assert load_submission(path).answers == {"year": None}


def test_submit_refuses_to_hand_in_unreadable_answers(
    quiz_folder: Path, tmp_path: Path, private_progress: Path
):
    saved = private_progress / "anna" / "minimal.json"
    saved.parent.mkdir(parents=True)
    saved.write_text("{truncated")
    with pytest.raises(SubmissionError, match=r"nothing submitted: .*could not be read"):
        submit("minimal", student="anna", out=tmp_path)
    assert not list(tmp_path.glob("*.json"))
    assert len(list(saved.parent.glob("minimal.corrupt-*.json"))) == 1


def test_exam_submission(quiz_folder: Path, tmp_path: Path):
    qz = show("exam", student="bob")
    qz.question("q-order").set_response(["Lukashenko", "Putin"])
    sub = load_submission(qz.submit(tmp_path))
    assert sub.mode == "exam" and sub.answers["q-order"] == ["Lukashenko", "Putin"]
    assert sub.attempts["q-order"] == 0 and len(sub.timestamps["q-order"]) == 1


def _valid() -> dict:
    return {
        "format_version": 1,
        "student": "anna",
        "quiz_id": "roadmaps",
        "mode": "practice",
        "submitted_at": "2025-01-01T12:00:00Z",
        "coursekit_version": "0.1.0",
        "answers": {"q": "31"},
        "attempts": {"q": 1},
        "timestamps": {"q": ["2025-01-01T11:00:00Z"]},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format_version": 1,\n "student": ', ":2: malformed JSON: Expecting value"),
        (b"\x80\x81", ":1: not UTF-8 (invalid start byte at byte 0)"),
        (b"[]", ": expected a JSON object"),
        (b'{"a": NaN}', ": malformed JSON: NaN is not valid JSON"),
        (json.dumps({**_valid(), "extra": 1}).encode(), ": unknown key(s) 'extra'; valid keys: "),
        (
            json.dumps({k: v for k, v in _valid().items() if k != "answers"}).encode(),
            ": missing key(s) 'answers'",
        ),
        (json.dumps({**_valid(), "format_version": 2}).encode(), ": format_version 2 is not supported"),
        (json.dumps({**_valid(), "student": 7}).encode(), ": student must be a non-empty string"),
        (json.dumps({**_valid(), "submitted_at": "yesterday"}).encode(), ": submitted_at must be"),
        (json.dumps({**_valid(), "attempts": {"q": -1}}).encode(), ": question q: attempts must be"),
        (json.dumps({**_valid(), "attempts": {"q": True}}).encode(), ": question q: attempts must be"),
        (json.dumps({**_valid(), "timestamps": {"q": "now"}}).encode(), ": question q: timestamps must"),
        (json.dumps({**_valid(), "answers": ["31"]}).encode(), ": answers must be an object"),
        (json.dumps({**_valid(), "attempts": {}}).encode(), ": question q: answer without attempts"),
    ],
    ids=[
        "truncated",
        "not-utf8",
        "list",
        "nan",
        "unknown-key",
        "missing-key",
        "version",
        "student-type",
        "time",
        "negative-attempts",
        "bool-attempts",
        "timestamps",
        "answers-list",
        "no-attempts",
    ],
)
def test_malformed_submissions_raise_submission_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(SubmissionError) as info:
        load_submission(path)
    assert str(info.value).startswith(f"{path}{message}")


def test_missing_submission(tmp_path: Path):
    with pytest.raises(SubmissionError, match="no such file"):
        load_submission(tmp_path / "nope.json")


def test_valid_minimal_submission_loads(tmp_path: Path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_valid()))
    sub = load_submission(path)
    assert sub.answers == {"q": "31"} and sub.path == path


def test_the_score_on_screen_is_the_score_handed_in(quiz_folder: Path, tmp_path: Path):
    # Regression: check a wrong answer, change it, press Submit without checking: the screen
    # said 0 and the gradebook gave 1 (it graded the unchecked answer).
    qz = show("roadmaps", student="anna")
    qw = qz.question("roadmap-items")
    qw.set_response("28")
    qw.check()
    qw.set_response("31")
    path = qz.submit(tmp_path)
    quiz = load_quiz("roadmaps", check_sources=False)
    handed_in = load_submission(path).answers["roadmap-items"]
    assert score(quiz.question("roadmap-items"), handed_in).points == qz.score.points == 1.0


def test_an_unchecked_practice_answer_is_not_graded_as_if_checked(quiz_folder: Path, tmp_path: Path):
    qz = show("roadmaps", student="anna")
    qz.question("roadmap-items").set_response("31")  # typed, never checked; no Submit pressed
    path = submit("roadmaps", student="anna", out=tmp_path)
    assert load_submission(path).answers["roadmap-items"] is None
    assert qz.score.points == 0.0
