"""Charts in Jupyter, offline, with Vega loaded once per page and never saved in the notebook.

Altair's offline ``JupyterChart`` puts the whole Vega bundle (about 0.9 MB) in
every chart's widget state, so a notebook with two charts saved 2 MB. A
:class:`CourseChart` is the same widget (same Python API: ``selections``,
``params``) whose ES module is a loader of about 2 KB. Altair's own chart view
(8 KB, minus its two CDN imports) and Vega (about 0.9 MB) are one
:class:`~coursekit.page_library.PageLibrary` (``VEGA``): the kernel sends it with
the first chart it displays, as a custom widget message, which is not part of the
saved state; a page that missed it (reloaded, opened later) asks for it. The page
imports it once and every other chart of the page, of any notebook, reuses it.
The quiz questions load their own code the same way (:mod:`coursekit.quiz.question`).
So charts render with no network in JupyterLab and Voila, the library is parsed
once per page, and Vega's element ids are unique across the page's charts.

A drawn chart is labelled for screen readers: the chart container is a
``figure`` named by the chart's title and ``description``, the drawing itself an
``img`` with the description, and the actions menu's ``<summary>`` is named.

Exported HTML has no kernel to ask: :mod:`coursekit.charts.export` writes the
library into the page once and draws the charts from the saved specs.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import altair as alt
from altair.jupyter.jupyter_chart import load_js_src
from altair.utils.schemapi import SchemaValidationError

from coursekit.i18n import gettext as _
from coursekit.page_library import PageLibrary

__all__ = ["DESCRIBE_JS", "CourseChart", "embed_i18n", "enable_offline", "library_global", "library_source"]


#: Altair's chart module declares its imports in its first lines; ours come from the bundle.
_RENDER = "async function render({ model, el }) {"
_DEFAULT = "export default { render }"
_EMBED = "await vegaEmbed("

#: Names a drawn chart for screen readers: the container a figure labelled with the
#: title and description, the drawing an image with the description, the actions
#: menu's ``<summary>`` named (axe-core's ``summary-name``), in the words of the
#: embed options' ``i18n`` (:func:`embed_i18n`) when they have them.
DESCRIBE_JS = """\
function textOf(value) {
    if (value == null) return "";
    if (Array.isArray(value)) return value.map(textOf).join(" ");
    if (typeof value === "object") return textOf(value.text);
    return String(value);
}

function describeChart(el, spec, options) {
    const title = textOf(spec.title).trim();
    const description = textOf(spec.description).trim() || title || "Chart";
    el.setAttribute("role", "figure");
    el.setAttribute("aria-label", title && title !== description ? `${title}. ${description}` : description);
    const drawing = el.querySelector("svg.marks, canvas.marks");
    if (drawing) {
        drawing.setAttribute("role", "img");
        drawing.setAttribute("aria-label", description);
        drawing.removeAttribute("aria-roledescription");
    }
    const summary = el.querySelector("details > summary");
    if (summary) {
        const name = (options && options.i18n && options.i18n.CLICK_TO_VIEW_ACTIONS)
            || "Chart actions: save as SVG or PNG, view the source";
        summary.setAttribute("aria-label", name);
        summary.setAttribute("title", name);
    }
}

"""

#: The page's one copy of the chart code, bundled by vl-convert (which supplies
#: ``vegaEmbed`` and ``lodashDebounce``): Altair's ``JupyterChart`` view, every chart
#: it draws described for screen readers.
_LIBRARY = """\
export { vegaEmbed, lodashDebounce };
%(describe)s
async function describedEmbed(el, spec, options) {
    el.textContent = "";
    const api = await vegaEmbed(el, spec, options);
    describeChart(el, spec, options);
    return api;
}

// Altair's module, its CDN imports and default export left out, its chart described.
%(altair)s
export { render };
"""


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def library_key() -> str:
    """A short hash of what the library depends on: Altair's and vl-convert's versions, its code."""
    ident = "\0".join([alt.__version__, alt.SCHEMA_VERSION, _version("vl-convert-python"), _library_code()])
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def library_global() -> str:
    """The name under which a page keeps its one import of the library (``globalThis[name]``)."""
    return VEGA.global_name


def _altair_view() -> str:
    """Altair's ``JupyterChart`` ES module without its CDN imports and default export, charts described.

    Raises
    ------
    RuntimeError
        If Altair's module no longer has the shape this relies on.
    """
    lines = load_js_src().split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
        lines.pop(0)
    body = "\n".join(lines)
    shape = _RENDER in body and _DEFAULT in body and body.count("vegaEmbed(") == 1 and _EMBED in body
    if not shape or "import " in body.split(_RENDER)[0]:
        msg = f"Altair {alt.__version__}'s JupyterChart module has changed; coursekit cannot share Vega"
        raise RuntimeError(msg)
    return body.replace(_DEFAULT, "", 1).replace(_EMBED, "await describedEmbed(", 1)


def _library_code() -> str:
    """What vl-convert bundles into the library: Altair's view, Vega from the bundle."""
    return _LIBRARY % {"describe": DESCRIBE_JS, "altair": _altair_view()}


