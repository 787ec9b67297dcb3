"""Executed notebooks to HTML whose charts are drawn with no network, Vega written once.

A saved course notebook holds each chart as a :class:`~coursekit.charts.CourseChart`
widget: its spec is in the notebook's widget state, Vega is not (the page asks the
kernel for it). An exported page has no kernel, so :class:`ChartHTMLExporter`
(``jupyter nbconvert --to coursekit_html notebook.ipynb``) turns every chart output
into a ``<div>`` with its spec, writes the library into the page once, and draws
the charts with vega-embed when the page loads: tooltips, zoom and selections
work, offline. Everything else is nbconvert's ``lab`` HTML export, unchanged
(other widgets still need ``@jupyter-widgets/html-manager``, from its CDN). The
quiz questions' code, which a saved notebook does not hold, is written into the
page once, where their loaders find it (:mod:`coursekit.page_library`).

Examples
--------
>>> from coursekit.charts.export import ChartHTMLExporter
>>> ChartHTMLExporter().file_extension
'.html'
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter

from coursekit.charts.display import VEGA
from coursekit.charts.page import chart_div, loader
from coursekit.quiz.question import LIBRARY as QUESTIONS

__all__ = ["ChartHTMLExporter", "export_html"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _is_course_chart(model: dict[str, Any]) -> bool:
    state = model.get("state", {})
    return VEGA.uses(state.get("_esm")) and isinstance(state.get("spec"), dict)


class ChartHTMLExporter(HTMLExporter):
    """nbconvert's HTML export with course charts drawn offline (``--to coursekit_html``)."""

    export_from_notebook = "HTML with offline charts"

    def from_notebook_node(  # type: ignore[override]  # nbconvert annotates a NotebookNode; HTML is a str
        self, nb: Any, resources: dict | None = None, **kw: Any
    ) -> tuple[str, dict]:
        """Export ``nb``: chart widgets become drawn charts, the library written once."""
        nb = copy.deepcopy(nb)
        widgets = nb.get("metadata", {}).get("widgets", {})
        models = widgets.get(WIDGET_STATE, {}).get("state", {})
        charts = {key for key, model in models.items() if _is_course_chart(model)}
        first = True
        for cell in nb.get("cells", []):
            for output in cell.get("outputs", []):
                view = output.get("data", {}).get(WIDGET_VIEW)
                if not view or view.get("model_id") not in charts:
                    continue
                state = models[view["model_id"]]["state"]
                chart = chart_div(state["spec"], state.get("embed_options"))
                if first:
                    chart += loader()
                    first = False
                output["data"] = {"text/html": chart, "text/plain": output["data"].get("text/plain", "")}
        for key in charts:
            del models[key]
        if any(QUESTIONS.uses(model.get("state", {}).get("_esm")) for model in models.values()):
            _add_question_code(nb)
        if widgets and not models:
            del nb["metadata"]["widgets"]  # no widget left: no html-manager from a CDN
        return super().from_notebook_node(nb, resources, **kw)


def _add_question_code(nb: Any) -> None:
    """Write the quiz questions' code into the page once, before the first widget left.

    Each saved question has only a loader: with no kernel to ask, it finds this copy
    (``@jupyter-widgets/html-manager`` draws the questions from the saved state, as
    before; offline, without it, the quiz's static text is what the reader sees).
    """
    for cell in nb.get("cells", []):
        outputs = cell.get("outputs", [])
        for i, output in enumerate(outputs):
            if WIDGET_VIEW in output.get("data", {}):
                code = {"text/html": QUESTIONS.script_html(), "text/plain": ""}
                outputs.insert(i, {"output_type": "display_data", "data": code, "metadata": {}})
                return


def export_html(notebook: str | Path, out: str | Path) -> Path:
    """Write an executed notebook as HTML with its charts drawn offline; return ``out``.

    Raises
    ------
    FileNotFoundError
        If ``notebook`` does not exist.
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    body, _ = ChartHTMLExporter().from_notebook_node(nb)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out
