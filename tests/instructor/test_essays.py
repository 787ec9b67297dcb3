"""Essays: written in the widget, handed in, put on a marking sheet, marked, back in the gradebook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

from coursekit.errors import QuizError
from coursekit.instructor import marking
from coursekit.instructor._common import InstructorError
from coursekit.instructor.grade import grade_folder
from coursekit.instructor.marking import apply_marks, marking_sheet_csv, marking_sheet_html, read_marks
from coursekit.instructor.release import student_copy
from coursekit.quiz import show
from coursekit.quiz.loader import load_quiz, parse_quiz
from coursekit.quiz.scoring import score

from .conftest import FIXTURES, run

ESSAYS = FIXTURES / "essays" / "essays.yaml"
ANN = '=HYPERLINK("http://evil.example") <script>alert(1)</script>\nThe roadmap had 31 items.'
BOB = "A merger was never discussed, said Peskov, while the ambassador spoke of one state."


@pytest.fixture
def submissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three students hand in through the widget: ann and bob write essays, cy leaves them blank."""
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress"))
    out = tmp_path / "submissions"
    for student, merger, practice, roadmap in (
        ("ann", ANN, "It shows a plan.", 31),
        ("bob", BOB, None, 30),
        ("cy", None, None, 31),
    ):
        qz = show(ESSAYS, student=student)
        if merger is not None:
            qz.question("merger").set_response(merger)
        if practice is not None:
            qz.question("practice-essay").set_response(practice)
        qz.question("roadmap").set_response(roadmap)
        qz.submit(out)
    return out


def fill(sheet: str, marks: dict[tuple[str, str], str]) -> str:
    """The sheet with ``marks[(student, criterion)]`` typed into the mark column."""
    rows = list(csv.DictReader(io.StringIO(sheet, newline="")))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["mark"] = marks.get((row["student"], row["criterion"]), "")
        writer.writerow(row)
    return buffer.getvalue()


def test_the_widget_takes_the_essay_without_a_check_button_and_shows_rubric_and_word_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress"))
    qw = show(ESSAYS, student="ann").question("merger")
    assert qw.check_button is None and qw.check() is None
    qw.set_response("one two three")
    assert "3 words (asked: 20 to 200 words)" in qw.feedback_text  # the count follows the text
    assert "Both passages quoted and weighed" in qw.spec["prompt_html"]  # the rubric, with the prompt
    assert "MODEL ANSWER" not in qw.feedback_text
    with pytest.raises(QuizError, match="expected text"):
        qw.set_response(31)
    # autosaved: a fresh widget for the same student restores the text
    assert show(ESSAYS, student="ann").question("merger").response == "one two three"


def test_score_of_an_essay_is_unmarked_until_marks_are_given():
    q = load_quiz(ESSAYS).question("merger")
    unmarked = score(q, "Some essay.")
    assert (unmarked.status, unmarked.points, unmarked.max_points) == ("unmarked", 0.0, 3.0)
    assert score(q, "  ").status == "unanswered"
    marked = score(q, "Some essay.", {"Use of sources": 4, "Attribution": 1})
    assert (marked.status, marked.points) == ("marked", 2.5)  # 5 of 6 marks, of 3 points
    with pytest.raises(ValueError, match="outside 0 to 2"):
        score(q, "Some essay.", {"Use of sources": 4, "Attribution": 3})
    with pytest.raises(ValueError, match="no mark for criterion 'Attribution'"):
        score(q, "Some essay.", {"Use of sources": 4})
    assert load_quiz(ESSAYS).question("practice-essay").points == 0  # ungraded practice by default


