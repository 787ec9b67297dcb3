"""The timeline (``events.csv``): every event checked against its article on load."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.corpus.dates import PRECISIONS, date_span
from coursekit.corpus.documents import _doc_ids
from coursekit.corpus.passages import passage
from coursekit.corpus.reading import Where, _data, _read_csv_rows, _stamp
from coursekit.errors import DataError, QuoteNotFoundError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ATTRIBUTIONS", "DATE_BASES", "EVENT_COLUMNS", "EVENT_KINDS", "FLAGS", "load_events"]

ATTRIBUTIONS = ("official", "anonymous", "analysis", "reported")
"""Kinds of source behind an event: an on-record statement by an officeholder or
state body; a claim from unnamed sources; an author's or analyst's judgement; a
fact the outlet reports in its own voice or from a named, non-official source."""
FLAGS = ("no-source", "retrospective")
"""Cautions an event can carry (column ``flags``, separated by ``;``): ``no-source``,
the article asserts it in its own voice without naming any source for something it
could not have witnessed; ``retrospective``, a verdict written later about an earlier
event (its date is the event's, not the verdict's)."""
DATE_BASES = ("stated", "relative")
EVENT_KINDS = ("event", "target")

EVENT_COLUMNS = [
    "event_id",
    "date",
    "precision",
    "date_basis",
    "kind",
    "event",
    "actors",
    "doc_id",
    "quote",
    "attribution",
    "flags",
]


def _event_rows(folder: Path):
    """Yield ``(problem, record)`` per row of events.csv: one of them is None."""
    path = folder / "events.csv"
    rows = _read_csv_rows(path, EVENT_COLUMNS)
    ids = _doc_ids(folder)
    seen: set[str] = set()
    for line, row in rows:
        try:
            yield None, _event_record(folder, path, line, row, ids, seen)
        except DataError as exc:
            yield exc, None


def _row_where(path: Path, line: int, row: dict[str, str], kind: str, seen: set[str]) -> Where:
    """Check a data row's id (present, unique) and return where it is, for errors."""
    key = f"{kind}_id"
    where: Where = {"path": path, "line": line, "item": row[key] or "?", "item_kind": kind}
    if not row[key]:
        msg = f"empty {key}"
        raise DataError(msg, **where)
    if row[key] in seen:
        msg = f"duplicate {key}"
        raise DataError(msg, **where)
    seen.add(row[key])
    return where


def _check_row_source(folder: Path, row: dict[str, str], ids: dict[str, str], where: Where) -> None:
    """Check a data row's ``doc_id`` and that its ``quote`` is verbatim in that article."""
    if row["doc_id"] not in ids:
        msg = f"unknown doc_id {row['doc_id']!r}; valid: {', '.join(sorted(ids))}"
        raise DataError(msg, **where)
    try:
        passage(row["doc_id"], row["quote"], folder)
    except QuoteNotFoundError as exc:
        raise QuoteNotFoundError(exc.message, **where) from None


def _event_record(
    folder: Path, path: Path, line: int, row: dict[str, str], ids: dict[str, str], seen: set[str]
) -> dict[str, object]:
    where = _row_where(path, line, row, "event", seen)
    for col, valid in (
        ("attribution", ATTRIBUTIONS),
        ("date_basis", DATE_BASES),
        ("kind", EVENT_KINDS),
        ("precision", PRECISIONS),
    ):
        if row[col] not in valid:
            msg = f"{col} {row[col]!r} is not one of {', '.join(valid)}"
            raise DataError(msg, **where)
    try:
        start, end = date_span(row["date"], row["precision"])
    except ValueError as exc:
        raise DataError(str(exc), **where) from None
    unknown = [f for f in row["flags"].split(";") if f.strip() and f.strip() not in FLAGS]
    if unknown:
        msg = f"flags {unknown[0]!r} is not one of {', '.join(FLAGS)} (separate several with ';')"
        raise DataError(msg, **where)
    if not row["event"]:
        msg = "empty event description"
        raise DataError(msg, **where)
    _check_row_source(folder, row, ids, where)
    return {**row, "start": start, "end": end}


def load_events(data: str | Path | None = None) -> pd.DataFrame:
    """Return the timeline, one row per event, in date order.

    Every row is checked: a known ``doc_id``, a date matching its precision, a
    known attribution, and a quote found verbatim in the article.

    Returns
    -------
    pandas.DataFrame
        The columns of ``events.csv`` (strings; ``precision``, ``attribution``,
        ``kind`` and ``date_basis`` categorical), plus ``start``/``end`` (the span
        the date covers) and ``year``.

    Raises
    ------
    DataError
        ``events.csv:LINE: event ID: message`` for the first bad row.

    Examples
    --------
    >>> ev = load_events()
    >>> ev.loc[ev.event_id == "E001", ["date", "precision"]].values.tolist()
    [['1994', 'year']]
    """
    folder = _data(data)
    return _events_frame_cached(str(folder), _events_key(folder)).copy()


def _events_key(folder: Path) -> tuple[tuple[int, int] | None, ...]:
    """The versions of every file the events table is checked against."""
    corpus_dir = folder / "corpus"
    files = [folder / "events.csv", corpus_dir / "documents.csv"]
    if files[1].is_file():
        files += [corpus_dir / name for name in sorted(set(_doc_ids(folder).values()))]
    return tuple(_stamp(f) if f.is_file() else None for f in files)


@lru_cache(maxsize=8)
def _events_frame_cached(folder: str, key: tuple[tuple[int, int] | None, ...]) -> pd.DataFrame:
    """The checked events table, rebuilt only when events.csv, documents.csv or an article changes.

    Notebooks and charts ask for it several times; checking every quote again
    cost about 14 ms each time. Callers get a copy.
    """
    import pandas as pd

    records = []
    for problem, record in _event_rows(Path(folder)):
        if problem is not None:
            raise problem
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[*EVENT_COLUMNS, "start", "end"])
    for col in EVENT_COLUMNS:
        frame[col] = frame[col].astype("string")
    frame["precision"] = pd.Categorical(frame["precision"], categories=list(PRECISIONS))
    frame["attribution"] = pd.Categorical(frame["attribution"], categories=list(ATTRIBUTIONS))
    frame["date_basis"] = pd.Categorical(frame["date_basis"], categories=list(DATE_BASES))
    frame["kind"] = pd.Categorical(frame["kind"], categories=list(EVENT_KINDS))
    frame["year"] = frame["start"].dt.year.astype("int64")
    return frame.sort_values(["start", "end", "event_id"], kind="stable").reset_index(drop=True)
