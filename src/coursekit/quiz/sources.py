"""Checking a question's ``source`` against the corpus: a known article, a verbatim quote."""

from __future__ import annotations

import difflib
from typing import Any

from coursekit.errors import DataError
from coursekit.quiz.reading import Report as _Report
from coursekit.quiz.types._base import Source

__all__ = ["check_source", "reset_corpus_cache"]


class _Corpus:
    """Document ids and paragraphs, loaded once per check."""

    def __init__(self) -> None:
        self._ids: list[str] | None = None
        self._paragraphs: dict[str, list[str]] = {}
        self.error: str | None = None

    def ids(self) -> list[str]:
        if self._ids is None:
            from coursekit.corpus import load_documents

            try:
                self._ids = sorted(load_documents().index)
            except DataError as exc:
                self.error = str(exc)
                self._ids = []
        return self._ids

    def paragraphs(self, doc_id: str) -> list[str]:
        if doc_id not in self._paragraphs:
            from coursekit.corpus import paragraphs

            self._paragraphs[doc_id] = paragraphs(doc_id)
        return self._paragraphs[doc_id]


_CORPUS: _Corpus | None = None


def _corpus() -> _Corpus:
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = _Corpus()
    return _CORPUS


def reset_corpus_cache() -> None:
    """Forget the cached corpus (after ``COURSEKIT_DATA`` changes)."""
    global _CORPUS
    _CORPUS = None


_LOOSE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _loose(text: str) -> str:
    return " ".join(text.translate(_LOOSE).split())


def check_source(source: Source, loc: tuple[Any, ...], report: _Report) -> None:
    corpus = _corpus()
    ids = corpus.ids()
    if corpus.error:
        report.add(f"cannot check sources: {corpus.error}", (*loc, "doc_id"))
        return
    if source.doc_id not in ids:
        hint = difflib.get_close_matches(source.doc_id, ids, n=1)
        mean = f" (did you mean {hint[0]!r}?)" if hint else ""
        report.add(f"unknown doc_id {source.doc_id!r}{mean}; valid: {', '.join(ids)}", (*loc, "doc_id"))
        return
    paras = corpus.paragraphs(source.doc_id)
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
