"""Answer course quizzes through the JupyterLab UI, one question of each of the seven keyed types.

A notebook written into the served copy (``_browser_tests/quiz_ui.ipynb``) shows
the course quizzes that hold the chosen questions twice: once for the student
``ui-right`` and once for ``ui-wrong`` (choices are shuffled per quiz and
student, so every choice is found by its text, never by position).

For each type (single, multiple, true_false, numeric, order, match, text) the
test clicks, types and chooses through accessible roles and labels, then:

* ``ui-right`` answers right: "✓ Correct.", the explanation, and the cited
  passage (article title and quote) appear;
* ``ui-wrong`` answers wrong: first "Try again" with neither explanation nor
  source (the question is not settled yet), then, once settled (after
  ``reveal_after`` wrong checks or the last attempt), the right answer, the
  explanation and the source; the input is locked.

Then it reloads the page, restarts the kernel through *Kernel > Restart
Kernel…* (confirming the dialog), runs all cells again and checks that every
answer comes back: the selected radio/checkboxes/options, the typed values,
the feedback and both running scores. The saved progress files are checked too.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.browser import jupyter as jl

NOTEBOOK = "_browser_tests/quiz_ui.ipynb"
TYPES = ("single", "multiple", "true_false", "numeric", "order", "match", "text")
#: The accessible name of a question's answer box: "Answer 3", "Answer 3 (items)".
ANSWER_BOX = re.compile(r"^Answer \d+\b")
RIGHT, WRONG = "ui-right", "ui-wrong"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
FEEDBACK_TIMEOUT = 30_000  # ms: a kernel round trip on a busy CI machine


def _squash(text: str) -> str:
    """Text with all whitespace removed, to compare HTML renderings with sources."""
    return "".join(str(text).split())


@dataclass
class Case:
    """One question to answer, with a right and a wrong response (by value)."""

    quiz_id: str
    number: int  # 1-based, as the widget shows it
    question: Any
    settle_after: int  # wrong checks until the question is settled
    right: Any
    wrong: Any

    @property
    def type(self) -> str:
        return self.question.type


def _right_response(q) -> Any:
    if q.type == "match":
        return dict(q.pairs)
    if q.type == "text":
        return q.answer[0]
    return q.answer


def _wrong_response(q) -> Any:
    from coursekit.quiz.scoring import score

    if q.type == "single":
        candidates = [c for c in q.choices if c != q.answer]
    elif q.type == "true_false":
        candidates = [not q.answer]
    elif q.type == "multiple":
        others = [c for c in q.choices if c not in q.answer]
        candidates = [others[:1], list(q.answer[:-1])]
    elif q.type == "numeric":
        candidates = [q.answer + (q.tolerance or 0) + 7]
    elif q.type == "order":
        candidates = [list(reversed(q.answer)), q.answer[1:] + q.answer[:1]]
    elif q.type == "match":
        lefts = list(q.pairs)
        rights = [q.pairs[left] for left in lefts]
        candidates = [dict(zip(lefts, rights[k:] + rights[:k], strict=True)) for k in range(1, len(lefts))]
        candidates += [dict.fromkeys(lefts, d) for d in q.distractors]
    else:
        candidates = ["certainly not the answer"]
    for response in candidates:
        if response not in (None, [], {}) and not score(q, response).correct:
            return response
    msg = f"no wrong response found for {q.id}"
    raise AssertionError(msg)


def choose_cases() -> list[Case]:
    """The first question of each type in the course quizzes (practice mode, settling)."""
    from coursekit.quiz import load_quizzes
    from coursekit.quiz.scoring import score

    cases: dict[str, Case] = {}
    for quiz_id, quiz in load_quizzes(check_sources=False).items():
        limits = [n for n in (quiz.settings.reveal_after, quiz.settings.attempts) if n is not None]
        if quiz.mode != "practice" or quiz.settings.pick or not limits:
            continue
        for number, q in enumerate(quiz.questions, start=1):
            if q.type in cases or q.type not in TYPES:  # essays: tests/browser/test_essay_ui.py
                continue
            case = Case(quiz_id, number, q, min(limits), _right_response(q), _wrong_response(q))
            assert score(q, case.right).correct, f"{quiz_id}/{q.id}: right response scored wrong"
            cases[q.type] = case
    missing = set(TYPES) - set(cases)
    assert not missing, f"no practice question of type(s) {missing} in quizzes/"
    return [cases[t] for t in TYPES]


CASES = choose_cases()
QUIZ_IDS = list(dict.fromkeys(c.quiz_id for c in CASES))


def cell_plan() -> list[tuple[str | None, str | None, str]]:
    """``(quiz_id, student, source)`` of each code cell; the first prints the kernel's pid."""
    plan: list[tuple[str | None, str | None, str]] = [
        (None, None, "import os\n\nfrom coursekit import quiz\n\nprint('kernel pid', os.getpid())")
    ]
    for quiz_id in QUIZ_IDS:
        for student in (RIGHT, WRONG):
            plan.append((quiz_id, student, f'quiz.show("{quiz_id}", student="{student}")'))
    return plan


