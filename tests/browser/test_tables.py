"""Tables in the course notebooks, read in JupyterLab at 1024 px and at 320 px.

The notebooks show tables of the corpus (documents, events, counts) and each essay
shows its rubric as a table; notes from the data and chart descriptions are prose. The
test runs a course notebook in JupyterLab, opens every rubric, and for the output of every
cell that shows a table or prose (``ck.table(...)``, ``ck.prose(...)``, or the same printed
as text) and every rubric it checks, at both widths:

* no word is split across two lines: each run of letters and digits in the output's
  text lies on one line (its ``Range.getClientRects()`` all share one line box).
  JupyterLab's ``.jp-OutputArea-output pre`` rule (``word-break: break-all``) broke
  the printed text tables, dating notes and chart descriptions mid-word;
* nothing overlaps or sticks out: no cell's text is wider than its cell, and an output
  that is wider than the notebook scrolls inside a region a keyboard can focus and a
  screen reader can name (``tabindex=0``, ``role=region``, ``aria-label``);
* axe-core (``$COURSEKIT_AXE``) finds no violation in these outputs at 320 px.

Screenshots: ``tables_<notebook>_<width>px.png``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser import jupyter as jl

NOTEBOOKS = ["00-start-here", "03-2020-2021", "04-after-2022"]
TABLE_CELL = r"ck\.(table|prose)\(|\.to_string\(|print\(.*(description|evidence|note)"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

#: Outputs to check: those of cells whose code shows a table, and every essay rubric
#: (its <details> opened, so that it is laid out).
OUTPUTS = """([pattern, panel, rubrics]) => {
    const cells = [...document.querySelectorAll(panel + ' .jp-Notebook .jp-CodeCell')];
    const outputs = [];
    cells.forEach((cell, i) => {
        const code = cell.querySelector('.cm-content')?.textContent || '';
        if (!rubrics && new RegExp(pattern).test(code)) {
            cell.querySelectorAll('.jp-OutputArea-output').forEach(o => outputs.push([`cell ${i}`, o]));
        }
        if (rubrics) cell.querySelectorAll('details.coursekit-rubric').forEach(d => {
            d.open = true;
            outputs.push([`cell ${i} rubric`, d]);
        });
    });
    return outputs;
}"""

#: Problems in the outputs found by OUTPUTS: words split over two lines, cells whose
#: text overflows, outputs wider than the notebook that do not scroll in a named,
#: focusable region.
PROBLEMS = (
    """(args) => {
    const outputs = ("""
    + OUTPUTS
    + """)(args);
    const problems = [];
    const word = /[\\p{L}\\p{N}]+/gu;
    for (const [where, root] of outputs) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest('style')) continue;
            for (const m of node.data.matchAll(word)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const rects = [...range.getClientRects()].filter(r => r.width > 0);
                if (rects.length > 1 && rects.some(r => r.top >= rects[0].bottom - 2)) {
                    problems.push(`${where}: '${m[0]}' split over two lines`);
                }
            }
        }
        for (const cell of root.querySelectorAll('td, th')) {
            if (cell.scrollWidth > cell.clientWidth + 1) {
                problems.push(`${where}: text wider than its cell: '${cell.textContent.slice(0, 40)}'`);
            }
        }
        const area = root.closest('.jp-OutputArea').getBoundingClientRect();
        for (const box of [root, ...root.querySelectorAll('*')]) {
            const style = getComputedStyle(box);
            const scrolls = box.scrollWidth > box.clientWidth + 1
                && ['auto', 'scroll'].includes(style.overflowX) && !box.matches('details');
            if (scrolls) {
                const named = box.getAttribute('role') === 'region'
                    && (box.getAttribute('aria-label') || '').trim() && box.tabIndex === 0;
                if (!named) problems.push(`${where}: <${box.tagName.toLowerCase()}> scrolls sideways but `
                    + 'is not a named, focusable region');
            }
            const region = box.parentElement?.closest('[role=region]');
            const clipped = region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX);
            if (box.getBoundingClientRect().right > area.right + 1 && !clipped && box.getClientRects().length) {
                problems.push(`${where}: <${box.tagName.toLowerCase()}> sticks out of the output area`);
                break;
            }
        }
    }
    return {checked: outputs.length, problems};
}"""
)


def _axe_script() -> Path | None:
    path = os.environ.get("COURSEKIT_AXE")
    if path and Path(path).is_file():
        return Path(path)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("axe-core not found: set COURSEKIT_AXE to axe.min.js (npm install axe-core)")
    return None


@pytest.fixture
def table_notebook(request, lab_server) -> str:
    rel = f"notebooks/{request.param}.ipynb"
    yield rel
    jl.shutdown_session(lab_server, rel)


def _check_outputs(chromium, lab_server, notebook: str, rubrics: bool, least: int) -> None:
    """Run ``notebook``; check its table outputs (or its rubrics) at 1024 and 320 px, then axe."""
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    name = Path(notebook).stem + ("_rubric" if rubrics else "")
    args = [TABLE_CELL, PANEL, rubrics]
    try:
        jl.run_notebook_in_lab(page, lab_server, notebook, timeout=300)
        # the quiz (with any essay's rubric) is drawn once the widget manager has the model
        page.locator(f"{PANEL} .coursekit-question").first.wait_for(timeout=90_000)
        failures = []
        for width in (1024, 320):
            if width == 320:  # a narrow window leaves room for the notebook once the side panel is closed
                page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
                page.locator("#jp-left-stack").wait_for(state="hidden", timeout=10_000)
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(500)
            found = page.evaluate(PROBLEMS, args)
            assert found["checked"] >= least, f"{name}: only {found['checked']} outputs found"
            failures += [f"{width}px: {p}" for p in found["problems"]]
            jl.notebook_screenshot(page, f"tables_{name}_{width}px")
            kind = "details.coursekit-rubric" if rubrics else ".coursekit-table"
            first = page.locator(f"{PANEL} {kind} >> visible=true").first
            first.scroll_into_view_if_needed()
            jl.screenshot(first, f"tables_{name}_{width}px_first")  # one to look at, full size
            prose = page.locator(f"{PANEL} .coursekit-prose >> visible=true")
            if not rubrics and prose.count():
                prose.first.scroll_into_view_if_needed()
                jl.screenshot(prose.first, f"prose_{name}_{width}px_first")
        assert failures == [], f"{name}: {len(failures)} problems, e.g.\n" + "\n".join(failures[:15])

        script = _axe_script()
        if script is not None:
            page.add_script_tag(path=str(script))
            violations = page.evaluate(
                """async (args) => {
                const outputs = ("""
                + OUTPUTS
                + """)(args).map(([, o]) => o);
                const result = await axe.run({include: outputs}, {resultTypes: ['violations']});
                return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes[0].target.join(' ')}`);
            }""",
                args,
            )
            assert violations == [], f"{name} at 320px: axe: {violations}"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("table_notebook", NOTEBOOKS, indirect=True)
def test_tables_wrap_at_word_boundaries_at_1024_and_320_px(chromium, lab_server, table_notebook):
    _check_outputs(chromium, lab_server, table_notebook, rubrics=False, least=5)


@pytest.mark.browser
@pytest.mark.parametrize("table_notebook", ["04-after-2022"], indirect=True)
def test_essay_rubrics_wrap_at_word_boundaries_at_1024_and_320_px(chromium, lab_server, table_notebook):
    _check_outputs(chromium, lab_server, table_notebook, rubrics=True, least=1)


def test_the_table_cells_pattern_finds_the_course_tables():
    """Guards the browser test: each notebook it runs shows tables through the pattern."""
    import nbformat

    for name in NOTEBOOKS:
        nb = nbformat.read(jl.REPO_ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        cells = [c for c in nb.cells if c.cell_type == "code" and re.search(TABLE_CELL, c.source)]
        assert len(cells) >= 5, f"{name}: {len(cells)} table cells"
