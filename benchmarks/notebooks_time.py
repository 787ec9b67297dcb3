"""How long does the whole notebook suite take, compared with the least it could take?

Runs every ``notebooks/*.ipynb`` top to bottom on a fresh kernel (as nbval and a
student do), and the *floor*: the same number of notebooks that only import pandas,
altair and ipywidgets, each run next to one course notebook. Both are
measured in this run, on this machine, so the ratio is meaningful even on a noisy
machine. It prints two ratios: the sum of each notebook's best time over the floor's,
and the median over runs of course/floor. Goal: ratio <= 1.25.

Usage::

    python benchmarks/notebooks_time.py [--repeat 2]

Saved answers and submissions go to a temporary folder, never the learner's.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FLOOR_CELL = "import pandas, altair, ipywidgets"
GOAL = 1.25


def run(nb: nbformat.NotebookNode, cwd: Path) -> None:
    resources = {"metadata": {"path": str(cwd)}}
    NotebookClient(nb, timeout=600, kernel_name="python3", resources=resources).execute()


def timed(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    run(nbformat.from_dict(nb), cwd)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each suite; each notebook's best time is kept")
    args = parser.parse_args()
    if not NOTEBOOKS:
        print("no notebooks in notebooks/", file=sys.stderr)
        return 1

    scratch = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    os.environ["COURSEKIT_PROGRESS"] = str(scratch / "progress")
    os.environ["COURSEKIT_SUBMISSIONS"] = str(scratch / "submissions")

    course = [nbformat.read(p, as_version=4) for p in NOTEBOOKS]
    floor = [nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)]) for _ in NOTEBOOKS]
    cwd = ROOT / "notebooks"
    runs: list[list[tuple[float, float]]] = []  # per run, per notebook: (floor, course)
    for r in range(args.repeat):
        # Interleaved notebook by notebook, so a slow spell of the machine (disk cache
        # evicted, a noisy neighbour) hits both alike; which goes first alternates by run.
        pairs = []
        for f, c in zip(floor, course, strict=True):
            if r % 2 == 0:
                pairs.append((timed(f, cwd), timed(c, cwd)))
            else:
                c_time = timed(c, cwd)
                pairs.append((timed(f, cwd), c_time))
        runs.append(pairs)
    floor_s = [sum(f for f, _ in run) for run in runs]
    course_s = [sum(c for _, c in run) for run in runs]

    # The least each notebook took, summed: best-of-N per notebook, so one slow spell
    # spoils one notebook's time in one run, not a whole suite's.
    best_floor = sum(min(run[i][0] for run in runs) for i in range(len(NOTEBOOKS)))
    best_course = sum(min(run[i][1] for run in runs) for i in range(len(NOTEBOOKS)))
    ratio = best_course / best_floor
    paired = statistics.median(c / f for c, f in zip(course_s, floor_s, strict=True))
    rfc = importlib.util.find_spec("rfc3987_syntax") is not None
    print(f"notebooks:            {len(NOTEBOOKS)}")
    print(f"floor (imports only): {best_floor:6.2f} s   runs: {', '.join(f'{s:.2f}' for s in floor_s)}")
    print(f"course notebooks:     {best_course:6.2f} s   runs: {', '.join(f'{s:.2f}' for s in course_s)}")
    print(f"ratio course/floor:   {ratio:6.2f}   (best time of each notebook; goal <= {GOAL})")
    print(f"median paired ratio:  {paired:6.2f}   (each course run over the floor run interleaved with it)")
    print(f"rfc3987-syntax installed: {rfc} (it adds ~1 s to every `import altair` when present)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
