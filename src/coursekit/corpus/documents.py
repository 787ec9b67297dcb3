"""The documents table (``corpus/documents.csv``) and the cleaned texts of the articles."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.corpus.dates import PUBLICATION_PRECISIONS, parse_day
from coursekit.corpus.reading import Where, _data, _read_csv_rows, _read_text, _stamp
from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DOCUMENT_COLUMNS", "document_text", "load_documents", "paragraphs"]

DOCUMENT_COLUMNS = [
    "doc_id",
    "title",
    "title_source",
    "outlet",
    "outlet_evidence",
    "author",
    "published",
    "precision",
    "earliest",
    "earliest_basis",
    "earliest_evidence",
    "earliest_note",
    "latest",
    "latest_basis",
    "latest_evidence",
    "latest_note",
    "archive_date",
    "archive_source",
    "date_evidence",
    "date_note",
    "seed_file",
    "sha256",
    "text_file",
    "paragraphs",
    "words",
]
"""The columns of ``documents.csv``, in the order ``coursekit corpus build`` writes them."""


def _documents_frame(data: Path) -> pd.DataFrame:
    import pandas as pd

    path = data / "corpus" / "documents.csv"
    rows = _read_csv_rows(path, DOCUMENT_COLUMNS)
    records = []
    for line, row in rows:
        where: Where = {"path": path, "line": line, "item": row["doc_id"] or "?", "item_kind": "document"}
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
