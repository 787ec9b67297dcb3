"""The corpus as data: documents, events, entities, passages and mentions.

Everything a learner is taught comes from five articles. This module loads them
as pandas DataFrames and checks, on every load, that the data is consistent:
each event's quote is verbatim in its article, each date matches its precision,
each ``doc_id`` exists. A problem raises a :class:`~coursekit.errors.DataError`
naming the file, the line and the row.

Dates keep their precision. ``"2019-12"`` stays a month: the frames carry the
ISO string, its ``precision``, and the ``start`` and ``end`` of the span it
covers, so nothing silently becomes 1 December.

Examples
--------
>>> from coursekit import corpus
>>> docs = corpus.load_documents()
>>> docs.loc["living-integration", ["published", "precision"]].tolist()
['2021-04-23', 'day']
>>> print(corpus.passage("part-of-belarus", "Russia is a part of Belarus").text[:45])
“Why are some of you inviting us to join Russ
"""

from __future__ import annotations

from coursekit.corpus.context import load_context
from coursekit.corpus.dates import PRECISIONS, date_span
from coursekit.corpus.documents import document_text, load_documents, paragraphs
from coursekit.corpus.entities import load_entities, mentions, term_counts
from coursekit.corpus.events import ATTRIBUTIONS, FLAGS, load_events
from coursekit.corpus.passages import Passage, passage, verify_quote

__all__ = [
    "ATTRIBUTIONS",
    "FLAGS",
    "PRECISIONS",
    "Passage",
    "date_span",
    "document_text",
    "load_context",
    "load_documents",
    "load_entities",
    "load_events",
    "mentions",
    "paragraphs",
    "passage",
    "term_counts",
    "verify_quote",
]
