"""The set-up call at the top of every course notebook.

Examples
--------
>>> import coursekit as ck
>>> ck.setup_notebook.__module__
'coursekit.notebook'
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

__all__ = ["setup_notebook", "strip_course_notebook"]

_COURSE_NOTEBOOK = re.compile(r"\d\d-[\w-]+\.ipynb")


def setup_notebook() -> None:
    """Prepare this kernel for a course notebook: offline charts, a lighter garbage collector.

    Call it once, in the notebook's first code cell, after the imports. It

    1. makes charts render with no internet connection
       (:func:`coursekit.charts.enable_offline`);
    2. freezes everything imported so far (:func:`gc.freeze`). pandas, Altair
       with its Vega-Lite schema and ipywidgets make over 100,000 objects that
       live as long as the kernel, yet Python's cycle collector walks all of them
       again at each full collection (two per notebook, 50-100 ms each on a
       two-core machine) and once more when the kernel shuts down.
       Frozen, they are left out of those walks; reference counting still frees
       whatever they let go of. ``benchmarks/notebooks_time.py`` measures the
       effect.

    Running it again is harmless: charts stay offline, and whatever the notebook
    has made by then is frozen too.
    """
    from coursekit import charts

    charts.enable_offline()
    gc.freeze()


def strip_course_notebook(*, model: dict[str, Any], path: str, contents_manager: Any, **_: Any) -> None:
    """Jupyter Server pre-save hook: save the course's own notebooks as git holds them.

    Used by the README's start command (``--ContentsManager.pre_save_hook=...``) and on
    Binder (``binder/postBuild`` installs ``jupyter-config/coursekit.json``).
    For ``notebooks/NN-*.ipynb`` of this project only, outputs and execution counts
    are dropped and the metadata JupyterLab adds is reduced to what is committed, so
    autosave leaves ``git status`` clean (and ``git pull`` of a course update works)
    unless the student edited a cell. A student's answers are never in the notebook
    (see :mod:`coursekit.quiz.progress`); a reopened notebook shows no stale widget
    error, and a quiz cell comes back when run. Every other notebook is left alone.
    """
    from coursekit.paths import project_root

    if model.get("type") != "notebook" or not _COURSE_NOTEBOOK.fullmatch(Path(path).name):
        return
    try:
        target = (Path(contents_manager.root_dir) / path).resolve()
        course = (project_root() / "notebooks").resolve()
    except (OSError, TypeError, AttributeError):
        return
    if target.parent != course:
        return
    nb = model["content"]
    meta = nb.get("metadata", {})
    language = (meta.get("language_info") or {}).get("name", "python")
    nb["metadata"] = {k: v for k, v in meta.items() if k == "kernelspec"} | {
        "language_info": {"name": language}
    }
    for cell in nb.get("cells", []):
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k == "tags"}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
