"""How long does the whole notebook suite take, compared with the least it could take?

Runs every ``notebooks/*.ipynb`` top to bottom on a fresh kernel (as nbval and a
student do), and the *floor*: the same number of notebooks that only import pandas,
altair and ipywidgets. Both are measured in this run, on this machine, so the ratio
is meaningful even on a noisy machine. Goal: ratio <= 1.25.

- The notebooks are interleaved one by one (floor, course, floor, course...), and
  which goes first rotates from run to run, so a slow spell of the machine (disk
  cache evicted, a noisy neighbour) hits both alike.
- The ratio is the sum of each notebook's best time over the same sum for the floor;
  the median over runs of course/floor is printed too.
- For reference it also times a *frozen floor*: the floor plus ``gc.freeze()``, as
  the course's ``ck.setup_notebook()`` does. A kernel that has not frozen its
  imports spends 0.1-0.3 s of garbage collection on the way out, which the course
  is spared; course/frozen floor is what the course costs beyond that (goal <= 1.25).
- And a *cells floor*: the frozen floor followed by as many empty code cells as the
  course notebook has code cells after its first. Each cell is one round trip
  between client and kernel (about 7 ms here); the course's small cells, one idea
  each, pay it 16-27 times per notebook. course/cells floor is what the course's
  own code costs.
- Kernels run with Python's bytecode cache on, as on a student's machine or Binder.
  If ``PYTHONDONTWRITEBYTECODE`` is set (some sandboxes set it), every kernel would
  compile coursekit's own modules from source again, while pip has precompiled
  pandas and altair.

Usage::

    python benchmarks/notebooks_time.py [--repeat 2]

Saved answers and submissions go to a temporary folder, never the learner's.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit._files import parse_time

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FLOOR_CELL = "import pandas, altair, ipywidgets"
FROZEN_FLOOR_CELL = "import pandas, altair, ipywidgets, gc; gc.freeze()"
GOAL = 1.25


def run(nb: nbformat.NotebookNode, cwd: Path, marks: dict[str, float] | None = None) -> None:
    """Execute ``nb``; ``marks`` gets the clock when its first cell starts and its last ends."""
    marks = {} if marks is None else marks

    def started(**_: object) -> None:
        marks.setdefault("first cell", time.perf_counter())

    def executed(**_: object) -> None:
        marks["last cell"] = time.perf_counter()

    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        record_timing=True,
        on_cell_start=started,
        on_cell_executed=executed,
    ).execute()


def timed(nb: nbformat.NotebookNode, cwd: Path) -> tuple[float, nbformat.NotebookNode]:
    """Run a copy of ``nb`` on a fresh kernel: the seconds it took, and the executed copy.

    The copy's metadata gets ``kernel start`` (to its first cell) and ``kernel shutdown``
    (from its last cell), in seconds.
    """
    copy = nbformat.from_dict(nb)
    marks: dict[str, float] = {}
    start = time.perf_counter()
    run(copy, cwd, marks)
    end = time.perf_counter()
    copy.metadata["kernel start"] = marks["first cell"] - start
    copy.metadata["kernel shutdown"] = end - marks["last cell"]
    return end - start, copy


def busy(nb: nbformat.NotebookNode) -> list[tuple[str, float]]:
    """Each code cell's source and the seconds its kernel was busy with it (status busy to idle)."""
    out = []
    for cell in nb.cells:
        timing = cell.metadata.get("execution", {})
        if cell.cell_type == "code" and "iopub.status.idle" in timing:
            seconds = parse_time(timing["iopub.status.idle"]) - parse_time(timing["iopub.status.busy"])
            out.append((cell.source, seconds.total_seconds()))
    return out


def kind(source: str) -> str:
    """What a course cell does, for the breakdown: its quiz, a chart, or anything else."""
    if "quiz.show(" in source:
        return "quiz"
    if re.search(r"\bcharts\.(?!save\()\w+\(", source):  # saving a chart to a file is not drawing one
        return "chart"
    return "other"


def breakdown(runs: list[nbformat.NotebookNode]) -> dict[str, tuple[int, float]]:
    """Kernel-busy seconds of the notebooks' cells by kind: ``{kind: (cells, seconds)}``.

    ``runs`` holds the fastest run of each notebook. Its first cell (imports and
    ``ck.setup_notebook()``) is counted apart: the floors have it too.
    """
    out: dict[str, tuple[int, float]] = {}
    for nb in runs:
        for i, (source, seconds) in enumerate(busy(nb)):
            k = "first" if i == 0 else kind(source)
            n, total = out.get(k, (0, 0.0))
            out[k] = (n + 1, total + seconds)
    return out


def one_cell(source: str) -> list[nbformat.NotebookNode]:
    return [nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]) for _ in NOTEBOOKS]