PLAN = cell_plan()


@pytest.fixture
def quiz_notebook(lab_server, lab_coursekit_dirs) -> Iterator[str]:
    """Write the notebook; start from no saved answers; shut its kernel down afterwards."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for _, _, source in PLAN]
    path = lab_server.root_dir / NOTEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    for student in (RIGHT, WRONG):
        for quiz_id in QUIZ_IDS:
            (lab_coursekit_dirs["progress"] / student / f"{quiz_id}.json").unlink(missing_ok=True)
    yield NOTEBOOK
    jl.shutdown_session(lab_server, NOTEBOOK)


# ----------------------------------------------------------------------------- page objects
def quiz_widget(page, quiz_id: str, student: str):
    index = next(i for i, (q, s, _) in enumerate(PLAN) if q == quiz_id and s == student)
    cell = page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)
    return cell.locator(".coursekit-quiz")


def question_block(page, case: Case, student: str):
    block = quiz_widget(page, case.quiz_id, student).locator(".coursekit-question").nth(case.number - 1)
    header = block.locator(".coursekit-prompt strong").first
    assert header.inner_text().strip() == f"Question {case.number}", "questions out of order"
    return block


def answer(block, case: Case, response: Any) -> None:
    """Enter ``response`` through the UI, by role and accessible name only."""
    q = case.question
    if q.type in ("single", "true_false"):
        label = response if q.type == "single" else ("True" if response else "False")
        block.get_by_role("radio", name=label, exact=True).check()
    elif q.type == "multiple":
        for choice in q.choices:
            block.get_by_role("checkbox", name=choice, exact=True).set_checked(choice in response)
    elif q.type == "numeric":
        box = block.get_by_role("textbox", name=ANSWER_BOX)
        box.fill(str(int(response)) if float(response).is_integer() else repr(float(response)))
        box.press("Enter")
    elif q.type == "text":
        box = block.get_by_role("textbox", name=ANSWER_BOX)
        box.fill(response)
        box.press("Enter")
    elif q.type == "order":
        for position, item in enumerate(response, start=1):
            block.get_by_role("combobox", name=f"Position {position}", exact=True).select_option(label=item)
    elif q.type == "match":
        for left, right in response.items():
            block.get_by_role("combobox", name=left, exact=True).select_option(label=right)
    else:  # pragma: no cover - guarded by choose_cases
        raise AssertionError(q.type)


def shown_response(block, case: Case) -> Any:
    """Read the response back from the inputs, by value."""
    q = case.question
    if q.type == "single":
        picked = [c for c in q.choices if block.get_by_role("radio", name=c, exact=True).is_checked()]
        return picked[0] if len(picked) == 1 else picked
    if q.type == "true_false":
        picked = [
            v for v in (True, False) if block.get_by_role("radio", name=str(v), exact=True).is_checked()
        ]
        return picked[0] if len(picked) == 1 else picked
    if q.type == "multiple":
        return [c for c in q.choices if block.get_by_role("checkbox", name=c, exact=True).is_checked()]
    if q.type == "numeric":
        return float(block.get_by_role("textbox", name=ANSWER_BOX).input_value())
    if q.type == "text":
        return block.get_by_role("textbox", name=ANSWER_BOX).input_value()
    # ipywidgets writes option labels with no-break spaces.
    selected = "s => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text.replace(/\\u00a0/g, ' ') : null"
    if q.type == "order":
        return [
            block.get_by_role("combobox", name=f"Position {i}", exact=True).evaluate(selected)
            for i in range(1, len(q.items) + 1)
        ]
    return {left: block.get_by_role("combobox", name=left, exact=True).evaluate(selected) for left in q.pairs}


def expected_shown(case: Case, response: Any) -> Any:
    if case.type == "numeric":
        return float(response)
    if case.type == "multiple":
        return [c for c in case.question.choices if c in response]
    return response


def check(block) -> None:
    block.get_by_role("button", name="Check").click()


def feedback(block):
    return block.locator(".coursekit-feedback")


def wait_feedback(block, pattern: str) -> str:
    """Wait until the feedback matches ``pattern``; return its text."""
    box = feedback(block)
    box.filter(has_text=re.compile(pattern)).wait_for(timeout=FEEDBACK_TIMEOUT)
    return box.inner_text()


def assert_settled_feedback(block, case: Case) -> None:
    """Explanation, article title and quoted passage are visible; the input is locked."""
    from coursekit.corpus import load_documents
    from coursekit.quiz.render import to_html

    q = case.question
    explanation = block.locator(".coursekit-explanation")
    assert explanation.is_visible(), f"{case.type}: no explanation"
    expected = re.sub(r"<[^>]+>", "", to_html(q.explanation))
    assert _squash(explanation.inner_text()) == _squash(html.unescape(expected))
    title = load_documents().loc[q.cited[0].doc_id, "title"]
    cite = block.locator(".coursekit-source cite")
    assert cite.is_visible() and _squash(cite.inner_text()) == _squash(title), f"{case.type}: no title"
    quote = block.locator(".coursekit-passage strong")
    assert quote.is_visible() and _squash(quote.inner_text()) == _squash(q.cited[0].quote), (
        f"{case.type}: the quoted passage is not shown"
    )
    assert block.get_by_role("button", name="Check").is_disabled(), "a settled question stays checkable"


def score_line(quiz, cases: list[Case], responses: dict[str, Any]) -> str:
    """The running score the widget should show, computed with coursekit's scoring."""
    from coursekit.quiz.scoring import score

    results = [score(c.question, responses[c.type]) for c in cases]
    points = round(sum(r.points for r in results), 6)
    max_points = float(sum(q.points for q in quiz.questions))
    return (
        f"Score: {points:g} / {max_points:g} points · {len(results)} of {len(quiz.questions)} "
        f"questions checked · {sum(r.correct for r in results)} right"
    )


