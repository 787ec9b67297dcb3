"""The quiz as a student meets it in JupyterLab: keyboard only, any width, reopened later.

One notebook (``_browser_tests/student_ui.ipynb``) shows the fixture quiz that holds a
question of every type (for the keyboard) and every course quiz (for the layout):

* keyboard alone: each question is reached with Tab, answered with arrow keys, Space
  and typing, checked with Enter on *Check*; arrow keys change the radio answer and
  the select, and never move JupyterLab to another cell; after Check the focus is
  still in the question and the feedback is in a live region (``role=status``);
* layout: at 1024 px, at 200% zoom and at 320 px no two answer controls of a
  question overlap, none sticks out of its question, and no drop-down list shrinks
  to a few letters;
* reopened: after saving and reopening with no kernel, each quiz shows its static
  text with the line "run the notebook", and no "Error displaying widget".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests.browser import jupyter as jl

NOTEBOOK = "_browser_tests/student_ui.ipynb"
FIXTURE = Path(__file__).resolve().parents[1] / "quiz" / "fixtures" / "good" / "roadmaps.yaml"
COURSE_QUIZZES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "quizzes").glob("*.yaml"))
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
TIMEOUT = 30_000


@pytest.fixture
def student_notebook(lab_server, lab_coursekit_dirs) -> Iterator[str]:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = ["from coursekit import quiz", f"quiz.show({str(FIXTURE)!r}, student='keyboard')"]
    cells += [f"quiz.show({q!r}, student='layout')" for q in COURSE_QUIZZES]
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path = lab_server.root_dir / NOTEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    for student in ("keyboard", "layout"):
        for old in (lab_coursekit_dirs["progress"] / student).glob("*.json"):
            old.unlink()
    yield NOTEBOOK
    jl.shutdown_session(lab_server, NOTEBOOK)


def _cell(page, index: int):
    return page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)


def _active_cell(page) -> int:
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
                .findIndex(c => c.classList.contains('jp-mod-active'))"""
    )


def _focus_in(block) -> bool:
    return block.evaluate("b => b.contains(document.activeElement)")


def _check_by_keyboard(page, block, verdict: str) -> str:
    """Tab to Check, press Enter; the verdict is read from the live region; focus stays."""
    page.keyboard.press("Tab")
    assert block.evaluate("b => document.activeElement === b.querySelector('button.coursekit-check')")
    page.keyboard.press("Enter")
    status = block.get_by_role("status")
    status.filter(has_text=re.compile(verdict)).wait_for(timeout=TIMEOUT)
    assert status.get_attribute("aria-live") == "polite"
    assert _focus_in(block), "focus left the question after Check"
    return status.inner_text()


@pytest.mark.browser
def test_every_type_answered_checked_and_read_with_the_keyboard_alone(lab_page, lab_server, student_notebook):
    from coursekit.quiz import load_quiz

    page = lab_page
    jl.run_notebook_in_lab(page, lab_server, student_notebook, timeout=300)
    quiz = _cell(page, 1).locator(".coursekit-quiz")
    quiz.locator(".coursekit-question").first.wait_for(timeout=90_000)
    cells = page.locator(f"{PANEL} .jp-Notebook .jp-Cell").count()
    active = None
    questions = load_quiz(str(FIXTURE), check_sources=False).questions
    for n, q in enumerate(questions):
        block = quiz.locator(".coursekit-question").nth(n)
        named = quiz.get_by_role(
            "group", name=re.compile(rf"^Question {n + 1} · .*{re.escape(q.prompt[:20])}")
        )
        assert block.get_attribute("role") == "group" and named.count() >= 1, (
            f"{q.type}: the question is not a group named by its heading and prompt"
        )
        first = block.locator("input, select, textarea").first
        first.focus()  # where Tab from the previous question's Check lands
        active = _active_cell(page) if active is None else active
        if q.type in ("single", "true_false"):
            radios = block.get_by_role("radiogroup").get_by_role("radio")
            page.keyboard.press("Space")
            page.keyboard.press("ArrowDown")
            assert radios.nth(1).is_checked() and not radios.nth(0).is_checked(), "ArrowDown did not move"
            page.keyboard.press("ArrowUp")
            assert radios.nth(0).is_checked(), "ArrowUp did not move back"
            page.keyboard.press("ArrowDown")
            assert radios.nth(1).is_checked()
        elif q.type == "multiple":
            group = block.get_by_role("group", name="Select all that apply.")
            assert group.count() == 1, "the hint does not name the checkbox group"
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            page.keyboard.press("Space")
            boxes = group.get_by_role("checkbox")
            assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
            for _ in range(boxes.count() - 2):
                page.keyboard.press("Tab")
        elif q.type in ("numeric", "text"):
            page.keyboard.type("31" if q.type == "numeric" else "Semashko")
        elif q.type in ("order", "match"):
            menus = block.get_by_role("combobox")
            for i in range(menus.count()):
                page.keyboard.press("ArrowDown")
                assert menus.nth(i).evaluate("m => m.selectedIndex") == 1, "ArrowDown did not choose"
                if i < menus.count() - 1:
                    page.keyboard.press("Tab")
        assert _active_cell(page) == active, f"{q.type}: a key moved JupyterLab to another cell"
        assert page.locator(f"{PANEL} .jp-Notebook .jp-Cell").count() == cells, f"{q.type}: cells changed"
        text = _check_by_keyboard(page, block, r"Correct|Not right|Partly right")
        assert "point" in text, text
        assert _active_cell(page) == active
    jl.screenshot(quiz, "keyboard_quiz")
    assert jl.error_outputs(page) == [] and page.external_requests == []
    # Seven quizzes, over fifty questions: the page imported the question code once, added
    # its stylesheet once, and never had to ask (the kernel sent it with the first quiz).
    assert _library_counters(page) == {"imports": 1, "requests": None, "styles": 1}


