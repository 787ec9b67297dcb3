"""Checking a question's ``source`` against the corpus: a known article, a verbatim quote."""

from __future__ import annotations

import difflib
from typing import Any

from coursekit.errors import DataError
from coursekit.quiz.reading import Report as _Report
from coursekit.quiz.types._base import Source

__all__ = ["check_source"]


_LOOSE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _loose(text: str) -> str:
    return " ".join(text.translate(_LOOSE).split())


def check_source(
    source: Source, loc: tuple[Any, ...], report: _Report, seen: dict[str, list[str]] | None = None
) -> None:
    """Report an unknown ``doc_id``, or a quote not verbatim within one paragraph of it.

    The corpus keeps one parsed copy of each file per version of it, so a changed
    article or ``COURSEKIT_DATA`` is seen at once. ``seen`` keeps the paragraphs
    for the length of one check (the caller's dict): a quiz cites a few articles
    many times.
    """
    from coursekit.corpus import load_documents, paragraphs

    try:
        if seen is None:
            paras = paragraphs(source.doc_id)
        else:
            if source.doc_id not in seen:
                seen[source.doc_id] = paragraphs(source.doc_id)
            paras = seen[source.doc_id]
    except DataError as exc:
        try:
            ids = sorted(load_documents().index)
        except DataError:
            report.add(f"cannot check sources: {exc}", (*loc, "doc_id"))
            return
        hint = difflib.get_close_matches(source.doc_id, ids, n=1)
        mean = f" (did you mean {hint[0]!r}?)" if hint else ""
        report.add(f"unknown doc_id {source.doc_id!r}{mean}; valid: {', '.join(ids)}", (*loc, "doc_id"))
        return
    if any(source.quote in p for p in paras):
        return
    short = source.quote if len(source.quote) <= 70 else source.quote[:69] + "…"
    if any(_loose(source.quote) in _loose(p) for p in paras):
        why = (
            "it differs only in quotes, apostrophes, dashes or spaces; copy it exactly from "
            f"data/corpus/{source.doc_id}.txt"
        )
    elif "\n" in source.quote.strip() or any(
        _loose(source.quote) in _loose(" ".join(paras[i : i + 2])) for i in range(len(paras))
    ):
        why = "a quote must lie within one paragraph"
    else:
        why = f"see data/corpus/{source.doc_id}.txt"
    report.add(f"quote not found verbatim in {source.doc_id}: {short!r}; {why}", (*loc, "quote"))
