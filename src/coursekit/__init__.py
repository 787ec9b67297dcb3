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

from coursekit._lazy import attach as _attach

__version__ = "0.1.0"

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