def cells_floor(course: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The frozen floor, then one empty cell for each further code cell of each course notebook."""
    out = []
    for nb in course:
        code = sum(cell.cell_type == "code" and bool(cell.source.strip()) for cell in nb.cells)
        cells = [nbformat.v4.new_code_cell(FROZEN_FLOOR_CELL)]
        cells += [nbformat.v4.new_code_cell("pass") for _ in range(max(code - 1, 0))]
        out.append(nbformat.v4.new_notebook(cells=cells))
    return out


def without_quizzes_and_charts(course: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The course with each quiz and chart cell emptied (``pass``), and the cells that use what they made.

    The cells stay, so the round trips are the course's; what is left is what the
    course costs apart from its quizzes and charts, however fast those were made.
    """
    out = []
    for nb in course:
        copy = nbformat.from_dict(nb)
        gone: set[str] = set()  # names that emptied cells would have made
        code = [cell for cell in copy.cells if cell.cell_type == "code"]
        for cell in code[1:]:
            code_only = re.sub(r"\"[^\"]*\"|'[^']*'", "", cell.source)  # a quote may say "terms"
            uses_gone = any(re.search(rf"\b{re.escape(name)}\b", code_only) for name in gone)
            if kind(cell.source) != "other" or uses_gone:
                gone.update(re.findall(r"^(\w+)\s*=", cell.source, flags=re.MULTILINE))
                cell.source = "pass"
        out.append(copy)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each suite; each notebook's best time is kept"
    )
    args = parser.parse_args()
    if not NOTEBOOKS:
        print("no notebooks in notebooks/", file=sys.stderr)
        return 1

    scratch = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    os.environ["COURSEKIT_PROGRESS"] = str(scratch / "progress")
    os.environ["COURSEKIT_SUBMISSIONS"] = str(scratch / "submissions")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # kernels inherit this environment

    course = [nbformat.read(p, as_version=4) for p in NOTEBOOKS]
    suites = {
        "floor": one_cell(FLOOR_CELL),
        "course": course,
        "frozen floor": one_cell(FROZEN_FLOOR_CELL),
        "cells floor": cells_floor(course),
        "course without quizzes and charts": without_quizzes_and_charts(course),
    }
    names = list(suites)
    cwd = ROOT / "notebooks"
    times: dict[str, list[list[float]]] = {name: [] for name in names}  # suite -> run -> notebook
    fastest: dict[str, list[nbformat.NotebookNode]] = {name: list(suites[name]) for name in names}
    for r in range(args.repeat):
        for name in names:
            times[name].append([0.0] * len(NOTEBOOKS))
        order = names[r % len(names) :] + names[: r % len(names)]
        for i in range(len(NOTEBOOKS)):
            for name in order:
                times[name][r][i], executed = timed(suites[name][i], cwd)
                if times[name][r][i] <= min(run_[i] for run_ in times[name]):
                    fastest[name][i] = executed

    totals = {name: [sum(run_) for run_ in times[name]] for name in names}
    # The least each notebook took, summed: one slow spell spoils one notebook's
    # time in one run, not a whole suite's.
    best = {name: sum(min(run_[i] for run_ in times[name]) for i in range(len(NOTEBOOKS))) for name in names}
    ratio = best["course"] / best["floor"]
    paired = statistics.median(c / f for c, f in zip(totals["course"], totals["floor"], strict=True))
    rfc = importlib.util.find_spec("rfc3987_syntax") is not None

    def runs(name: str) -> str:
        return ", ".join(f"{s:.2f}" for s in totals[name])

    print(f"notebooks:            {len(NOTEBOOKS)}")
    print(f"floor (imports only): {best['floor']:6.2f} s   runs: {runs('floor')}")
    print(f"course notebooks:     {best['course']:6.2f} s   runs: {runs('course')}")
    print(f"ratio course/floor:   {ratio:6.2f}   (best time of each notebook; goal <= {GOAL})")
    print(f"median paired ratio:  {paired:6.2f}   (course run over the floor run interleaved with it)")
    frozen = best["course"] / best["frozen floor"]
    print(f"frozen floor:         {best['frozen floor']:6.2f} s   runs: {runs('frozen floor')}")
    print(f"course/frozen floor {frozen:.2f}   (goal <= {GOAL}: {'met' if frozen <= GOAL else 'NOT met'})")
    print(
        f"for reference: cells floor {best['cells floor']:.2f} s (runs: {runs('cells floor')}); "
        f"course/cells floor {best['course'] / best['cells floor']:.2f}"
    )
    print(f"rfc3987-syntax installed: {rfc} (it adds ~1 s to every `import altair` when present)")

    # Where the course's time goes, from the kernel's own busy/idle messages (fastest run of
    # each notebook): its first cell, its quiz cells, its chart cells, all its other cells.
    parts = breakdown(fastest["course"])
    empty = breakdown(fastest["cells floor"]).get("other", (0, 0.0))
    frozen_first = breakdown(fastest["frozen floor"]).get("first", (0, 0.0))[1]
    print("course cells, kernel busy (fastest run of each notebook):")
    for name in ("first", "quiz", "chart", "other"):
        n, seconds = parts.get(name, (0, 0.0))
        print(f"  {name:6s} {n:4d} cells {seconds:6.2f} s   ({1000 * seconds / max(n, 1):5.1f} ms a cell)")
    per_cell = 1000 * empty[1] / max(empty[0], 1)
    print(f"  (cells floor: {empty[0]} empty cells {empty[1]:.2f} s, {per_cell:.1f} ms a cell)")
    print(f"  (frozen floor: its one cell {frozen_first:.2f} s in all)")
    for name in ("course", "frozen floor"):
        up = sum(nb.metadata["kernel start"] for nb in fastest[name])
        down = sum(nb.metadata["kernel shutdown"] for nb in fastest[name])
        print(f"kernel start {up:.2f} s, shutdown {down:.2f} s in all: {name}")
    bare = best["course without quizzes and charts"]
    print(
        f"course without its quiz and chart cells (emptied): {bare:.2f} s (runs: "
        f"{runs('course without quizzes and charts')}); over the frozen floor "
        f"{bare / best['frozen floor']:.2f}, the least the course could reach with quizzes and "
        "charts that cost nothing"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
