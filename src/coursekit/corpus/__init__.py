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

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.corpus.dates import PRECISIONS, PUBLICATION_PRECISIONS, date_span, parse_day
from coursekit.errors import DataError, QuoteNotFoundError
from coursekit.paths import data_dir

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ATTRIBUTIONS",
    "FLAGS",
    "PRECISIONS",
    "Passage",
    "date_span",
    "document_text",
    "load_documents",
    "load_entities",
    "load_events",
    "mentions",
    "paragraphs",
    "passage",
    "term_counts",
    "verify_quote",
]

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
ENTITY_COLUMNS = ["entity", "kind", "role", "aliases"]


# ----------------------------------------------------------------------------- reading
def _data(data: str | Path | None) -> Path:
    return Path(data) if data is not None else data_dir()


def _stamp(path: Path) -> tuple[int, int]:
    """``(mtime_ns, size)`` of a data file, the key of the caches below; a clear error if missing."""
    if not path.is_file():
        raise DataError(
            "file not found; rebuild with `coursekit corpus build`"
            if path.parent.name == "corpus"
            else "file not found",
            path=path,
        )
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _read_text(path: Path) -> str:
    return _read_text_cached(str(path), *_stamp(path))


@lru_cache(maxsize=64)
def _read_text_cached(path: str, mtime_ns: int, size: int) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise DataError(msg, path=path) from None


