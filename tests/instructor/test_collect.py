"""``coursekit collect``: latest per student and quiz by server time, ids checked, who is missing."""

from __future__ import annotations

import csv
import getpass
import json
import os
import stat
import time
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.instructor._common import InstructorError
from coursekit.instructor.collect import MANIFEST, collect, init_exchange
from coursekit.quiz.exchange import deliver

ME = getpass.getuser()  # files written here are owned by this user


def _doc(
    student: str, quiz: str = "02-roadmaps", answer: object = 31, submitted_at: str | None = None
) -> str:
    return json.dumps(
        {
            "format_version": 1,
            "student": student,
            "quiz_id": quiz,
            "mode": "practice",
            "submitted_at": submitted_at or "2025-01-01T12:00:00.000000Z",
            "coursekit_version": "0.1.0",
            "answers": {"roadmap-items": answer},
            "attempts": {"roadmap-items": 1},
            "timestamps": {"roadmap-items": []},
        }
    )


@pytest.fixture
def exchange(tmp_path: Path) -> Path:
    folder = tmp_path / "exchange"
    init_exchange(folder)
    return folder


def _answer(path: Path) -> object:
    return json.loads(path.read_text())["answers"]["roadmap-items"]


def test_init_makes_a_hand_in_only_folder(exchange: Path):
    assert stat.S_IMODE((exchange / "inbound").stat().st_mode) == 0o3733
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o755


def test_latest_by_server_time_not_by_what_the_file_says(exchange: Path, tmp_path: Path):
    first = deliver(exchange, ME, "02-roadmaps", _doc(ME, answer=28, submitted_at="2030-01-01T00:00:00Z"))
    future = time.time() + 86400
    os.utime(first, (future, future))  # a student can fake mtime, not ctime
    time.sleep(0.02)
    deliver(exchange, ME, "02-roadmaps", _doc(ME, answer=31, submitted_at="2000-01-01T00:00:00Z"))
    deliver(exchange, ME, "01-leaders", _doc(ME, quiz="01-leaders"))
    result = collect(exchange, tmp_path / "out")
    assert [p.name for p in result.files] == [f"{ME}__01-leaders.json", f"{ME}__02-roadmaps.json"]
    assert _answer(tmp_path / "out" / f"{ME}__02-roadmaps.json") == 31
    assert result.older == 1 and not result.flagged
    assert len(list((exchange / "inbound").iterdir())) == 3  # the history stays in the exchange
    rows = list(csv.DictReader((tmp_path / "out" / MANIFEST).open()))
    assert [(r["student"], r["quiz"]) for r in rows] == [(ME, "01-leaders"), (ME, "02-roadmaps")]


def test_an_id_that_is_not_the_owners_is_flagged(exchange: Path, tmp_path: Path):
    deliver(exchange, "someone-else", "02-roadmaps", _doc("someone-else"))
    result = collect(exchange, tmp_path / "out")
    assert not result.files
    assert len(result.flagged) == 1
    assert f"says student 'someone-else' but belongs to '{ME}' (by its owner, {ME})" in result.flagged[0]
    unchecked = collect(exchange, tmp_path / "out2", check_owner=False)
    assert [p.name for p in unchecked.files] == ["someone-else__02-roadmaps.json"]


def test_the_owner_prefix_maps_unix_users_to_hub_users(exchange: Path, tmp_path: Path):
    if not ME.startswith("r"):
        pytest.skip("needs a Unix user name with a known first letter")
    hub_user = ME[1:]  # as if the Unix user were "r" + the hub user, like TLJH's "jupyter-" + user
    deliver(exchange, hub_user, "02-roadmaps", _doc(hub_user))
    assert collect(exchange, tmp_path / "a").flagged
    assert [p.name for p in collect(exchange, tmp_path / "b", owner_prefix="r").files] == [
        f"{hub_user}__02-roadmaps.json"
    ]


def test_per_user_folders_give_the_identity(exchange: Path, tmp_path: Path):
    for user in ("anna", "bob"):
        (exchange / "inbound" / user).mkdir()
    (exchange / "inbound" / "anna" / "a.json").write_text(_doc("anna"))
    (exchange / "inbound" / "bob" / "b.json").write_text(_doc("anna", answer=1))  # bob claims anna
    (exchange / "inbound" / "stray.json").write_text(_doc(ME))  # not in a user's folder
    result = collect(exchange, tmp_path / "out", per_user_folders=True)
    assert [p.name for p in result.files] == ["anna__02-roadmaps.json"]
    assert _answer(result.files[0]) == 31
    assert sorted(result.flagged) == [
        "bob/b.json: says student 'anna' but belongs to 'bob' (by its folder); not collected",
        "stray.json: directly in inbound/, but this exchange holds per-user folders (--per-user-folders); not collected",
    ]


