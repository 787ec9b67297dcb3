"""Write an essay through the JupyterLab UI: rubric and word count shown, no Check, saved, restored.

A notebook written into the served copy shows quiz ``01-leaders``, whose last
question is the notebook's written task as an ``essay``. The test types the
essay into its box by role and accessible name, leaves the box (that is when
the text is saved), and checks: the rubric is shown, the word count follows the
text, there is no Check button, and the progress file holds the text. Then it
reloads the page, restarts the kernel, runs the notebook again, and finds the
text back in the box.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import nbformat
import pytest

from tests.browser import jupyter as jl

NOTEBOOK = "_browser_tests/essay_ui.ipynb"
QUIZ_ID = "01-leaders"
STUDENT = "ui-essay"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ESSAY = (
    "Both articles date the council to 2000. living-integration has a byline, sham-acceleration "
    "has none, and they spell the name differently, so copying is less likely.\n\nBut both may "
    "draw on one older source."
)


def _essay() -> tuple[int, str]:
    from coursekit.quiz import load_quiz

    questions = load_quiz(QUIZ_ID, check_sources=False).questions
    number, question = next((n, q) for n, q in enumerate(questions, 1) if q.type == "essay")
    return number, question.id


@pytest.fixture
def essay_notebook(lab_server, lab_coursekit_dirs) -> Iterator[str]:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            f'from coursekit import quiz\n\nquiz.show("{QUIZ_ID}", student="{STUDENT}")'
        )
    ]
    path = lab_server.root_dir / NOTEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    (lab_coursekit_dirs["progress"] / STUDENT / f"{QUIZ_ID}.json").unlink(missing_ok=True)
    yield NOTEBOOK
    jl.shutdown_session(lab_server, NOTEBOOK)


def _block(page, number: int):
    block = page.locator(f"{PANEL} .coursekit-quiz .coursekit-question").nth(number - 1)
    block.wait_for(timeout=90_000)
    return block


def _saved(progress, qid: str) -> str | None:
    try:
        saved = json.loads((progress / STUDENT / f"{QUIZ_ID}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (saved.get("questions", {}).get(qid) or {}).get("response")


@pytest.mark.browser
def test_write_an_essay_and_get_it_back(lab_page, lab_server, lab_coursekit_dirs, essay_notebook):
    page = lab_page
    number, qid = _essay()
    jl.run_notebook_in_lab(page, lab_server, essay_notebook, timeout=300)
    block = _block(page, number)
    assert block.get_by_role("button", name="Check").count() == 0, "an essay has a Check button"
    block.locator("summary", has_text="Rubric").click()
    rubric = block.locator("table.coursekit-rubric")
    assert rubric.is_visible() and "Reasoning" in rubric.inner_text()
    box = block.get_by_role("textbox", name=re.compile(rf"^Answer {number}\b"))
    box.fill(ESSAY)
    box.press("Tab")  # leaving the box sends the text to the kernel, which saves it
    deadline = time.monotonic() + 30
    while _saved(lab_coursekit_dirs["progress"], qid) != ESSAY and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _saved(lab_coursekit_dirs["progress"], qid) == ESSAY
    words = len(ESSAY.split())
    block.get_by_text(f"{words} words (asked: 80 to 250 words)").wait_for(timeout=30_000)
    jl.screenshot(block, "essay_ui_written")

    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    page.locator(f"{PANEL} .jp-Cell").first.wait_for(state="attached", timeout=120_000)
    jl.wait_for_kernel_idle(lab_server, essay_notebook)
    jl.restart_kernel(page, lab_server, essay_notebook)
    jl.run_all_cells(page, lab_server, essay_notebook)
    jl.wait_for_all_cells(page, lab_server, essay_notebook, timeout=300)
    block = _block(page, number)
    box = block.get_by_role("textbox", name=re.compile(rf"^Answer {number}\b"))
    assert box.input_value() == ESSAY, "the essay was not restored"
    assert page.external_requests == []
    assert jl.render_failures(page) == [] and jl.error_outputs(page) == []
