"""Course charts in one page: Vega loaded once, offline, labelled, ids unique, axe-clean.

Two pages, both in headless Chromium with every non-local request aborted:

* JupyterLab running ``notebooks/01-leaders.ipynb`` (two charts): both drawn,
  the page asked its kernel for the chart library once, the saved widget state
  holds no Vega;
* the same notebook executed by nbclient and exported with
  ``jupyter nbconvert --to coursekit_html``, opened from ``file://``: both charts
  drawn from the page's one copy of the library, a tooltip shows on hover.

In both, every chart is a figure named by its title and description, its drawing
an image with the description, no two elements share an id, and axe-core finds
no serious or critical violation in the charts (its ``summary-name`` rule flagged
the actions menu before). axe-core comes from npm (``.ci/run`` installs it into
``build/npm`` and sets ``$COURSEKIT_AXE``; locally ``~/.cache/coursekit-tests/npm`` is looked in
too); without it the axe check is skipped locally and fails under CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit import charts as ck_charts
from coursekit.charts.display import VEGA, library_global
from coursekit.charts.export import export_html
from coursekit.quiz.question import LIBRARY as QUESTIONS
from tests.browser import jupyter as jl

NOTEBOOK = "notebooks/01-leaders.ipynb"
LAB_COPY = "notebooks/_chart_page_01.ipynb"
MARKS = ".vega-embed svg.marks, .vega-embed canvas.marks"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
AXE = Path(
    os.environ.get("COURSEKIT_AXE")
    or Path.home() / ".cache" / "coursekit-tests" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
)

#: Every chart: its container's role and name, its drawing's role and name, the actions menu's name.
CHART_LABELS = """() => [...document.querySelectorAll('.vega-embed')].map(el => {
    const drawing = el.querySelector('svg.marks, canvas.marks');
    const summary = el.querySelector('details > summary');
    return {
        role: el.getAttribute('role'), name: el.getAttribute('aria-label') || '',
        drawingRole: drawing && drawing.getAttribute('role'),
        drawingName: drawing && (drawing.getAttribute('aria-label') || ''),
        summaryName: summary ? (summary.getAttribute('aria-label') || summary.textContent.trim()) : null,
    };
})"""

#: Ids used more than once in the page, among those inside a chart.
SHARED_IDS = """() => {
    const inCharts = new Set([...document.querySelectorAll('.vega-embed [id]')].map(e => e.id));
    const counts = {};
    for (const e of document.querySelectorAll('[id]')) counts[e.id] = (counts[e.id] || 0) + 1;
    return [...inCharts].filter(id => counts[id] > 1);
}"""


def _counter(page, name: str) -> int | None:
    """How many times this page imported (``imports``) or asked for (``requests``) the library."""
    return page.evaluate(f"() => globalThis[{json.dumps(library_global() + ':' + name)}]")


def _descriptions(models: dict) -> list[str]:
    specs = [m["state"]["spec"] for m in models.values() if "spec" in m.get("state", {})]
    return sorted(s["description"] for s in specs if "description" in s)  # charts, not quiz questions


def _assert_charts_described(page, descriptions: list[str]) -> None:
    labels = page.evaluate(CHART_LABELS)
    assert len(labels) == len(descriptions)
    assert sorted(label["drawingName"] for label in labels) == descriptions
    for label in labels:
        assert label["role"] == "figure" and label["drawingRole"] == "img", label
        assert label["name"].endswith(label["drawingName"]) and len(label["name"]) > len(label["drawingName"])
        assert label["summaryName"], "the chart actions menu has no accessible name"
    assert page.evaluate(SHARED_IDS) == []


def _axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations inside the charts (skip/fail without axe-core)."""
    if not AXE.is_file():
        msg = (
            f"axe-core not found at {AXE}; install it with `npm install --prefix {AXE.parents[2]} axe-core@4`"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run({include: [['.vega-embed']]}, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
        }"""
    )
    print(f"[browser-tests] axe-core violations in charts: {result}")
    return [
        f"{v['id']} ({v['impact']}, {v['nodes']} nodes)"
        for v in result
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def lab_notebook(lab_server) -> str:
    """A copy of notebook 01 beside it in the served repository (the other tests see the original)."""
    copy = lab_server.root_dir / LAB_COPY
    copy.write_bytes((lab_server.root_dir / NOTEBOOK).read_bytes())
    yield LAB_COPY
    jl.shutdown_session(lab_server, LAB_COPY)
    copy.unlink(missing_ok=True)


@pytest.mark.browser
def test_lab_page_loads_vega_once_and_charts_are_described(lab_page, lab_server, lab_notebook):
    page = lab_page
    jl.run_notebook_in_lab(page, lab_server, lab_notebook, timeout=300)
    saved = jl.save_notebook(page, lab_server, lab_notebook)
    charts = sum(info.charts for info in jl.cell_outputs(saved))
    assert charts == 2
    marks = page.locator(MARKS)
    marks.nth(charts - 1).wait_for(timeout=90_000)
    assert marks.count() == charts
    # One import of the library in the page, however many charts it draws; the
    # kernel sent it with the first chart, so the page never had to ask.
    assert _counter(page, "imports") == 1
    assert _counter(page, "requests") is None
    assert jl.render_failures(page) == []
    assert page.external_requests == [], "page tried to reach the internet"

    expected = sorted([ck_charts.tenures().description, ck_charts.mentions_chart(by="alias").description])
    _assert_charts_described(page, expected)
    jl.screenshot(page.locator(".vega-embed").first, "chart_page_lab_first_chart")
    assert _axe_violations(page) == []


@pytest.fixture(scope="module")
def exported_html(tmp_path_factory) -> tuple[Path, list[str]]:
    """Notebook 01 executed by nbclient with its widget state, exported with ``--to coursekit_html``."""
    from nbclient import NotebookClient

    work = tmp_path_factory.mktemp("export")
    nb = nbformat.read(jl.REPO_ROOT / NOTEBOOK, as_version=4)
    env = {"COURSEKIT_PROGRESS": str(work / "progress"), "COURSEKIT_SUBMISSIONS": str(work / "subs")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            store_widget_state=True,
            resources={"metadata": {"path": str(jl.REPO_ROOT / "notebooks")}},
        ).execute()
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    models = nb.metadata["widgets"][WIDGET_STATE]["state"]
    source = work / "01-leaders.ipynb"
    nbformat.write(nb, source)
    assert source.stat().st_size < 300_000  # the notebook carries no Vega
    # nor its quiz's question code: nine questions, each with a loader only
    saved = source.read_text(encoding="utf-8")
    questions = [m for m in models.values() if QUESTIONS.uses(m["state"].get("_esm"))]
    assert len(questions) >= 5 and saved.count("function keepKeys(") == 0
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "coursekit_html", str(source)],
        check=True,
        capture_output=True,
    )
    return work / "01-leaders.html", _descriptions(models)


def test_exported_html_carries_the_library_once(exported_html):
    page, descriptions = exported_html
    text = page.read_text(encoding="utf-8")
    assert len(descriptions) == 2
    assert text.count(f'id="{VEGA.script_id}"') == 1
    # The quiz's questions find their code in the page: one copy for all of them.
    assert text.count(f'id="{QUESTIONS.script_id}"') == 1
    assert text.count('class="coursekit-chart"') == 2
    assert "esm.sh" not in text and "vega@" not in text
    # The Python function writes the same page as the nbconvert exporter.
    again = export_html(page.with_suffix(".ipynb"), page.with_name("again.html"))
    assert again.read_text(encoding="utf-8").count('class="coursekit-chart"') == 2


@pytest.mark.browser
def test_exported_html_draws_charts_offline(lab_page, exported_html):
    page = lab_page
    path, descriptions = exported_html
    page.goto(path.as_uri())
    marks = page.locator(MARKS)
    marks.nth(len(descriptions) - 1).wait_for(timeout=60_000)
    assert marks.count() == len(descriptions)
    assert page.locator("text=could not be drawn").count() == 0
    _assert_charts_described(page, descriptions)

    # Interactive: hovering a bar of the tenures chart shows its tooltip.
    page.locator(".vega-embed").first.locator(".mark-rect path").first.hover()
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=15_000)
    assert tooltip.inner_text().strip()
    jl.screenshot(page, "chart_page_exported_html")
    # Offline, with no widget manager from a CDN, the quiz is its static text.
    assert page.locator(".coursekit-static").first.is_visible()
    assert all("esm.sh" not in url and "jsdelivr" not in url for url in page.external_requests)
    assert [e for e in page.console_errors if "vega" in e.lower()] == []
    assert _axe_violations(page) == []

    # The check can fail: without its name, the actions menu is axe's serious summary-name.
    page.evaluate(
        """() => document.querySelectorAll('.vega-embed details > summary')
            .forEach(s => { s.removeAttribute('aria-label'); s.removeAttribute('title'); })"""
    )
    assert any(v.startswith("summary-name (serious") for v in _axe_violations(page))


@pytest.mark.browser
def test_saved_html_page_draws_its_chart_offline(lab_page, tmp_path):
    """``charts.save(chart, "x.html")``, as notebook 04 does: a page of its own, offline, tooltips kept."""
    chart = ck_charts.timeline(attribution="anonymous")
    path = ck_charts.save(chart, tmp_path / "exports" / "timeline-anonymous.html")
    page = lab_page
    page.goto(path.as_uri())
    page.locator(MARKS).first.wait_for(timeout=60_000)
    assert page.locator("text=could not be drawn").count() == 0
    spec = chart.to_dict()
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert page.title() == title
    assert page.locator("h1").inner_text() == title
    _assert_charts_described(page, [spec["description"]])
    page.locator(".vega-embed .mark-symbol path").first.hover()  # a point drawn over its bar
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=15_000)
    assert "Quote" in tooltip.inner_text()  # the passage travels with the chart
    jl.screenshot(page, "chart_page_saved_html")
    assert page.external_requests == []
    assert _axe_violations(page) == []
