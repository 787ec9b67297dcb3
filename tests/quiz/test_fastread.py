"""The typed fast reader of submissions never accepts what the careful reader refuses.

Grading a class reads thousands of submissions, so good files go through msgspec's
compiled decoder (:mod:`coursekit.quiz.fastread`); anything unusual goes to the careful
reader, which names the problem and its line. These tests try to slip a file past the
fast path that the careful reader would refuse, above all a key given twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.errors import SubmissionError
from coursekit.quiz import fastread
from coursekit.quiz.submission import load_submission

GOOD = {
    "format_version": 1,
    "student": "anna",
    "quiz_id": "roadmaps",
    "mode": "practice",
    "submitted_at": "2025-01-01T12:00:00.000000Z",
    "coursekit_version": "0.1.0",
    "answers": {"a": "31", "b": ["x", "y"], "c": {"left": "right"}, "d": None, "e": 2.5},
    "attempts": {"a": 1, "b": 0, "c": 2, "d": 0, "e": 1},
    "timestamps": {"a": ["2025-01-01T11:00:00Z"], "b": [], "c": [], "d": [], "e": []},
}


def _careful(data: bytes, tmp: Path) -> object:
    """What the careful reader says: the submission's answers, or its error message."""
    path = tmp / "s.json"
    path.write_bytes(data)
    original = fastread.decode_submission
    fastread.decode_submission = lambda _data: None  # force the careful path
    try:
        return load_submission(path).answers
    except SubmissionError as exc:
        return exc.message
    finally:
        fastread.decode_submission = original


def test_a_good_file_takes_the_fast_path_and_reads_the_same(tmp_path: Path):
    data = json.dumps(GOOD, indent=2).encode()
    assert fastread.decode_submission(data) == GOOD
    assert _careful(data, tmp_path) == GOOD["answers"]


@pytest.mark.parametrize(
    "duplicate",
    [
        b'"student": "bob",\n  "student": "anna"',  # the classmate's name first: last one wins
        b'"student" : "bob",\n  "student": "anna"',  # with a space before the colon
        b'"student":"bob","student": "anna"',
        b'"student": ":",\n  "student": "anna"',  # a string that starts with ':'
    ],
)
def test_a_key_given_twice_never_takes_the_fast_path(tmp_path: Path, duplicate: bytes):
    data = json.dumps(GOOD, indent=2).encode().replace(b'"student": "anna"', duplicate)
    assert fastread.decode_submission(data) is None
    assert "appears twice" in str(_careful(data, tmp_path))


keys = st.sampled_from([b'"student"', b'"a"', b'"mode"', b'"left"', b'"answers"', b'"format_version"'])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.integers(min_value=0, max_value=2000),
    key=keys,
    value=st.sampled_from([b'"x"', b"1", b'":"', b"null", b'"\\" :"', b"[]"]),
    gap=st.sampled_from([b":", b" :", b"\t:", b"\n:", b": "]),
)
def test_no_edit_slips_past_the_careful_reader(
    tmp_path: Path, where: int, key: bytes, value: bytes, gap: bytes
):
    text = json.dumps(GOOD, indent=2).encode()
    # insert `key gap value,` after some '{' or ',' of the file
    cut = [i + 1 for i, ch in enumerate(text) if ch in b"{,"]
    at = cut[where % len(cut)]
    data = text[:at] + b" " + key + gap + b" " + value + b"," + text[at:]
    fast = fastread.decode_submission(data)
    if fast is not None:  # whatever the fast path takes, the careful reader takes identically
        assert _careful(data, tmp_path) == fast["answers"]


