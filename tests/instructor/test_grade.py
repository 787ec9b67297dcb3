"""``coursekit grade``: the gradebook, rejections, duplicates, variants, agreement with score()."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.instructor import grade as grading
from coursekit.instructor._common import InstructorError, load_key
from coursekit.instructor.grade import FIXED_COLUMNS, grade_folder, grade_submissions
from coursekit.instructor.release import load_variants, release_quizzes
from coursekit.quiz.scoring import score
from coursekit.quiz.submission import Submission, load_submission

from .conftest import QUIZZES, SUBMISSIONS, assert_golden, run

ROOT = Path(__file__).resolve().parents[2]

# Each rejected fixture file, and the reason it must be rejected for.
REJECTED = {
    ".trash": "hidden folder; not searched",
    "README.txt": "not a .json file; not graded",
    "fay__sampler (1).json": "duplicate: fay also submitted sampler in",
    "gus__sampler.json": ":3: malformed JSON",
    "hal__sampler.json": ":1: not UTF-8",
    "ivy__midterm.json": "unknown quiz 'midterm'; the key has: picked, sampler",
    "jon__sampler.json": "unknown question id(s) 'bonus'; quiz sampler has: roadmap-items,",
    "kim__sampler.json": "question codes: wrong value type: a multiple question takes a list of choices, "
    'got "a single tax code"',
    "lou__sampler.json": "question roadmap-items: 'thirty-one' is not one of the choices: '11', '28', '31', "
    "'400'",
}


@pytest.fixture(scope="module")
def book() -> grading.Gradebook:
    return grade_folder(SUBMISSIONS, QUIZZES)


def test_gradebook_matches_its_golden_file(book: grading.Gradebook, tmp_path: Path):
    path = book.write_csv(tmp_path / "gradebook.csv")
    text = path.read_text(encoding="utf-8")
    assert_golden("gradebook.csv", text)
    header = text.splitlines()[0].split(",")
    key = load_key(QUIZZES)
    assert header == [
        *FIXED_COLUMNS,
        *(f"{qz}:{q.id}" for qz in ("picked", "sampler") for q in key[qz].questions),
    ]


def test_each_bad_file_is_rejected_for_its_reason_and_the_rest_graded(book: grading.Gradebook):
    reasons = {Path(r.path).name: str(r) for r in book.rejected}
    assert set(reasons) == set(REJECTED)
    for name, reason in REJECTED.items():
        assert reasons[name].startswith(str(SUBMISSIONS / name)), reasons[name]
        assert reason in reasons[name], reasons[name]
        assert "\n" not in reasons[name]
    graded = set(zip(book.table["student"], book.table["quiz"], strict=True))
    assert graded == {(s, "sampler") for s in ("ann", "bob", "cat", "dan", "eve", "fay")} | {
        ("ann", "picked"),
        ("bob", "picked"),
    }
    assert "old" not in set(book.table["student"])  # .trash/ is hidden: listed, not read


def test_the_latest_duplicate_wins_and_a_note_says_so(book: grading.Gradebook):
    fay = book.table[book.table["student"] == "fay"].iloc[0]
    assert fay["file"] == "fay__sampler.json" and fay["submitted_at"] == "2025-03-01T11:30:00.000000Z"
    assert fay["total"] > 0  # the earlier file was blank
    assert any(n.startswith("fay submitted sampler 2 times; graded the latest") for n in book.notes)


def test_gradebook_agrees_with_a_plain_loop_over_the_widgets_score(book: grading.Gradebook):
    """Every cell equals score(question, answer) computed one by one, as the widget does."""
    key = load_key(QUIZZES)
    checked = 0
    for row in book.table.to_dict("records"):
        sub = load_submission(SUBMISSIONS / row["file"])
        quiz = key[sub.quiz_id]
        results = [score(q, sub.answers.get(q.id)) for q in quiz.questions]
        for q, result in zip(quiz.questions, results, strict=True):
            assert row[f"{quiz.id}:{q.id}"] == result.points, (row["student"], q.id)
            checked += 1
        assert row["total"] == pytest.approx(sum(r.points for r in results))
        assert row["max"] == quiz.max_points
    assert checked == 6 * 7 + 2 * 4


def test_responses_table_keeps_canonical_responses(book: grading.Gradebook):
    r = book.responses
    ann = r[(r["student"] == "ann") & (r["question"] == "ambassador")].iloc[0]
    assert (ann["response"], ann["status"], ann["correct"]) == ("vladimir semashko", "correct", True)
    cat = r[(r["student"] == "cat") & (r["question"] == "in-power-since")].iloc[0]
    assert cat["response"] == 1994.0 and cat["points"] == 1.0  # "1994" is read as a number


@pytest.mark.parametrize(
    ("question", "value", "reason"),
    [
        ("roadmap-items", 31, "a single question takes one of the choices (text), got 31"),
        ("codes", {"a single tax code": True}, "a multiple question takes a list of choices"),
        ("embassy", "false", 'a true_false question takes true or false, got "false"'),
        ("in-power-since", True, "a numeric question takes a number, got true"),
        ("in-power-since", "nineteen", "a numeric question takes a number"),
        ("leaders-since", "Lukashenko in power", "an order question takes a list of the items"),
        ("leaders-since", ["Lukashenko in power"], "expected a list of 3 positions, got 1"),
        ("who-said", ["Kremlin spokesman"], "takes a mapping from left items to options"),
        ("who-said", {"nobody said this": "Kremlin spokesman"}, "'nobody said this' is not a left item"),
        ("ambassador", ["Semashko"], "a text question takes text"),
    ],
)
def test_impossible_values_reject_the_file(question: str, value: Any, reason: str):
    key = load_key(QUIZZES)
    good = Submission("amy", "sampler", {"ambassador": "Semashko"}, {}, {}, "2025-01-01T00:00:00Z", "0")
    bad = Submission("zoe", "sampler", {question: value}, {}, {}, "2025-01-01T00:00:00Z", "0")
    book = grade_submissions([good, bad], key)
    assert list(book.table["student"]) == ["amy"]
    assert len(book.rejected) == 1 and str(book.rejected[0]).startswith(f"question {question}: ")
    assert reason in str(book.rejected[0])


def test_true_one_and_one_point_zero_are_kept_apart():
    """JSON true, 1 and 1.0 are equal in Python; grading must not merge them."""
    key = load_key(QUIZZES)
    subs = [
        Submission(f"s{i}", "picked", {"since-1994": v}, {}, {}, "2025-01-01T00:00:00Z", "0")
        for i, v in enumerate([True, 1, 1.0, True])
    ]
    book = grade_submissions(subs, key)
    assert list(book.table["student"]) == ["s0", "s3"]
    assert [str(r).split(": ", 1)[1] for r in book.rejected] == [
        "wrong value type: a true_false question takes true or false, got 1",
        "wrong value type: a true_false question takes true or false, got 1.0",
    ]


def test_variants_count_only_the_questions_each_student_was_given(roster: Path, tmp_path: Path):
    release = release_quizzes(QUIZZES, tmp_path / "release", roster=roster)
    manifest = load_variants(release.manifest)
    key = load_key(QUIZZES)
    inbox = tmp_path / "inbox"
    inbox.mkdir()

    def hand_in(name: str, student: str, answers: dict[str, Any]) -> None:
        sub = Submission(
            student,
            "picked",
            answers,
            {k: 0 for k in answers},
            {k: [] for k in answers},
            "2025-01-01T00:00:00Z",
            "0",
            mode="exam",
        )
        (inbox / name).write_text(json.dumps(sub.to_json()), encoding="utf-8")

    for student in release.students:  # everyone answers "true" to each question they got
        hand_in(f"{student}.json", student, {q: True for q in manifest.questions(student, "picked")})
    ann = manifest.questions("ann", "picked")
    hand_in("zed.json", "zed", {q: True for q in ann})  # not on the roster
    other = next(q.id for q in key["picked"].questions if q.id not in ann)
    hand_in("ann-again.json", "ann", {other: True})  # a question ann was not given

    book = grade_folder(inbox, QUIZZES, variants=release.manifest)
    assert {Path(r.path).name: str(r).split(": ", 1)[1] for r in book.rejected} == {
        "zed.json": f"student 'zed' is not on the roster of the release {release.manifest}",
        "ann-again.json": f"question(s) '{other}' were not in this student's variant "
        f"({release.manifest}): a copy made for another student?",
    }
    for row in book.table.to_dict("records"):
        given = manifest.questions(row["student"], "picked")
        assert row["max"] == sum(key["picked"].question(q).points for q in given)
        assert row["total"] == sum(
            key["picked"].question(q).points for q in given if key["picked"].question(q).answer is True
        )
        assert sorted(
            q.id for q in key["picked"].questions if not math.isnan(row[f"picked:{q.id}"])
        ) == sorted(given)
    assert book.notes == (
        "no graded submission of sampler from 6 of 6 students on the roster: ann, bob, cat, dan, eve, fay",
    )


def test_cli_exit_0_when_nothing_is_rejected(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    folder = tmp_path / "good"
    folder.mkdir()
    for name in ("ann__sampler.json", "bob__sampler.json"):
        shutil.copy(SUBMISSIONS / name, folder)
    code, out, err = run(capsys, "grade", folder, "--key", QUIZZES, "--out", tmp_path / "g.csv")
    assert (code, err) == (0, "")
    assert out == f"wrote {tmp_path / 'g.csv'}: graded 2 submissions from 2 students in 1 quiz\n"


def test_cli_lists_rejections_and_still_writes_the_gradebook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    code, out, err = run(capsys, "grade", SUBMISSIONS, "--key", QUIZZES, "--out", tmp_path / "g.csv")
    assert code == 1
    lines = out.splitlines()
    assert [line.split(": ")[0].rsplit("/", 1)[-1].split(":")[0] for line in lines[:9]] == sorted(REJECTED)
    assert lines[9].startswith("note: fay submitted sampler 2 times")
    assert lines[10] == (
        f"wrote {tmp_path / 'g.csv'}: graded 8 submissions from 6 students in 2 quizzes; 9 files rejected"
    )
    assert err == "9 file(s) rejected; the other files were graded\n"  # and no progress bar
    assert (tmp_path / "g.csv").read_text(encoding="utf-8") == (
        ROOT / "tests/instructor/golden/gradebook.csv"
    ).read_text(encoding="utf-8")


def test_progress_bar_only_on_a_terminal_for_large_batches(monkeypatch: pytest.MonkeyPatch):
    big = grading.PROGRESS_MIN_FILES
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not grading._show_progress(big * 10, None)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert grading._show_progress(big, None) and not grading._show_progress(big - 1, None)
    assert not grading._show_progress(big * 10, False) and grading._show_progress(1, True)


def test_forced_progress_bar_grades_the_same(book: grading.Gradebook):
    assert grade_folder(SUBMISSIONS, QUIZZES, progress=True).table.equals(book.table)


def test_bad_folders_and_keys(tmp_path: Path):
    with pytest.raises(InstructorError, match="no such folder"):
        grade_folder(tmp_path / "nope", QUIZZES)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InstructorError, match=r"no submission files \(\*\.json\) in this folder"):
        grade_folder(tmp_path / "empty", QUIZZES)
    release_quizzes(QUIZZES, tmp_path / "release")
    with pytest.raises(InstructorError, match=r"exam copy .* use the practice quiz"):
        grade_folder(SUBMISSIONS, tmp_path / "release" / "handout")


def test_grading_pauses_the_collector_and_gives_it_back_as_it_was(
    book: grading.Gradebook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """The cyclic collector walks a whole class again and again while it is read; grading
    pauses it, gives the same gradebook, and leaves the caller's collector as it found it."""
    import gc

    import coursekit.quiz.submission

    seen: list[bool] = []
    read = coursekit.quiz.submission.load_submission

    def spy(path: Path) -> Submission:
        seen.append(gc.isenabled())
        return read(path)

    monkeypatch.setattr(coursekit.quiz.submission, "load_submission", spy)
    assert gc.isenabled()
    assert grade_folder(SUBMISSIONS, QUIZZES).table.equals(book.table)
    assert seen and not any(seen), "files were read with the collector running"
    assert gc.isenabled()
    with pytest.raises(InstructorError, match="no such folder"):
        grade_folder(tmp_path / "nope", QUIZZES)
    assert gc.isenabled(), "a failed grading left the collector off"
    gc.disable()
    try:
        grade_folder(SUBMISSIONS, QUIZZES)
        assert not gc.isenabled(), "grading turned on a collector its caller had paused"
    finally:
        gc.enable()


