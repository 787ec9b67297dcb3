"""The quiz widget, driven from Python: set answers, click Check, read feedback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import pytest

from coursekit.errors import QuizError
from coursekit.quiz import show
from coursekit.quiz.widgets import QuestionWidget, QuizWidget

from .conftest import GOOD

SEMASHKO = "We’re currently working on creating a single parliament and government"
PESKOV = "integration is a permanent process, it is a living mechanism"
RIGHT = {
    "roadmap-items": "31",
    "roadmap-envisions": ["a single tax code", "a single civil code"],
    "embassy-distanced": False,
    "open-items": 11,
    "leaders-since": [
        "Lukashenko in power",
        "Putin at Russia's helm",
        "the Union State Supreme State Council chaired by Lukashenko",
    ],
    "who-said": {SEMASHKO: "Vladimir Semashko", PESKOV: "Dmitry Peskov"},
    "ambassador": "semashko",
}
WRONG = {
    "roadmap-items": "28",
    "roadmap-envisions": ["a joint army"],
    "embassy-distanced": True,
    "open-items": 31,
    "leaders-since": [
        "Putin at Russia's helm",
        "the Union State Supreme State Council chaired by Lukashenko",
        "Lukashenko in power",
    ],
    "who-said": {SEMASHKO: "Dmitry Peskov", PESKOV: "Mikhail Mishustin"},
    "ambassador": "Lukashenko",
}


@pytest.fixture
def quiz(quiz_folder: Path) -> QuizWidget:
    return show("roadmaps", student="anna")


def control(qw: QuestionWidget) -> dict:
    """What the browser draws for the question's answer (kind, labels, options)."""
    return qw.spec["input"]


def browser_sends(qw: QuestionWidget, state) -> None:
    """Set the control's state as a click or keystrokes in the browser would."""
    qw.answer = state


def test_show_returns_a_widget_and_does_not_display(quiz: QuizWidget, capsys):
    assert isinstance(quiz, widgets.VBox)
    assert capsys.readouterr().out == ""
    assert [qw.question.id for qw in quiz.questions] == list(RIGHT)


def _descendants(widget: widgets.Widget) -> list[widgets.Widget]:
    """The widget and every widget it holds: children, layouts and styles."""
    seen: dict[int, widgets.Widget] = {}
    stack = [widget]
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen[id(w)] = w
        stack.extend(getattr(w, "children", ()))
        stack.extend(
            x
            for x in (getattr(w, "layout", None), getattr(w, "style", None))
            if isinstance(x, widgets.Widget)
        )
    return list(seen.values())


def test_a_question_is_one_widget(quiz: QuizWidget):
    """Every widget is a message from the kernel and a view in the browser: each question is
    one widget drawing its own controls, so a quiz is a handful of widgets plus one per question."""
    parts = _descendants(quiz)
    assert all(len(_descendants(qw)) <= 2 for qw in quiz.questions)  # the widget and its layout
    # the questions and the quiz's text share one layout and one style: a quiz is one
    # widget per question and 13 more (the box, the texts, the Submit row, their layouts
    # and styles), however many questions it has
    assert len({id(qw.layout) for qw in quiz.questions} | {id(quiz.title.layout)}) == 1
    assert len(parts) <= len(quiz.questions) + 13, f"{len(parts)} widgets for {len(quiz.questions)} questions"