def test_without_msgspec_every_file_is_read_carefully_with_the_same_result(tmp_path: Path):
    import subprocess
    import sys

    path = tmp_path / "anna__roadmaps.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    code = (
        "import sys; sys.modules['msgspec'] = None\n"  # the student environment has no msgspec
        "from coursekit.quiz.submission import load_submission\n"
        f"print(load_submission({str(path)!r}).answers == {GOOD['answers']!r})"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("submitted_at", "2025-01-01T12:00:00.000000z"),  # a lower-case 'z' the careful reader refuses
        ("submitted_at", "2025-02-30T12:00:00Z"),
        ("submitted_at", "yesterday"),
        ("timestamps", "2025-01-01T11:00:00z"),
        ("timestamps", "2025-13-01T11:00:00Z"),
    ],
)
def test_a_bad_time_is_refused_with_its_message_through_the_fast_path(tmp_path: Path, field: str, bad: str):
    doc = json.loads(json.dumps(GOOD))
    if field == "timestamps":
        doc["timestamps"]["a"] = ["2025-01-01T11:00:00Z", bad]
    else:
        doc[field] = bad
    data = json.dumps(doc, indent=2).encode()
    assert fastread.decode_submission(data) is None
    path = tmp_path / "anna__roadmaps.json"
    path.write_bytes(data)
    with pytest.raises(SubmissionError) as caught:
        load_submission(path)  # the fast path first, as `coursekit grade` reads every file
    expected = (
        f"{path}: submitted_at must be an ISO 8601 time, got {bad!r}"
        if field == "submitted_at"
        else f"{path}: question a: timestamps must be a list of ISO 8601 times"
    )
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("number", "length"),
    [
        ("1" * 31, 31),  # an integer of 31 digits
        ("-" + "9" * 31, 32),
        ("1." + "0" * 38 + "1", 41),  # a float of 41 characters, read as 1.0 by a typed decoder
        ("1" * 13 + "." + "1" * 13 + "e+" + "1" * 13, 42),  # three runs of 13 digits
    ],
)
def test_a_number_too_long_is_refused_with_its_message_through_the_fast_path(
    tmp_path: Path, number: str, length: int
):
    data = json.dumps(GOOD, indent=2).encode().replace(b"2.5", number.encode())
    assert fastread.decode_submission(data) is None
    path = tmp_path / "anna__roadmaps.json"
    path.write_bytes(data)
    with pytest.raises(SubmissionError, match=rf"^{path}:\d+: a number of {length} characters"):
        load_submission(path)


def test_a_long_number_the_careful_reader_takes_is_read_the_same(tmp_path: Path):
    for number in ("1" * 30, "1" * 13 + ".5", "0." + "3" * 37):  # 30 digits; 40 characters
        data = json.dumps(GOOD, indent=2).encode().replace(b"2.5", number.encode())
        assert json.loads(data)["answers"]["e"] == _careful(data, tmp_path)["e"]  # type: ignore[index]


TIME_PARTS = [  # each part of a time: the form coursekit writes first, then variants
    ["2025", "2024", "0000", "99999", "25"],
    ["-", "", "/"],
    ["01", "02", "12", "13", "1", "00", "W01"],
    ["-", ""],
    ["01", "29", "30", "31", "32", "1"],
    ["T", "t", " ", "", "_"],
    ["11", "00", "23", "24", "9", ""],
    [":", ""],
    ["00", "59", "60"],
    [":", ""],
    ["00", "59", "60", "5", ""],
    [".000000", "", ".", ".0", ".1234567", ",5", ".9999999"],
    ["Z", "z", "+00:00", "-23:59", "+24:00", "+0000", "+00", "", "ZZ", " ", "+00:00:00.5"],
]


@st.composite
def times(draw: st.DrawFn) -> str:
    """A time as coursekit writes it, with a part or two written otherwise."""
    changed = draw(st.sets(st.integers(0, len(TIME_PARTS) - 1), max_size=2))
    return "".join(draw(st.sampled_from(p)) if i in changed else p[0] for i, p in enumerate(TIME_PARTS))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(submitted=times(), stamp=times())
def test_the_fast_path_takes_a_time_only_if_the_careful_reader_does(
    tmp_path: Path, submitted: str, stamp: str
):
    doc = json.loads(json.dumps(GOOD))
    doc["submitted_at"] = submitted
    doc["timestamps"]["a"] = [stamp]
    data = json.dumps(doc).encode()
    fast = fastread.decode_submission(data)
    if fast is not None:
        assert _careful(data, tmp_path) == fast["answers"]
