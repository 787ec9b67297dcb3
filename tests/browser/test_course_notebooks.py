"""Every course notebook, run through the JupyterLab UI in headless Chromium, offline.

For each ``notebooks/*.ipynb`` (globbed at collection time) the test opens the
stripped copy in JupyterLab, runs *Run > Run All Cells*, saves the notebook and
reads the saved outputs back, so it knows how many charts and quizzes each cell
displayed independently of what the browser drew. Then it asserts, cell by cell:

* no error or stderr output (in the saved file and in the page);
* every Altair chart (an ``alt.JupyterChart`` widget output) is drawn by Vega
  as an SVG or canvas with marks in it, and no ``.vega-embed`` is left empty;
* every quiz (a ``QuizWidget`` output) is live: title, one block per question,
  each with its input and a *Check* button (an essay: a text box and no Check), every control labelled and
  reachable by keyboard;
* nowhere "Error loading script", "renderer has not been properly enabled",
  "Loading widget…", "model not found" or "Error displaying widget";
* Chromium requested nothing outside 127.0.0.1.

The run is *Kernel > Restart Kernel and Run All Cells*, timed in the page: from
the restart to the first chart drawn and to the last cell done. A floor notebook
(kernel start and ``import pandas, altair, ipywidgets``, the benchmarks' floor) is
timed the same way just before, in the same browser (the better of two runs), and the test prints
``[browser-tests] timing <notebook>: ...`` with both ratios (issue 17). Nothing
is asserted on times: these machines are noisy.

A screenshot of the whole notebook is saved as ``<NN-slug>.png`` in
``$COURSEKIT_SCREENSHOTS`` (default ``build/screenshots``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest

from tests.browser import jupyter as jl

NOTEBOOKS = sorted((jl.REPO_ROOT / "notebooks").glob("*.ipynb"))
RUN_TIMEOUT = 300  # seconds for Run All on 2 slow cores
RENDER_TIMEOUT = 90  # seconds for Vega and the widgets to draw after the run
QUIZ_SHOW = re.compile(r"""quiz\.show\(\s*["']([^"']+)["']""")
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
MARKS = ".vega-embed svg.marks, .vega-embed canvas.marks"
FLOOR_CELL = "import pandas, altair, ipywidgets"  # as benchmarks/notebooks_time.py
FLOOR = "notebooks/_timing_floor.ipynb"

#: Quiz controls that a screen reader cannot name (no associated <label>, no
#: aria-label, a button without text) or that the keyboard cannot reach.
UNLABELLED_OR_UNREACHABLE = """els => els.filter(e => {
    const named = (e.labels && [...e.labels].some(l => l.textContent.trim()))
        || (e.getAttribute('aria-label') || '').trim()
        || (e.tagName === 'BUTTON' && e.textContent.trim());
    return !named || e.tabIndex < 0;
}).map(e => e.outerHTML.slice(0, 160))"""


def test_the_course_has_notebooks_to_run():
    """Guards the parametrization below: no notebooks would mean no browser test."""
    assert NOTEBOOKS, "no notebooks/*.ipynb: the browser tests would run nothing"


def test_outputs_are_classified_from_the_saved_notebook():
    """The counts the browser test compares with the page (no browser needed)."""
    widget = "application/vnd.jupyter.widget-view+json"
    view = {"version_major": 2, "version_minor": 0, "model_id": "m"}
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "# title"},
            {
                "cell_type": "code",
                "source": "charts.tenures()",
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "data": {
                            widget: view,
                            "text/plain": "<altair.jupyter.jupyter_chart.JupyterChart object at 0x1>",
                        },
                    }
                ],
            },
            {
                "cell_type": "code",
                "source": 'quiz.show("00-start-here")',
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {widget: view, "text/plain": ["QuizWidget(children=", "…"]},
                    },
                    {"output_type": "stream", "name": "stderr", "text": ["Warning: x\n"]},
                    {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []},
                ],
            },
            {
                "cell_type": "code",
                "source": "chart",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"image/svg+xml": "<svg/>", "text/plain": "alt.Chart(...)"},
                    },
                    {"output_type": "display_data", "data": {widget: view, "text/plain": "VBox(children=…"}},
                ],
            },
        ]
    }
    chart, quiz, other = jl.cell_outputs(nb)
    assert (chart.index, chart.charts, chart.quizzes, chart.widgets) == (1, 1, 0, 1)
    assert (quiz.index, quiz.quizzes, quiz.errors, quiz.stderr) == (
        2,
        1,
        ["ValueError: bad"],
        ["Warning: x\n"],
    )
    assert (other.charts, other.quizzes, other.widgets, other.images) == (0, 0, 1, 1)


@pytest.fixture
def course_notebook(request, lab_server, lab_repo_copy: Path) -> str:
    """The notebook's path in the served copy; its kernel is shut down afterwards."""
    rel = f"notebooks/{request.param.name}"
    copy = lab_repo_copy / rel
    assert copy.is_file(), f"{rel} is missing from the repo copy (not yet added to git?)"
    yield rel
    jl.shutdown_session(lab_server, rel)


@pytest.fixture
def floor_seconds(lab_page, lab_server, lab_repo_copy: Path) -> float:
    """Kernel start + imports, timed like the course notebook in the same browser, just before it."""
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(FLOOR_CELL)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, lab_repo_copy / FLOOR)
    try:
        jl.open_notebook(lab_page, lab_server, FLOOR, timeout=RUN_TIMEOUT)
        # The better of two: the first kernel of a test session starts from a cold disk.
        return min(
            jl.timed_restart_and_run_all(lab_page, lab_server, FLOOR, MARKS)["last_cell"] for _ in range(2)
        )
    finally:
        jl.shutdown_session(lab_server, FLOOR)