def vl_version(vlc: object) -> str | None:
    """The vl-convert version string matching Altair's Vega-Lite, if it bundles it."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    available = vlc.get_vegalite_versions()  # type: ignore[attr-defined]
    return major_minor if major_minor in available else None


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursekit"


_library: str | None = None


def library_source() -> str:
    """The chart library: Vega, Vega-Lite, vega-embed and Altair's chart view, bundled by vl-convert.

    An ES module exporting ``render`` (a chart widget's view), ``vegaEmbed`` and
    ``lodashDebounce`` (for exported pages).

    Building it takes seconds, so it is cached in ``~/.cache/coursekit/``
    (``$XDG_CACHE_HOME``), keyed by :func:`library_key`, and kept in memory.
    """
    global _library  # one library per kernel
    if _library is not None:
        return _library
    cache = _cache_dir() / f"vega-library-{library_key()}.js"
    try:
        _library = cache.read_text(encoding="utf-8")
    except OSError:
        import vl_convert as vlc

        _library = vlc.javascript_bundle(_library_code(), vl_version=vl_version(vlc))
        try:
            from coursekit._files import atomic_write_text

            atomic_write_text(cache, _library)
        except OSError:  # a read-only home: still offline, only slower next time
            pass
    return _library


#: The library a page imports once: sent by the kernel, never saved in the notebook.
VEGA = PageLibrary(
    "vega",
    key=library_key(),
    build=lambda: library_source(),  # looked up at each call: tests replace it
    # in the language of the kernel that imports this module (a restart picks up a new one)
    waiting=_(
        "This chart is drawn by the notebook's kernel: it appears when the kernel "
        "is free. If it stays blank, run the notebook's cells."
    ),
)


def embed_i18n() -> dict[str, str]:
    """vega-embed's ``i18n`` option: a chart's actions menu in the student's language.

    Examples
    --------
    >>> embed_i18n()["SVG_ACTION"]
    'Save as SVG'
    """
    return {
        "CLICK_TO_VIEW_ACTIONS": _("Chart actions: save as SVG or PNG, view the source"),
        "SVG_ACTION": _("Save as SVG"),
        "PNG_ACTION": _("Save as PNG"),
        "SOURCE_ACTION": _("View Source"),
        "COMPILED_ACTION": _("View Compiled Vega"),
        "EDITOR_ACTION": _("Open in Vega Editor"),
    }


class CourseChart(alt.JupyterChart):
    """An ``alt.JupyterChart`` whose page loads Vega once, from the kernel, offline.

    Examples
    --------
    >>> from coursekit.charts import CourseChart, tenures
    >>> widget = CourseChart(tenures())
    >>> len(widget._esm) < 3_000
    True
    """

    _esm = VEGA.module()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        options = dict(kwargs.get("embed_options") or {})
        options["i18n"] = {**embed_i18n(), **options.get("i18n", {})}  # the menu in the UI's language
        kwargs["embed_options"] = options
        super().__init__(*args, **kwargs)
        self.on_msg(VEGA.answer)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        VEGA.push(self)
        return bundle


def _renderer(spec: dict, **metadata: Any) -> dict:
    """Altair renderer ``"coursekit"``: a :class:`CourseChart` (for ``chart.display()``)."""
    chart = alt.Chart.from_dict(spec)
    return CourseChart(chart=chart, embed_options=metadata.get("embed_options"))._repr_mimebundle_()


alt.renderers.register("coursekit", _renderer)


def enable_offline() -> None:
    """Make charts render in Jupyter with no internet connection, Vega loaded once per page.

    Call once per kernel, at the top of a notebook (``ck.setup_notebook()`` does).
    Every chart displayed afterwards is a :class:`CourseChart`. The library is
    built from ``vl-convert`` the first time a page asks for it, then cached in
    ``~/.cache/coursekit/`` (``$XDG_CACHE_HOME``).

    A plain ``alt.JupyterChart`` made by hand is not touched: it loads Vega from a
    CDN unless ``alt.JupyterChart.enable_offline()`` is called, which puts the
    whole library in each such chart.
    """
    alt.renderers.enable("coursekit")
    _display_charts_as_widgets()


def _display_charts_as_widgets() -> None:
    """In IPython, display every chart as a :class:`CourseChart` built from the chart itself.

    Altair's renderers are handed only the chart's dict, so they rebuild the
    whole chart from it with ``Chart.from_dict`` and validate it again: up to
    0.4 s for one course chart, in every notebook. IPython's documented
    ``for_type`` hook puts this ahead of ``_repr_mimebundle_``; the renderer
    stays enabled for ``chart.display()`` and for code outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing displays charts
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, _widget_bundle)


def _widget_bundle(
    chart: alt.TopLevelMixin,
) -> dict[str, Any] | tuple[dict[str, Any], dict[str, Any]] | None:
    """The MIME bundle of ``chart`` shown as a :class:`CourseChart`.

    A chart that does not validate falls back to Altair's own display, which
    explains the error the way Altair always does.
    """
    try:
        widget = CourseChart(chart, embed_options=alt.renderers.options.get("embed_options"))
    except SchemaValidationError:
        return chart._repr_mimebundle_()
    return widget._repr_mimebundle_()
