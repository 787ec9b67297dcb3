"""Expected outputs of the notebook cells nbval compares, kept beside the notebooks.

Notebooks are committed with no outputs at all (nbstripout). The cells tagged
``nbval-check-output`` print something deterministic (a table of the corpus, a
count), and their expected output lives in ``tests/notebook_outputs.json``, keyed
by notebook and by the cell's source. The root ``conftest.py`` hands it to nbval,
which then compares it with what the cell prints on a fresh kernel.

After changing such a cell (or the data it prints), regenerate and review the diff::

    python -m tests.notebook_outputs
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = Path(__file__).with_name("notebook_outputs.json")
CHECK_TAG = "nbval-check-output"


def checked_cells(nb: dict) -> list[dict]:
    """The code cells of a notebook tagged ``nbval-check-output``."""
    return [
        c
        for c in nb["cells"]
        if c["cell_type"] == "code" and CHECK_TAG in c.get("metadata", {}).get("tags", [])
    ]


def source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def load_expected() -> dict[str, dict[str, list[dict]]]:
    """``{notebook name: {cell source: outputs}}``; empty if the file is missing."""
    if not EXPECTED.is_file():
        return {}
    raw = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return {name: {c["source"]: c["outputs"] for c in cells} for name, cells in raw.items()}


def _clean(output: dict) -> dict:
    out = {k: v for k, v in output.items() if k not in ("metadata", "execution_count")}
    if "text" in out and isinstance(out["text"], list):
        out["text"] = "".join(out["text"])
    return out


def generate() -> dict[str, list[dict]]:
    """Run every notebook on a fresh kernel and collect its checked cells' outputs."""
    import nbformat
    from nbclient import NotebookClient

    scratch = Path(tempfile.mkdtemp(prefix="coursekit-outputs-"))
    os.environ["COURSEKIT_PROGRESS"] = str(scratch / "progress")
    os.environ["COURSEKIT_SUBMISSIONS"] = str(scratch / "submissions")
    result: dict[str, list[dict]] = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
        ).execute()
        cells = [
            {"source": source(c), "outputs": [_clean(o) for o in c["outputs"]]} for c in checked_cells(nb)
        ]
        if cells:
            result[path.name] = cells
    return result


def main() -> int:
    result = generate()
    EXPECTED.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n = sum(len(v) for v in result.values())
    print(f"wrote {EXPECTED.relative_to(ROOT)}: {n} checked cells in {len(result)} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