def _count_when_at_least(locator, n: int, timeout: float = RENDER_TIMEOUT) -> int:
    """Wait until ``locator`` matches at least ``n`` elements; return the final count."""
    deadline = time.monotonic() + timeout
    while (count := locator.count()) < n and time.monotonic() < deadline:
        time.sleep(0.5)
    return count


def _expected_questions(quiz_id: str) -> tuple[int, int]:
    """The questions of a quiz, and those with a Check button (essays are marked by a person)."""
    from coursekit.quiz import load_quiz, types

    questions = load_quiz(quiz_id, check_sources=False).questions
    return len(questions), sum(types.get(q.type).keyed for q in questions)


@pytest.mark.browser
@pytest.mark.parametrize("course_notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS], indirect=True)
def test_notebook_runs_in_jupyterlab(lab_page, lab_server, course_notebook, floor_seconds):
    page = lab_page
    name = Path(course_notebook).stem

    jl.open_notebook(page, lab_server, course_notebook, timeout=RUN_TIMEOUT)
    panel = page.locator(PANEL)
    # The copy is stripped: whatever shows up below comes from this run.
    assert panel.locator(".jp-OutputArea-output").count() == 0, "the copy should have no outputs"
    timing = jl.timed_restart_and_run_all(page, lab_server, course_notebook, MARKS, timeout=RUN_TIMEOUT)
    jl.wait_for_all_cells(page, lab_server, course_notebook, timeout=RUN_TIMEOUT)
    first, last = timing["first_chart"], timing["last_cell"]
    print(
        f"[browser-tests] timing {name}: restart to first chart "
        + ("none" if first is None else f"{first:.2f} s ({first / floor_seconds:.2f}x floor)")
        + f", to last cell {last:.2f} s ({last / floor_seconds:.2f}x floor); floor {floor_seconds:.2f} s"
    )

    saved = jl.save_notebook(page, lab_server, course_notebook)
    outputs = jl.cell_outputs(saved)
    cells = panel.locator(".jp-Notebook .jp-Cell")
    assert cells.count() == len(saved["cells"]), "DOM cells and saved cells differ"

    problems: list[str] = []
    for info in outputs:
        where = (
            f"cell {info.index} ({info.source.strip().splitlines()[0][:60] if info.source.strip() else ''})"
        )
        problems += [f"{where}: error output {e}" for e in info.errors]
        problems += [f"{where}: stderr {s.strip()[:300]!r}" for s in info.stderr]
    assert not problems, "\n".join(problems)

    # Charts: one drawn Vega view per JupyterChart output, cell by cell.
    chart_cells = [info for info in outputs if info.charts]
    for info in chart_cells:
        cell = cells.nth(info.index)
        drawn = _count_when_at_least(cell.locator(MARKS), info.charts)
        assert drawn == info.charts, (
            f"cell {info.index}: {info.charts} chart output(s) but {drawn} drawn as SVG/canvas"
        )
        empty = cell.locator(MARKS).evaluate_all(
            "els => els.filter(e => e.tagName === 'canvas' ? !(e.width && e.height)"
            " : e.querySelectorAll('[class^=\"mark-\"]').length === 0).length"
        )
        assert empty == 0, f"cell {info.index}: {empty} chart(s) drawn without marks"
    total_charts = sum(info.charts for info in outputs)
    assert panel.locator(MARKS).count() == total_charts
    assert panel.locator(".vega-embed").count() == total_charts, "a .vega-embed without a drawing"

    # Static images (e.g. a chart exported to SVG and displayed) must load.
    for info in outputs:
        if info.images:
            broken = (
                cells.nth(info.index)
                .locator(".jp-OutputArea-output img")
                .evaluate_all("imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length")
            )
            assert broken == 0, f"cell {info.index}: {broken} image(s) did not load"

    # Quizzes: live widgets with every question, its input and its Check button.
    quiz_cells = [info for info in outputs if info.quizzes]
    for info in quiz_cells:
        cell = cells.nth(info.index)
        quiz = cell.locator(".coursekit-quiz")
        shown = _count_when_at_least(quiz, info.quizzes)
        assert shown == info.quizzes, f"cell {info.index}: {info.quizzes} quiz output(s), {shown} rendered"
        for quiz_id, block in zip(QUIZ_SHOW.findall(info.source), quiz.all(), strict=False):
            n, checked = _expected_questions(quiz_id)
            assert block.locator(".coursekit-question").count() == n, f"{quiz_id}: questions missing"
            inputs = block.locator(
                ".coursekit-question :is(input[type=radio], input[type=checkbox], select,"
                " input[type=number], input[type=text], textarea)"
            )
            assert inputs.count() >= n, f"{quiz_id}: some questions have no input"
            unlabelled = block.locator(
                ".coursekit-question :is(input, select, textarea, button)"
            ).evaluate_all(UNLABELLED_OR_UNREACHABLE)
            assert unlabelled == [], f"{quiz_id}: controls without a label or keyboard access: {unlabelled}"
            assert block.locator(".coursekit-quiz-title").is_visible()
            checks = block.get_by_role("button", name="Check")
            exam = "exam:" in block.locator(".coursekit-student").inner_text()
            assert checks.count() == (0 if exam else checked), f"{quiz_id}: Check buttons"

    # Nothing failed to render anywhere, nothing reached for the network.
    text = panel.inner_text()
    failures = [p for p in (*jl.RENDER_FAILURE_TEXTS, "Loading widget…") if p in text]
    assert failures == [], f"render failures shown: {failures}"
    assert jl.error_outputs(page) == []
    assert page.external_requests == [], f"requests outside 127.0.0.1: {page.external_requests}"

    page.set_viewport_size(
        {"width": 1024, "height": 1000}
    )  # screenshots at 1024 px (ru: test_screenshots_ru)
    page.wait_for_timeout(500)
    jl.notebook_screenshot(page, f"{name}.png")
    print(
        f"[browser-tests] {name}: {len(outputs)} code cells, {total_charts} charts, "
        f"{sum(i.quizzes for i in outputs)} quizzes, {sum(i.widgets for i in outputs)} widget outputs"
    )
