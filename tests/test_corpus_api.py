"""coursekit.corpus: documents, events, entities, passages, mentions."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from coursekit import corpus
from coursekit.errors import DataError, QuoteNotFoundError

from .conftest import DATA, ROOT

DOCUMENT_COLUMNS = [
    "doc_id",
    "title",
    "outlet",
    "author",
    "published",
    "precision",
    "date_evidence",
    "seed_file",
    "text_file",
]


def rewrite_events(data, edit):
    """Apply ``edit(rows)`` to events.csv in a data copy; return the edited row's line."""
    path = data / "events.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2  # header is line 1


# ----------------------------------------------------------------------------- documents
def test_documents_have_the_documented_columns_and_dtypes():
    docs = corpus.load_documents()
    assert set(DOCUMENT_COLUMNS) <= set(docs.columns)
    assert len(docs) == 5 and docs.index.is_unique
    assert isinstance(docs["precision"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(docs["start"])
    assert pd.api.types.is_integer_dtype(docs["words"])


def test_dates_keep_their_precision():
    docs = corpus.load_documents()
    interval = docs.loc["sham-acceleration"]
    assert (interval["published"], interval["precision"]) == ("2021-11-04/2021-11-30", "interval")
    assert interval["start"] == pd.Timestamp("2021-11-04") and interval["end"] == pd.Timestamp("2021-11-30")
    year = docs.loc["deeper-ties"]
    assert (year["published"], year["precision"]) == ("2025", "year")
    assert year["start"] == pd.Timestamp("2025-01-01") and year["end"] == pd.Timestamp("2025-12-31")


def test_each_document_is_dated_from_its_own_text():
    docs = corpus.load_documents()
    for doc_id, doc in docs.iterrows():
        assert doc["date_evidence"] in " ".join(corpus.paragraphs(doc_id)), doc_id
        assert doc["date_note"], doc_id
        assert re.match(r"^\d{4}(-\d{2}){0,2}$|^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$", doc["published"])


def test_no_date_is_taken_from_an_impossible_url_year():
    raw_years = {}
    for doc_id, doc in corpus.load_documents().iterrows():
        raw = (DATA / "raw" / doc["seed_file"]).read_text(encoding="utf-8")
        raw_years[doc_id] = {int(y) for y in re.findall(r"https?://\S*/(\d{4})/", raw)}
    assert raw_years["unified-parliament"] >= {2025} and raw_years["part-of-belarus"] >= {2026}
    docs = corpus.load_documents()
    assert docs.loc["unified-parliament", "published"] == "2019-01-01/2019-12-07"
    assert docs.loc["part-of-belarus", "published"] == "2019-03-01/2019-12-31"


def test_date_span_rejects_impossible_dates():
    with pytest.raises(ValueError, match="not a real date"):
        corpus.date_span("2021-02-30", "day")
    with pytest.raises(ValueError, match="does not match precision 'month'"):
        corpus.date_span("2021", "month")


# ----------------------------------------------------------------------------- events
def test_timeline_has_fifty_events_from_all_five_articles():
    events = corpus.load_events()
    real = events[events["kind"] == "event"]
    assert len(real) >= 50
    assert real["start"].min().year == 1994 and real["end"].max().year == 2025
    assert set(events["doc_id"]) == set(corpus.load_documents().index)
    assert events["event_id"].is_unique
    assert set(events["attribution"].unique()) == set(corpus.ATTRIBUTIONS)


def test_every_event_quote_is_verbatim_in_its_article():
    for event in corpus.load_events().itertuples():
        assert event.quote in corpus.document_text(event.doc_id), event.event_id


def _precision_rank(doc) -> int:
    """How finely an article's date is known: an interval counts as the unit that holds it."""
    order = {"year": 0, "month": 1, "day": 2}
    if doc["precision"] != "interval":
        return order[doc["precision"]]
    start, end = doc["start"], doc["end"]
    return 1 if (start.year, start.month) == (end.year, end.month) else 0


def test_relative_dates_never_claim_more_precision_than_their_article():
    docs = corpus.load_documents()
    order = {"year": 0, "month": 1, "day": 2}
    for event in corpus.load_events().query("date_basis == 'relative'").itertuples():
        article = docs.loc[event.doc_id]
        if article["precision"] != "day":
            assert order[event.precision] <= _precision_rank(article) or event.kind == "target", (
                event.event_id
            )


def test_events_are_in_date_order():
    events = corpus.load_events()
    assert events["start"].is_monotonic_increasing


def test_actors_are_canonical_entities():
    names = set(corpus.load_entities()["entity"])
    for event in corpus.load_events().itertuples():
        for actor in event.actors.split(";"):
            assert actor in names, (event.event_id, actor)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("date", "2021-13-01", "does not match precision 'day'"),
        ("quote", "Lukashenko resigned", "quote not found verbatim"),
        ("doc_id", "no-such-article", "unknown doc_id 'no-such-article'; valid:"),
        ("attribution", "rumour", "attribution 'rumour' is not one of official, anonymous"),
        ("flags", "no-source;rumour", "flags 'rumour' is not one of no-source, retrospective"),
    ],
)
def test_a_bad_event_row_names_the_file_line_and_event(data_copy, column, value, message):
    def edit(rows):
        i = next(i for i, r in enumerate(rows) if r["precision"] == "day")
        rows[i][column] = value
        edit.event_id = rows[i]["event_id"]
        return i

    line = rewrite_events(data_copy, edit)
    with pytest.raises(DataError) as err:
        corpus.load_events(data_copy)
    text = str(err.value)
    assert text.startswith(f"{data_copy / 'events.csv'}:{line}: event {edit.event_id}: ")
    assert message in text and "\n" not in text


