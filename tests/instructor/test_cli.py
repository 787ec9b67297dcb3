"""The four commands from the command line: help with examples, one-line errors, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.cli import main

from .conftest import PICKED, QUIZZES, SAMPLER, SUBMISSIONS, run

EXAM = Path(__file__).parents[1] / "quiz" / "fixtures" / "good" / "exam.yaml"


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ([], "coursekit grade submissions/ --key quizzes/ --out gradebook.csv --report report.html"),
        (
            ["release"],
            "coursekit release quizzes/05-review.yaml --mode exam --out exam/ --students roster.csv",
        ),
        (["grade"], "coursekit grade collected/ --key quizzes/ --variants release/variants.json"),
        (["export"], "coursekit export 02-roadmaps --format markdown --out roadmaps.md"),
        (["preview"], "coursekit preview 02-roadmaps --format html --out /tmp/roadmaps.html"),
    ],
)
def test_help_lists_examples(capsys: pytest.CaptureFixture[str], command: list[str], example: str):
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and example in out


def _files(tmp_path: Path) -> dict[str, Path]:
    """Bad inputs, one of each kind."""
    bad = {
        "roster_no_column": tmp_path / "names.csv",
        "roster_duplicate": tmp_path / "dup.csv",
        "broken_quiz": tmp_path / "broken.yaml",
        "variants": tmp_path / "variants.json",
        "nonempty": tmp_path / "nonempty",
        "empty": tmp_path / "empty",
    }
    bad["roster_no_column"].write_text("name\nAnn\n", encoding="utf-8")
    bad["roster_duplicate"].write_text("student_id\nann\nann\n", encoding="utf-8")
    bad["broken_quiz"].write_text(
        SAMPLER.read_text(encoding="utf-8")
        .replace("id: sampler", "id: broken")
        .replace('answer: "31"', 'answer: "32"'),
        encoding="utf-8",
    )
    bad["variants"].write_text("[1, 2", encoding="utf-8")
    bad["nonempty"].mkdir()
    (bad["nonempty"] / "notes.txt").write_text("mine")
    bad["empty"].mkdir()
    return bad


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["release", "{tmp}/missing.yaml", "--out", "{tmp}/out"], "{tmp}/missing.yaml: no such quiz file"),
        (
            ["release", str(QUIZZES), "--out", "{tmp}/out", "--students", "{roster_no_column}"],
            "{roster_no_column}:1: no student_id column (found 'name'); the first row must name the columns",
        ),
        (
            ["release", str(QUIZZES), "--out", "{tmp}/out", "--students", "{roster_duplicate}"],
            "{roster_duplicate}:3: duplicate student_id 'ann' (first on line 2)",
        ),
        (["release", str(QUIZZES), "--out", "{nonempty}"], "{nonempty}: the folder exists and is not empty"),
        (
            ["release", "{broken_quiz}", "--out", "{tmp}/out"],
            "{broken_quiz}:17: question roadmap-items: answer '32' is not one of the choices",
        ),
        (
            ["release", str(EXAM), "--out", "{tmp}/out"],
            f"{EXAM}: quiz exam is already an exam copy (mode: exam)",
        ),
        (["grade", "{tmp}/nowhere", "--out", "{tmp}/g.csv"], "{tmp}/nowhere: no such folder"),
        (
            ["grade", "{empty}", "--key", str(QUIZZES), "--out", "{tmp}/g.csv"],
            "{empty}: no submission files (*.json) in this folder",
        ),
        (
            ["grade", str(SUBMISSIONS), "--key", "{tmp}/nokey", "--out", "{tmp}/g.csv"],
            "{tmp}/nokey: no such quiz file",
        ),
        (
            [
                "grade",
                str(SUBMISSIONS),
                "--key",
                str(QUIZZES),
                "--variants",
                "{variants}",
                "--out",
                "{tmp}/grades/g.csv",
            ],
            "{variants}:1: malformed JSON",
        ),
        (
            ["grade", str(SUBMISSIONS), "--key", str(QUIZZES), "--out", "{nonempty}"],
            "{nonempty}: is a folder; give a file name, e.g. gradebook.csv",
        ),
        (
            ["grade", str(SUBMISSIONS), "--key", str(QUIZZES), "--out", "{tmp}/g.csv", "--report", "{empty}"],
            "{empty}: is a folder; give a file name, e.g. report.html",
        ),
        (["export", "no-such-quiz", "--format", "gift"], "no quiz 'no-such-quiz' in"),
        (["export", str(EXAM), "--format", "qti"], "quiz exam is an exam copy (mode: exam) without answers"),
        (["export", "{broken_quiz}", "--format", "markdown"], "{broken_quiz}:17: question roadmap-items:"),
        (["preview", "{tmp}/missing.yaml"], "{tmp}/missing.yaml: no such quiz file"),
        (["preview", "{broken_quiz}"], "{broken_quiz}:17: question roadmap-items: answer '32'"),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_bad_input_gives_one_located_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expected: str
):
    names = {k: str(v) for k, v in _files(tmp_path).items()} | {"tmp": str(tmp_path)}
    code, out, err = run(capsys, *(a.format(**names) for a in args))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"coursekit: error: {expected.format(**names)}"), err


@pytest.mark.parametrize(
    "args",
    [
        ["export", str(SAMPLER), "--format", "pdf"],
        ["release", str(QUIZZES), "--mode", "homework", "--out", "x"],
        ["grade", str(SUBMISSIONS)],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "(see --help)" in err


def test_release_command_reports_what_it_wrote(
    capsys: pytest.CaptureFixture[str], roster: Path, tmp_path: Path
):
    code, out, err = run(capsys, "release", PICKED, "--out", tmp_path / "r", "--students", roster)
    assert (code, err) == (0, "")
    assert out == (
        f"released 1 quiz in exam mode to {tmp_path / 'r'}: handout/<student_id>/ for 6 "
        "students, variants.json (20 files)\n"
    )
    code, _, err = run(capsys, "release", PICKED, "--out", tmp_path / "s", "--mode", "practice")
    assert code == 0 and err == (
        "coursekit: warning: picked: settings.pick (2) ignored: per-student subsets "
        "need --students roster.csv; every question is released\n"
    )


def _coursekit(*args: object, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m coursekit ARGS`` in a process of its own, as an instructor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "coursekit", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def test_no_traceback_from_real_processes(tmp_path: Path):
    """Bad files through the installed entry point: messages, exit status, never a traceback."""
    roster = tmp_path / "roster.csv"
    roster.write_bytes(b"student_id\nren\xe9e\n")
    release = _coursekit("release", QUIZZES, "--out", tmp_path / "out", "--students", roster)
    assert release.returncode == 1 and "Traceback" not in release.stdout + release.stderr
    assert (
        release.stderr == f"coursekit: error: {roster}:2: not UTF-8 (invalid continuation byte at byte 14); "
        "save the roster as CSV UTF-8\n"
    )
    grade = _coursekit(
        "grade", SUBMISSIONS, "--key", QUIZZES, "--out", tmp_path / "g.csv", "--report", tmp_path / "r.html"
    )
    assert grade.returncode == 1 and "Traceback" not in grade.stdout + grade.stderr
    assert grade.stderr == "9 file(s) rejected; the other files were graded\n"
    assert (tmp_path / "g.csv").is_file() and (tmp_path / "r-items.csv").is_file()


def test_a_fifo_roster_is_refused_at_once(tmp_path: Path):
    """A roster that is a FIFO (nobody writing to it) used to block ``release`` forever."""
    import os

    roster = tmp_path / "roster.csv"
    os.mkfifo(roster)
    out = tmp_path / "out"
    done = _coursekit("release", QUIZZES, "--out", out, "--students", roster, timeout=60)
    assert (done.returncode, done.stdout) == (1, ""), done.stderr[-2000:]
    assert done.stderr == f"coursekit: error: {roster}: not a regular file (a FIFO); only files can be read\n"
    assert not out.exists()
