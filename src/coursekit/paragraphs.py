"""Prose the notebooks show: plain text as paragraphs that wrap between words.

``print(text)`` puts the text in a ``<pre>``, and JupyterLab's
``.jp-OutputArea-output pre`` rule (``word-break: break-all``) breaks a long line at
any letter, so a sentence of evidence or a chart's description comes out with its
words cut in two. :func:`prose` returns an object Jupyter shows as HTML paragraphs
instead, wrapping between words at any width (plain text elsewhere):

* a blank line starts a new paragraph, a single line break is kept as one;
* a web address (``http://`` or ``https://``) becomes a link that may wrap after its
  ``/``, ``.``, ``_`` and ``-``: a long address would otherwise stick out of a narrow
  window, since no word is ever cut. It ends before a space, a quote, punctuation
  that is not ASCII (« », “ ”, …, —), and the sentence's closing punctuation or
  bracket;
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
import unicodedata
from dataclasses import dataclass

__all__ = ["Prose", "prose"]

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_BREAK_AFTER = re.compile(r"([/._-])")
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _url_end(url: str) -> int:
    """Where an address found in prose ends: before any punctuation that is not ASCII
    (« », “ ”, …, —), and without the sentence's closing punctuation or a bracket it
    did not open."""
    end = len(url)
    for i, ch in enumerate(url):
        if ord(ch) > 127 and unicodedata.category(ch)[0] in "PSZC":
            end = i
            break
    while end:
        last = url[end - 1]
        opener = _CLOSERS.get(last)
        if last in ".,;:!?'" or (opener and url.count(opener, 0, end) < url.count(last, 0, end)):
            end -= 1
        else:
            break
    return end


def _link(url: str) -> str:
    """An address as a link whose text may wrap after ``/ . _ -`` (the scheme kept whole)."""
    scheme = _SCHEME.match(url)
    head = scheme.group(0) if scheme else ""
    shown = html.escape(head) + _BREAK_AFTER.sub(r"\1<wbr>", html.escape(url[len(head) :]))
    return f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def _line_html(line: str) -> str:
    """One line of prose as HTML: escaped, its web addresses made links that can wrap."""
    out, pos = [], 0
    for m in _URL.finditer(line):
        end = m.start() + _url_end(m.group(0))
        if not _SCHEME.fullmatch(line[m.start() : end]):  # an address, not a bare "https://"
            out += [html.escape(line[pos : m.start()]), _link(line[m.start() : end])]
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
        text = self.text.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
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
    'https://en.~wikipedia.~org/~wiki/~Union_~State</a>.)</p></div>'
    """
    return Prose(text if isinstance(text, str) else str(text))
