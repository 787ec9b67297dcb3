"""On a JupyterHub the student id is the hub user: nothing a student types changes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.quiz import set_student, show, submit
from coursekit.quiz.identity import HubIdentityError
from coursekit.quiz.progress import get_student
from coursekit.quiz.submission import load_submission


@pytest.fixture
def on_hub(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("JUPYTERHUB_USER", "anna")
    return "anna"


def test_the_hub_user_is_the_student(on_hub: str, private_progress: Path, monkeypatch: pytest.MonkeyPatch):
    assert get_student() == "anna"
    (private_progress).mkdir(parents=True, exist_ok=True)
    (private_progress / "student.json").write_text(json.dumps({"student": "bob"}))
    monkeypatch.setenv("COURSEKIT_STUDENT", "bob")
    assert get_student() == "anna"  # neither the saved id nor the variable wins over the hub
    assert get_student("anna") == "anna"


def test_set_student_cannot_override_the_hub_user(on_hub: str, private_progress: Path):
    with pytest.warns(UserWarning, match=r"signed in to JupyterHub as 'anna'.*set_student\('bob'\)"):
        assert set_student("bob") == "anna"
    assert get_student() == "anna"
    assert not (private_progress / "student.json").exists()  # nothing saved that could win later
    assert set_student("anna") == "anna"  # the same name is fine, silently


def test_asking_for_another_student_is_refused(on_hub: str, quiz_folder: Path, tmp_path: Path):
    with pytest.raises(
        HubIdentityError, match=r"signed in to JupyterHub as 'anna'.*cannot be saved as 'bob'"
    ):
        get_student("bob")
    with pytest.raises(HubIdentityError):
        show("roadmaps", student="bob")
    with pytest.raises(HubIdentityError):
        submit("roadmaps", student="bob", out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_answers_and_submissions_carry_the_hub_user(on_hub: str, quiz_folder: Path, tmp_path: Path):
    qw = show("roadmaps").question("embassy-distanced")
    qw.set_response(False)
    qw.check()
    sub = load_submission(submit("roadmaps", out=tmp_path))
    assert sub.student == "anna" and sub.answers["embassy-distanced"] is False


def test_an_invalid_hub_name_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "anna petrova")
    with pytest.raises(Exception, match="invalid student id 'anna petrova'"):
        get_student()


def test_off_the_hub_ids_are_self_declared(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert set_student("bob") == "bob" and get_student() == "bob" and get_student("carla") == "carla"
