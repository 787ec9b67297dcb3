"""``source`` and ``sources``: one passage or several, each checked verbatim, all shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.instructor.export.gift import to_gift
from coursekit.instructor.preview import render_preview
from coursekit.quiz import show
from coursekit.quiz.loader import parse_quiz

SEMASHKO = "We’re currently working on creating a single parliament and government"
EMBASSY = "The Belarussian Embassy in Moscow distanced itself from Semashko’s comments"
QUIZ = f"""\
id: two
title: Two passages
questions:
  - id: voices
    type: true_false
    skill: corroboration
    prompt: Did the ambassador and his embassy speak with one voice?
    answer: false
    explanation: The embassy distanced itself.
    sources:
      - doc_id: unified-parliament
        quote: "{SEMASHKO}"
      - doc_id: unified-parliament
        quote: "{EMBASSY}"
"""


def test_several_passages_are_each_checked_and_a_bad_one_is_located():
    quiz, problems = parse_quiz(QUIZ, "two.yaml")
    assert problems == [] and quiz is not None
    assert [s.quote for s in quiz.questions[0].cited] == [SEMASHKO, EMBASSY]
    bad = QUIZ.replace(EMBASSY, EMBASSY.replace("’", "'"))
    quiz, problems = parse_quiz(bad, "two.yaml")
    assert quiz is None
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("two.yaml:14: question voices: quote not found verbatim in unified-parliament")
    assert message.endswith(
        "differs only in quotes, apostrophes, dashes or spaces; copy it exactly from "
        "data/corpus/unified-parliament.txt"
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace(
            "    sources:\n", "    source: {doc_id: unified-parliament, quote: x}\n    sources:\n"
        ),
        lambda text: text[: text.index("    sources:")],
    ],
    ids=["both", "neither"],
)
def test_exactly_one_of_source_and_sources(change):
    quiz, problems = parse_quiz(change(QUIZ), "two.yaml", check_sources=False)
    assert quiz is None
    assert [str(p) for p in problems] == [
        "two.yaml:4: question voices: give either 'source' (one passage) or 'sources' "
        "(a list of passages), not both"
    ]


def test_skill_must_be_one_of_the_six():
    quiz, problems = parse_quiz(QUIZ.replace("skill: corroboration", "skill: memory"), "two.yaml")
    assert quiz is None and "skill: 'memory' is not one of 'recall', 'comprehension'" in str(problems[0])


def test_feedback_exports_and_preview_show_every_passage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress"))
    path = tmp_path / "two.yaml"
    path.write_text(QUIZ, encoding="utf-8")
    qw = show(path, student="ann").question("voices")
    qw.set_response(False)
    qw.check()
    assert SEMASHKO in qw.feedback_text and EMBASSY in qw.feedback_text
    assert qw.feedback_html.count("coursekit-passage") == 2
    quiz, _ = parse_quiz(QUIZ, "two.yaml")
    gift = to_gift(quiz)[0]
    assert "Sources\\: unified-parliament, “We’re" in gift and "distanced itself" in gift
    preview = render_preview(quiz)
    assert preview.count("source: unified-parliament") == 2
