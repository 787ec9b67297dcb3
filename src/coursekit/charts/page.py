"""HTML that draws course charts with no network: the library written once, each chart from its spec.

Used by the notebook exporter (:mod:`coursekit.charts.export`, every chart of a
notebook in one page) and by :func:`coursekit.charts.save` (one chart, a page of
its own). Both take the library the kernel already holds for its charts
(:data:`~coursekit.charts.display.VEGA`), so writing a page costs no
bundling and no Vega run in Python.

Examples
--------
>>> from coursekit.charts.page import chart_div
>>> chart_div({"title": "<b>", "mark": "bar"})[:52]
'<div class="coursekit-chart" aria-label="&lt;b&gt;">'
"""

from __future__ import annotations

import html
from typing import Any

from coursekit.charts.display import DESCRIBE_JS, VEGA
from coursekit.page_library import json_script

__all__ = ["chart_div", "chart_page", "loader"]

_LOADER = """\
%(library)s
<script type="module">
// coursekit: the charts' library, once per page, then every chart drawn from its spec.
%(describe)s
%(importer)s
const { vegaEmbed } = await importPageCopy();
for (const el of document.querySelectorAll(".coursekit-chart")) {
    const { spec, options } = JSON.parse(el.nextElementSibling.textContent);
    try {
        await vegaEmbed(el, spec, options ?? undefined);
        describeChart(el, spec, options);
    } catch (error) {
        el.textContent = "This chart could not be drawn: " + error.message;
    }
}
</script>
"""


_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title>
<style>body { font-family: system-ui, sans-serif; margin: 1.5rem; max-width: 72rem; }</style>
</head>
<body>
<main>
<h1>%(title)s</h1>
<p>%(description)s</p>
%(chart)s
</main>
%(loader)s
</body>
</html>
"""


def _text(value: Any) -> str:
    """A Vega-Lite title or description as plain text (a title may be ``{"text": [...]}``)."""
    if isinstance(value, dict):
        return _text(value.get("text", ""))
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def chart_div(spec: dict[str, Any], options: dict[str, Any] | None = None) -> str:
    """A chart's place in the page, with its spec and vega-embed options beside it."""
    data = json_script({"spec": spec, "options": options})
    return (
        f'<div class="coursekit-chart" aria-label="{html.escape(_text(spec.get("title")))}"></div>'
        f'<script type="application/json">{data}</script>'
    )


def loader() -> str:
    """The library and the script that draws every ``coursekit-chart`` of the page: once per page.

    The script imports the library as the chart widgets do (:meth:`PageLibrary.importer
    <coursekit.page_library.PageLibrary.importer>`): one import however many charts.
    """
    return _LOADER % {
        "library": VEGA.script_html(),
        "describe": DESCRIBE_JS,
        "importer": VEGA.importer(),
    }


def chart_page(spec: dict[str, Any], options: dict[str, Any] | None = None) -> str:
    """A whole page showing one chart, offline: its title as heading, its description as text."""
    title = _text(spec.get("title")).strip() or "Chart"
    return _PAGE % {
        "title": html.escape(title),
        "description": html.escape(_text(spec.get("description")).strip()),
        "chart": chart_div(spec, options),
        "loader": loader(),
    }
