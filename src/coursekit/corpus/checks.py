"""Whole-corpus consistency checks, reporting every problem, not only the first."""

from __future__ import annotations

from pathlib import Path

from coursekit.corpus.build import render_corpus
from coursekit.corpus.context import load_context
from coursekit.corpus.documents import load_documents
from coursekit.corpus.entities import load_entities
from coursekit.corpus.events import _event_rows
from coursekit.errors import DataError

__all__ = ["check_corpus"]


def check_corpus(data: Path) -> list[str]:
    """Return one line per problem found in the data folder (empty when clean).

    Checks that every raw file matches its sha256, that ``corpus/`` equals a fresh
    build, that ``documents.csv`` loads, that every event is valid (date, doc_id,
    attribution, verbatim quote) and that ``entities.csv`` and the outside-context
    table ``context.csv`` (every row dated and citing a public source) load.
    """
    problems: list[str] = []
    try:
        fresh = render_corpus(data)
    except DataError as exc:
        return [str(exc)]
    out = data / "corpus"
    for name, content in fresh.items():
        path = out / name
        if not path.is_file():
            problems.append(f"{path}: missing; run `coursekit corpus build`")
        elif path.read_bytes() != content.encode("utf-8"):
            problems.append(f"{path}: differs from a fresh build; run `coursekit corpus build`")
    if out.is_dir():
        problems.extend(
            f"{extra}: not produced by the build; remove it or run `coursekit corpus build`"
            for extra in sorted(out.iterdir())
            if extra.is_file() and extra.name not in fresh
        )
    for load in (load_documents, load_entities, load_context):
        try:
            load(data)
        except DataError as exc:
            problems.append(str(exc))
    try:
        problems.extend(str(p) for p, _ in _event_rows(data) if p is not None)
    except DataError as exc:
        problems.append(str(exc))
    return problems
