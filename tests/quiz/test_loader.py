"""Quiz files: the models, and every problem reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.errors import QuizError
from coursekit.quiz.loader import (
    MAX_BYTES,
    check_paths,
    load_quiz,
    load_quizzes,
    parse_quiz,
    quiz_files,
)
from coursekit.quiz.model import ExamMatchQuestion, ExamQuiz, Quiz, display_options

from .conftest import BAD, GOOD

GOOD_FILES = sorted(GOOD.glob("*.yaml"))
BAD_FILES = sorted(BAD.glob("*.yaml"))


def expected_problems() -> dict[str, list[str]]:
    """``{file name: [expected lines]}`` from fixtures/bad/expected.txt."""
    out: dict[str, list[str]] = {}
    for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.setdefault(line.split(":", 1)[0], []).append(line)
    return out


# ----------------------------------------------------------------------------- good files
@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_good_fixtures_have_no_problems(path: Path):
    quiz, problems = parse_quiz(path.read_bytes(), path)
    assert problems == []
    assert quiz is not None and quiz.id == path.stem


def test_good_quiz_fields_are_parsed():
    quiz = load_quiz(GOOD / "roadmaps.yaml")
    assert isinstance(quiz, Quiz) and quiz.mode == "practice"
    assert [q.type for q in quiz.questions] == [
        "single",
        "multiple",
        "true_false",
        "numeric",
        "order",
        "match",
        "text",
    ]
    assert quiz.settings.attempts == 3 and quiz.settings.reveal_after == 2
    assert quiz.question("roadmap-envisions").points == 2
    assert quiz.question("open-items").answer == 11.0
    assert quiz.max_points == 8


def test_defaults_apply_when_settings_are_left_out():
    quiz = load_quiz(GOOD / "minimal.yaml")
    assert (quiz.settings.attempts, quiz.settings.reveal_after, quiz.settings.shuffle) == (None, 2, True)
    assert quiz.questions[0].points == 1.0


def test_exam_quiz_has_no_answer_keys():
    quiz = load_quiz(GOOD / "exam.yaml")
    assert isinstance(quiz, ExamQuiz)
    for q in quiz.questions:
        assert not hasattr(q, "answer") and not hasattr(q, "explanation")
        assert not hasattr(q, "source") and not hasattr(q, "pairs")
    match = quiz.question("q-match")
    assert isinstance(match, ExamMatchQuestion)
    assert match.options == ["Semashko", "Peskov", "Mishustin"]


def test_load_quiz_by_id_uses_the_quiz_folder(quiz_folder: Path):
    assert load_quiz("minimal").title == "One question"
    with pytest.raises(QuizError, match="available: exam, minimal, roadmaps"):
        load_quiz("no-such-quiz")
    assert sorted(load_quizzes()) == ["exam", "minimal", "roadmaps"]


def test_load_quiz_raises_the_first_problem_and_keeps_all():
    with pytest.raises(QuizError) as info:
        load_quiz(BAD / "wrong-types.yaml")
    assert info.value.line == 5 and "settings.attempts" in info.value.message
    assert "and 6 more problem(s)" in info.value.message
    assert len(info.value.problems) == 7


# ----------------------------------------------------------------------------- bad files
@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_fixture_reports_exactly_the_expected_problems(path: Path):
    expected = expected_problems().get(path.name)
    assert expected, f"{path.name} has no lines in expected.txt"
    _, problems = parse_quiz(path.read_bytes(), path.name)
    assert [str(p) for p in problems] == expected


def test_every_expected_line_belongs_to_a_fixture():
    assert sorted(expected_problems()) == [p.name for p in BAD_FILES]


def test_all_problems_in_all_files_in_one_run():
    problems = check_paths([BAD])
    reported = [str(p).replace(f"{BAD}/", "") for p in problems]
    assert reported == [line for lines in expected_problems().values() for line in lines]
    assert {Path(p.path).name for p in problems} == {p.name for p in BAD_FILES}


def test_unknown_key_message_lists_the_valid_keys():
    _, problems = parse_quiz((BAD / "unknown-key.yaml").read_bytes(), "unknown-key.yaml")
    message = next(p.message for p in problems if "'anwser'" in p.message)
    for key in ("answer", "choices", "explanation", "id", "points", "prompt", "source", "type"):
        assert key in message.split("valid keys:")[1]


def _quiz_text(**changes: str) -> str:
    """The minimal good quiz, with some lines replaced."""
    text = (GOOD / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "1: empty file: a quiz needs id, title and questions"),
        (b"# only a comment\n", "1: empty file: a quiz needs id, title and questions"),
        (
            b"id: x\ntitle: \xff\xfe\n",
            "2: not UTF-8 text (invalid start byte at byte 13); save the file as UTF-8",
        ),
        (
            b"\x00\x01\x02binary",
            "1: invalid YAML: character #x0000 is not allowed (control characters and the like)",
        ),
        (
            b"id: x\n---\nid: y\n",
            "2: a second YAML document begins here ('---'): a quiz file holds one; remove the '---' line",
        ),
        (
            b"id: !!python/name:os.system x\n",
            "1: YAML tag '!!python/name:os.system' is not allowed in quiz files",
        ),
        (b"a: &a [*a]\n", "1: the YAML is nested more than 40 levels deep (recursive aliases?)"),
        (b"[" * 3000, "1: the YAML is nested more than 40 levels deep; a quiz needs a few levels"),
        (b"id: x\ntitle: 2021-02-30\n", "1: invalid YAML value: day is out of range for month"),
    ],
    ids=[
        "empty",
        "comment-only",
        "not-utf8",
        "binary",
        "two-documents",
        "python-tag",
        "recursive-alias",
        "deep-nesting",
        "impossible-date",
    ],
)
def test_hostile_bytes_give_one_located_message(data: bytes, message: str):
    quiz, problems = parse_quiz(data, "q.yaml")
    assert quiz is None
    assert [str(p) for p in problems] == [
        f"q.yaml:{message}" if message[0].isdigit() else f"q.yaml: {message}"
    ]


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    _, problems = parse_quiz("\n".join(lines).encode(), "bomb.yaml")
    assert [p.message for p in problems] == ["the YAML expands to more than 100,000 values (aliases?)"]


def test_huge_file_is_refused():
    _, problems = parse_quiz(b"#" * (MAX_BYTES + 1), "big.yaml")
    assert [p.message for p in problems] == [
        f"file too large ({MAX_BYTES + 1:,} bytes; a quiz file may have at most {MAX_BYTES:,})"
    ]


def test_a_question_that_is_not_a_mapping():
    text = _quiz_text() + "  - just a string\n"
    _, problems = parse_quiz(text, "minimal.yaml")
    assert [str(p) for p in problems] == [
        "minimal.yaml:11: question #2: a question: expected a mapping of keys, got 'just a string'"
    ]


def test_pairs_keys_must_be_strings():
    text = (
        (GOOD / "roadmaps.yaml")
        .read_text(encoding="utf-8")
        .replace('"integration is a permanent process, it is a living mechanism"', "1999")
    )
    _, problems = parse_quiz(text, "roadmaps.yaml")
    assert [str(p) for p in problems] == [
        "roadmaps.yaml:77: question who-said: pairs: key 1999 (a number) must be a string; put it in quotes"
    ]


def test_semantic_checks_run_even_when_another_question_is_malformed():
    text = _quiz_text() + "  - {id: broken, type: single}\n"
    text = text.replace("doc_id: living-integration", "doc_id: nowhere")
    _, problems = parse_quiz(text, "minimal.yaml")
    messages = [p.message for p in problems]
    assert any(m.startswith("unknown doc_id 'nowhere'") for m in messages)
    assert "missing key 'choices'" in messages and "missing key 'prompt'" in messages


def test_sources_can_be_skipped():
    text = _quiz_text(**{"doc_id: living-integration": "doc_id: nowhere"})
    assert parse_quiz(text, "minimal.yaml", check_sources=False)[1] == []
    assert parse_quiz(text, "minimal.yaml")[1] != []


def test_quote_across_two_paragraphs_is_refused():
    quote = (
        "The Belarussian Embassy in Moscow distanced itself from Semashko’s comments, telling "
        "local media that his words were taken out of context. “The ambassador"
    )
    text = _quiz_text(
        **{
            '"Lukashenko has been in power since 1994"': f'"{quote}"',
            "living-integration": "unified-parliament",
        }
    )
    _, problems = parse_quiz(text, "minimal.yaml")
    assert len(problems) == 1 and problems[0].message.endswith("a quote must lie within one paragraph")


def test_check_paths_reports_missing_paths_and_skips_schema(tmp_path: Path):
    (tmp_path / "schema.json").write_text("{not yaml: [")
    (tmp_path / "notes.md").write_text("# not a quiz")
    assert [str(p) for p in check_paths([tmp_path])] == [f"{tmp_path}: no quiz files (*.yaml) in this folder"]
    assert check_paths([tmp_path / "schema.json"]) == []
    assert [p.message for p in check_paths([tmp_path / "nope.yaml"])] == ["no such file or folder"]
    assert quiz_files(GOOD) == GOOD_FILES


# ----------------------------------------------------------------------------- shuffling
def test_display_order_is_deterministic_per_student_and_a_permutation():
    quiz = load_quiz(GOOD / "roadmaps.yaml")
    anna = display_options(quiz, "anna")
    assert anna == display_options(quiz, "anna")
    assert sorted(anna["roadmap-items"]) == sorted(quiz.question("roadmap-items").choices)
    assert sorted(anna["who-said"]) == ["Dmitry Peskov", "Mikhail Mishustin", "Vladimir Semashko"]
    others = [display_options(quiz, f"student-{i}")["roadmap-items"] for i in range(20)]
    assert len({tuple(o) for o in others}) > 1  # not the same order for everyone


def test_no_shuffle_keeps_the_written_order():
    quiz = load_quiz(GOOD / "exam.yaml")
    assert display_options(quiz, "anna")["q-single"] == ["11", "31"]
    assert display_options(quiz, "bob")["q-match"] == ["Semashko", "Peskov", "Mishustin"]
