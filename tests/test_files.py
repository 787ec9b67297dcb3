"""Files coursekit writes get the mode open() would give them (issue 13)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coursekit._files import atomic_write_bytes


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    os.umask(old)
    yield set_mask
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_respects_the_umask(tmp_path: Path, umask, mask: int, mode: int):
    umask(mask)
    path = atomic_write_bytes(tmp_path / "handout" / "quiz.yaml", b"x")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask):
    umask(0o077)
    path = tmp_path / "shared.csv"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write_bytes(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_bytes() == b"new"


def test_a_release_is_readable_by_students_under_a_usual_umask(tmp_path: Path, umask):
    from coursekit.instructor.release import release_quizzes

    umask(0o022)
    result = release_quizzes(Path(__file__).parent / "instructor/fixtures/quizzes", tmp_path / "r")
    modes = {stat.S_IMODE(Path(f).stat().st_mode) for f in result.files}
    assert modes == {0o644}