def test_a_quote_not_found_is_its_own_error_type(data_copy):
    rewrite_events(data_copy, lambda rows: rows[0].update(quote="not in any article") or 0)
    with pytest.raises(QuoteNotFoundError):
        corpus.load_events(data_copy)


def test_a_missing_column_is_reported(data_copy):
    path = data_copy / "events.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("attribution", "source_kind", 1), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"events\.csv:1: missing columns attribution"):
        corpus.load_events(data_copy)


def test_missing_and_corrupted_files_are_reported(data_copy):
    (data_copy / "corpus" / "documents.csv").unlink()
    with pytest.raises(DataError, match=r"documents\.csv: file not found; rebuild"):
        corpus.load_documents(data_copy)
    (data_copy / "entities.csv").write_bytes(b"entity,kind,role,aliases\n\xff\xfe bad\n")
    with pytest.raises(DataError, match=r"entities\.csv: not UTF-8"):
        corpus.load_entities(data_copy)


def test_events_follow_every_edit_and_callers_cannot_change_them(data_copy):
    """The checked table is reused between calls, but never stale or shared."""
    first = corpus.load_events(data_copy)
    first.loc[0, "event"] = "changed by the caller"
    assert corpus.load_events(data_copy).loc[0, "event"] != "changed by the caller"

    def rename(rows):
        rows[0]["event"] = "An event renamed by the editor"
        return 0

    rewrite_events(data_copy, rename)
    assert "An event renamed by the editor" in set(corpus.load_events(data_copy)["event"])

    # an article edited so that an event's quote is gone: the next load says so
    event = corpus.load_events(data_copy).iloc[0]
    text = data_copy / "corpus" / f"{event['doc_id']}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace(event["quote"], "[removed]"), encoding="utf-8")
    with pytest.raises(QuoteNotFoundError, match=f"event {event['event_id']}: "):
        corpus.load_events(data_copy)


# ----------------------------------------------------------------------------- passages
def test_passage_returns_the_paragraph_around_a_quote():
    p = corpus.passage("part-of-belarus", "Take a listen: Russia is a part of Belarus.")
    assert p.text.startswith("“Why are some of you inviting us to join Russia?")
    assert p.before + p.quote + p.after == p.text
    assert corpus.paragraphs("part-of-belarus")[p.index] == p.text


def test_passage_refuses_a_quote_that_is_not_verbatim():
    with pytest.raises(QuoteNotFoundError, match="part-of-belarus"):
        corpus.passage("part-of-belarus", "Russia is part of Belarus")  # missing "a"
    assert not corpus.verify_quote("part-of-belarus", "")


