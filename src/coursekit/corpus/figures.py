"""Key numbers of the course, each with the verbatim quote it comes from.

``data/figures.csv`` holds the counts learners mix up (the 31-item roadmap, its
11 unresolved items, the 28 union programmes...). Like the events, every row is
checked on load: the quote must be verbatim in its article, the value numeric
and written in the quote, so a figure can never drift from its source.

Examples
--------
>>> from coursekit.corpus.figures import load_figures
>>> figs = load_figures()
>>> figs.loc[figs.figure_id == "F04", ["value", "qualifier", "display"]].values.tolist()
[[400, 'over', 'over 400']]
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.corpus.documents import _doc_ids
from coursekit.corpus.events import _check_row_source, _row_where
from coursekit.corpus.reading import _data, _read_csv_rows
from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIGURE_COLUMNS", "QUALIFIERS", "load_figures"]

FIGURE_COLUMNS = ["figure_id", "label", "value", "qualifier", "doc_id", "quote"]
"""The columns of ``figures.csv``."""
QUALIFIERS = ("", "about", "almost", "at least", "more than", "nearly", "over", "under", "up to")
"""Words allowed before a value (``"over"`` 400 bilateral documents); empty for an exact count."""


def _number(text: str) -> int | float:
    """Parse ``text`` as a finite number; integers stay integers."""
    value = float(text)  # ValueError if not a number
    if not math.isfinite(value):
        raise ValueError(text)
    return int(value) if value.is_integer() and re.fullmatch(r"[+-]?\d+(\.0*)?", text) else value


def _figure_record(
    folder: Path, path: Path, line: int, row: dict[str, str], ids: dict[str, str], seen: set[str]
) -> dict[str, object]:
    where = _row_where(path, line, row, "figure", seen)
    if not row["label"]:
        msg = "empty label"
        raise DataError(msg, **where)
    try:
        value = _number(row["value"])
    except ValueError:
        msg = f"value {row['value']!r} is not a number"
        raise DataError(msg, **where) from None
    if row["qualifier"] not in QUALIFIERS:
        valid = ", ".join(repr(q) for q in QUALIFIERS)
        msg = f"qualifier {row['qualifier']!r} is not one of {valid}"
        raise DataError(msg, **where)
    _check_row_source(folder, row, ids, where)
    written = f"{row['qualifier']} {row['value']}".strip()
    if written not in row["quote"]:
        msg = f"the quote does not contain the figure as written ({written!r})"
        raise DataError(msg, **where)
    return {**row, "value": value, "display": written}


def load_figures(data: str | Path | None = None) -> pd.DataFrame:
    """Return the key numbers, one row per figure, each with its source quote.

    Every row is checked: a unique ``figure_id``, a label, a numeric ``value``
    and a known ``qualifier``, a known ``doc_id``, a quote found verbatim in the
    article, and the figure (qualifier and value, e.g. ``over 400``) written in
    that quote.

    Parameters
    ----------
    data
        Data folder; defaults to :func:`coursekit.paths.data_dir`.

    Returns
    -------
    pandas.DataFrame
        The columns of ``figures.csv`` (strings; ``value`` a number) plus
        ``display``: the figure as the article writes it (``"over 400"``).

    Raises
    ------
    DataError
        ``figures.csv:LINE: figure ID: message`` for the first bad row.

    Examples
    --------
    >>> load_figures().set_index("figure_id").loc["F02", "display"]
    '11'
    """
    import pandas as pd

    folder = _data(data)
    path = folder / "figures.csv"
    ids = _doc_ids(folder)
    seen: set[str] = set()
    records = [
        _figure_record(folder, path, line, row, ids, seen)
        for line, row in _read_csv_rows(path, FIGURE_COLUMNS)
    ]
    frame = pd.DataFrame.from_records(records, columns=[*FIGURE_COLUMNS, "display"])
    for col in [c for c in frame.columns if c != "value"]:
        frame[col] = frame[col].astype("string")
    frame["value"] = pd.to_numeric(frame["value"])
    return frame
