"""Rich display of corpus passages for the notebooks.

:func:`cite` returns an object that Jupyter shows as a quotation with its source
(title, outlet, author, date and precision) and that prints as plain text
elsewhere. It needs neither IPython nor ipywidgets: Jupyter calls its
``_repr_html_`` and ``_repr_markdown_`` methods. Everything from the corpus is
HTML-escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from coursekit.corpus import Passage, load_documents, passage

__all__ = ["Citation", "cite", "source_line"]


def source_line(doc_id: str, data: str | Path | None = None) -> str:
    """Return a one-line reference to an article: title, outlet, author, date.

    Examples
    --------
    >>> print(source_line("living-integration"))  # doctest: +ELLIPSIS
    “No Merger of Russia, Belarus, ...” — outlet not named, by Ivan Dikov, 2021-04-23 (dated to the day) [...]
    """
    doc = load_documents(data).loc[doc_id]
    outlet = doc["outlet"] or "outlet not named"
    author = f", by {doc['author']}" if doc["author"] else ""
    title = doc["title"]
    if doc["title_source"] != "article":
        title = f"[untitled; editors' title: {title}]"
    return (f"“{title}” — {outlet}{author}, {doc['published']} "
            f"(dated to the {doc['precision']}) [{doc_id}]")


@dataclass(frozen=True)
class Citation:
    """A verbatim quote, the paragraph around it, and its source."""

    passage: Passage
    """The located quote."""
    source: str
    """The one-line reference from :func:`source_line`."""

    def __str__(self) -> str:
        return f"{self.passage.before}«{self.passage.quote}»{self.passage.after}\n— {self.source}"

    def _repr_markdown_(self) -> str:
        p = self.passage
        body = f"{_md(p.before)}**{_md(p.quote)}**{_md(p.after)}"
        return f"> {body}\n>\n> — {_md(self.source)}\n"

    def _repr_html_(self) -> str:
        p = self.passage
        esc = html.escape
        return (
            '<blockquote class="coursekit-cite">'
            f"<p>{esc(p.before)}<mark>{esc(p.quote)}</mark>{esc(p.after)}</p>"
            f"<footer>— {esc(self.source)}</footer></blockquote>"
        )


def _md(text: str) -> str:
    """Escape text for Markdown: HTML is shown as text, and emphasis markers are literal."""
    text = html.escape(text)
    for ch in "\\`*_[]#":
        text = text.replace(ch, "\\" + ch)
    return text


def cite(doc_id: str, quote: str, data: str | Path | None = None) -> Citation:
    """Quote an article verbatim, with the paragraph around the quote and its source.

    Parameters
    ----------
    doc_id
        An article id (see ``coursekit.load_documents()``).
    quote
        Words that appear verbatim in one paragraph of that article.

    Raises
    ------
    QuoteNotFoundError
        If the quote is not in the article word for word.

    Examples
    --------
    >>> c = cite("part-of-belarus", "Russia is a part of Belarus")
    >>> print(str(c).splitlines()[-1])  # doctest: +ELLIPSIS
    — “[untitled; editors' title: ...]” — The Moscow Times, 2019 (dated to the year) [part-of-belarus]
    """
    return Citation(passage=passage(doc_id, quote, data), source=source_line(doc_id, data))
