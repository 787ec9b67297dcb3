"""The question's code and stylesheet reach a page once, never one copy per saved question (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.quiz import question, show
from coursekit.quiz.widgets import QuizWidget

STATIC = Path(question.__file__).parent / "static"
#: A line of the question's code and a rule of its stylesheet, as a saved state would hold them.
CODE = "function keepKeys(root) {"
STYLE = ".coursekit-choice input {"


@pytest.fixture
def quiz(quiz_folder: Path) -> QuizWidget:
    return show("roadmaps", student="anna")


def test_the_saved_state_of_many_questions_holds_no_copy_of_their_code(quiz: QuizWidget):
    """What nbclient or JupyterLab save for each question: a small loader, no module, no stylesheet."""
    assert len(quiz.questions) >= 7
    saved = json.dumps([qw.get_state() for qw in quiz.questions])
    assert CODE in (STATIC / "question.js").read_text(encoding="utf-8")
    assert STYLE in (STATIC / "question.css").read_text(encoding="utf-8")
    assert saved.count(CODE) == 0 and saved.count(json.dumps(STYLE)[1:-1]) == 0
    for qw in quiz.questions:
        state = qw.get_state()
        assert len(state["_esm"]) < 2_500 and not state.get("_css")
        assert question.LIBRARY.uses(state["_esm"])


def test_the_library_is_the_question_code_with_its_stylesheet():
    source = question.LIBRARY.source()
    assert CODE in source and json.dumps(STYLE)[1:-1] in source.splitlines()[0]
    assert source.startswith("const STYLE = ") and source.rstrip().endswith("export { render };")
    assert "https://" not in source


def _sent(widget) -> list:
    sent: list = []
    widget.send = lambda content, buffers=None: sent.append((content, buffers))
    return sent


def test_a_question_sends_the_code_to_a_page_that_asks(quiz: QuizWidget):
    qw = quiz.questions[3]
    sent = _sent(qw)
    qw._handle_custom_msg({"type": "something else"}, [])
    assert sent == []
    qw._handle_custom_msg({"type": question.LIBRARY.request}, [])
    assert sent == [({"type": question.LIBRARY.reply}, [question.LIBRARY.source().encode("utf-8")])]


def test_the_first_quiz_displayed_brings_the_code_along_once(quiz_folder: Path, monkeypatch):
    """Sent unasked once per kernel, with the first quiz shown, never again."""
    monkeypatch.setattr(question.LIBRARY, "_pushed", False)
    monkeypatch.setattr("IPython.display.publish_display_data", lambda data, **kw: None)
    first, second = show("roadmaps", student="anna"), show("minimal", student="anna")
    sent = {id(qw): _sent(qw) for qz in (first, second) for qw in qz.questions}
    first._ipython_display_()
    second._ipython_display_()
    first._ipython_display_()
    messages = [m for messages in sent.values() for m in messages]
    assert messages == [({"type": question.LIBRARY.reply}, [question.LIBRARY.source().encode("utf-8")])]
    assert sent[id(first.questions[0])] == messages
