"""Charts in Jupyter, offline, with Vega loaded once per page and never saved in the notebook.

Altair's offline ``JupyterChart`` puts the whole Vega bundle (about 0.9 MB) in
every chart's widget state, so a notebook with two charts saved 2 MB. A
:class:`CourseChart` is the same widget (same Python API: ``selections``,
``params``) whose ES module is Altair's own minus the two CDN imports, about
10 KB. The kernel sends the library (about 0.9 MB) with the first chart it
displays, as a custom widget message, which is not part of the saved state; a
page that missed it (reloaded, opened later) asks for it. The page imports it
once and every other chart of the page, of any notebook, reuses it.
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
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import altair as alt
from altair.jupyter.jupyter_chart import load_js_src
from altair.utils.schemapi import SchemaValidationError

__all__ = ["DESCRIBE_JS", "CourseChart", "enable_offline", "library_global", "library_source"]

REQUEST = "coursekit-vega-library?"
REPLY = "coursekit-vega-library"

#: Altair's chart module declares its imports in its first lines; ours come from the page.
_RENDER = "async function render({ model, el }) {"
_DEFAULT = "export default { render }"

#: Names a drawn chart for screen readers: the container a figure labelled with the
#: title and description, the drawing an image with the description, the actions
#: menu's ``<summary>`` named (axe-core's ``summary-name``).
DESCRIBE_JS = """\
function textOf(value) {
    if (value == null) return "";
    if (Array.isArray(value)) return value.map(textOf).join(" ");
    if (typeof value === "object") return textOf(value.text);
    return String(value);
}

function describeChart(el, spec) {
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
        const name = "Chart actions: save as SVG or PNG, view the source";
        summary.setAttribute("aria-label", name);
        summary.setAttribute("title", name);
    }
}

"""

_PRELUDE = """\
// coursekit: Vega, Vega-Lite and vega-embed are not in this module. The first chart
// of a page asks its kernel for them once (a custom message, never saved in the
// notebook); every chart of the page shares that one import.
const LIBRARY = %(library)s;
const REQUEST = %(request)s, REPLY = %(reply)s;
let vegaEmbed, lodashDebounce;

function importLibrary(buffer) {
    globalThis[LIBRARY + ":imports"] = (globalThis[LIBRARY + ":imports"] || 0) + 1;
    const url = URL.createObjectURL(new Blob([buffer], { type: "text/javascript" }));
    return import(url)
        .finally(() => URL.revokeObjectURL(url))
        .then((lib) => ({
            lodashDebounce: lib.lodashDebounce,
            vegaEmbed: async (el, spec, options) => {
                el.textContent = "";
                const api = await lib.vegaEmbed(el, spec, options);
                describeChart(el, spec);
                return api;
            },
        }));
}

function keep(library) {
    library.catch(() => {
        if (globalThis[LIBRARY] === library) delete globalThis[LIBRARY];
    });
    globalThis[LIBRARY] = library;
    return library;
}

// A kernel sends the library unasked with its first chart, so a page running the
// notebook has it while the kernel is still busy with the cells below.
function initialize({ model }) {
    const onMessage = (msg, buffers) => {
        if (!msg || msg.type !== REPLY || !buffers || !buffers.length) return;
        model.off("msg:custom", onMessage);
        if (!globalThis[LIBRARY]) keep(importLibrary(buffers[0]));
    };
    model.on("msg:custom", onMessage);
}

// A page that missed it (reloaded, a second tab) asks; the kernel answers when idle.
function requestLibrary(model) {
    globalThis[LIBRARY + ":requests"] = (globalThis[LIBRARY + ":requests"] || 0) + 1;
    return new Promise((resolve, reject) => {
        const onMessage = (msg, buffers) => {
            if (!msg || msg.type !== REPLY) return;
            model.off("msg:custom", onMessage);
            if (msg.error || !buffers || !buffers.length) {
                reject(new Error(msg.error || "the kernel sent no chart library"));
                return;
            }
            importLibrary(buffers[0]).then(resolve, reject);
        };
        model.on("msg:custom", onMessage);
        model.send({ type: REQUEST });
    });
}

