"""The outside-context table: labelled, dated, every row citing a public source, never graded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coursekit import corpus
from coursekit.errors import DataError

from .conftest import ROOT

CONTEXT = corpus.load_context()


def test_every_row_has_a_date_and_a_public_source():
    assert len(CONTEXT) >= 15
    assert CONTEXT["context_id"].is_unique
    for row in CONTEXT.itertuples():
        assert row.start <= row.end, row.context_id
        assert row.source and row.source_url.startswith("https://"), row.context_id
    assert set(CONTEXT["label"]) == {"outside context (not graded)"}


@pytest.mark.parametrize(
    "loose_end",
    [
        "thin-years-2000-2018",
        "thin-years-2022-2024",
        "beyond-2024",
        "crucial-decision-april-2021",
        "december-2019-signing",
        "security-treaty-2024",
    ],
)
def test_the_loose_ends_the_articles_leave_are_closed(loose_end):
    assert loose_end in set(CONTEXT["loose_end"])


def test_the_thin_years_have_rows():
    years = set(CONTEXT["year"])
    assert len(years & set(range(2000, 2019))) >= 3
    assert years & {2022, 2023, 2024} == {2022, 2023, 2024}


def test_context_is_never_graded():
    """No quiz cites the context table's sources; graded answers rest on the five articles."""
    urls = set(CONTEXT["source_url"])
    for path in sorted((ROOT / "quizzes").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert not any(url in text for url in urls), path.name
        assert "context.csv" not in text, path.name


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("source_url", "http://example.org/x", "source_url must be a public https:// address"),
        ("source_url", "", "source_url must be a public https:// address"),
        ("date", "2021-13", "does not match precision"),
        ("source", "", "needs a context sentence and the title of its public source"),
    ],
)
def test_a_bad_context_row_names_the_file_line_and_row(data_copy, column, value, message):
    path = Path(data_copy) / "context.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[2][column] = value
    if column == "date":
        rows[2]["precision"] = "month"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(DataError) as err:
        corpus.load_context(data_copy)
    assert str(err.value).startswith(f"{path}:4: context {rows[2]['context_id']}: ")
    assert message in str(err.value)