def test_one_labelled_control_kind_per_type(quiz: QuizWidget):
    kinds = {qw.question.type: control(qw)["kind"] for qw in quiz.questions}
    assert kinds == {
        "single": "radio",
        "true_false": "radio",
        "multiple": "checkboxes",
        "numeric": "text",
        "order": "selects",
        "match": "selects",
        "text": "text",
    }
    for qw in quiz.questions:
        spec = control(qw)
        assert spec.get("label") or spec.get("slots"), f"{qw.question.id}: an input without a label"
        assert qw.check_button.description == "Check" and qw.check_button.tooltip
        assert f"<strong>Question {qw.number}</strong>" in qw.spec["heading_html"]
    numeric = control(quiz.question("open-items"))
    assert numeric["name"] == "Answer 4 (items)" and numeric["unit"] == "items"
    assert numeric["label"] == "Answer 4", "the unit is shown once, after the box, not in the label too"
    assert quiz.question("open-items").answer == "" and quiz.question("open-items").response is None
    single_labels = [
        control(qw)["label"]
        for qw in quiz.questions
        if qw.question.type in ("single", "true_false", "numeric", "text")
    ]
    assert len(set(single_labels)) == len(single_labels), "each answer's label names its question"
    assert control(quiz.question("who-said"))["slots"] == [SEMASHKO, PESKOV]
    assert control(quiz.question("roadmap-envisions"))["hint"] == "Select all that apply."
    assert quiz.submit_button.description == "Submit"


@pytest.mark.parametrize("qid", list(RIGHT))
def test_right_answer_clicked_shows_correct_explanation_and_source(quiz: QuizWidget, qid: str):
    qw = quiz.question(qid)
    qw.set_response(RIGHT[qid])
    qw.check_button.click()
    assert qw.result is not None and qw.result.correct
    text = qw.feedback_text
    assert text.startswith("✓ Correct.")
    assert qw.question.explanation in text
    assert all(s.quote in text for s in qw.question.cited)
    title = "Are Russia and Belarus Creating a Unified Cabinet and Parliament?"
    if qw.question.cited[0].doc_id == "unified-parliament":
        assert (
            f"Source: “{title}”, The Moscow Times, between 1 January 2019 and 7 December 2019 [unified-parliament]."
            in text
        )
    else:  # living-integration: no outlet named, dated to the day
        assert "outlet not named, by Ivan Dikov, 23 April 2021 [living-integration]." in text
    assert qw.settled and qw.disabled and qw.check_button.disabled


@pytest.mark.parametrize("qid", list(WRONG))
def test_wrong_answer_says_so_and_keeps_the_answer_hidden(quiz: QuizWidget, qid: str):
    qw = quiz.question(qid)
    qw.set_response(WRONG[qid])
    qw.check_button.click()
    assert qw.result.status == "incorrect" and qw.result.points == 0
    assert qw.feedback_text.startswith("✗ Not right")
    assert "Try again (2 attempts left)." in qw.feedback_text
    assert qw.question.explanation not in qw.feedback_text
    assert "The right answer" not in qw.feedback_text
    assert not qw.check_button.disabled


def test_partial_credit_is_shown_and_counted(quiz: QuizWidget):
    qw = quiz.question("roadmap-envisions")
    qw.set_response(["a single tax code"])
    qw.check()
    assert qw.feedback_text.splitlines()[0] == ("◐ Partly right: 1 of 2 right choices picked. 1 / 2 points.")
    assert quiz.score.points == 1.0


def test_answer_is_revealed_after_reveal_after_wrong_checks(quiz: QuizWidget):
    qw = quiz.question("open-items")  # reveal_after: 2, attempts: 3
    qw.set_response(30)
    qw.check()
    assert "The right answer" not in qw.feedback_text
    qw.set_response(32)
    qw.check()
    assert "The right answer: 11 items" in qw.feedback_text
    assert qw.question.explanation in qw.feedback_text
    assert qw.settled and qw.check_button.disabled
    qw.set_response(11)
    assert qw.check() is None and qw.attempts == 2  # no more checks once revealed


