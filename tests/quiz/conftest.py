"""Fixtures for the quiz tests: the fixture folders and a private progress folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import goldens

HERE = Path(__file__).resolve().parent
GOOD = HERE / "fixtures" / "good"
BAD = HERE / "fixtures" / "bad"


@pytest.fixture(autouse=True, scope="session")
def bad_fixture_expectations() -> None:
    """``--update-goldens``: rewrite ``fixtures/bad/expected.txt`` from what the checker reports now.

    The file's leading comment lines are kept; then one line per problem, in the
    order ``coursekit check`` reports them for the whole folder.
    """
    if not goldens.updating():
        return
    from coursekit.quiz.loader import check_paths

    path = BAD / "expected.txt"
    old = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    header = []
    for line in old:
        if not line.startswith("#"):
            break
        header.append(line)
    problems = [str(p).replace(f"{BAD}/", "") for p in check_paths([BAD])]
    goldens.update(path, "\n".join([*header, *problems]) + "\n")


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
