"""The corpus package keeps its public names after its split into modules.

Module sizes and import cycles of every package, the corpus included, are checked in
tests/test_architecture.py.
"""

from __future__ import annotations

import coursekit.corpus


def test_the_package_namespace_stays_the_public_api():
    expected = {
        "ATTRIBUTIONS", "FLAGS", "PRECISIONS", "Passage", "date_span", "document_text",
        "load_documents", "load_entities", "load_events", "mentions", "paragraphs",
        "passage", "term_counts", "verify_quote",
    }  # fmt: skip
    assert expected <= set(coursekit.corpus.__all__)
    assert all(hasattr(coursekit.corpus, name) for name in coursekit.corpus.__all__)
