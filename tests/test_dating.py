"""Each article is dated as tightly as its own words allow, and no tighter.

documents.csv gives, per article, the ``earliest`` and ``latest`` day it can have been
written, each with a verbatim quote and an argument; ``published`` is the tightest
statement those bounds support (a day, a month, a year or an EDTF interval). An
archive's exact date, where a public source gives one, sits beside it as outside context.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from coursekit import corpus
from coursekit.corpus.dates import edtf_bounds, tightest
from coursekit.display import format_date

DOCS = corpus.load_documents()


@pytest.mark.parametrize("doc_id", list(DOCS.index))
def test_published_says_exactly_what_its_evidence_bounds_say(doc_id):
    doc = DOCS.loc[doc_id]
    low, high = edtf_bounds(doc["published"])  # read back by the EDTF library
    assert (low.isoformat(), high.isoformat()) == (doc["earliest"], doc["latest"])
    assert (doc["start"], doc["end"]) == (pd.Timestamp(low), pd.Timestamp(high))
    assert doc["precision"] == tightest(low, high)[1]


@pytest.mark.parametrize("doc_id", list(DOCS.index))
def test_each_bound_rests_on_a_verbatim_quote_and_an_argument(doc_id):
    doc = DOCS.loc[doc_id]
    text = " ".join(corpus.paragraphs(doc_id))
    for bound in ("earliest", "latest"):
        assert doc[f"{bound}_evidence"] in text, (doc_id, bound)
        assert len(doc[f"{bound}_note"].split()) >= 8, (doc_id, bound)
        assert doc[f"{bound}_basis"] in ("proved", "inferred"), (doc_id, bound)


def test_every_date_the_text_states_lies_inside_its_article_bounds():
    """An article cannot be older than an event it reports as past and dates in full."""
    events = corpus.load_events().query("date_basis == 'stated' and kind == 'event'")
    for event in events.itertuples():
        assert event.start <= DOCS.loc[event.doc_id, "end"], event.event_id


def test_an_archive_date_is_outside_context_and_agrees_with_the_text():
    dated = DOCS[DOCS["archive_date"] != ""]
    assert len(dated) >= 1
    for doc_id, doc in dated.iterrows():
        day = pd.Timestamp(doc["archive_date"])
        assert doc["start"] <= day <= doc["end"], doc_id
        assert doc["archive_source"].startswith("https://"), doc_id
    # a date the text alone proves is never replaced by the archive's
    assert DOCS.loc["unified-parliament", "published"] != DOCS.loc["unified-parliament", "archive_date"]


def test_the_tightest_statement_is_a_day_month_year_or_interval():
    assert tightest(date(2024, 2, 1), date(2024, 2, 29)) == ("2024-02", "month")
    assert tightest(date(2019, 1, 1), date(2019, 12, 31)) == ("2019", "year")
    assert tightest(date(2019, 12, 31), date(2020, 1, 1)) == ("2019-12-31/2020-01-01", "interval")
    with pytest.raises(ValueError, match="before earliest"):
        tightest(date(2020, 1, 2), date(2020, 1, 1))


def test_an_interval_is_said_in_words():
    assert format_date("2019-01-01/2019-12-07", "interval") == "between 1 January 2019 and 7 December 2019"
