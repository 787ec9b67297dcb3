"""Fixtures for the quiz tests: the fixture folders and a private progress folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOOD = HERE / "fixtures" / "good"
BAD = HERE / "fixtures" / "bad"


@pytest.fixture(autouse=True)
def private_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test saves progress in its own folder, never in ~/.coursekit."""
    folder = tmp_path / "progress"
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(folder))
    monkeypatch.delenv("COURSEKIT_STUDENT", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)  # tests run on a hub too
    return folder


@pytest.fixture
def quiz_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the good fixtures, used as the quiz folder (COURSEKIT_QUIZZES)."""
    folder = tmp_path / "quizzes"
    shutil.copytree(GOOD, folder)
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(folder))
    return folder
