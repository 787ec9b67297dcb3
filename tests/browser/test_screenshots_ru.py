"""Every course notebook in Russian, at 1024 px: JupyterLab's language pack and the course's catalogue.

JupyterLab's display language is set the way a student sets it (*Settings ▸ Language*
writes ``@jupyterlab/translation-extension/plugin.jupyterlab-settings``); the kernels
read the same file (``coursekit.i18n``), so the quizzes speak Russian too, and so do the
names a screen reader hears for a chart's actions menu and a table's region. The menus
are then in Russian, so cells are run with Shift+Enter, not through the *Run* menu.
Screenshots: ``ru-<notebook>.png`` in ``$COURSEKIT_SCREENSHOTS`` (the English ones,
also at 1024 px, come from ``test_course_notebooks.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import jupyter as jl

NOTEBOOKS = sorted((jl.REPO_ROOT / "notebooks").glob("*.ipynb"))
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


@pytest.fixture
def russian(lab_server) -> Iterator[Path]:
    settings = lab_server.state_dir / "lab-settings" / "@jupyterlab" / "translation-extension"
    settings.mkdir(parents=True, exist_ok=True)
    target = settings / "plugin.jupyterlab-settings"
    target.write_text(json.dumps({"locale": "ru_RU"}), encoding="utf-8")
    try:
        yield target
    finally:
        target.unlink()


def _run_every_cell(page, count: int) -> None:
    """Shift+Enter from the first cell, once per cell: language-independent Run All."""
    page.locator(f"{PANEL} .jp-Cell").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    for _ in range(count):
        page.keyboard.press("Shift+Enter")
        page.keyboard.press("Escape")


@pytest.mark.browser
def test_every_notebook_in_russian_at_1024px(chromium, lab_server, lab_repo_copy, russian):
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        for notebook in NOTEBOOKS:
            rel = f"notebooks/{notebook.name}"
            jl.open_notebook(page, lab_server, rel, timeout=300)
            assert page.locator(".lm-MenuBar-itemLabel", has_text="Файл").count() == 1, (
                "JupyterLab not in Russian"
            )
            cells = page.locator(f"{PANEL} .jp-Cell").count()
            _run_every_cell(page, cells)
            jl.wait_for_all_cells(page, lab_server, rel, timeout=300)
            quizzes = notebook.read_text(encoding="utf-8").count("quiz.show(")
            if quizzes:
                page.locator(f"{PANEL} .coursekit-question").first.wait_for(timeout=90_000)
                assert page.locator(f"{PANEL} .coursekit-question").first.get_by_text("Вопрос 1").count() == 1
            source = notebook.read_text(encoding="utf-8")
            if "charts." in source:  # the chart's actions menu, named for a screen reader
                menu = page.locator(f"{PANEL} .vega-embed details > summary").first
                menu.wait_for(state="attached", timeout=60_000)
                assert (menu.get_attribute("aria-label") or "").startswith("Действия с диаграммой"), (
                    notebook.name
                )
            if "ck.table(" in source:  # a table's scrolling region
                region = page.locator(f"{PANEL} .coursekit-table").first
                assert (region.get_attribute("aria-label") or "").startswith("Таблица: "), notebook.name
            jl.notebook_screenshot(page, f"ru-{notebook.stem}")
            jl.shutdown_session(lab_server, rel)
    finally:
        context.close()
