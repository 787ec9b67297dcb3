"""coursekit: a Jupyter course on the Russia–Belarus Union State, 1994–2025.

The public API is small and loads lazily: ``import coursekit`` imports neither
pandas, altair nor ipywidgets. They are imported when first used.

Examples
--------
>>> import coursekit as ck
>>> ck.load_documents().shape[0]
5
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit._lazy import attach as _attach

__version__ = "0.1.0"

if TYPE_CHECKING:  # what each lazy name is, for type checkers and editors (a test keeps it equal to _LAZY)
    from coursekit import corpus as corpus
    from coursekit.corpus import document_text as document_text
    from coursekit.corpus import load_documents as load_documents
    from coursekit.corpus import load_entities as load_entities
    from coursekit.corpus import load_events as load_events
    from coursekit.corpus import mentions as mentions
    from coursekit.corpus import passage as passage
    from coursekit.display import cite as cite
    from coursekit.errors import CoursekitError as CoursekitError
    from coursekit.notebook import setup_notebook as setup_notebook
    from coursekit.paragraphs import prose as prose
    from coursekit.tables import table as table

# name -> module that defines it. Submodules are listed as themselves.
_LAZY: dict[str, str] = {
    "load_documents": "coursekit.corpus",
    "load_events": "coursekit.corpus",
    "load_entities": "coursekit.corpus",
    "document_text": "coursekit.corpus",
    "passage": "coursekit.corpus",
    "mentions": "coursekit.corpus",
    "cite": "coursekit.display",
    "table": "coursekit.tables",
    "prose": "coursekit.paragraphs",
    "setup_notebook": "coursekit.notebook",
    "CoursekitError": "coursekit.errors",
    "corpus": "coursekit.corpus",
}

__all__ = ["__version__", *_LAZY]


__getattr__, __dir__ = _attach(__name__, _LAZY)