def test_round_trip_submission_to_marking_sheet_to_gradebook(submissions: Path, tmp_path: Path, capsys):
    book = grade_folder(submissions, ESSAYS)
    sheet = marking_sheet_csv(book)
    rows = list(csv.DictReader(io.StringIO(sheet, newline="")))
    assert [(r["student"], r["question"], r["criterion"]) for r in rows] == [
        ("ann", "merger", "Use of sources"),
        ("ann", "merger", "Attribution"),
        ("ann", "practice-essay", "Argument"),
        ("bob", "merger", "Use of sources"),
        ("bob", "merger", "Attribution"),
    ]  # cy wrote nothing: nothing to mark
    assert rows[0]["essay"] == "'" + ANN  # a formula is neutralised, the text kept
    assert rows[3]["essay"] == BOB and rows[3]["words"] == str(len(BOB.split()))
    marks = tmp_path / "marks.csv"
    marks.write_text(
        fill(sheet, {("ann", "Use of sources"): "2", ("ann", "Attribution"): "2", ("ann", "Argument"): "2"}),
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "grade", submissions, "--key", ESSAYS, "--out", tmp_path / "gb.csv", "--marks", marks
    )
    assert code == 0, err
    assert "1 essay(s) not marked yet" in out  # bob's
    table = {r["student"]: r for r in csv.DictReader((tmp_path / "gb.csv").open(encoding="utf-8"))}
    assert table["ann"]["essays:merger"] == "2"  # 4 of 6 marks x 3 points
    assert table["ann"]["essays:practice-essay"] == "0"  # marked, but ungraded practice
    assert table["ann"]["total"] == "3" and table["ann"]["max"] == "4"
    assert table["bob"]["essays:merger"] == "0" and table["bob"]["total"] == "0"
    marked = apply_marks(book, read_marks(marks, book)).responses.set_index(["student", "question"])
    assert marked.loc[("ann", "merger"), "status"] == "marked"
    assert marked.loc[("bob", "merger"), "status"] == "unmarked"
    assert marked.loc[("cy", "merger"), "status"] == "unanswered"


def test_a_marks_file_too_large_says_it_is_a_marks_file(submissions: Path, tmp_path: Path):
    book = grade_folder(submissions, ESSAYS)
    marks = tmp_path / "marks.csv"
    limit = marking._MAX_BYTES
    with marks.open("wb") as fh:
        fh.truncate(limit + 1)  # sparse: refused by its size, never read
    with pytest.raises(InstructorError) as caught:
        read_marks(marks, book)
    assert (
        str(caught.value)
        == f"{marks}: file too large ({limit + 1:,} bytes; at most {limit:,}) for a marks file"
    )


def test_cli_writes_the_csv_and_html_marking_sheets(submissions: Path, tmp_path: Path, capsys):
    code, _out, err = run(
        capsys,
        "grade",
        submissions,
        "--key",
        ESSAYS,
        "--out",
        tmp_path / "gb.csv",
        "--essays",
        tmp_path / "e.csv",
    )
    assert code == 0, err
    html = (tmp_path / "e.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Both passages quoted and weighed" in html and "MODEL ANSWER" not in html
    assert "MODEL ANSWER" not in (tmp_path / "e.csv").read_text(encoding="utf-8")
    assert html == marking_sheet_html(grade_folder(submissions, ESSAYS))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r[0].update(mark="5"), ":2: question merger, Use of sources: mark 5 is outside 0 to 4"),
        (lambda r: r[0].update(mark="-1"), ":2: question merger, Use of sources: mark -1 is outside 0 to 4"),
        (
            lambda r: r[0].update(mark="good"),
            ":2: question merger, Use of sources: mark 'good' is not a number",
        ),
        (lambda r: r[3].update(student="zed"), ":6: unknown student 'zed': no graded submission of essays"),
        (lambda r: r[0].update(criterion="Style"), ":2: question merger: unknown criterion 'Style'; valid:"),
        (lambda r: r[0].update(question="roadmap"), ":2: question roadmap is a numeric question"),
        (lambda r: r[3].update(student="cy"), ":6: question merger: cy left it blank"),
        (lambda r: r[1].update(mark=""), ":4: question merger: the essay of ann is only partly marked"),
        (
            lambda r: r.append(dict(r[0])),
            ":8: question merger: criterion 'Use of sources' of ann is marked twice",
        ),
    ],
)
def test_bad_marks_give_one_located_line(submissions: Path, tmp_path: Path, capsys, change, expected):
    book = grade_folder(submissions, ESSAYS)
    rows = list(csv.DictReader(io.StringIO(marking_sheet_csv(book), newline="")))
    for r in rows:
        r["mark"] = "1"
    change(rows)
    path = tmp_path / "marks.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = path.read_bytes()
    code, _out, err = run(
        capsys, "grade", submissions, "--key", ESSAYS, "--out", tmp_path / "gb.csv", "--marks", path
    )
    assert code == 1 and len(err.splitlines()) == 1, err
    assert err.startswith(f"coursekit: error: {path}{expected}"), err
    assert path.read_bytes() == before and not (tmp_path / "gb.csv").exists()


