"""``coursekit preview``: text and HTML, with and without the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.instructor.preview import render_preview
from coursekit.quiz.loader import load_quiz

from .conftest import SAMPLER, assert_golden, run


def test_text_preview_matches_golden():
    assert_golden("sampler-preview.txt", render_preview(SAMPLER))


def test_no_answers_shows_only_what_students_see():
    text = render_preview(SAMPLER, answers=False)
    for q in load_quiz(SAMPLER).questions:
        assert q.prompt.split()[0] in text
        assert q.explanation not in text and all(s.quote not in text for s in q.cited)
    assert "[x]" not in text and "Vladimir Semashko" not in text


def test_html_preview_escapes_and_marks_the_key(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    code, out, _ = run(capsys, "preview", SAMPLER, "--format", "html", "--out", tmp_path / "p.html")
    assert (code, out) == (0, f"wrote {tmp_path / 'p.html'}\n")
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "&lt;special&gt;" in html and "<special>" not in html
    assert "<li class=key>31</li>" in html and "<li>400</li>" in html
    assert "<strong>reportedly</strong>" in html


def test_preview_prints_to_stdout(capsys: pytest.CaptureFixture[str]):
    code, out, err = run(capsys, "preview", SAMPLER, "--no-answers")
    assert (code, err) == (0, "") and out == render_preview(SAMPLER, answers=False)


def test_no_answers_never_shows_items_or_options_in_the_keys_order():
    from coursekit.instructor.preview import render_preview
    from coursekit.quiz.model import Quiz

    source = {"doc_id": "d", "quote": "q"}
    quiz = Quiz.model_validate(
        {
            "id": "keyorder",
            "title": "T",
            "questions": [
                {
                    "id": "steps",
                    "type": "order",
                    "prompt": "Order them",
                    "items": ["zeta", "alpha", "mu"],
                    "answer": ["zeta", "alpha", "mu"],
                    "explanation": "e",
                    "source": source,
                },
                {
                    "id": "who",
                    "type": "match",
                    "prompt": "Match",
                    "pairs": {"first": "zulu", "second": "bravo"},
                    "distractors": ["mike"],
                    "explanation": "e",
                    "source": source,
                },
            ],
        }
    )
    for fmt in ("text", "html"):
        shown = render_preview(quiz, fmt, answers=False)
        at = shown.index
        assert at("alpha") < at("mu") < at("zeta"), shown
        assert at("bravo") < at("mike") < at("zulu"), shown
    keyed = render_preview(quiz, "text", answers=True)
    assert keyed.index("item: zeta") < keyed.index("item: alpha")  # the instructor's view keeps the file