async function vegaLibrary(model, el) {
    // The kernel's unasked message may be a moment behind this chart's view.
    for (let i = 0; i < 10 && !globalThis[LIBRARY]; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!globalThis[LIBRARY]) {
        // Until the kernel answers (at once when idle; never, without one) say so.
        el.textContent = "This chart is drawn by the notebook's kernel: it appears when the kernel "
            + "is free. If it stays blank, run the notebook's cells.";
        keep(requestLibrary(model));
    }
    return globalThis[LIBRARY];
}

%(describe)s"""


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def library_key() -> str:
    """A short hash of what the library depends on: Altair's and vl-convert's versions."""
    ident = "\0".join([alt.__version__, alt.SCHEMA_VERSION, _version("vl-convert-python")])
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def library_global() -> str:
    """The name under which a page keeps its one import of the library (``globalThis[name]``)."""
    return f"coursekitVega-{library_key()}"


def chart_module() -> str:
    """Altair's ``JupyterChart`` ES module with Vega taken from the page, not imported.

    Raises
    ------
    RuntimeError
        If Altair's module no longer has the shape this relies on.
    """
    src = load_js_src()
    lines = src.split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
        lines.pop(0)
    body = "\n".join(lines)
    if _RENDER not in body or "import " in body.split(_RENDER)[0]:
        msg = f"Altair {alt.__version__}'s JupyterChart module has changed; coursekit cannot share Vega"
        raise RuntimeError(msg)
    body = body.replace(
        _RENDER, _RENDER + "\n    ({ vegaEmbed, lodashDebounce } = await vegaLibrary(model, el));", 1
    )
    if _DEFAULT not in body:
        msg = f"Altair {alt.__version__}'s JupyterChart module has changed; coursekit cannot share Vega"
        raise RuntimeError(msg)
    body = body.replace(_DEFAULT, "export default { initialize, render }", 1)
    prelude = _PRELUDE % {
        "library": json.dumps(library_global()),
        "request": json.dumps(REQUEST),
        "reply": json.dumps(REPLY),
        "describe": DESCRIBE_JS,
    }
    return prelude + body


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursekit"


_library: str | None = None


def library_source() -> str:
    """The ES module exporting ``vegaEmbed`` and ``lodashDebounce``, bundled by vl-convert.

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

        from coursekit.charts.output import _vl_version

        _library = vlc.javascript_bundle("export { vegaEmbed, lodashDebounce };", vl_version=_vl_version(vlc))
        try:
            from coursekit._files import atomic_write_text

            atomic_write_text(cache, _library)
        except OSError:  # a read-only home: still offline, only slower next time
            pass
    return _library


def _answer(widget: alt.JupyterChart, content: Any, buffers: list) -> None:
    """Send the library to a page that asks for it."""
    if not isinstance(content, dict) or content.get("type") != REQUEST:
        return
    try:
        source = library_source()
    except Exception as exc:  # the page shows it in place of the chart
        widget.send({"type": REPLY, "error": f"coursekit could not build the chart library: {exc}"})
        return
    widget.send({"type": REPLY}, buffers=[source.encode("utf-8")])


_pushed = False


def _push_library(widget: alt.JupyterChart) -> None:
    """Send the library unasked, once per kernel, with the first chart displayed.

    A page running the notebook then has it at once; asked for, it would come
    only when the kernel is idle, after the last cell of a *Run All*.
    """
    global _pushed  # once per kernel
    if _pushed:
        return
    try:
        source = library_source()
    except Exception:  # the page asks, and is sent the error
        return
    _pushed = True
    widget.send({"type": REPLY}, buffers=[source.encode("utf-8")])


class CourseChart(alt.JupyterChart):
    """An ``alt.JupyterChart`` whose page loads Vega once, from the kernel, offline.

    Examples
    --------
    >>> from coursekit.charts import CourseChart, tenures
    >>> widget = CourseChart(tenures())
    >>> len(widget._esm) < 50_000
    True
    """

    _esm = chart_module()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_msg(_answer)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        _push_library(self)
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
