"""``coursekit release``: exam copies leak no answer; variants are seeded and mapped back."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from coursekit.errors import CoursekitError, QuizError
from coursekit.instructor._common import InstructorError, load_quiz_set
from coursekit.instructor.grade import grade_folder
from coursekit.instructor.release import load_variants, read_roster, release_quizzes
from coursekit.quiz.loader import load_quiz
from coursekit.quiz.model import ExamQuiz, Quiz

from .conftest import COURSE_QUIZZES, PICKED, QUIZZES, SAMPLER

# What an exam question may carry, per type (the ExamQuestion models' fields).
_COMMON = {"id", "type", "prompt", "points", "skill"}  # the skill tested is no part of the key
EXAM_KEYS = {
    "single": _COMMON | {"choices"},
    "multiple": _COMMON | {"choices"},
    "true_false": _COMMON,
    "numeric": _COMMON | {"unit"},
    "order": _COMMON | {"items"},
    "match": _COMMON | {"left", "options"},
    "text": _COMMON,
    "essay": _COMMON | {"rubric", "min_words", "max_words"},
}


def release_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def visible_text(quiz: Quiz) -> str:
    """Everything a student must see anyway: title, prompts, options, units."""
    parts = [quiz.title]
    for q in quiz.questions:
        parts.append(q.prompt)
        parts += getattr(q, "choices", []) + getattr(q, "items", [])
        if q.type == "match":
            parts += [*q.pairs, *q.pairs.values(), *q.distractors]
        if getattr(q, "unit", None):
            parts.append(q.unit)
    return "\n".join(parts).casefold()


def secrets(q: Any) -> list[str]:
    """Strings that reveal the key, explanation or source of a practice question."""
    out = [q.explanation, *(s.quote for s in q.cited)]
    if q.type == "text":
        out += list(q.answer) + ([q.pattern] if q.pattern else [])
    if q.type == "numeric":
        out += [f"{q.answer:g}", repr(q.answer)]
    if q.type == "order":
        out += [" → ".join(q.answer), "\n- ".join(q.answer)]
    if q.type == "match":
        out += [f"{left}: {right}" for left, right in q.pairs.items()]
    return out


def mutate(q: dict[str, Any]) -> dict[str, Any]:
    """The same question as a student sees it, with a different key, explanation and author order."""
    q = {**q, "explanation": "A different explanation altogether."}
    kind = q["type"]
    if kind == "single":
        q["answer"] = next(c for c in q["choices"] if c != q["answer"])
        q["choices"] = q["choices"][::-1]
    elif kind == "multiple":
        q["answer"] = [c for c in q["choices"] if c not in q["answer"]] or q["choices"][:1]
        q["choices"] = q["choices"][::-1]
    elif kind == "true_false":
        q["answer"] = not q["answer"]
    elif kind == "numeric":
        q["answer"] = q["answer"] + 7
        q["tolerance"] = q.get("tolerance", 0) + 1
    elif kind == "order":
        q["answer"] = q["answer"][::-1]
        q["items"] = q["items"][1:] + q["items"][:1]
    elif kind == "match":
        lefts, rights = list(q["pairs"]), list(q["pairs"].values())
        q["pairs"] = dict(zip(lefts[::-1], rights, strict=True))
    elif kind == "text":
        q["answer"] = ["zzz another answer"]
        q.pop("pattern", None)
    return q


def mutated_copy(source: Path, folder: Path) -> Path:
    """Copies of the quizzes in ``source`` with every key changed."""
    folder.mkdir()
    for quiz in load_quiz_set(source):
        data = quiz.model_dump(mode="json", exclude_none=True)
        data["questions"] = [mutate(q) for q in data["questions"]]
        (folder / f"{quiz.id}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


# ----------------------------------------------------------------------------- exam mode
def test_exam_release_is_a_usable_folder(tmp_path: Path):
    result = release_quizzes(QUIZZES, tmp_path / "out", mode="exam")
    out = tmp_path / "out"
    assert set(release_files(out)) == {
        "README.md",
        "variants.json",
        "handout/README.md",
        "handout/picked.ipynb",
        "handout/picked.yaml",
        "handout/sampler.ipynb",
        "handout/sampler.yaml",
    }
    assert sorted(result.files) == sorted(p for p in out.rglob("*") if p.is_file())
    for quiz_id in ("picked", "sampler"):
        copy = load_quiz(out / "handout" / f"{quiz_id}.yaml")
        assert isinstance(copy, ExamQuiz) and copy.id == quiz_id
        source = load_quiz(QUIZZES / f"{quiz_id}.yaml")
        # neutral ids q1..qN: an author's id ('meduza', 'sochi-meeting') gives answers away
        assert [q.id for q in copy.questions] == [f"q{i}" for i in range(1, len(source.questions) + 1)]
        raw = yaml.safe_load((out / "handout" / f"{quiz_id}.yaml").read_text(encoding="utf-8"))
        for q in raw["questions"]:
            assert set(q) <= EXAM_KEYS[q["type"]], q["id"]
        notebook = json.loads((out / "handout" / f"{quiz_id}.ipynb").read_text(encoding="utf-8"))
        code = "".join(c["source"] for c in notebook["cells"] if c["cell_type"] == "code")
        assert f'quiz.show("{quiz_id}.yaml")' in code
    assert "settings.pick (2) ignored" in result.warnings[0]


@pytest.mark.parametrize("source", [QUIZZES, COURSE_QUIZZES], ids=["fixtures", "course"])
def test_exam_release_contains_no_answer_explanation_or_source(source: Path, roster: Path, tmp_path: Path):
    out = tmp_path / "out"
    release_quizzes(source, out, mode="exam", roster=roster)
    texts = {name: data.decode("utf-8").casefold() for name, data in release_files(out).items()}
    checked = 0
    quizzes = load_quiz_set(source)
    seen = "\n".join(visible_text(quiz) for quiz in quizzes)  # in any quiz of the release
    for quiz in quizzes:
        for q in quiz.questions:
            for secret in secrets(q):
                if secret.casefold() in seen:
                    continue  # a student sees it anyway; test_exam_release_does_not_depend_on_the_key
                checked += 1
                leaks = [name for name, text in texts.items() if secret.casefold() in text]
                assert not leaks, f"{quiz.id}/{q.id}: {secret!r} found in {leaks}"
    assert checked > 3 * sum(len(q.questions) for q in quizzes) // 2


@pytest.mark.parametrize("source", [QUIZZES, COURSE_QUIZZES], ids=["fixtures", "course"])
def test_exam_release_does_not_depend_on_the_key(source: Path, roster: Path, tmp_path: Path):
    """Change every answer, explanation and the author's option order: not one byte of the
    release changes, so nothing in it can reveal the key (which option is right, which order
    or pairing, which number)."""
    other = mutated_copy(source, tmp_path / "mutated")
    for quiz, changed in zip(load_quiz_set(source), load_quiz_set(other), strict=True):
        assert all(a != b for a, b in zip(quiz.questions, changed.questions, strict=True))
    release_quizzes(source, tmp_path / "a", mode="exam", roster=roster)
    release_quizzes(other, tmp_path / "b", mode="exam", roster=roster)
    a, b = release_files(tmp_path / "a"), release_files(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_exam_options_do_not_keep_the_authors_order(tmp_path: Path):
    # sampler's order question lists its items in the answer's order; its single question
    # is shuffle: true. In the copy they are sorted, then shuffled: the same whatever the input order.
    result = release_quizzes(SAMPLER, tmp_path / "out", mode="exam")
    copy = load_quiz(tmp_path / "out" / "handout" / "sampler.yaml")
    source = load_quiz(SAMPLER)
    shown = {real: neutral for neutral, real in load_variants(result.manifest).handout_ids["sampler"].items()}
    order = copy.question(shown["leaders-since"])
    assert sorted(order.items) == sorted(source.question("leaders-since").items)
    match = copy.question(shown["who-said"])
    assert sorted(match.left) == sorted(source.question("who-said").pairs)
    assert sorted(match.options) == sorted(
        ["Kremlin spokesman", "Belarusian ambassador", "Russian prime minister"]
    )


# ----------------------------------------------------------------------------- variants
def test_roster_gives_seeded_variants_recorded_in_the_manifest(roster: Path, tmp_path: Path):
    result = release_quizzes(QUIZZES, tmp_path / "a", mode="exam", roster=roster, seed="spring")
    assert result.students == ("ann", "bob", "cat", "dan", "eve", "fay") and result.warnings == ()
    manifest = load_variants(result.manifest)
    picked = load_quiz(PICKED)
    subsets = set()
    for student in result.students:
        copy = load_quiz(tmp_path / "a" / "handout" / student / "picked.yaml")
        ids = [manifest.real_id("picked", q.id) for q in copy.questions]
        assert len(ids) == picked.settings.pick and set(ids) <= {q.id for q in picked.questions}
        assert manifest.questions(student, "picked") == ids
        sampler_ids = [
            manifest.real_id("sampler", q.id)
            for q in load_quiz(tmp_path / "a" / "handout" / student / "sampler.yaml").questions
        ]
        assert sorted(sampler_ids) == sorted(q.id for q in load_quiz(SAMPLER).questions)
        assert manifest.questions(student, "sampler") == sampler_ids
        subsets.add(frozenset(ids))
    assert len(subsets) > 1, "six students should not all get the same two questions"
    assert manifest.questions("zed", "picked") is None

    release_quizzes(QUIZZES, tmp_path / "b", mode="exam", roster=roster, seed="spring")
    release_quizzes(QUIZZES, tmp_path / "c", mode="exam", roster=roster, seed="autumn")
    assert release_files(tmp_path / "a") == release_files(tmp_path / "b")
    assert release_files(tmp_path / "a") != release_files(tmp_path / "c")


def test_practice_release_keeps_the_key(roster: Path, tmp_path: Path):
    release_quizzes(QUIZZES, tmp_path / "out", mode="practice", roster=roster)
    source = load_quiz(SAMPLER)
    copy = load_quiz(tmp_path / "out" / "handout" / "cat" / "sampler.yaml")
    assert isinstance(copy, Quiz) and copy.settings == source.settings
    assert sorted(copy.questions, key=lambda q: q.id) == sorted(source.questions, key=lambda q: q.id)
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "a determined student can read them" in readme


def test_exam_widget_collects_answers_and_grading_maps_variants_back(roster: Path, tmp_path: Path):
    """Release with a roster, answer every copy in the widget, submit, grade with the manifest."""
    from coursekit.quiz.widgets import show

    release = release_quizzes(QUIZZES, tmp_path / "out", mode="exam", roster=roster)
    key = {q.id: q for q in load_quiz_set(QUIZZES)}
    real = load_variants(release.manifest).real_id
    right = {
        "single": lambda q: q.answer,
        "multiple": lambda q: list(q.answer),
        "true_false": lambda q: q.answer,
        "numeric": lambda q: float(q.answer),
        "order": lambda q: list(q.answer),
        "match": lambda q: dict(q.pairs),
        "text": lambda q: q.answer[0],
    }
    inbox = tmp_path / "inbox"
    for student in release.students:
        for quiz_id in release.quizzes:
            widget = show(tmp_path / "out" / "handout" / student / f"{quiz_id}.yaml", student=student)
            for qw in widget.questions:
                assert qw.check_button is None and qw.check() is None
                q = key[quiz_id].question(real(quiz_id, qw.question.id))
                qw.set_response(right[q.type](q))
                assert qw.feedback_text == ""
            widget.submit(inbox)
    book = grade_folder(inbox, QUIZZES, variants=release.manifest)
    assert book.rejected == () and len(book.table) == 6 * 2
    manifest = load_variants(release.manifest)
    for row in book.table.itertuples():
        given = manifest.questions(row.student, row.quiz)
        assert row.max == sum(key[row.quiz].question(qid).points for qid in given)
        assert row.total == row.max
        for q in key[row.quiz].questions:
            cell = book.table.loc[row.Index, f"{row.quiz}:{q.id}"]
            assert (q.id in given) == (not math.isnan(cell))


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name\nann\n", "roster.csv:1: no student_id column (found 'name')"),
        (b"student_id\nann\nbob\nann\n", "roster.csv:4: duplicate student_id 'ann' (first on line 2)"),
        (b"student_id\nann\nAnn Smith\n", "roster.csv:3: invalid student id 'Ann Smith'"),
        (b"student_id,name\nann,Ren\xe9e\n", "roster.csv:2: not UTF-8"),
        (b"student_id\n\n", "roster.csv: no students"),
    ],
)
def test_bad_rosters_are_located(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "roster.csv"
    path.write_bytes(content)
    with pytest.raises(InstructorError) as info:
        read_roster(path)
    assert str(info.value).startswith(f"{tmp_path}/{message}")


def test_release_folder_must_be_new_or_a_previous_release(roster: Path, tmp_path: Path):
    out = tmp_path / "out"
    release_quizzes(QUIZZES, out, roster=roster)
    with pytest.raises(InstructorError, match="exists and is not empty"):
        release_quizzes(QUIZZES, out)
    release_quizzes(QUIZZES, out, force=True)  # replaces it: no per-student folders left over
    assert sorted(p.name for p in (out / "handout").iterdir()) == [
        "README.md",
        "picked.ipynb",
        "picked.yaml",
        "sampler.ipynb",
        "sampler.yaml",
    ]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    with pytest.raises(InstructorError, match="will not delete anything"):
        release_quizzes(QUIZZES, mine, force=True)
    assert (mine / "thesis.tex").read_text() == "precious"


def test_release_refuses_exam_copies_and_broken_quizzes(tmp_path: Path):
    release_quizzes(SAMPLER, tmp_path / "first")
    with pytest.raises(InstructorError, match="already an exam copy"):
        release_quizzes(tmp_path / "first" / "handout" / "sampler.yaml", tmp_path / "second")
    bad = tmp_path / "picked.yaml"
    bad.write_text(PICKED.read_text(encoding="utf-8").replace("pick: 2", "pick: 5"), encoding="utf-8")
    with pytest.raises(QuizError) as info:
        release_quizzes(bad, tmp_path / "third")
    assert str(info.value) == f"{bad}:4: pick: 5 is more than the 4 question(s) of the quiz"
    assert isinstance(info.value, CoursekitError)


def test_variants_manifest_errors(tmp_path: Path):
    path = tmp_path / "variants.json"
    path.write_text('{"format_version": 1, "quizzes": [}', encoding="utf-8")
    with pytest.raises(InstructorError, match=r"variants.json:1: malformed JSON"):
        load_variants(path)
    path.write_text('{"format_version": 1, "quizzes": {"q": {"questions": "a"}}, "students": {}}')
    with pytest.raises(InstructorError, match="quizzes must map quiz ids"):
        load_variants(path)
    shutil.rmtree(tmp_path)


def test_exam_handouts_never_show_a_question_id(roster: Path, tmp_path: Path):
    """Ids like 'meduza' or 'kremlin-not-hostile' give answers away: handouts show q1..qN only."""
    from .conftest import COURSE_QUIZZES

    result = release_quizzes(COURSE_QUIZZES, tmp_path / "out", mode="exam", roster=roster)
    ids = {q.id for quiz in load_quiz_set(COURSE_QUIZZES) for q in quiz.questions}
    handout = [p for p in (tmp_path / "out" / "handout").rglob("*") if p.is_file()]
    assert handout
    for path in handout:
        text = path.read_text(encoding="utf-8")
        leaked = {i for i in ids if f"id: {i}\n" in text or f'"{i}"' in text or f"'{i}'" in text}
        assert leaked == set(), (path, leaked)
    manifest = load_variants(result.manifest)
    assert {real for m in manifest.handout_ids.values() for real in m.values()} == ids
