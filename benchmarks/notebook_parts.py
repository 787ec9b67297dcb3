"""What do the building blocks of a quiz cell and a chart cell cost in a course kernel?

``notebooks_time.py`` shows that the course, with its quiz and chart cells emptied,
is already at about 1.21x the frozen floor, which leaves the course's quizzes and
charts together about 0.3 s under the 1.25x goal. This script times, in a fresh
kernel after a course notebook's first cell, each step every quiz or chart needs
before any of coursekit's own work:

- importing PyYAML (reading a quiz file) and pydantic (checking it), once a notebook;
- Altair's ``to_dict`` of a two-row bar chart (every chart is turned into its spec);
- making and displaying a bare anywidget (every chart and quiz is a widget).

Each is the best of ``--repeat`` fresh kernels, timed inside the cell
(``time.perf_counter``), so kernel start and the client are left out; and so is the
frozen floor's one cell (``import pandas, altair, ipywidgets, gc; gc.freeze()``, in a
fresh kernel), the floor each part is printed against.

Usage::

    python benchmarks/notebook_parts.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
from notebooks_time import FROZEN_FLOOR_CELL, NOTEBOOKS, kind  # this folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]
FIRST_CELL = "import coursekit as ck\nfrom coursekit import charts, quiz\nck.setup_notebook()"
WIDGET = """import anywidget, traitlets
class _Bare(anywidget.AnyWidget):
    _esm = "export default { render() {} }"
    value = traitlets.Unicode("x").tag(sync=True)
display(_Bare())"""
PARTS = {
    "import yaml": "import yaml",
    "import pydantic (BaseModel)": "from pydantic import BaseModel",
    "Altair to_dict, two-row bar chart": (
        "import altair as alt, pandas as pd\n"
        "alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_bar().encode(x=alt.X('a:Q')).to_dict()"
    ),
    "a bare anywidget, made and displayed": WIDGET,
}


def timed(code: str, *, first: str = FIRST_CELL) -> float:
    """Seconds ``code`` takes in a fresh kernel that has run ``first`` (a course notebook's first cell)."""
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    try:
        if first:
            kc.execute_interactive(first, timeout=300)
        out: list[str] = []

        def keep(msg: dict) -> None:
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                out.append(msg["content"]["text"])

        cell = (
            f"import time as _t\n_t0 = _t.perf_counter()\n{code}\nprint('SECONDS', _t.perf_counter() - _t0)"
        )
        kc.execute_interactive(cell, output_hook=keep, timeout=300)
        return float("".join(out).split("SECONDS")[-1])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh kernels per part; the best is kept")
    args = parser.parse_args()
    os.environ["COURSEKIT_PROGRESS"] = tempfile.mkdtemp(prefix="coursekit-bench-")
    floor = min(timed(FROZEN_FLOOR_CELL, first="") for _ in range(args.repeat))
    best = {name: min(timed(code) for _ in range(args.repeat)) for name, code in PARTS.items()}
    print(f"{'frozen floor cell (the floor)':40s} {1000 * floor:7.1f} ms")
    for name, seconds in best.items():
        print(f"{name:40s} {1000 * seconds:7.1f} ms   ({seconds / floor:.3f} of the floor cell)")
    # the course's own counts: each notebook with a quiz imports PyYAML and pydantic once
    kinds = [
        [kind(c.source) for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code"]
        for p in NOTEBOOKS
    ]
    quizzed = sum("quiz" in cells for cells in kinds)
    charts = sum(cells.count("chart") for cells in kinds)
    least = quizzed * (best["import yaml"] + best["import pydantic (BaseModel)"]) + charts * (
        best["Altair to_dict, two-row bar chart"] + best["a bare anywidget, made and displayed"]
    )
    print(
        f"{quizzed} notebooks' imports and {charts} charts' to_dict and widgets: {least:.2f} s "
        f"({least / (len(NOTEBOOKS) * floor):.3f} of {len(NOTEBOOKS)} floor cells)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
