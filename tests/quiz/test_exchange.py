"""Handing in to an exchange folder: new files only, private modes, nothing lost at once."""

from __future__ import annotations

import json
import multiprocessing
import stat
from pathlib import Path

import pytest

from coursekit.errors import SubmissionError
from coursekit.quiz import show, submit
from coursekit.quiz.exchange import FILE_MODE, deliver
from coursekit.quiz.submission import load_submission


@pytest.fixture
def exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exchange"
    (folder / "inbound").mkdir(parents=True)
    (folder / "inbound").chmod(0o3733)
    monkeypatch.setenv("COURSEKIT_EXCHANGE", str(folder))
    monkeypatch.setenv("COURSEKIT_SUBMISSIONS", str(tmp_path / "local"))
    return folder


def test_submit_writes_a_private_new_file_into_inbound(exchange: Path, quiz_folder: Path, tmp_path: Path):
    qw = show("roadmaps", student="anna").question("embassy-distanced")
    qw.set_response(True)  # wrong first: a right answer settles the question
    qw.check()
    first = submit("roadmaps", student="anna")
    assert first.parent == exchange / "inbound"
    assert first.name.startswith("anna+roadmaps+") and first.suffix == ".json"
    assert stat.S_IMODE(first.stat().st_mode) == FILE_MODE  # not readable by other students
    assert load_submission(first).answers["embassy-distanced"] is True
    assert not (tmp_path / "local").exists()  # handed in, not left in the local folder

    qw.set_response(False)
    qw.check()
    second = submit("roadmaps", student="anna")
    assert second != first and first.is_file()  # resubmission keeps the history
    assert load_submission(first).answers["embassy-distanced"] is True
    assert load_submission(second).answers["embassy-distanced"] is False
    assert sorted(p.name for p in (exchange / "inbound").iterdir()) == sorted([first.name, second.name])


def test_an_explicit_out_still_writes_locally(exchange: Path, quiz_folder: Path, tmp_path: Path):
    path = submit("roadmaps", student="anna", out=tmp_path / "mine")
    assert path == tmp_path / "mine" / "anna__roadmaps.json"
    assert not any((exchange / "inbound").iterdir())


def test_no_inbound_folder_is_a_clear_error(
    tmp_path: Path, quiz_folder: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COURSEKIT_EXCHANGE", str(tmp_path / "nowhere"))
    with pytest.raises(SubmissionError, match=r"has no inbound/ folder; ask your instructor"):
        submit("roadmaps", student="anna")


def _hand_in_many(args: tuple[str, str, int]) -> list[str]:
    exchange, student, n = args
    return [deliver(exchange, student, "q", json.dumps({"student": student, "i": i})).name for i in range(n)]


def test_two_kernels_handing_in_at_once_lose_nothing(exchange: Path):
    n = 40
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        names = pool.map(_hand_in_many, [(str(exchange), s, n) for s in ("anna", "anna", "bob", "bob")])
    written = [name for batch in names for name in batch]
    files = sorted(p.name for p in (exchange / "inbound").iterdir())
    assert len(written) == len(set(written)) == len(files) == 4 * n  # all kept, none half-written
    assert sorted(written) == files
    counts = {}
    for f in files:
        doc = json.loads((exchange / "inbound" / f).read_text())
        counts[doc["student"]] = counts.get(doc["student"], 0) + 1
    assert counts == {"anna": 2 * n, "bob": 2 * n}
