"""``coursekit check`` and ``coursekit quiz schema``: output lines and exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.cli import main

from .conftest import BAD, GOOD


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean_files_exits_0(capsys):
    code, out, err = run(capsys, "check", str(GOOD))
    assert (code, out, err) == (0, "OK: 3 quiz file(s) checked, no problems\n", "")


def test_check_reports_every_problem_one_per_line_and_exits_1(capsys):
    code, out, err = run(capsys, "check", str(BAD), str(GOOD / "minimal.yaml"))
    assert code == 1
    expected = [
        line
        for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert out.splitlines() == [f"{BAD}/{line}" for line in expected]
    files = len(list(BAD.glob("*.yaml")))
    assert err == f"{len(expected)} problem(s) in {files} of {files + 1} file(s)\n"


def test_check_defaults_to_the_quiz_folder(capsys, quiz_folder: Path):
    shutil.copy(BAD / "duplicate-id.yaml", quiz_folder)
    (quiz_folder / "schema.json").write_text("not checked")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [
        f"{quiz_folder}/duplicate-id.yaml:13: question roadmap: duplicate question id 'roadmap' "
        "(first used on line 5)"
    ]


def test_check_missing_path(capsys, tmp_path: Path):
    code, out, _ = run(capsys, "check", str(tmp_path / "nope.yaml"))
    assert (code, out) == (1, f"{tmp_path}/nope.yaml: no such file or folder\n")


def test_check_help_has_examples(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    assert info.value.code == 0
    assert "coursekit check quizzes/02-roadmaps.yaml" in capsys.readouterr().out


def test_no_traceback_from_the_command_line(tmp_path: Path):
    bad = tmp_path / "broken.yaml"
    bad.write_bytes(b"id: broken\ntitle: \x00\xff\xfe !!python/object:os.system\n")
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "check", str(bad), str(BAD)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"{bad}:2: not UTF-8 text")


def test_schema_command_writes_and_checks(capsys, tmp_path: Path):
    target = tmp_path / "schema.json"
    code, out, _ = run(capsys, "quiz", "schema", "--out", str(target))
    assert code == 0 and out == f"wrote {target}\n"
    assert run(capsys, "quiz", "schema", "--check", "--out", str(target))[0] == 0
    target.write_text(target.read_text().replace("Question type", "Kind"))
    code, _, err = run(capsys, "quiz", "schema", "--check", "--out", str(target))
    assert code == 1 and "out of date" in err


def test_30000_nested_brackets_are_refused_not_a_crash(tmp_path: Path):
    # Regression: libyaml's recursive parser crashed the interpreter (SIGSEGV) on this file.
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: deep\ntitle: t\nquestions: " + "[" * 30_000, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit", "check", str(deep)], capture_output=True, text=True, timeout=120
    )
    assert (proc.returncode, proc.stdout) == (
        1,
        f"{deep}:3: the YAML is nested more than 40 levels deep; a quiz needs a few levels\n",
    )
