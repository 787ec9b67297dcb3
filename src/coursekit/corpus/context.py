"""Outside context: a labelled timeline that closes the loose ends the articles leave.

``data/context.csv`` is **not** evidence from the five articles and is never graded:
every row cites a public source (``source_url``). It answers questions the articles
raise but do not settle (what "beyond 2024" came to, where the December 2019 signing
went, the thin years 2000–2018 and 2022–2024). ``events.csv`` stays the graded
timeline; anything that shows this table must label it as outside context.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.corpus.dates import PRECISIONS, date_span
from coursekit.corpus.reading import Where, _data, _read_csv_rows
from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CONTEXT_COLUMNS", "load_context"]

CONTEXT_COLUMNS = [
    "context_id",
    "date",
    "precision",
    "topic",
    "context",
    "loose_end",
    "source",
    "source_url",
]
"""The columns of ``context.csv``."""

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_context(data: str | Path | None = None) -> pd.DataFrame:
    """Return the outside-context timeline, in date order.

    Every row is checked: a unique ``context_id``, a date matching its precision, a
    one-line ``context``, a ``loose_end`` slug naming what it closes, and a public
    source (``source`` title and an ``https://`` ``source_url``).

    Returns
    -------
    pandas.DataFrame
        The columns of ``context.csv`` (strings; ``precision`` categorical) plus
        ``start``/``end`` (the span the date covers), ``year`` and ``label``, always
        ``"outside context (not graded)"``, for charts and tables to show.

    Raises
    ------
    DataError
        ``context.csv:LINE: context ID: message`` for the first bad row.

    Examples
    --------
    >>> ctx = load_context()
    >>> ctx.loc[ctx.context_id == "X09", "loose_end"].item()
    'beyond-2024'
    """
    import pandas as pd

    path = _data(data) / "context.csv"
    records = []
    seen: set[str] = set()
    for line, row in _read_csv_rows(path, CONTEXT_COLUMNS):
        where: Where = {"path": path, "line": line, "item": row["context_id"] or "?", "item_kind": "context"}
        if not row["context_id"] or row["context_id"] in seen:
            msg = "empty context_id" if not row["context_id"] else "duplicate context_id"
            raise DataError(msg, **where)
        seen.add(row["context_id"])
        try:
            start, end = date_span(row["date"], row["precision"])
        except ValueError as exc:
            raise DataError(str(exc), **where) from None
        if not row["context"] or not row["source"]:
            msg = "needs a context sentence and the title of its public source"
            raise DataError(msg, **where)
        if not row["source_url"].startswith("https://") or any(c.isspace() for c in row["source_url"]):
            msg = f"source_url must be a public https:// address, not {row['source_url']!r}"
            raise DataError(msg, **where)
        if not _SLUG.match(row["loose_end"]):
            msg = f"loose_end must be a lower-case slug such as 'beyond-2024', not {row['loose_end']!r}"
            raise DataError(msg, **where)
        records.append({**row, "start": start, "end": end})
    frame = pd.DataFrame.from_records(records, columns=[*CONTEXT_COLUMNS, "start", "end"])
    for col in CONTEXT_COLUMNS:
        frame[col] = frame[col].astype("string")
    frame["precision"] = pd.Categorical(frame["precision"], categories=list(PRECISIONS))
    frame["year"] = frame["start"].dt.year.astype("int64")
    frame["label"] = "outside context (not graded)"
    return frame.sort_values(["start", "end", "context_id"], kind="stable").reset_index(drop=True)
