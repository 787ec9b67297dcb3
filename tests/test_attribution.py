"""Who is speaking: the events table never blurs an analyst, an anonymous source and an official.

These tests hold the course's own rule against the articles' words: an event's one-line
description claims no more than its quote, an inference is tagged as analysis, and a claim the
article makes without naming any source is flagged.
"""

from __future__ import annotations

import re

import pytest

from coursekit import corpus

EVENTS = corpus.load_events().set_index("event_id", drop=False)


@pytest.mark.parametrize(
    ("event_id", "attribution", "flags"),
    [
        # "indicates that several issues are still under negotiation": the analysts' reading of
        # the 10 September 2021 statement, which the article does not quote.
        ("E044", "analysis", ""),
        # "he sabotaged the signing": a verdict written in November 2021 about December 2019.
        ("E028", "analysis", "retrospective"),
        # "it cannot be ruled out that ... Sochi": a hypothesis.
        ("E032", "analysis", ""),
        # the "creeping annexation" plan: asserted in the outlet's voice, no source named.
        ("E062", "reported", "no-source"),
        # RBC's "two unnamed sources".
        ("E026", "anonymous", ""),
        # Peskov on the record, even though the outlet fills in his words.
        ("E040", "official", ""),
    ],
)
def test_named_events_carry_the_attribution_their_words_support(event_id, attribution, flags):
    event = EVENTS.loc[event_id]
    assert (event["attribution"], event["flags"]) == (attribution, flags)


INFERENCE_MARKERS = ("indicates", "cannot be ruled out", "This suggests", "sabotaged")


def test_a_quote_that_draws_an_inference_is_analysis():
    for event in EVENTS.itertuples():
        if any(marker in event.quote for marker in INFERENCE_MARKERS):
            assert event.attribution == "analysis", (event.event_id, event.quote)


def test_no_event_description_quotes_words_its_quote_does_not_contain():
    """Words an event puts in quotation marks are verbatim in the event's own quote."""
    checked = 0
    for event in EVENTS.itertuples():
        for fragment in re.findall(r"(?<!\w)'([^']+)'(?!\w)", event.event):
            assert fragment in event.quote, (event.event_id, fragment)
            checked += 1
    assert checked >= 15


def test_a_shortened_quote_keeps_its_qualifier():
    """E049: Lukashenka announced the *potential* for a joint grouping, not a joint grouping."""
    assert "develop the potential for a joint grouping" in EVENTS.loc["E049", "event"]


def test_retrospective_verdicts_were_written_after_the_event():
    docs = corpus.load_documents()
    flagged = EVENTS[EVENTS["flags"].str.contains("retrospective")]
    assert len(flagged) >= 1
    for event in flagged.itertuples():
        assert docs.loc[event.doc_id, "start"] > event.end, event.event_id
        assert event.attribution == "analysis", event.event_id


def test_claims_with_no_named_source_are_not_given_a_speaker():
    for event in EVENTS[EVENTS["flags"].str.contains("no-source")].itertuples():
        assert event.attribution not in ("official", "anonymous"), event.event_id
        assert "no source" in event.event, event.event_id