def test_unknown_doc_id_lists_the_valid_ones():
    with pytest.raises(DataError, match=r"unknown doc_id 'nope'; valid: deeper-ties, living-integration"):
        corpus.passage("nope", "x")


# ----------------------------------------------------------------------------- entities & mentions
def test_aliases_are_normalised_in_mention_counts():
    by_alias = corpus.mentions(by="alias")
    luka = by_alias[by_alias["entity"] == "Alexander Lukashenko"]
    spellings = set(luka["alias"])
    assert {"Lukashenko", "Lukashenka", "Alyaksandr Lukashenka", "Aleksandr Lukashenko"} <= spellings
    by_entity = corpus.mentions().set_index(["doc_id", "entity"])["count"]
    per_doc = luka.groupby("doc_id")["count"].sum()
    for doc_id, n in per_doc.items():
        assert by_entity[(doc_id, "Alexander Lukashenko")] == n
    # a full name is one mention, not a first name plus a surname
    text = corpus.document_text("sham-acceleration")
    assert per_doc["sham-acceleration"] == len(re.findall(r"Lukashenka", text))


def test_belarussian_spelling_is_counted_with_belarusian():
    m = corpus.mentions(by="alias").query("entity == 'Belarusian'")
    assert set(m["alias"]) == {"Belarusian", "Belarussian"}
    assert set(m.loc[m["alias"] == "Belarussian", "doc_id"]) == {"unified-parliament", "part-of-belarus"}


def test_mentions_rejects_unknown_grouping():
    with pytest.raises(ValueError, match="choose 'entity' or 'alias'"):
        corpus.mentions(by="article")


# ----------------------------------------------------------------------------- finding the data
def test_data_is_found_from_any_working_directory(tmp_path):
    code = "import coursekit as ck; print(len(ck.load_events()))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert int(out.stdout) == len(corpus.load_events())


def test_coursekit_data_points_at_another_corpus(data_copy, monkeypatch):
    rewrite_events(data_copy, lambda rows: (rows.__delitem__(slice(10, None)), 0)[1])
    monkeypatch.setenv("COURSEKIT_DATA", str(data_copy))
    assert len(corpus.load_events()) == 10
    monkeypatch.setenv("COURSEKIT_DATA", str(data_copy / "nowhere"))
    with pytest.raises(DataError, match=r"COURSEKIT_DATA=.* is not a folder"):
        corpus.load_events()


def test_corpus_check_command_reports_every_problem_without_traceback(data_copy):
    rewrite_events(data_copy, lambda rows: (rows[0].update(date="19944"), rows[1].update(quote="zzz"), 0)[2])
    env = {**os.environ, "COURSEKIT_DATA": str(data_copy)}
    run = subprocess.run(
        [sys.executable, "-m", "coursekit", "corpus", "check"], env=env, capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2 and all("events.csv:" in line for line in lines)


def test_corpus_check_is_clean_on_the_committed_data():
    run = subprocess.run(
        [sys.executable, "-m", "coursekit", "corpus", "check"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr


# ----------------------------------------------------------------------------- citations
def test_cite_shows_the_passage_and_escapes_html(data_copy):
    import coursekit as ck

    c = ck.cite("unified-parliament", "a 31-item integration roadmap")
    html_out = c._repr_html_()
    assert "<strong>a 31-item integration roadmap</strong>" in html_out
    assert (
        "<cite>Are Russia and Belarus Creating a Unified Cabinet and Parliament?</cite>”, The Moscow Times, between 1 January 2019 and 7 December 2019"
        in html_out
    )
    # an article containing markup is shown as text, never injected
    text = data_copy / "corpus" / "unified-parliament.txt"
    text.write_text(
        text.read_text(encoding="utf-8").replace(
            "Semashko told tut.by", "Semashko <script>x()</script> told tut.by"
        ),
        encoding="utf-8",
    )
    unsafe = ck.cite("unified-parliament", "<script>x()</script>", data=data_copy)
    assert "<script>" not in unsafe._repr_html_() and "<script>" not in unsafe._repr_markdown_()
    assert "&lt;script&gt;" in unsafe._repr_html_()