def _read_csv_rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(line number, row)`` pairs; check the header names ``columns``.

    The file is parsed once per version (its modification time and size); every
    call gets its own copy of the rows.
    """
    rows = _csv_rows_cached(str(path), tuple(columns), *_stamp(path))
    return [(line, dict(row)) for line, row in rows]


@lru_cache(maxsize=32)
def _csv_rows_cached(
    path_str: str, columns: tuple[str, ...], mtime_ns: int, size: int
) -> tuple[tuple[int, dict[str, str]], ...]:
    path = Path(path_str)
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        msg = f"missing columns {', '.join(missing)}; expected: {', '.join(columns)}"
        raise DataError(
            msg,
            path=path,
            line=1,
        )
    rows = []
    try:
        for row in reader:
            line = reader.line_num  # line of the row's last physical line
            if None in row or any(v is None for v in row.values()):
                msg = f"wrong number of fields; expected {len(header)} ({', '.join(header)})"
                raise DataError(
                    msg,
                    path=path,
                    line=line,
                )
            rows.append((line, {k: v.strip() for k, v in row.items()}))
    except csv.Error as exc:
        msg = f"malformed CSV ({exc})"
        raise DataError(msg, path=path, line=reader.line_num) from None
    return tuple(rows)


# ----------------------------------------------------------------------------- documents
def _documents_frame(data: Path) -> pd.DataFrame:
    import pandas as pd

    path = data / "corpus" / "documents.csv"
    from coursekit.corpus.build import DOCUMENT_COLUMNS

    rows = _read_csv_rows(path, DOCUMENT_COLUMNS)
    records = []
    for line, row in rows:
        where = {"path": path, "line": line, "item": row["doc_id"] or "?", "item_kind": "document"}
        try:  # the bounds; `coursekit corpus check` confirms `published` says the same
            start, end = (pd.Timestamp(parse_day(row[col])) for col in ("earliest", "latest"))
        except ValueError as exc:
            raise DataError(str(exc), **where) from None
        if end < start or row["precision"] not in PUBLICATION_PRECISIONS:
            msg = (
                f"earliest {row['earliest']} after latest {row['latest']}"
                if end < start
                else f"precision {row['precision']!r} is not one of {', '.join(PUBLICATION_PRECISIONS)}"
            )
            raise DataError(msg, **where)
        if not (data / "corpus" / row["text_file"]).is_file():
            msg = f"text_file {row['text_file']!r} not found in corpus/"
            raise DataError(msg, **where)
        records.append({**row, "start": start, "end": end})
    frame = pd.DataFrame.from_records(records, columns=[*DOCUMENT_COLUMNS, "start", "end"])
    if frame["doc_id"].duplicated().any():
        dup = frame.loc[frame["doc_id"].duplicated(), "doc_id"].iloc[0]
        msg = "duplicate doc_id"
        raise DataError(msg, path=path, item=dup, item_kind="document")
    for col in ("paragraphs", "words"):
        frame[col] = pd.to_numeric(frame[col]).astype("int64")
    for col in [c for c in DOCUMENT_COLUMNS if c not in {"paragraphs", "words"}]:
        frame[col] = frame[col].astype("string")
    frame["precision"] = pd.Categorical(frame["precision"], categories=list(PUBLICATION_PRECISIONS))
    return frame.set_index("doc_id", drop=False).rename_axis(None)


def load_documents(data: str | Path | None = None) -> pd.DataFrame:
    """Return one row per article, indexed by ``doc_id``.

    Parameters
    ----------
    data
        Data folder; defaults to :func:`coursekit.paths.data_dir`.

    Returns
    -------
    pandas.DataFrame
        The columns of ``documents.csv`` (strings; ``precision`` categorical;
        ``paragraphs`` and ``words`` integers) plus ``start`` and ``end``: the
        first and last day the article can have been written (``earliest`` and
        ``latest`` as timestamps).

    Examples
    --------
    >>> load_documents()["precision"].value_counts().sort_index().to_dict()
    {'year': 1, 'month': 0, 'day': 1, 'interval': 3}
    """
    folder = _data(data)
    return _documents_frame_cached(str(folder), *_stamp(folder / "corpus" / "documents.csv")).copy()


@lru_cache(maxsize=8)
def _documents_frame_cached(folder: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """The documents table, rebuilt only when documents.csv changes.

    Every citation in a notebook needs its article's reference; building the
    table each time cost about 12 ms a quote. Callers get a copy.
    """
    return _documents_frame(Path(folder))


def _doc_ids(data: Path) -> dict[str, str]:
    """``{doc_id: text_file}`` from documents.csv."""
    from coursekit.corpus.build import DOCUMENT_COLUMNS

    rows = _read_csv_rows(data / "corpus" / "documents.csv", DOCUMENT_COLUMNS)
    return {row["doc_id"]: row["text_file"] for _, row in rows}


def paragraphs(doc_id: str, data: str | Path | None = None) -> list[str]:
    """Return the cleaned paragraphs of one article (headline first, if any).

    Raises
    ------
    DataError
        If ``doc_id`` is unknown; the message lists the valid ids.
    """
    folder = _data(data)
    ids = _doc_ids(folder)
    if doc_id not in ids:
        msg = f"unknown doc_id {doc_id!r}; valid: {', '.join(sorted(ids))}"
        raise DataError(msg)
    text = _read_text(folder / "corpus" / ids[doc_id])
    return [p for p in text.split("\n\n") if p.strip()]


def document_text(doc_id: str, data: str | Path | None = None) -> str:
    """Return the cleaned text of one article, paragraphs separated by blank lines."""
    return "\n\n".join(paragraphs(doc_id, data))


# ----------------------------------------------------------------------------- passages
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


# ----------------------------------------------------------------------------- events
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


def _row_where(path: Path, line: int, row: dict[str, str], kind: str, seen: set[str]) -> dict[str, object]:
    """Check a data row's id (present, unique) and return where it is, for errors."""
    key = f"{kind}_id"
    where = {"path": path, "line": line, "item": row[key] or "?", "item_kind": kind}
    if not row[key]:
        msg = f"empty {key}"
        raise DataError(msg, **where)
    if row[key] in seen:
        msg = f"duplicate {key}"
        raise DataError(msg, **where)
    seen.add(row[key])
    return where


def _check_row_source(
    folder: Path, row: dict[str, str], ids: dict[str, str], where: dict[str, object]
) -> None:
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


