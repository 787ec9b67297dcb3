"""The set-up call at the top of every course notebook.

Examples
--------
>>> import coursekit as ck
>>> ck.setup_notebook.__module__
'coursekit.notebook'
"""

from __future__ import annotations

import gc

__all__ = ["setup_notebook"]


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