def test_benchmark_script_runs_and_both_graders_agree():
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "grade_time.py"),
            "--students",
            "300",
            "--questions",
            "14",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "per-submission loop" in proc.stdout and "vectorised grade:" in proc.stdout


def test_grading_works_without_rich_which_students_do_not_install():
    # rich is the `instructor` extra; a student's environment (Binder, the hub) has no rich.
    code = (
        "import sys; sys.modules['rich'] = None\n"  # as if not installed: importing it fails
        "from coursekit.instructor.grade import grade_folder\n"
        f"book = grade_folder({str(SUBMISSIONS)!r}, {str(QUIZZES)!r}, progress=True)\n"
        "print(len(book.table), 'rich' in sys.modules and sys.modules['rich'] is not None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(len(grade_folder(SUBMISSIONS, QUIZZES).table)), "False"]


def test_every_file_in_the_folder_is_graded_or_listed_with_a_reason(tmp_path: Path):
    """Upper-case .JSON is graded; hidden files, other files and hidden folders are listed, never
    skipped without a word."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".cache").mkdir()
    shutil.copy(SUBMISSIONS / "ann__sampler.json", folder / "ANN__SAMPLER.JSON")
    shutil.copy(SUBMISSIONS / "bob__sampler.json", folder / "sub" / "bob__sampler.Json")
    shutil.copy(SUBMISSIONS / "cat__sampler.json", folder / ".cat__sampler.json")
    shutil.copy(SUBMISSIONS / "dan__sampler.json", folder / ".cache" / "dan__sampler.json")
    (folder / "eve__sampler.json.txt").write_text("{}", encoding="utf-8")
    (folder / "notes").write_text("x", encoding="utf-8")
    book = grading.grade_folder(folder, QUIZZES)
    assert sorted(book.table["student"]) == ["ann", "bob"]
    reasons = {Path(r.path).name: str(r) for r in book.rejected}
    assert reasons == {
        ".cat__sampler.json": f"{folder / '.cat__sampler.json'}: hidden file; not graded "
        "(rename it without the leading '.')",
        ".cache": f"{folder / '.cache'}: hidden folder; not searched (rename it without the leading '.')",
        "eve__sampler.json.txt": f"{folder / 'eve__sampler.json.txt'}: not a .json file; not graded",
        "notes": f"{folder / 'notes'}: not a .json file; not graded",
    }


# Responses per question of the sampler: right, wrong, blank, and shapes the widget never saves
# (numbers of every kind, nested lists, mappings in another order), so that each way the grader
# groups a column of responses (text, numbers, lists, mappings, mixed) is taken.
_SAMPLES: dict[str, list[Any]] = {
    "roadmap-items": ["31", "28", None, 31, "thirty-one", ["31"]],
    "codes": [
        ["a single tax code", "a single civil code"],
        ["a single civil code", "a single tax code"],
        ["a joint army"],
        [],
        None,
        [["a joint army"]],
        ["a single tax code", None],
        {"a single tax code": True},
    ],
    "embassy": [False, True, None, 0, "false"],
    "in-power-since": [1994.0, 1994, -0.0, 0.0, 2004.5, None, True, "1994", float("nan")],
    "leaders-since": [
        [
            "Lukashenko in power",
            "Putin at Russia's helm",
            "the Union State Supreme State Council chaired by Lukashenko",
        ],
        [
            "Putin at Russia's helm",
            "Lukashenko in power",
            "the Union State Supreme State Council chaired by Lukashenko",
        ],
        ["Lukashenko in power"],
        None,
    ],
    "who-said": [
        {
            "integration is a permanent process, it is a living mechanism": "Kremlin spokesman",
            "We’re currently working on creating a single parliament and government": "Belarusian ambassador",
        },
        {
            "We’re currently working on creating a single parliament and government": "Belarusian ambassador",
            "integration is a permanent process, it is a living mechanism": "Kremlin spokesman",
        },
        {"integration is a permanent process, it is a living mechanism": None},
        {"integration is a permanent process, it is a living mechanism": ["Kremlin spokesman"]},
        None,
    ],
    "ambassador": ["Semashko", " vladimir  SEMASHKO", "Peskov", None, 7],
}


@settings(max_examples=60, deadline=None)
@given(picks=st.lists(st.lists(st.integers(0, 20), min_size=7, max_size=7), min_size=1, max_size=25))
def test_every_cell_is_the_widgets_score_and_every_impossible_value_rejects(picks: list[list[int]]):
    """Whatever a class answers, the vectorised gradebook gives each response the points of
    score(question, response), and rejects a submission exactly when a response is impossible."""
    from coursekit.instructor.batch import value_problem
    from coursekit.quiz.scoring import canonical

    quiz = load_key(QUIZZES)["sampler"]
    subs = [
        Submission(
            f"s{n:02d}",
            "sampler",
            {q.id: _SAMPLES[q.id][i % len(_SAMPLES[q.id])] for q, i in zip(quiz.questions, row, strict=True)},
            {},
            {},
            "2025-01-01T00:00:00Z",
            "0",
        )
        for n, row in enumerate(picks)
    ]
    book = grade_submissions(subs, {"sampler": quiz})
    rows = {row["student"]: row for row in book.table.to_dict("records")}
    for sub in subs:
        problems = [
            value_problem(q, canonical(q, sub.answers[q.id]), sub.answers[q.id]) for q in quiz.questions
        ]
        if any(problems):
            assert sub.student not in rows, sub.answers
            continue
        assert sub.student in rows
        for q in quiz.questions:
            assert rows[sub.student][f"sampler:{q.id}"] == score(q, sub.answers[q.id]).points, (
                q.id,
                sub.answers,
            )
    assert len(rows) + len(book.rejected) == len(subs)