# ----------------------------------------------------------------------------- entities
def load_entities(data: str | Path | None = None) -> pd.DataFrame:
    """Return the entities and their aliases.

    Returns
    -------
    pandas.DataFrame
        ``entity``, ``kind``, ``role`` and ``aliases`` (a list of strings, the
        spellings found in the articles: Lukashenko, Lukashenka...).
    """
    import pandas as pd

    path = _data(data) / "entities.csv"
    rows = _read_csv_rows(path, ENTITY_COLUMNS)
    records = []
    for line, row in rows:
        aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
        if not row["entity"] or not aliases:
            msg = "needs an entity name and at least one alias (separated by ';')"
            raise DataError(
                msg,
                path=path,
                line=line,
                item=row["entity"] or "?",
                item_kind="entity",
            )
        records.append({**row, "aliases": aliases})
    frame = pd.DataFrame.from_records(records, columns=ENTITY_COLUMNS)
    for col in ("entity", "kind", "role"):
        frame[col] = frame[col].astype("string")
    return frame


def _alias_pattern(aliases: list[str]) -> re.Pattern[str]:
    # Longest first, so "Alyaksandr Lukashenka" counts once, not also as "Lukashenka".
    alts = sorted(aliases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in alts) + r")(?!\w)")


def mentions(by: str = "entity", data: str | Path | None = None) -> pd.DataFrame:
    """Count mentions of each entity in each article, aliases normalised.

    Parameters
    ----------
    by
        ``"entity"`` counts all spellings of an entity together; ``"alias"``
        keeps each spelling apart (to see that one outlet writes "Lukashenka").

    Returns
    -------
    pandas.DataFrame
        Long form: ``doc_id``, ``entity``, (``alias``,) ``count``; only non-zero
        counts.

    Examples
    --------
    >>> m = mentions()
    >>> int(m.query("doc_id == 'sham-acceleration' and entity == 'Alexander Lukashenko'")["count"].iloc[0])
    12
    """
    import pandas as pd

    if by not in ("entity", "alias"):
        msg = f"by={by!r} is not valid; choose 'entity' or 'alias'"
        raise ValueError(msg)
    folder = _data(data)
    ents = load_entities(folder)
    rows = []
    for doc_id in _doc_ids(folder):
        text = document_text(doc_id, folder)
        for entity, aliases in zip(ents["entity"], ents["aliases"], strict=True):
            found = _alias_pattern(aliases).findall(text)
            if by == "entity":
                if found:
                    rows.append({"doc_id": doc_id, "entity": entity, "count": len(found)})
            else:
                for alias in aliases:
                    n = found.count(alias)
                    if n:
                        rows.append({"doc_id": doc_id, "entity": entity, "alias": alias, "count": n})
    columns = ["doc_id", "entity", "count"] if by == "entity" else ["doc_id", "entity", "alias", "count"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["count"] = frame["count"].astype("int64")
    return frame


def term_counts(terms: list[str] | tuple[str, ...], data: str | Path | None = None) -> pd.DataFrame:
    """Count framing terms per article (case-insensitive, word stems).

    Parameters
    ----------
    terms
        Word stems such as ``"integrat"`` or ``"annex"``: each matches any word
        starting with it (integration, integrating...).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``published``, ``precision``, ``start``, ``term``, ``count``
        for every article and term, zeros included.

    Examples
    --------
    >>> t = term_counts(["merger"])
    >>> int(t.set_index("doc_id").loc["living-integration", "count"])
    5
    """
    import pandas as pd

    if not terms or any(not isinstance(t, str) or not t.strip() for t in terms):
        msg = "terms must be a non-empty list of non-empty strings"
        raise ValueError(msg)
    folder = _data(data)
    docs = _documents_frame(folder)
    rows = []
    for doc_id, doc in docs.iterrows():
        text = document_text(str(doc_id), folder)
        for term in terms:
            n = len(re.findall(r"(?<!\w)" + re.escape(term.strip()) + r"\w*", text, re.IGNORECASE))
            rows.append(
                {
                    "doc_id": doc_id,
                    "published": doc["published"],
                    "precision": doc["precision"],
                    "start": doc["start"],
                    "term": term,
                    "count": n,
                }
            )
    return pd.DataFrame(rows)
