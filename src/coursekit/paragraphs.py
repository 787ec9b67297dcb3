"""Prose the notebooks show: plain text as paragraphs that wrap between words.

``print(text)`` puts the text in a ``<pre>``, and JupyterLab's
``.jp-OutputArea-output pre`` rule (``word-break: break-all``) breaks a long line at
any letter, so a sentence of evidence or a chart's description comes out with its
words cut in two. :func:`prose` returns an object Jupyter shows as HTML paragraphs
instead, wrapping between words at any width (plain text elsewhere):

* a blank line starts a new paragraph, a single line break is kept as one;
* a web address (``http://`` or ``https://``) becomes a link that may wrap after its
  ``/``, ``.``, ``_`` and ``-``: a long address would otherwise stick out of a narrow
  window, since no word is ever cut;
* everything shown is HTML-escaped.

It needs nothing beyond the standard library, so ``import coursekit`` stays light.

Examples
--------
>>> p = prose("Inferred: its <a> links point to themoscowtimes.com.")
>>> print(p)
Inferred: its <a> links point to themoscowtimes.com.
>>> p._repr_html_()
'<div class="coursekit-prose"><p>Inferred: its &lt;a&gt; links point to themoscowtimes.com.</p></div>'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Prose", "prose"]

_URL = re.compile(r"https?://[^\s<>\"']+")
_BREAK_AFTER = re.compile(r"([/._-])")


def _url_end(url: str) -> int:
    """Where an address found in prose ends: without the sentence's closing punctuation."""
    end = len(url)
    while end and (
        url[end - 1] in ".,;:!?" or (url[end - 1] == ")" and url.count("(", 0, end) < url.count(")", 0, end))
    ):
        end -= 1
    return end


def _line_html(line: str) -> str:
    """One line of prose as HTML: escaped, its web addresses made links that can wrap."""
    out, pos = [], 0
    for m in _URL.finditer(line):
        end = m.start() + _url_end(m.group(0))
        url = line[m.start() : end]
        shown = _BREAK_AFTER.sub(r"\1<wbr>", html.escape(url))
        out += [
            html.escape(line[pos : m.start()]),
            f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{shown}</a>',
        ]
        pos = end
    out.append(html.escape(line[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Prose:
    """Plain text shown as paragraphs in Jupyter, and as itself elsewhere."""

    text: str
    """The text, as given."""

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        paragraphs = [p for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        body = "".join(
            "<p>" + "<br>".join(_line_html(line) for line in p.strip("\n").split("\n")) + "</p>"
            for p in paragraphs
        )
        return f'<div class="coursekit-prose">{body}</div>'


def prose(text: object) -> Prose:
    """Show text as paragraphs that wrap between words, where ``print`` would cut words.

    Parameters
    ----------
    text
        The text (anything else is shown as its ``str``): a note from the data, a
        chart's ``description``.

    Returns
    -------
    Prose
        Shown as HTML paragraphs by Jupyter; ``print`` gives the text itself.

    Examples
    --------
    >>> prose("First paragraph.\\n\\nSecond,\\nover two lines.")._repr_html_()
    '<div class="coursekit-prose"><p>First paragraph.</p><p>Second,<br>over two lines.</p></div>'
    >>> html = prose("(Outside context: https://en.wikipedia.org/wiki/Union_State.)")._repr_html_()
    >>> 'href="https://en.wikipedia.org/wiki/Union_State"' in html
    True
    >>> html.split('noreferrer">')[1].replace("<wbr>", "~")
    'https:/~/~en.~wikipedia.~org/~wiki/~Union_~State</a>.)</p></div>'
    """
    return Prose(text if isinstance(text, str) else str(text))
