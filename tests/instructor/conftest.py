"""Fixtures for the instructor tools' tests.

Golden files live in ``tests/instructor/golden/``. After an intended change of an
output, regenerate them and review the diff::

    python -m pytest tests/instructor --update-goldens
    git diff tests/instructor/golden/

(the one option that rewrites every golden file: see ``tests/goldens.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import goldens

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
QUIZZES = FIXTURES / "quizzes"
SAMPLER = QUIZZES / "sampler.yaml"
PICKED = QUIZZES / "picked.yaml"
SUBMISSIONS = FIXTURES / "submissions"
GOLDEN = HERE / "golden"
COURSE_QUIZZES = HERE.parents[1] / "quizzes"
REGENERATE = "python -m pytest tests/instructor --update-goldens"


def assert_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``golden/<name>``; ``--update-goldens`` rewrites it first."""
    path = GOLDEN / name
    goldens.update(path, actual)
    assert path.is_file(), f"missing golden file {path}: run {REGENERATE}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file; if the change is intended, run "
        f"{REGENERATE} and review the diff"
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``coursekit ARGS`` in-process; return (exit status, stdout, stderr)."""
    from coursekit.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved answers and submissions of every test go to its own folder."""
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress"))
    monkeypatch.setenv("COURSEKIT_SUBMISSIONS", str(tmp_path / "submitted"))
    monkeypatch.delenv("COURSEKIT_STUDENT", raising=False)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """A roster of six students, as a spreadsheet exports it (BOM, extra column)."""
    path = tmp_path / "roster.csv"
    rows = [
        "student_id,name,email",
        "ann,Ann Antonova,a@x",
        "bob,Bob Belov,b@x",
        "cat,Cat Chen,c@x",
        "dan,Dan Dudko,d@x",
        ",,",  # an empty row, as spreadsheets export them: skipped
        "eve,Eve Egorova,e@x",
        "fay,Fay Fomina,f@x",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    return path
