"""Entities and their spellings; who is mentioned where, and which framing words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.corpus.documents import _doc_ids, _documents_frame, document_text
from coursekit.corpus.reading import _data, _read_csv_rows
from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ENTITY_COLUMNS", "load_entities", "mentions", "term_counts"]

ENTITY_COLUMNS = ["entity", "kind", "role", "aliases"]


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