def _library_counters(page) -> dict:
    """How often the page imported and asked for the question code, and its stylesheets."""
    from coursekit.quiz.question import LIBRARY

    name = json.dumps(LIBRARY.global_name)
    return page.evaluate(
        f"""() => ({{imports: globalThis[{name} + ":imports"] ?? null,
                    requests: globalThis[{name} + ":requests"] ?? null,
                    styles: document.querySelectorAll("style#coursekit-question-style").length}})"""
    )


def _overlaps(page) -> list[str]:
    """Pairs of answer controls that overlap, controls wider than their question, shrunk selects."""
    return page.evaluate(
        """() => {
        const bad = [];
        const box = (e) => e.getBoundingClientRect();
        const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .coursekit-question').forEach((q, qi) => {
          const outer = box(q);
          const controls = [...q.querySelectorAll(
            'label.coursekit-choice, .coursekit-selectrow label, select, input[type=text], textarea, button, .coursekit-unit')];
          controls.forEach((c, i) => {
            const r = box(c);
            if (r.width === 0) return;
            if (r.left < outer.left - 1 || r.right > outer.right + 1) bad.push(`question ${qi}: ${c.tagName} sticks out`);
            const room = Math.min(160, 0.8 * q.clientWidth);
            if (c.tagName === 'SELECT' && r.width < room) bad.push(`question ${qi}: select only ${r.width}px wide of ${q.clientWidth}`);
            controls.slice(i + 1).forEach((d) => {
              if (!c.contains(d) && !d.contains(c) && hit(r, box(d)))
                bad.push(`question ${qi}: ${c.tagName} "${c.textContent.slice(0, 30)}" overlaps ${d.tagName} "${d.textContent.slice(0, 30)}"`);
            });
          });
        });
        return bad;
    }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "viewport", "scale"),
    [("1024", {"width": 1024, "height": 900}, 1), ("zoom200", {"width": 512, "height": 450}, 2)],
)
def test_no_answer_controls_overlap(chromium, lab_server, student_notebook, name, viewport, scale):
    """200% zoom is a 1024-px window whose CSS pixels are twice as large: 512 CSS px wide."""
    context = chromium.new_context(viewport=viewport, device_scale_factor=scale)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.external_requests = []
    page.console_errors = []
    try:
        jl.run_notebook_in_lab(page, lab_server, student_notebook, timeout=300)
        for i in range(1, len(COURSE_QUIZZES) + 2):
            _cell(page, i).locator(".coursekit-question").first.wait_for(timeout=90_000)
        # A narrow window leaves room for the notebook only once the side panel is closed.
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
        page.locator("#jp-left-stack").wait_for(state="hidden", timeout=10_000)
        widths = [viewport["width"]] + ([320] if scale == 2 else [])
        for width in widths:
            page.set_viewport_size({"width": width, "height": viewport["height"]})
            page.wait_for_timeout(300)
            problems = _overlaps(page)
            assert problems == [], f"{name} at {width}px: {len(problems)} problems, e.g. {problems[:5]}"
            # notebook 05's question 6 (long radio options) and the fixture's match question
            for cell, n, what in ((len(COURSE_QUIZZES) + 1, 5, "05q6"), (1, 5, "match")):
                block = _cell(page, cell).locator(".coursekit-question").nth(n)
                block.scroll_into_view_if_needed()
                jl.screenshot(block, f"student_ui_{name}_{width}px_{what}")
        jl.notebook_screenshot(page, f"student_ui_{name}")
    finally:
        context.close()


@pytest.mark.browser
def test_a_reopened_notebook_shows_the_quiz_as_text_not_an_error(lab_page, lab_server, student_notebook):
    page = lab_page
    jl.run_notebook_in_lab(page, lab_server, student_notebook, timeout=300)
    _cell(page, 2).locator(".coursekit-question").first.wait_for(timeout=90_000)
    assert not _cell(page, 2).locator(".coursekit-static").is_visible(), (
        "static text shown beside the live quiz"
    )
    saved = jl.save_notebook(page, lab_server, student_notebook)
    assert any("text/html" in o.get("data", {}) for o in saved["cells"][2]["outputs"])
    jl.shutdown_session(lab_server, student_notebook)
    page.reload()
    _cell(page, 2).locator(".coursekit-static").wait_for(timeout=60_000)
    for i in range(2, len(COURSE_QUIZZES) + 2):
        cell = _cell(page, i)
        assert cell.get_by_text("This quiz is not running: run the notebook").is_visible()
        assert cell.locator(".coursekit-static li").count() > 3
    page.wait_for_timeout(3000)  # the widget manager has given up on the models by now
    assert page.get_by_text("Error displaying widget").filter(visible=True).count() == 0
    jl.notebook_screenshot(page, "student_ui_reopened")


@pytest.mark.browser
def test_a_reloaded_page_asks_its_kernel_for_the_question_code_once(lab_page, lab_server, student_notebook):
    """The saved questions hold no code: a page that missed the kernel's push asks for it, once."""
    page = lab_page
    jl.run_notebook_in_lab(page, lab_server, student_notebook, timeout=300)
    _cell(page, 2).locator(".coursekit-question").first.wait_for(timeout=90_000)
    jl.save_notebook(page, lab_server, student_notebook)
    page.reload()  # the kernel keeps running: the page gets the models from it, not the code
    for i in range(1, len(COURSE_QUIZZES) + 2):
        _cell(page, i).locator(".coursekit-question").first.wait_for(timeout=90_000)
    assert _library_counters(page) == {"imports": 1, "requests": 1, "styles": 1}
    assert not _cell(page, 2).locator(".coursekit-static").is_visible()
    block = _cell(page, 1).locator(".coursekit-question").first
    block.get_by_role("radio").first.check()
    block.get_by_role("button", name="Check").click()
    block.get_by_role("status").filter(has_text=re.compile("Correct|Not right")).wait_for(timeout=TIMEOUT)
    assert jl.error_outputs(page) == [] and page.external_requests == []


def _axe_script() -> Path | None:
    """axe-core's ``axe.min.js``: ``$COURSEKIT_AXE`` (``.ci/run`` installs it from npm)."""
    path = os.environ.get("COURSEKIT_AXE")
    if path and Path(path).is_file():
        return Path(path)
    msg = "axe-core not found: set COURSEKIT_AXE to axe.min.js (npm install axe-core)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)
    return None


@pytest.mark.browser
def test_axe_finds_no_serious_violations_in_the_quizzes(lab_page, lab_server, student_notebook):
    script = _axe_script()
    page = lab_page
    jl.run_notebook_in_lab(page, lab_server, student_notebook, timeout=300)
    for i in range(1, len(COURSE_QUIZZES) + 2):
        _cell(page, i).locator(".coursekit-question").first.wait_for(timeout=90_000)
    # feedback, the answer revealed and a cited passage are part of what is checked
    block = _cell(page, 1).locator(".coursekit-question").first
    block.get_by_role("radio").first.check()
    block.get_by_role("button", name="Check").click()
    block.get_by_role("status").filter(has_text=re.compile("Correct|Not right")).wait_for(timeout=TIMEOUT)
    page.add_script_tag(path=str(script))
    found = page.evaluate(
        """async () => {
        const result = await axe.run(
          {include: [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]},
          {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                            target: v.nodes[0].target.join(' '), help: v.help}));
    }"""
    )
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    print(f"[browser-tests] axe: {len(found)} minor/moderate: {[(v['id'], v['impact']) for v in found]}")


def _course_cell(notebook: str, needle: str) -> str:
    nb = nbformat.read(Path(__file__).resolve().parents[2] / "notebooks" / notebook, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code" and needle in c.source)


@pytest.mark.browser
def test_run_all_never_saves_the_example_id_nor_hands_in_empty_work(lab_page, lab_server, lab_coursekit_dirs):
    """The trap: Run All in notebook 00 saved the id ``your.name``; Run All in 05 wrote
    empty ``your.name__*.json`` submissions. The cells are taken from the notebooks."""
    progress, submissions = lab_coursekit_dirs["progress"], lab_coursekit_dirs["submissions"]
    assert not (progress / "student.json").exists(), "another test left a student id behind"
    name = "_browser_tests/id_trap.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    sources = [
        "from coursekit import quiz",
        _course_cell("00-start-here.ipynb", "set_student("),
        "quiz.show('02-roadmaps')",
        _course_cell("05-review.ipynb", "submit_all("),
    ]
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = lab_server.root_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    before = sorted(p.name for p in submissions.glob("*.json")) if submissions.exists() else []
    page = lab_page
    try:
        jl.run_notebook_in_lab(page, lab_server, name, timeout=300)
        _cell(page, 2).locator(".coursekit-question").first.wait_for(timeout=90_000)
        said = _cell(page, 1).locator(".jp-OutputArea-output").inner_text()
        assert "Not saved: 'your.name' is the example" in said, said
        assert (
            "Nothing written: your id is not set"
            in _cell(page, 3).locator(".jp-OutputArea-output").inner_text()
        )
        assert "Answering as anonymous" in _cell(page, 2).inner_text()
    finally:
        jl.shutdown_session(lab_server, name)
    assert not (progress / "student.json").exists() and not (progress / "your.name").exists()
    after = sorted(p.name for p in submissions.glob("*.json")) if submissions.exists() else []
    assert after == before, "Run All wrote submissions without an id"
