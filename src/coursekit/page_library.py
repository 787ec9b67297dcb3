"""A widget's code that a page imports once, sent by the kernel, never saved in the notebook.

An anywidget carries its ES module (``_esm``) and style (``_css``) in its state, and
a saved notebook holds the state of every widget: twenty quiz questions saved twenty
copies of the question's code. A :class:`PageLibrary` keeps the code out of the state.
Each widget's ``_esm`` is a small loader (:meth:`PageLibrary.module`, about 2 KB) and
the code itself, the *library*, reaches the page once:

* the kernel sends it unasked with the first widget displayed
  (:meth:`PageLibrary.push`), as a custom widget message, which is not part of the
  saved state, so a page running the notebook has it at once;
* a page that missed it (reloaded, opened in Voila after the cells ran) asks, and the
  kernel answers when idle (:meth:`PageLibrary.answer`);
* an exported page carries it once, in a ``<script type="application/json">`` whose id
  is :attr:`PageLibrary.script_id` (:meth:`PageLibrary.script_html`).

The page imports it once (a blob URL) and keeps the promise in
``globalThis[global_name]``: every widget of the page, of any notebook, reuses it,
and so does an exported page's own script. That code is written once,
:meth:`PageLibrary.importer`, which every loader and such a script start with.
``globalThis[global_name + ":imports"]`` and ``":requests"`` count the imports and
the requests (the browser tests read them). With no kernel and no copy in the page
the library never comes: the loader then shows ``waiting`` (or nothing).

Used by the charts (:mod:`coursekit.charts.display`: Vega and Altair's chart view,
0.9 MB) and the quiz questions (:mod:`coursekit.quiz.question`: the question's code
and stylesheet, 10 KB).

Examples
--------
>>> lib = PageLibrary("demo", key="1", build=lambda: "export const x = 1;")
>>> lib.global_name, lib.request, lib.reply
('coursekit-demo-1', 'coursekit-demo-library?', 'coursekit-demo-library')
>>> "function loadLibrary(model, el)" in lib.module()
True
>>> lib.importer() in lib.loader()
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

__all__ = ["PageLibrary", "compact", "json_script"]

# The page's one import of the library, written here only: every widget's loader
# (:meth:`PageLibrary.loader`) and an exported page's own script (the charts' page,
# :mod:`coursekit.charts.page`) start with it. ``importLibrary`` imports a source from
# a blob URL and counts it; ``keepLibrary`` keeps the promise for the whole page (and
# forgets one that failed); ``importPageCopy`` imports the page's own copy (an export)
# unless the page has the library already, and returns the page's promise, if any.
_IMPORT = """\
const LIBRARY = %(name)s, COPY = %(copy)s;
function countLibrary(what) {
globalThis[LIBRARY + what] = (globalThis[LIBRARY + what] || 0) + 1;
}
function importLibrary(source) {
countLibrary(":imports");
const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
return import(url).finally(() => URL.revokeObjectURL(url));
}
function keepLibrary(library) {
library.catch(() => {
if (globalThis[LIBRARY] === library) delete globalThis[LIBRARY];
});
globalThis[LIBRARY] = library;
return library;
}
function importPageCopy() {
const copy = globalThis[LIBRARY] ? null : document.getElementById(COPY);
if (copy) keepLibrary(importLibrary(JSON.parse(copy.textContent)));
return globalThis[LIBRARY];
}
"""

# A widget's loader, after :data:`_IMPORT`: ``initialize`` listens for the library the
# kernel pushes; ``loadLibrary`` returns the page's one import of it, from the page's
# own copy (an export), the kernel's push, or a request. ``%(waiting)s`` is shown
# while waiting.
_LOADER = """\
const REQUEST = %(request)s, REPLY = %(reply)s;
function initialize({ model }) {
const onMessage = (msg, buffers) => {
if (!msg || msg.type !== REPLY || !buffers || !buffers.length) return;
model.off("msg:custom", onMessage);
if (!globalThis[LIBRARY]) keepLibrary(importLibrary(buffers[0]));
};
model.on("msg:custom", onMessage);
}
function requestLibrary(model) {
countLibrary(":requests");
return new Promise((resolve, reject) => {
const onMessage = (msg, buffers) => {
if (!msg || msg.type !== REPLY) return;
model.off("msg:custom", onMessage);
if (msg.error || !buffers || !buffers.length) reject(new Error(msg.error || "the kernel sent nothing"));
else importLibrary(buffers[0]).then(resolve, reject);
};
model.on("msg:custom", onMessage);
model.send({ type: REQUEST });
});
}
async function loadLibrary(model, el) {
importPageCopy();
for (let i = 0; i < 10 && !globalThis[LIBRARY]; i++) {
await new Promise((resolve) => setTimeout(resolve, 50));
}
if (!globalThis[LIBRARY]) {
el.textContent = %(waiting)s;
keepLibrary(requestLibrary(model));
}
return globalThis[LIBRARY];
}
"""


_MODULE = """\
export default {
initialize,
async render({ model, el }) {
const library = await loadLibrary(model, el);
return library.render({ model, el });
},
};
"""


def compact(text: str) -> str:
    """JavaScript or CSS without comments, indentation and blank lines.

    Only ``/* */`` blocks and whole-line ``//`` comments are dropped; line breaks are
    kept, so the code means the same. For the project's own files, not for third-party
    code (a ``/*`` inside a string would be cut).
    """
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def json_script(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``."""
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class PageLibrary:
    """An ES module that a page imports once, from its kernel or from an exported page.

    Parameters
    ----------
    name
        Short name: the messages are ``coursekit-<name>-library?`` (request) and
        ``coursekit-<name>-library`` (reply).
    key
        A short hash of what the library depends on: part of :attr:`global_name`, so a
        page never mixes two versions.
    build
        Returns the library's source (an ES module). Called for every answer: cache in it.
    waiting
        Text shown in a widget while its page waits for the kernel (``""``: nothing).
    """

    def __init__(self, name: str, *, key: str, build: Callable[[], str], waiting: str = "") -> None:
        self.name = name
        self.key = key
        self.request = f"coursekit-{name}-library?"
        self.reply = f"coursekit-{name}-library"
        self.global_name = f"coursekit-{name}-{key}"
        #: The id of an exported page's copy; never the global name, which the page's
        #: ``globalThis[id]`` would then find (the element, by the HTML named access rule).
        self.script_id = f"{self.global_name}-code"
        self.waiting = waiting
        self._build = build
        self._pushed = False

    def source(self) -> str:
        """The library's source."""
        return self._build()

    def importer(self) -> str:
        """JavaScript that imports the library once per page: the only copy of that code.

        It defines ``LIBRARY`` (:attr:`global_name`), ``importLibrary(source)``,
        ``keepLibrary(promise)`` and ``importPageCopy()``, which imports the page's own
        copy (:meth:`script_html`) unless the page has the library already and returns
        ``globalThis[LIBRARY]``, the page's promise of the module (``undefined`` when
        the page has neither). For a module script: its names stay in the script.
        """
        return _IMPORT % {"name": json.dumps(self.global_name), "copy": json.dumps(self.script_id)}

    def loader(self) -> str:
        """JavaScript defining ``initialize`` and ``async loadLibrary(model, el)``, for a widget's ``_esm``.

        It starts with :meth:`importer`. ``export default { initialize, render }``
        with a ``render`` that awaits ``loadLibrary`` makes the widget's module.
        """
        return self.importer() + _LOADER % {
            "request": json.dumps(self.request),
            "reply": json.dumps(self.reply),
            "waiting": json.dumps(self.waiting),
        }

    def module(self) -> str:
        """A widget's whole ES module (its ``_esm``): the loader, then the library's ``render``.

        The library must export ``render({ model, el })``, anywidget's view function.
        """
        return compact(self.loader() + _MODULE)

    def uses(self, esm: object) -> bool:
        """Whether a widget module (a saved ``_esm``) loads this library."""
        return isinstance(esm, str) and json.dumps(self.request) in esm

    def script_html(self) -> str:
        """The library as a page's own copy, for an exported page (no kernel to ask)."""
        return f'<script type="application/json" id="{self.script_id}">{json_script(self.source())}</script>'

    def answer(self, widget: Any, content: Any, _buffers: Any = None) -> None:
        """A widget's message handler (``widget.on_msg``): send the library to a page that asks."""
        if not isinstance(content, dict) or content.get("type") != self.request:
            return
        try:
            source = self.source()
        except Exception as exc:  # the page shows it in place of the widget
            widget.send(
                {"type": self.reply, "error": f"coursekit could not build its {self.name} code: {exc}"}
            )
            return
        widget.send({"type": self.reply}, buffers=[source.encode("utf-8")])

    def push(self, widget: Any) -> None:
        """Send the library unasked, once per kernel, with the first widget displayed.

        A page running the notebook then has it at once; asked for, it would come
        only when the kernel is idle, after the last cell of a *Run All*.
        """
        if self._pushed:
            return
        try:
            source = self.source()
        except Exception:  # the page asks, and is sent the error
            return
        self._pushed = True
        widget.send({"type": self.reply}, buffers=[source.encode("utf-8")])
