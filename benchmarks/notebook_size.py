"""How large is each course notebook once executed and saved with its widget state?

Runs every ``notebooks/*.ipynb`` top to bottom on a fresh kernel (as a student's
*Run All* and save would), keeps the widget state as JupyterLab saves it, and
prints each notebook's size next to the goal (300 KB), split into widget state
and the rest, with the largest single widget model. A floor is printed too: the
same notebook stripped of outputs, as committed. Nothing is timed.

Usage::

    python benchmarks/notebook_size.py [--keep DIR]

``--keep DIR`` writes the executed notebooks there (e.g. to export them to HTML).
Saved answers and submissions go to a temporary folder, never the learner's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GOAL_KB = 300
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def kb(n: int) -> str:
    return f"{n / 1000:7.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="folder to write the executed notebooks to")
    args = parser.parse_args()
    if not NOTEBOOKS:
        print("no notebooks in notebooks/", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="coursekit-size-"))
    os.environ["COURSEKIT_PROGRESS"] = str(scratch / "progress")
    os.environ["COURSEKIT_SUBMISSIONS"] = str(scratch / "submissions")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    print(f"goal: every executed notebook <= {GOAL_KB} KB (sizes in 1000-byte KB)")
    print(f"{'notebook':<24}{'saved':>11}{'state':>11}{'largest model':>15}{'stripped':>11}  vs goal")
    worst = 0.0
    for path in NOTEBOOKS:
        stripped = len(path.read_bytes())
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            store_widget_state=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        text = nbformat.writes(nb) + "\n"
        size = len(text.encode("utf-8"))
        models = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        state = len(json.dumps(models).encode("utf-8"))
        largest = max((len(json.dumps(m).encode("utf-8")) for m in models.values()), default=0)
        ratio = size / (GOAL_KB * 1000)
        worst = max(worst, ratio)
        print(f"{path.name:<24}{kb(size)}{kb(state)}{kb(largest):>15}{kb(stripped)}  {ratio:.2f}x")
        if args.keep:
            (args.keep / path.name).write_text(text, encoding="utf-8")
    print(f"largest notebook / goal {worst:.2f} ({'met' if worst <= 1 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
