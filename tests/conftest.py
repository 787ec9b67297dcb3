"""Shared fixtures: the repository, and a disposable copy of the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of ``data/`` that a test may break without touching the real one."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest
