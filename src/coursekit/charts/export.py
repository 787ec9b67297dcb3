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
import html
import json
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter

from coursekit.charts.display import DESCRIBE_JS, VEGA
from coursekit.page_library import json_script
from coursekit.quiz.question import LIBRARY as QUESTIONS

__all__ = ["ChartHTMLExporter", "export_html"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

_LOADER = """\
%(library)s
<script type="module">
// coursekit: the charts' library, once per page, then every chart drawn from its spec.
%(describe)s
const LIBRARY = %(name)s;
if (!globalThis[LIBRARY]) {
    globalThis[LIBRARY + ":imports"] = (globalThis[LIBRARY + ":imports"] || 0) + 1;
    const source = JSON.parse(document.getElementById(%(script_id)s).textContent);
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    globalThis[LIBRARY] = import(url);
}
const { vegaEmbed } = await globalThis[LIBRARY];
for (const el of document.querySelectorAll(".coursekit-chart")) {
    const { spec, options } = JSON.parse(el.nextElementSibling.textContent);
    try {
        await vegaEmbed(el, spec, options ?? undefined);
        describeChart(el, spec);
    } catch (error) {
        el.textContent = "This chart could not be drawn: " + error.message;
    }
}
</script>
"""


def _chart_html(state: dict[str, Any]) -> str:
    title = state["spec"].get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    data = json_script({"spec": state["spec"], "options": state.get("embed_options")})
    return (
        f'<div class="coursekit-chart" aria-label="{html.escape(str(title))}"></div>'
        f'<script type="application/json">{data}</script>'
    )


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
                chart = _chart_html(models[view["model_id"]]["state"])
                if first:
                    chart += _LOADER % {
                        "library": VEGA.script_html(),
                        "describe": DESCRIBE_JS,
                        "name": json.dumps(VEGA.global_name),
                        "script_id": json.dumps(VEGA.script_id),
                    }
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
