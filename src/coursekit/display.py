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

__all__ = ["Citation", "Reference", "cite", "format_date", "reference", "source_line"]


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(published: str, precision: str) -> str:
    """Say a date as precisely as it is known, and no more.

    Examples
    --------
    >>> format_date("2021-04-23", "day")
    '23 April 2021'
    >>> format_date("2021-11", "month")
    'November 2021 (day not given)'
    >>> format_date("2019", "year")
    '2019 (year only)'
    >>> format_date("2019-03-01/2019-12-31", "interval")
    'between 1 March 2019 and 31 December 2019'
    """
    if precision == "interval" and published.count("/") == 1:
        first, last = (format_date(day, "day") for day in published.split("/"))
        return f"between {first} and {last}"
    parts = published.split("-")
    try:
        if precision == "day" and len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if precision == "month" and len(parts) >= 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]} (day not given)"
    except (ValueError, IndexError):
        return published
    return f"{parts[0]} (year only)" if precision == "year" else published


@dataclass(frozen=True)
class Reference:
    """An article's reference: its title, and the rest of the line."""

    title: str
    """The title as in ``documents.csv``."""
    editors_title: bool
    """True when the article has no headline and the course's editors supplied the title."""
    rest: str
    """Outlet, author, date and id, e.g. ``", The Moscow Times, 2019 (year only) [doc]"``."""

    def __str__(self) -> str:
        title = f"“{self.title}”"
        return (f"[untitled; editors' title: {title}]" if self.editors_title else title) + self.rest

    def html(self) -> str:
        """The line, escaped, with the title in ``<cite>``."""
        title = f"“<cite>{html.escape(self.title)}</cite>”"
        if self.editors_title:
            title = f"[untitled; editors' title: {title}]"
        return title + html.escape(self.rest)


def reference(doc_id: str, data: str | Path | None = None) -> Reference:
    """Return the :class:`Reference` of an article (see :func:`source_line`)."""
    doc = load_documents(data).loc[doc_id]
    outlet = doc["outlet"] or "outlet not named"
    author = f", by {doc['author']}" if doc["author"] else ""
    date = format_date(doc["published"], doc["precision"])
    return Reference(
        title=str(doc["title"]),
        editors_title=doc["title_source"] != "article",
        rest=f", {outlet}{author}, {date} [{doc_id}]",
    )


def source_line(doc_id: str, data: str | Path | None = None) -> str:
    """Return a one-line reference to an article: title, outlet, author, date.

    A title the course's editors supplied (the article has none) is marked as such.

    Examples
    --------
    >>> print(source_line("living-integration"))  # doctest: +ELLIPSIS
    “No Merger of Russia, Belarus, ...”, outlet not named, by Ivan Dikov, 23 April 2021 [living-integration]
    >>> print(source_line("part-of-belarus"))  # doctest: +ELLIPSIS
    [untitled; editors' title: “Lukashenko: ...”], The Moscow Times, between 1 March ... [part-of-belarus]
    """
    return str(reference(doc_id, data))


@dataclass(frozen=True)
class Citation:
    """A verbatim quote, the paragraph around it, and its source."""

    passage: Passage
    """The located quote."""
    reference: Reference
    """The article it comes from."""

    @property
    def source(self) -> str:
        """The one-line reference, as :func:`source_line` gives it."""
        return str(self.reference)

    def __str__(self) -> str:
        return f"{self.passage.before}«{self.passage.quote}»{self.passage.after}\n— {self.source}"

    def text(self) -> str:
        """Plain text for feedback: the reference line, then the passage."""
        p = self.passage
        return f"Source: {self.source}.\nPassage: {p.before}{p.quote}{p.after}"

    def _repr_markdown_(self) -> str:
        p = self.passage
        body = f"{_md(p.before)}**{_md(p.quote)}**{_md(p.after)}"
        return f"> {body}\n>\n> — {_md(self.source)}\n"

    def _repr_html_(self) -> str:
        p = self.passage
        esc = html.escape
        return (
            '<blockquote class="coursekit-cite coursekit-passage">'
            f"<p>{esc(p.before)}<strong>{esc(p.quote)}</strong>{esc(p.after)}</p>"
            f'<p class="coursekit-source">— {self.reference.html()}</p></blockquote>'
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
    — [untitled; editors' title: ...], The Moscow Times, between 1 March 2019 and ... [part-of-belarus]
    """
    return Citation(passage=passage(doc_id, quote, data), reference=reference(doc_id, data))