def test_attempts_run_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = (GOOD / "roadmaps.yaml").read_text(encoding="utf-8")
    text = text.replace("attempts: 3", "attempts: 1").replace("reveal_after: 2", "reveal_after: null")
    (tmp_path / "roadmaps.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(tmp_path))
    qw = show("roadmaps", student="anna").question("roadmap-items")
    qw.set_response("11")
    qw.check()
    assert qw.attempts_left == 0 and qw.settled
    assert "The right answer: 31" in qw.feedback_text


def test_unlimited_retries_without_reveal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = (GOOD / "roadmaps.yaml").read_text(encoding="utf-8")
    text = text.replace("attempts: 3", "attempts: null").replace("reveal_after: 2", "reveal_after: null")
    (tmp_path / "roadmaps.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(tmp_path))
    qw = show("roadmaps", student="anna").question("roadmap-items")
    for _ in range(10):
        qw.set_response("28")
        qw.check()
    assert qw.attempts == 10 and not qw.settled
    assert qw.feedback_text.splitlines()[-1] == "Try again."
    qw.set_response("31")
    assert qw.check().correct


def test_empty_check_is_not_an_attempt(quiz: QuizWidget):
    for qw in quiz.questions:
        result = qw.check()
        assert result.status == "unanswered"
        assert qw.attempts == 0 and qw.feedback_text == "Enter an answer first."


def test_running_score_summary(quiz: QuizWidget):
    for qid in ("roadmap-items", "roadmap-envisions", "open-items"):
        quiz.question(qid).set_response(RIGHT[qid])
        quiz.question(qid).check()
    quiz.question("ambassador").set_response("Lukashenko")
    quiz.question("ambassador").check()
    s = quiz.score
    assert (s.points, s.max_points, s.checked, s.correct, s.total) == (4.0, 8.0, 4, 3, 7)
    assert "Score: 4 / 8 points · 4 of 7 questions checked · 3 right" in quiz.summary.value


def test_set_response_rejects_impossible_values(quiz: QuizWidget):
    with pytest.raises(QuizError, match="'Minsk' is not a valid response"):
        quiz.question("roadmap-items").set_response("Minsk")
    with pytest.raises(QuizError, match="expected a number"):
        quiz.question("open-items").set_response("eleven")
    with pytest.raises(QuizError, match="expected a list of 3 items"):
        quiz.question("leaders-since").set_response(["Lukashenko in power"])


def test_widget_values_and_responses_are_by_value(quiz: QuizWidget):
    qw = quiz.question("roadmap-envisions")
    shown = control(qw)["options"]
    browser_sends(qw, [shown.index("a single civil code"), shown.index("a single tax code")])
    assert qw.response == ["a single tax code", "a single civil code"]  # written order
    tf = quiz.question("embassy-distanced")
    browser_sends(tf, control(tf)["options"].index("False"))
    assert tf.response is False
    browser_sends(tf, 7)  # a state no control can send is no answer, not a crash
    assert tf.response is None
    order = quiz.question("leaders-since")
    browser_sends(order, [None, 0, None])
    assert order.response == [None, control(order)["options"][0], None]
    order.set_response(None)
    assert order.answer == [None, None, None] and order.response is None


def test_shuffle_is_deterministic_per_student(quiz_folder: Path):
    def order(student: str) -> tuple:
        qw = show("roadmaps", student=student).question("roadmap-items")
        return tuple(control(qw)["options"])

    assert order("anna") == order("anna")
    assert sorted(order("anna")) == ["11", "28", "31", "400"]
    assert len({order(f"s{i}") for i in range(12)}) > 1


def test_html_in_quiz_text_is_shown_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("title: One question", 'title: "<img src=x onerror=alert(1)> *Intro*"')
    text = text.replace("prompt: Lukashenko", "prompt: <script>alert(1)</script> **Lukashenko**")
    (tmp_path / "minimal.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(tmp_path))
    qz = show("minimal")
    html = "".join(w.value for w in _all_html(qz)) + "".join(
        qw.spec["heading_html"] + qw.spec["prompt_html"] for qw in qz.questions
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>Lukashenko</strong>" in html
    assert "&lt;img src=x onerror=alert(1)&gt; <em>Intro</em>" in html


def _all_html(widget: widgets.Widget) -> list[widgets.HTML]:
    found = [widget] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found.extend(_all_html(child))
    return found


def test_exam_mode_collects_answers_without_check(quiz_folder: Path):
    qz = show("exam", student="bob")
    assert all(qw.check_button is None for qw in qz.questions)
    assert all(qw.spec["check"] is None for qw in qz.questions)  # no Check button drawn
    match = qz.question("q-match")
    match.set_response({"single parliament": "Semashko"})
    qz.question("q-numeric").set_response(11)
    assert match.check() is None and match.feedback_text == ""
    assert "2 of 7 questions answered" in qz.summary.value
    saved = json.loads((Path(qz.progress.path)).read_text(encoding="utf-8"))
    assert saved["questions"]["q-match"]["response"] == {"single parliament": "Semashko"}
    assert saved["questions"]["q-numeric"]["response"] == 11.0


def test_student_defaults(quiz_folder: Path, monkeypatch: pytest.MonkeyPatch):
    from coursekit.quiz import set_student

    assert show("minimal").student == "anonymous"
    set_student("carla")
    assert show("minimal").student == "carla"
    monkeypatch.setenv("COURSEKIT_STUDENT", "dmitri")
    assert show("minimal").student == "dmitri"
    assert show("minimal", student="eva").student == "eva"


def test_importing_coursekit_quiz_does_not_import_ipywidgets():
    code = (
        "import sys, coursekit.quiz; "
        "print(','.join(m for m in ('ipywidgets', 'pydantic', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_numeric_box_takes_typed_numbers_and_refuses_words(quiz: QuizWidget):
    qw = quiz.question("open-items")
    browser_sends(qw, " 1,000 ")
    assert qw.response == 1000.0
    browser_sends(qw, "eleven")
    assert qw.check() is None and qw.attempts == 0  # not counted as a try
    assert "“eleven” is not a number" in qw.feedback_text
    browser_sends(qw, "11")
    qw._message(qw, {"event": "check"}, [])  # what the browser's Check button sends

    assert qw.attempts == 1 and qw.result is not None
    qw.set_response(None)
    assert qw.answer == ""


def test_a_quiz_that_is_not_running_shows_its_questions_and_says_to_run_the_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A reopened notebook keeps the static output: the questions, escaped, and one line to run it."""
    from coursekit.quiz.fallback import static_bundle

    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("prompt: Lukashenko", "prompt: <script>alert(1)</script> **Lukashenko**")
    (tmp_path / "minimal.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(tmp_path))
    qz = show("minimal", student="anna")
    bundle = static_bundle(qz.quiz.title, qz.student, qz.questions)
    run = "This quiz is not running: run the notebook (Run ▸ Run All Cells) to answer it."
    assert run in bundle["text/plain"] and run in bundle["text/html"]
    assert "<script>alert" not in bundle["text/html"] and "&lt;script&gt;" in bundle["text/html"]
    for option in qz.questions[0].spec["input"]["options"]:
        assert f"<li>{option}</li>" in bundle["text/html"] and f"   - {option}" in bundle["text/plain"]


def test_the_quiz_is_displayed_as_static_text_then_the_live_widget(quiz: QuizWidget, monkeypatch):
    published = []
    monkeypatch.setattr("IPython.display.publish_display_data", lambda data, **kw: published.append(data))
    quiz._ipython_display_()
    assert [sorted(b) for b in published] == [
        ["text/html", "text/plain"],
        ["application/vnd.jupyter.widget-view+json", "text/plain"],
    ]
    assert "coursekit-static" in published[0]["text/html"]


@pytest.mark.parametrize("state", [5, "x", {"a": 1}, [99, -1, True, "0"], None, [[0]], 1.5])
def test_a_state_no_control_sends_is_no_answer_not_a_crash(quiz: QuizWidget, state):
    """The browser is not trusted: whatever it sends, every question reads it as an answer or none."""
    for qw in quiz.questions:
        browser_sends(qw, state)
        assert qw.response is None or qw.question.type in ("text", "numeric")
        qw.check()  # never raises
