"""Whatever the bytes, every reader of someone else's file gives a value or a located one-line
error: never a traceback, a crash, a hang or a memory blow-up (issue 13).

Readers: submission JSON (and grading it), progress JSON, roster CSV, variants JSON here; quiz
YAML in tests/quiz/test_fuzz.py. Each example runs in this process under an alarm (a hang
fails the test after 5 s) and the process's peak memory is checked after each reader.
"""

from __future__ import annotations

import json
import resource
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.errors import CoursekitError

HERE = Path(__file__).parent
SUBMISSION = (HERE / "instructor/fixtures/submissions/ann__sampler.json").read_text(encoding="utf-8")
QUIZZES = HERE / "instructor/fixtures/quizzes"
VARIANTS = json.dumps(
    {
        "format_version": 1,
        "mode": "exam",
        "seed": "s",
        "quizzes": {"sampler": {"questions": ["embassy"], "handout_ids": {"q1": "embassy"}}},
        "students": {"ann": {"name": "Ann", "quizzes": {"sampler": ["embassy"]}}},
    }
)
PROGRESS = json.dumps(
    {
        "format_version": 1,
        "student": "ann",
        "quiz_id": "sampler",
        "questions": {"embassy": {"response": True, "attempts": 1, "checked_at": ["2025-01-01T00:00:00Z"]}},
    }
)
ROSTER = 'student_id,name,email\nann,Ann,a@x\nbob,"Belov, Bob",b@x\n'
HANG_SECONDS = 5
MEMORY_LIMIT = 500 * 1024 * 1024
CHUNKS = [
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "1e999",
    "-0",
    "NaN",
    "\\u0000",
    "\\ud800",
    "\ufeff",
    "\x00",
    "\n",
    "\r",
    '"student"',
    '"answers"',
    "9" * 5000,
    "[" * 3000,
    "\u202e",
    "=1+1",
    '"../x"',
    "é",
    ",,",
    '"a""b"',
    "\t",
]
SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> bytes:
    """``seed`` with a few random edits (inserts, deletions, replacements), or random bytes."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=400))
    text = seed
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            bit = draw(st.one_of(st.sampled_from(CHUNKS), st.text(max_size=8)))
            end = at + (len(bit) if op == "replace" else 0)
            text = text[:at] + bit + text[end:]
    return text.encode("utf-8", "surrogatepass")


@contextmanager
def bounded() -> Iterator[None]:
    """Fail (not hang) after HANG_SECONDS; fail if the peak memory passed MEMORY_LIMIT."""

    def stop(signum: int, frame: Any) -> None:
        msg = f"a reader ran for more than {HANG_SECONDS} s"
        raise TimeoutError(msg)

    # The process's peak (ru_maxrss) includes every test run before this one in the same
    # process, so the reader's own use is measured from where memory stood when it started:
    # it passed the limit if the peak rose above both the old peak and now + the limit.
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    now = _rss()
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert peak <= max(peak_before, now + MEMORY_LIMIT), f"a reader used {(peak - now) / 2**20:.0f} MB"


def _rss() -> int:
    """This process's resident memory now, in bytes (Linux: /proc/self/statm)."""
    pages = int(Path("/proc/self/statm").read_text(encoding="utf-8").split()[1])
    return pages * resource.getpagesize()


def one_line(read: Callable[[], Any]) -> Any:
    """Run a reader: a value, or a CoursekitError of one short line naming the file."""
    with bounded():
        try:
            return read()
        except CoursekitError as exc:
            error = exc
    text = str(error)
    assert "\n" not in text and len(text) < 3000, text[:300]
    assert error.path is not None, text
    return error


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(data=mutated(SUBMISSION))
def test_submission_json(data: bytes, tmp_path: Path):
    from coursekit.instructor.grade import grade_folder
    from coursekit.quiz.submission import load_submission

    path = _write(tmp_path / "subs", "ann__sampler.json", data)
    one_line(lambda: load_submission(path))
    book = one_line(lambda: grade_folder(tmp_path / "subs", QUIZZES))
    if not isinstance(book, CoursekitError):
        assert len(book.table) + len(book.rejected) == 1
        assert all("\n" not in str(r) and len(str(r)) < 3000 for r in book.rejected)


@SETTINGS
@given(data=mutated(VARIANTS))
def test_variants_json(data: bytes, tmp_path: Path):
    from coursekit.instructor.variants import load_variants

    path = _write(tmp_path, "variants.json", data)
    one_line(lambda: load_variants(path))


@SETTINGS
@given(data=mutated(ROSTER))
def test_roster_csv(data: bytes, tmp_path: Path):
    from coursekit.instructor.roster import read_roster

    path = _write(tmp_path, "roster.csv", data)
    students = one_line(lambda: read_roster(path))
    if not isinstance(students, CoursekitError):
        assert students and len({s.student_id for s in students}) == len(students)


@SETTINGS
@given(data=mutated(PROGRESS))
def test_progress_json(data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from coursekit.quiz.progress import load_progress, progress_path

    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress"))
    path = progress_path("ann", "sampler")
    _write(path.parent, path.name, data)
    progress = one_line(lambda: load_progress("ann", "sampler"))
    assert not isinstance(progress, CoursekitError)  # never raises: a bad file is moved aside
    assert "\n" not in (progress.warning or "")
    if progress.warning:  # nothing lost: the damaged file was kept beside
        assert any(p.name.startswith("sampler.corrupt-") for p in path.parent.iterdir())


def test_the_memory_guard_sees_a_reader_that_uses_too_much():
    # The guard measures from where memory stands when the reader starts: earlier tests in the
    # same process (a higher old peak) neither trip it nor hide a reader that passes the limit.
    def greedy() -> None:
        with bounded():
            block = b"x" * (MEMORY_LIMIT + 64 * 2**20)  # written, so resident
            del block

    with pytest.raises(AssertionError, match="a reader used"):
        greedy()