def saved_entry(progress: Path, student: str, case: Case) -> dict[str, Any] | None:
    """The question's entry in the student's saved progress file, if any."""
    try:
        saved = json.loads((progress / student / f"{case.quiz_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return saved.get("questions", {}).get(case.question.id)


def wait_saved_attempts(page, progress: Path, student: str, case: Case, attempts: int) -> None:
    deadline = time.monotonic() + FEEDBACK_TIMEOUT / 1000
    while (entry := saved_entry(progress, student, case)) is None or entry.get("attempts") != attempts:
        assert time.monotonic() < deadline, f"{case.type}: check {attempts} never saved (last: {entry})"
        page.wait_for_timeout(200)


def kernel_pid(page) -> str:
    text = page.locator(f"{PANEL} .jp-Notebook .jp-Cell").first.locator(".jp-OutputArea-output").inner_text()
    match = re.search(r"kernel pid (\d+)", text)
    assert match, f"no pid printed: {text!r}"
    return match.group(1)


def wait_quizzes(page) -> None:
    for quiz_id in QUIZ_IDS:
        for student in (RIGHT, WRONG):
            quiz_widget(page, quiz_id, student).locator(".coursekit-question").first.wait_for(timeout=90_000)


# ----------------------------------------------------------------------------- the test
@pytest.mark.browser
def test_answer_each_question_type_and_get_the_answers_back(
    lab_page, lab_server, lab_coursekit_dirs, quiz_notebook
):
    from coursekit.quiz import load_quiz

    page = lab_page
    quizzes = {quiz_id: load_quiz(quiz_id, check_sources=False) for quiz_id in QUIZ_IDS}
    jl.run_notebook_in_lab(page, lab_server, quiz_notebook, timeout=300)
    wait_quizzes(page)
    pid_before = kernel_pid(page)

    for case in CASES:
        # Right answer: correct, explanation and cited passage.
        block = question_block(page, case, RIGHT)
        # the live region is there from the start (so it is announced when filled), but empty
        assert feedback(block).inner_text().strip() == "", "feedback before any check"
        answer(block, case, case.right)
        check(block)
        wait_feedback(block, r"✓ Correct\.")
        assert_settled_feedback(block, case)
        jl.screenshot(block, f"quiz_ui_{case.type}_right")

        # Wrong answer: "try again" without the explanation until the question settles.
        block = question_block(page, case, WRONG)
        answer(block, case, case.wrong)
        for attempt in range(1, case.settle_after + 1):
            check(block)
            # The kernel saves every check: wait for it before looking or clicking again.
            wait_saved_attempts(page, lab_coursekit_dirs["progress"], WRONG, case, attempt)
            if attempt < case.settle_after:
                text = wait_feedback(block, r"Try again")
                assert re.search(r"✗ Not right|◐ Partly right", text), text
                assert "The right answer" not in text
                assert block.locator(".coursekit-explanation").count() == 0, "explanation before settling"
                assert block.locator(".coursekit-source, .coursekit-passage").count() == 0, "source too early"
                assert block.get_by_role("button", name="Check").is_enabled()
        wait_feedback(block, r"The right answer:")
        text = feedback(block).inner_text()
        assert re.search(r"✗ Not right|◐ Partly right", text), text
        assert "✓ Correct" not in text
        assert_settled_feedback(block, case)
        jl.screenshot(block, f"quiz_ui_{case.type}_wrong")

    scores = {}
    for quiz_id, quiz in quizzes.items():
        cases = [c for c in CASES if c.quiz_id == quiz_id]
        for student, pick in ((RIGHT, "right"), (WRONG, "wrong")):
            expected = score_line(quiz, cases, {c.type: getattr(c, pick) for c in cases})
            summary = quiz_widget(page, quiz_id, student).locator(".coursekit-score")
            assert summary.inner_text().strip() == expected
            scores[quiz_id, student] = expected
    jl.notebook_screenshot(page, "quiz_ui_answered")

    # The answers were saved, by value, where the server's kernels were told to save them.
    for case in CASES:
        for student, response in ((RIGHT, case.right), (WRONG, case.wrong)):
            entry = saved_entry(lab_coursekit_dirs["progress"], student, case)
            assert entry, f"{case.type} ({student}): nothing saved"
            assert entry["checked_response"] == (float(response) if case.type == "numeric" else response)
            assert entry["attempts"] == (1 if student == RIGHT else case.settle_after)

    # Reload the page, restart the kernel from the Kernel menu, run everything again.
    page.on("dialog", lambda dialog: dialog.accept())  # "leave page?" for the unsaved notebook
    page.reload()
    page.locator(f"{PANEL} .jp-Cell").first.wait_for(state="attached", timeout=120_000)
    jl.wait_for_kernel_idle(lab_server, quiz_notebook)
    assert page.locator(f"{PANEL} .coursekit-quiz").count() == 0, "outputs survived the reload"
    jl.restart_kernel(page, lab_server, quiz_notebook)
    jl.run_all_cells(page, lab_server, quiz_notebook)
    jl.wait_for_all_cells(page, lab_server, quiz_notebook, timeout=300)
    wait_quizzes(page)
    assert kernel_pid(page) != pid_before, "the kernel was not restarted"

    for case in CASES:
        for student, response in ((RIGHT, case.right), (WRONG, case.wrong)):
            block = question_block(page, case, student)
            assert shown_response(block, case) == expected_shown(case, response), (
                f"{case.type} ({student}): answer not restored"
            )
            verdict = r"✓ Correct\." if student == RIGHT else r"The right answer:"
            wait_feedback(block, verdict)
            assert_settled_feedback(block, case)
    for (quiz_id, student), expected in scores.items():
        summary = quiz_widget(page, quiz_id, student).locator(".coursekit-score")
        assert summary.inner_text().strip() == expected, f"{quiz_id} ({student}): score not restored"
    assert page.external_requests == []
    assert jl.render_failures(page) == [] and jl.error_outputs(page) == []
    jl.notebook_screenshot(page, "quiz_ui_restored")


def test_the_cases_cover_every_type_with_a_wrong_answer_that_scores_wrong():
    """Runs without a browser: the test data above is sound."""
    from coursekit.quiz.scoring import score

    assert [c.type for c in CASES] == list(TYPES)
    for case in CASES:
        assert score(case.question, case.right).correct
        assert not score(case.question, case.wrong).correct
        assert case.settle_after >= 1
    assert Path(jl.REPO_ROOT / "quizzes").is_dir()
