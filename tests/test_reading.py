"""Every JSON file someone else wrote (submission, progress, release manifest) is read one careful way.

These are regressions from an adversarial review: before, a FIFO hung ``coursekit grade``,
a link to /dev/zero or a sparse 3 GB file was read whole, a BOM was refused, and a second
``"student"`` key silently won.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit._reading import FileTooLarge, NoSuchFile, ReadProblem, read_limited
from coursekit.errors import SubmissionError
from coursekit.instructor._common import InstructorError
from coursekit.instructor.variants import load_variants
from coursekit.quiz.submission import load_submission

VALID = {
    "format_version": 1,
    "student": "anna",
    "quiz_id": "roadmaps",
    "mode": "practice",
    "submitted_at": "2025-01-01T12:00:00Z",
    "coursekit_version": "0.1.0",
    "answers": {"q": "31"},
    "attempts": {"q": 1},
    "timestamps": {"q": ["2025-01-01T11:00:00Z"]},
}


def _load_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """load_submission in a child process, so a regression that blocks fails instead of hanging."""
    code = (
        "import sys\nfrom coursekit.quiz.submission import load_submission\n"
        "from coursekit.errors import SubmissionError\n"
        "try:\n    load_submission(sys.argv[1])\nexcept SubmissionError as e:\n    print(e)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, check=True
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_reading_it(tmp_path: Path):
    fifo = tmp_path / "anna__roadmaps.json"
    os.mkfifo(fifo)
    out = _load_in_child(fifo)
    assert out.stdout.strip() == f"{fifo}: not a regular file (a FIFO); only files can be read"


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path):
    link = tmp_path / "anna__roadmaps.json"
    link.symlink_to("/dev/zero")
    out = _load_in_child(link)
    assert out.stdout.strip() == f"{link}: not a regular file (a device); only files can be read"


def test_a_huge_sparse_file_is_refused_by_its_size_before_reading(tmp_path: Path):
    sparse = tmp_path / "anna__roadmaps.json"
    with sparse.open("wb") as fh:
        fh.truncate(3 * 2**30)  # 3 GB of nothing: no disk used, but read() would allocate it
    with pytest.raises(SubmissionError, match=r"file too large \(3,221,225,472 bytes; at most"):
        load_submission(sparse)


def test_a_file_too_large_is_told_apart_by_its_class_not_its_words(tmp_path: Path):
    """A caller adds what the file is (``... for a roster``) to the size problem only."""
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 11)
    with pytest.raises(FileTooLarge) as caught:
        read_limited(big, 10)
    assert caught.value.message == "file too large (11 bytes; at most 10)"
    with pytest.raises(ReadProblem) as other:
        read_limited(tmp_path, 10)
    assert not isinstance(other.value, FileTooLarge)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_a_file_larger_than_its_stat_said_is_too_large_when_read():
    """/proc files say 0 bytes to stat: the size is counted while reading, at most limit + 1 bytes."""
    with pytest.raises(FileTooLarge) as caught:
        read_limited("/proc/self/status", 10)
    assert caught.value.message == "file too large (more than 10 bytes)"


def test_a_submission_saved_with_a_byte_order_mark_is_read(tmp_path: Path):
    path = tmp_path / "anna__roadmaps.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(VALID).encode())
    assert load_submission(path).student == "anna"


def test_a_second_student_key_is_an_error_on_its_line(tmp_path: Path):
    text = json.dumps(VALID, indent=1)
    path = tmp_path / "anna__roadmaps.json"
    path.write_text(text[:-2] + ',\n "student": "bob"\n}', encoding="utf-8")
    with pytest.raises(SubmissionError) as info:
        load_submission(path)
    assert (
        str(info.value)
        == f"{path}:{text.count(chr(10)) + 1}: key 'student' appears twice in one object; keep one"
    )


def test_a_5000_digit_number_is_named_without_python_jargon(tmp_path: Path):
    path = tmp_path / "anna__roadmaps.json"
    path.write_text('{"format_version": 1,\n"attempts": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(SubmissionError) as info:
        load_submission(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2: a number of 5,000 characters")
    assert "set_int_max_str_digits" not in message and len(message) < 200


def test_variants_and_submissions_share_the_reader(tmp_path: Path):
    manifest = tmp_path / "variants.json"
    manifest.write_bytes(b'{"format_version": 1,\n "format_version": 1}')
    with pytest.raises(InstructorError, match=r"variants.json:2: key 'format_version' appears twice"):
        load_variants(manifest)
    manifest.unlink()
    manifest.symlink_to("/dev/zero")
    with pytest.raises(InstructorError, match=r"not a regular file \(a device\)"):
        load_variants(manifest)


def test_a_missing_file_is_told_apart_from_one_that_cannot_be_read(tmp_path: Path):
    """Saved progress treats a missing file as nothing saved yet, by its class, not its words."""
    with pytest.raises(NoSuchFile) as caught:
        read_limited(tmp_path / "absent.json", 100)
    assert caught.value.message == "no such file"
    with pytest.raises(ReadProblem) as other:
        read_limited(tmp_path, 100)
    assert not isinstance(other.value, NoSuchFile)
