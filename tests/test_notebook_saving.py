"""Autosave leaves the course's tracked notebooks as git holds them (the pre-save hook)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from coursekit.notebook import strip_course_notebook
from coursekit.paths import project_root

ROOT = project_root()


class Manager:
    def __init__(self, root: Path) -> None:
        self.root_dir = str(root)


def _as_jupyterlab_saves(path: Path) -> dict:
    """The notebook with outputs, counts and the metadata JupyterLab adds on save."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
            cell.execution_count = 7
            cell.metadata["execution"] = {"iopub.status.busy": "2025-01-01T00:00:00Z"}
    nb.metadata["language_info"] = {
        "name": "python",
        "version": "3.11.9",
        "codemirror_mode": {"name": "ipython"},
    }
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return {"type": "notebook", "content": nb}


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_a_saved_course_notebook_is_byte_for_byte_the_committed_one(name: str):
    path = ROOT / "notebooks" / name
    model = _as_jupyterlab_saves(path)
    strip_course_notebook(model=model, path=f"notebooks/{name}", contents_manager=Manager(ROOT))
    assert nbformat.writes(model["content"]) + "\n" == path.read_text(encoding="utf-8")


def test_other_notebooks_keep_their_outputs(tmp_path: Path):
    model = _as_jupyterlab_saves(ROOT / "notebooks" / "00-start-here.ipynb")
    before = copy.deepcopy(model)
    strip_course_notebook(model=model, path="notebooks/my-notes.ipynb", contents_manager=Manager(ROOT))
    strip_course_notebook(model=model, path="00-start-here.ipynb", contents_manager=Manager(tmp_path))
    assert model == before


def test_the_start_command_uses_the_hook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = re.search(r"<!-- start-command -->\n```bash\n(.+)\n```", readme).group(1)
    assert "--ContentsManager.pre_save_hook=coursekit.notebook.strip_course_notebook" in start
    assert "--allow-root" in start  # containers and CI machines run as root
    assert "coursekit.json" in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