def test_exam_copy_keeps_rubric_and_word_range_but_no_model_answer_or_passages():
    quiz = load_quiz(ESSAYS)
    copy = student_copy(quiz, mode="exam")
    essay = copy["questions"][0]
    assert set(essay) == {"id", "type", "prompt", "points", "skill", "rubric", "min_words", "max_words"}
    assert essay["rubric"][0]["levels"][2]["description"] == "Both passages quoted and weighed"
    text = yaml.safe_dump(copy, allow_unicode=True)
    assert "MODEL ANSWER" not in text and "31-item integration roadmap" not in text
    exam, problems = parse_quiz(text, "essays.yaml")
    assert problems == [] and exam is not None and exam.mode == "exam"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("min_words: 20", "min_words: 500"), "min_words (500) is more than max_words (200)"),
        (('{points: 4, description: "Both', '{points: 5, description: "Both'), "more than the criterion's 4"),
        (
            ('{points: 4, description: "Both', '{points: 3, description: "Both'),
            "no level earns the criterion's 4",
        ),
        (("criterion: Attribution", "criterion: Use of sources"), "criterion 'Use of sources' appears twice"),
    ],
)
def test_check_refuses_an_inconsistent_rubric(edit, expected):
    text = ESSAYS.read_text(encoding="utf-8").replace(*edit, 1)
    quiz, problems = parse_quiz(text, "essays.yaml", check_sources=False)
    assert quiz is None and any(expected in str(p) for p in problems), problems


def test_a_typo_in_a_rubric_is_named_with_the_valid_keys():
    text = ESSAYS.read_text(encoding="utf-8").replace("- criterion: Attribution", "- critrion: Attribution")
    quiz, problems = parse_quiz(text, "essays.yaml", check_sources=False)
    assert quiz is None
    assert (
        "unknown key 'critrion' (did you mean 'criterion'?); valid keys: criterion, levels, points"
        in "\n".join(str(p) for p in problems)
    )


def test_exports_carry_the_essay_and_its_rubric_but_not_its_model_answer(tmp_path: Path):
    import zipfile

    from coursekit.instructor.export import export_quiz
    from coursekit.instructor.export.gift import to_gift
    from coursekit.instructor.export.markdown import to_markdown
    from coursekit.instructor.preview import render_preview

    quiz = load_quiz(ESSAYS)
    gift, warnings, _ = to_gift(quiz)
    assert "::merger::[markdown]Was a merger" in gift and "use both passages.{}" in gift.lower()
    assert any("rubric is not carried" in w for w in warnings)
    paper, key = to_markdown(quiz)
    assert "Write 20 to 200 words." in paper and "Use of sources (4 marks): 0 = No passage quoted" in paper
    assert "MODEL ANSWER" not in paper and "MODEL ANSWER" in key
    assert paper.count("\\_" * 40) >= 12  # lined space to write on
    archive = export_quiz(quiz, "qti", tmp_path / "essays.zip").files[0]
    with zipfile.ZipFile(archive) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "essay_question" in xml and "Both passages quoted and weighed" in xml
    preview = render_preview(quiz, answers=False)
    assert "rubric: Use of sources (4 marks)" in preview and "essay, 20 to 200 words" in preview
    assert "MODEL ANSWER" not in preview


def _limit_memory() -> None:  # a reader that reads /dev/zero whole must fail, not eat the machine
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_a_marks_file_linked_to_dev_zero_is_refused_at_once(submissions: Path, tmp_path: Path):
    import subprocess
    import sys

    marks = tmp_path / "marks.csv"
    marks.symlink_to("/dev/zero")
    marked = ["--out", str(tmp_path / "gb.csv"), "--marks", str(marks)]
    done = subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", str(submissions), "--key", str(ESSAYS), *marked],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert (done.returncode, done.stdout) == (1, ""), done.stderr[-2000:]
    assert done.stderr == (
        f"coursekit: error: {marks}: not a regular file (a device); only files can be read\n"
    ), done.stderr[-2000:]
    assert not (tmp_path / "gb.csv").exists()
