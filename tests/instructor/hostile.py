"""Hostile submissions for the hardening tests: a real fixture file, altered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import SUBMISSIONS


def submission(student: str = "ann", **changes: Any) -> dict[str, Any]:
    """The fixture ``ann__sampler.json`` as a dict, with ``student`` and ``changes`` applied."""
    doc = json.loads((SUBMISSIONS / "ann__sampler.json").read_text(encoding="utf-8"))
    doc["student"] = student
    doc.update(changes)
    return doc


def write(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    """Write ``doc`` as ``folder/name`` (folders created) and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