def test_a_folder_a_student_made_is_not_an_identity(exchange: Path, tmp_path: Path):
    """Without --per-user-folders, anyone can mkdir inbound/anna/: it proves nothing."""
    (exchange / "inbound" / "anna").mkdir()
    (exchange / "inbound" / "anna" / "a.json").write_text(_doc("anna"))
    result = collect(exchange, tmp_path / "out")
    assert not result.files
    assert result.flagged == [
        "anna/a.json: in a folder of inbound/, but this exchange holds files owned by each student; not collected"
    ]


def test_symlinks_are_never_followed(exchange: Path, tmp_path: Path):
    secret = tmp_path / "instructor-only.json"
    secret.write_text(_doc(ME, answer=999))
    (exchange / "inbound" / "link.json").symlink_to(secret)
    result = collect(exchange, tmp_path / "out")
    assert not result.files and not list((tmp_path / "out").glob("*.json"))


def test_bad_files_are_flagged_never_written_outside_out(exchange: Path, tmp_path: Path):
    inbound = exchange / "inbound"
    (inbound / "broken.json").write_text("{not json")
    (inbound / "escape.json").write_text(_doc(ME, quiz="../../escaped"))
    (inbound / ".half.json.coursekit-tmp").write_text("{")
    result = collect(exchange, tmp_path / "out")
    assert not result.files
    assert sorted(f.split(":")[0] for f in result.flagged) == ["broken.json", "escape.json"]
    assert "is not a plain name" in " ".join(result.flagged)
    assert not list(tmp_path.rglob("escaped*"))


def test_missing_and_incomplete_against_the_roster(exchange: Path, tmp_path: Path):
    for user, quizzes in (("anna", ["02-roadmaps"]), ("carla", ["01-leaders", "02-roadmaps"])):
        (exchange / "inbound" / user).mkdir()
        for quiz in quizzes:
            (exchange / "inbound" / user / f"{quiz}.json").write_text(_doc(user, quiz=quiz))
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nanna,Anna\ncarla,Carla\ndana,Dana\n")
    result = collect(exchange, tmp_path / "out", roster=roster, per_user_folders=True)
    assert result.students == ["anna", "carla"]
    assert result.missing == ["dana"]
    assert result.incomplete == {"anna": ["01-leaders"]}


def test_out_folder_rules(exchange: Path, tmp_path: Path):
    deliver(exchange, ME, "02-roadmaps", _doc(ME))
    with pytest.raises(InstructorError, match="outside the exchange"):
        collect(exchange, exchange / "collected")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(InstructorError, match="is not empty"):
        collect(exchange, busy)
    with pytest.raises(InstructorError, match="is not a previous collection"):
        collect(exchange, busy, force=True)
    assert (busy / "notes.txt").read_text() == "mine"
    collect(exchange, tmp_path / "out")
    again = collect(exchange, tmp_path / "out", force=True)
    assert len(again.files) == 1
    with pytest.raises(InstructorError, match="no inbound/ folder"):
        collect(tmp_path, tmp_path / "x")


def test_cli_prints_flags_and_missing_and_exits_1(exchange: Path, tmp_path: Path, capsys):
    deliver(exchange, ME, "02-roadmaps", _doc(ME))
    deliver(exchange, "mallory", "02-roadmaps", _doc("mallory"))
    roster = tmp_path / "roster.csv"
    roster.write_text(f"student_id\n{ME}\nerik\n")
    status = main(["collect", str(exchange), "--out", str(tmp_path / "out"), "--roster", str(roster)])
    out = capsys.readouterr().out
    assert status == 1
    assert "flagged: mallory+02-roadmaps+" in out and "says student 'mallory'" in out
    assert "missing: erik (nothing handed in)" in out
    assert "collected 1 submission from 1 student in 1 quiz" in out
    status = main(["collect", str(tmp_path / "nope"), "--out", str(tmp_path / "o2")])
    assert status == 1 and "no inbound/ folder" in capsys.readouterr().err


def test_collected_folder_is_graded(exchange: Path, tmp_path: Path, capsys):
    from tests.instructor.conftest import COURSE_QUIZZES

    deliver(exchange, ME, "02-roadmaps", _doc(ME, answer=31))
    collect(exchange, tmp_path / "out")
    status = main(
        ["grade", str(tmp_path / "out"), "--key", str(COURSE_QUIZZES), "--out", str(tmp_path / "g.csv")]
    )
    assert status == 0, capsys.readouterr()
    rows = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert [(r["student"], r["quiz"]) for r in rows] == [(ME, "02-roadmaps")]
    assert float(rows[0]["02-roadmaps:roadmap-items"]) > 0
