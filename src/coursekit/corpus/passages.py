"""Quotes located verbatim in their articles, with the paragraph around them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.corpus.documents import paragraphs
from coursekit.errors import QuoteNotFoundError

__all__ = ["Passage", "passage", "verify_quote"]


@dataclass(frozen=True)
class Passage:
    """A verbatim quote located in its article, with the paragraph around it."""

    doc_id: str
    """The article."""
    quote: str
    """The quote, exactly as asked for."""
    text: str
    """The whole paragraph that contains the quote."""
    index: int
    """0-based position of that paragraph in the article."""
    start: int
    """Offset of the quote inside :attr:`text`."""

    def __str__(self) -> str:
        return self.text

    @property
    def before(self) -> str:
        """The paragraph's text before the quote."""
        return self.text[: self.start]

    @property
    def after(self) -> str:
        """The paragraph's text after the quote."""
        return self.text[self.start + len(self.quote) :]


def passage(doc_id: str, quote: str, data: str | Path | None = None) -> Passage:
    """Return the paragraph of ``doc_id`` that contains ``quote`` verbatim.

    Parameters
    ----------
    doc_id
        An article id, as in ``documents.csv``.
    quote
        A verbatim substring of one paragraph of that article.

    Raises
    ------
    QuoteNotFoundError
        If the quote is not in the article word for word.

    Examples
    --------
    >>> p = passage("sham-acceleration", "over 400 bilateral documents")
    >>> p.index, p.text[p.start:p.start + 8]
    (4, 'over 400')
    """
    paras = paragraphs(doc_id, data)
    for i, para in enumerate(paras):
        at = para.find(quote)
        if at >= 0 and quote:
            return Passage(doc_id=doc_id, quote=quote, text=para, index=i, start=at)
    msg = f"quote not found verbatim in {doc_id}: {_short(quote)!r}"
    raise QuoteNotFoundError(msg)


def verify_quote(doc_id: str, quote: str, data: str | Path | None = None) -> bool:
    """Return True if ``quote`` is verbatim in one paragraph of ``doc_id``."""
    try:
        passage(doc_id, quote, data)
    except QuoteNotFoundError:
        return False
    return True


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
