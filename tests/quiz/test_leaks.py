"""``coursekit check`` warns when a question's id or prompt gives its answer away (issue 13)."""

from __future__ import annotations

from pathlib import Path

from coursekit.cli import main

QUIZ = """\
id: leaky
title: Leaky
questions:
  - id: meduza
    type: single
    prompt: Which outlet published the leaked document?
    choices: [Meduza, TASS, RBC]
    answer: Meduza
    explanation: It was Meduza.
    source: {doc_id: d, quote: q}
  - id: ambassador
    type: text
    prompt: "Who is the ambassador (hint: Semashko)?"
    answer: [Semashko]
    explanation: Semashko.
    source: {doc_id: d, quote: q}
  - id: outlet
    type: single
    prompt: Which outlet?
    choices: [Meduza, TASS]
    answer: TASS
    explanation: TASS.
    source: {doc_id: d, quote: q}
"""


def test_check_warns_without_failing(tmp_path: Path, capsys):
    path = tmp_path / "leaky.yaml"
    path.write_text(QUIZ, encoding="utf-8")
    code = main(["check", "--no-sources", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert f"{path}: question meduza: warning: id 'meduza' contains the answer 'Meduza'" in out
    assert f"{path}: question ambassador: warning: the prompt contains the answer 'Semashko'" in out
    assert "question outlet" not in out  # a wrong option's word in the id gives nothing away
    assert out.strip().endswith("OK: 1 quiz file(s) checked, no problems")


def test_errors_still_decide_the_exit_status(tmp_path: Path, capsys):
    path = tmp_path / "leaky.yaml"
    path.write_text(QUIZ.replace("answer: TASS", "answer: Reuters"), encoding="utf-8")
    assert main(["check", "--no-sources", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert "warning" not in out  # a file with errors is reported for its errors only
