"""Text-answer patterns run in linear time, in the widget's Check and in grading alike.

Regression: with Python's backtracking ``re``, the pattern ``(\\w+\\s?)+`` took seconds per
answer and doubled with each extra character, in a student's Check and in ``coursekit grade``.
"""

from __future__ import annotations

import subprocess
import sys

from coursekit.quiz.loader import parse_quiz
from coursekit.quiz.model import TextQuestion
from coursekit.quiz.scoring import score


def _question(pattern: str) -> TextQuestion:
    return TextQuestion.model_validate(
        {
            "id": "t",
            "type": "text",
            "prompt": "?",
            "answer": ["Semashko"],
            "pattern": pattern,
            "explanation": "e",
            "source": {"doc_id": "unified-parliament", "quote": "Minsk"},
        }
    )


def test_a_catastrophic_pattern_scores_at_once():
    # In a child process with a timeout: a backtracking engine would take hours here.
    code = (
        "from tests.quiz.test_patterns import _question\n"
        "from coursekit.quiz.scoring import score\n"
        "q = _question(r'(\\w+\\s?)+')\n"
        "print(score(q, 'a' * 60 + '!').status, score(q, 'ab cd').status)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["incorrect", "correct"]


def test_patterns_match_in_full_and_ignore_case():
    q = _question(r"(vladimir\s+)?semashko")
    assert score(q, "VLADIMIR   Semashko").correct  # spaces collapsed, case ignored
    assert not score(q, "semashko and peskov").correct  # the whole answer must match


def test_check_refuses_a_pattern_the_linear_engine_cannot_run():
    text = (
        "id: demo\ntitle: Demo\nquestions:\n  - id: t\n    type: text\n    prompt: '?'\n"
        "    answer: [aa]\n    pattern: '(a)\\1'\n    explanation: e\n"
        "    source: {doc_id: unified-parliament, quote: Minsk}\n"
    )
    quiz, problems = parse_quiz(text, "demo.yaml")
    assert quiz is None
    assert [str(p) for p in problems] == [
        "demo.yaml:8: question t: pattern is not a valid regular expression: invalid escape sequence: \\1 "
        "(RE2 syntax: no backreferences or lookarounds)"
    ]
