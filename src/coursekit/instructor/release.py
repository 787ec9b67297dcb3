"""``coursekit release``: student copies of quizzes, with per-student variants.

A release folder looks like this::

    OUT/
      README.md                  for the instructor: what to hand out, how to grade
      variants.json              the manifest: which questions each student got
      handout/                   without --students: hand this folder to everyone
        README.md                for students: how to answer and submit
        02-roadmaps.yaml         the student copy of the quiz
        02-roadmaps.ipynb        a notebook that shows it: quiz.show("02-roadmaps.yaml")
      handout/<student_id>/      with --students: one such folder per student

The notebook shows the quiz file next to it, so a student opens it in the course
environment (JupyterLab or Binder), answers, and presses *Submit*; the widget
writes ``submissions/<student>__<quiz_id>.json``, which they hand in. The course's
own notebooks are not copied: they show the course's practice quizzes.

**Exam mode** writes :class:`~coursekit.quiz.model.ExamQuiz` copies: no answer,
explanation, source, pattern or tolerance, and nothing derived from them. Every
list a student sees (choices, items to order, right-hand options to match) is
first sorted, then shuffled with a seed (see :func:`~coursekit.instructor._common.present`),
so its order depends only on the *set* of options, never on which is right or on
the order the author wrote them in. In short: the whole release is a function of
what students must see anyway, and a test checks that changing the key changes
no byte of it. The widget shows an exam copy without a *Check* button: it
collects answers and gives no feedback.

**Practice mode** writes the quiz with its answers, so the notebook can give
self-check feedback. A determined student can read the key in the file: use
practice releases for homework, not for marks that matter.

**Variants.** With ``--students roster.csv`` each student gets their own question
order, and, if the quiz sets ``settings.pick: N``, their own seeded subset of N
questions. The manifest records each student's questions, so
``coursekit grade --variants OUT/variants.json`` counts only those questions
toward that student's maximum. Responses are recorded by value, so the order
of questions and choices never affects grading.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.instructor._common import (
    InstructorError,
    load_quiz_set,
    present,
    write_text,
)
from coursekit.instructor.roster import Student, read_roster
from coursekit.instructor.variants import MANIFEST_FORMAT_VERSION, MANIFEST_NAME, Variants, load_variants
from coursekit.quiz import types

__all__ = [
    "DEFAULT_SEED",
    "MANIFEST_FORMAT_VERSION",
    "MANIFEST_NAME",
    "MODES",
    "Release",
    "Student",
    "Variants",
    "handout_ids",
    "load_variants",
    "read_roster",
    "release_quizzes",
    "student_copy",
    "variant_questions",
]

MODES = ("exam", "practice")
"""Release modes."""
DEFAULT_SEED = "coursekit"
"""Seed of the shuffles when none is given: releases are reproducible."""
HANDOUT = "handout"


# ----------------------------------------------------------------------------- variants
def _seed(seed: str, *parts: str) -> str:
    return ":".join((seed, *parts))


def variant_questions(quiz: Any, student: str | None, *, seed: str = DEFAULT_SEED) -> list[str]:
    """Return the ids of the questions ``student`` gets, in the order they see them.

    Without a student (``None``): every question, in the author's order. With a
    student: a seeded shuffle, cut to ``settings.pick`` questions if set.

    Examples
    --------
    >>> from coursekit.quiz.model import ExamQuiz
    >>> quiz = ExamQuiz.model_validate({"id": "q", "title": "T", "mode": "exam",
    ...     "settings": {"pick": 2}, "questions": [
    ...         {"id": i, "type": "text", "prompt": "?"} for i in ("a", "b", "c")]})
    >>> variant_questions(quiz, None)
    ['a', 'b', 'c']
    >>> mine = variant_questions(quiz, "anna")
    >>> len(mine), set(mine) <= {"a", "b", "c"}, mine == variant_questions(quiz, "anna")
    (2, True, True)
    """
    ids = [q.id for q in quiz.questions]
    if student is None:
        return ids
    rng = random.Random(_seed(seed, quiz.id, student, "questions"))
    pick = quiz.settings.pick
    return rng.sample(ids, min(pick, len(ids)) if pick else len(ids))


def handout_ids(quiz: Any) -> dict[str, str]:
    """Question id -> the neutral id an exam copy shows: ``q1``, ``q2``... in the author's order.

    A question id is chosen to be read by the author (``meduza``, ``sochi-meeting``,
    ``kremlin-not-hostile``) and often gives the answer away; an exam copy shows
    only these, and ``variants.json`` keeps the mapping for grading.

    >>> from types import SimpleNamespace as NS
    >>> handout_ids(NS(questions=[NS(id="meduza"), NS(id="sochi-meeting")]))
    {'meduza': 'q1', 'sochi-meeting': 'q2'}
    """
    return {q.id: f"q{i}" for i, q in enumerate(quiz.questions, 1)}


def _exam_question(q: Any, *, shuffle: bool, seed: str) -> dict[str, Any]:
    """The student-visible part of a practice question, options in a key-free order."""
    out: dict[str, Any] = {"id": q.id, "type": q.type, "prompt": q.prompt, "points": q.points}
    if q.skill is not None:  # what the question tests is no part of its key
        out["skill"] = q.skill
    kept = types.get(q.type).exam_fields(
        q, lambda values, salt: present(values, shuffle=shuffle, seed=seed + salt)
    )
    return {**out, **kept}


def student_copy(
    quiz: Any, *, mode: str, student: str | None = None, seed: str = DEFAULT_SEED
) -> dict[str, Any]:
    """Return the student copy of a practice quiz as the mapping written to YAML.

    Parameters
    ----------
    quiz
        A practice quiz (with answers).
    mode
        ``"exam"``: an exam copy, nothing of the key in it; ``"practice"``: the quiz
        with its answers, for self-check feedback.
    student
        Make this student's variant (question order and ``pick`` subset); None
        for the copy everybody gets.
    seed
        Seed of every shuffle.

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> quiz = Quiz.model_validate({"id": "q", "title": "T", "questions": [
    ...     {"id": "a", "type": "single", "prompt": "?", "choices": ["yes", "no"],
    ...      "answer": "yes", "explanation": "e", "source": {"doc_id": "d", "quote": "x"}}]})
    >>> copy = student_copy(quiz, mode="exam")
    >>> copy["mode"], sorted(copy["questions"][0])
    ('exam', ['choices', 'id', 'points', 'prompt', 'type'])
    """
    if mode not in MODES:
        msg = f"mode {mode!r} is not one of {', '.join(MODES)}"
        raise InstructorError(msg)
    order = variant_questions(quiz, student, seed=seed)
    by_id = {q.id: q for q in quiz.questions}
    who = student if student is not None else ""
    head: dict[str, Any] = {"id": quiz.id, "title": quiz.title, "mode": mode, "notebook": f"{quiz.id}.ipynb"}
    if mode == "exam":
        shuffle = quiz.settings.shuffle
        head["settings"] = {"shuffle": shuffle}
        neutral = handout_ids(quiz)
        head["questions"] = [
            {
                **_exam_question(by_id[qid], shuffle=shuffle, seed=_seed(seed, quiz.id, who, qid)),
                "id": neutral[qid],
            }
            for qid in order
        ]
        return head
    settings = quiz.settings.model_dump(exclude={"pick"})
    head["settings"] = settings
    head["questions"] = [by_id[qid].model_dump(mode="json", exclude_none=True) for qid in order]
    return head


def _yaml(copy: dict[str, Any], *, student: str | None) -> str:
    import yaml

    from coursekit import __version__

    lines = [
        f"# Student copy of quiz {copy['id']} ({copy['mode']} mode), released by coursekit "
        f"{__version__}" + (f" for student {student}." if student else ".")
    ]
    if copy["mode"] == "exam":
        lines.append("# Exam: no answers here. The notebook collects your answers; then press Submit.")
    else:
        lines.append("# Practice: the notebook checks your answers as you go.")
    lines.append("# Do not edit: your submission is graded against these questions.")
    body = yaml.safe_dump(copy, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "\n".join(lines) + "\n" + body


# ----------------------------------------------------------------------------- files
def _notebook(quiz: Any, *, mode: str, student: str | None) -> str:
    """A two-cell notebook that shows the quiz file next to it."""
    who = (
        f"You answer as **{student}**: this copy of the quiz was made for you, so do not use someone else's."
        if student
        else "The quiz shows the student id you answer as; set yours first with "
        '`quiz.set_student("your-id")` if it is not right.'
    )
    feedback = (
        "This is an **exam**: your answers are saved as you go but not checked. "
        if mode == "exam"
        else "Press **Check** to see if an answer is right. "
    )
    intro = (
        f"# {quiz.title}\n\n{feedback}When you are done, press **Submit** at the end of the "
        "quiz and hand in the file it names (`submissions/<your id>__"
        f"{quiz.id}.json`).\n\n{who}"
    )
    call = f'quiz.show("{quiz.id}.yaml"' + (f', student="{student}")' if student else ")")
    cells = [
        {"cell_type": "markdown", "id": "instructions", "metadata": {}, "source": intro},
        {
            "cell_type": "code",
            "id": "quiz",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": f"from coursekit import quiz\n\n{call}",
        },
    ]
    doc = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def _student_readme(quizzes: list[Any], *, mode: str, student: Student | None) -> str:
    lines = [f"# Quizzes{f' for {student.name or student.student_id}' if student else ''}", ""]
    lines += [
        "Open each notebook in the course environment (JupyterLab or Binder), run it,",
        "answer, and press **Submit**. Keep each `.yaml` file next to its notebook.",
        "",
    ]
    if mode == "exam":
        lines += [
            "This is an exam: your answers are saved but not checked, and there is no",
            "feedback until your instructor grades them.",
            "",
        ]
    lines += ["Hand in the files that *Submit* writes: `submissions/<your id>__<quiz>.json`.", ""]
    lines += [f"- `{q.id}.ipynb`: {q.title}" for q in quizzes]
    return "\n".join(lines) + "\n"


def _instructor_readme(mode: str, quiz_ids: list[str], students: list[Student] | None) -> str:
    folders = (
        "`handout/<student_id>/` to each student" if students else "the folder `handout/` to every student"
    )
    return (
        f"# Release ({mode} mode)\n\n"
        f"Quizzes: {', '.join(quiz_ids)}.\n"
        + (f"Students: {len(students)}.\n" if students else "")
        + f"\nHand out {folders}. Keep `{MANIFEST_NAME}`: it records the questions each "
        "student got. Collect the submission files in one folder, then run\n\n"
        f"    coursekit grade SUBMISSIONS --key QUIZZES --variants {MANIFEST_NAME} "
        "--out gradebook.csv\n"
        + (
            "\nExam mode: the handouts contain no answers, explanations or sources.\n"
            if mode == "exam"
            else "\nPractice mode: the handouts contain the answers (for self-check feedback); a "
            "determined student can read them.\n"
        )
    )


@dataclass(frozen=True)
class Release:
    """What :func:`release_quizzes` wrote."""

    out: Path
    """The release folder."""
    mode: str
    """``exam`` or ``practice``."""
    quizzes: tuple[str, ...]
    """The quiz ids released."""
    students: tuple[str, ...]
    """The roster's student ids (empty without a roster)."""
    files: tuple[Path, ...]
    """Every file written, the manifest included."""
    manifest: Path
    """The variants manifest (``OUT/variants.json``)."""
    warnings: tuple[str, ...] = field(default=())
    """Things the instructor should know (e.g. ``pick`` ignored without a roster)."""


def _prepare(out: Path, *, force: bool) -> None:
    if out.exists() and not out.is_dir():
        msg = "exists and is not a folder; choose a new folder for the release"
        raise InstructorError(msg, path=out)
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not force:
        msg = (
            "the folder exists and is not empty; choose a new folder, or pass "
            "--force to replace a previous release in it"
        )
        raise InstructorError(msg, path=out)
    if not (out / MANIFEST_NAME).is_file():
        msg = (
            f"the folder is not empty and holds no {MANIFEST_NAME}: it is not a "
            "previous release, so --force will not delete anything in it"
        )
        raise InstructorError(msg, path=out)
    shutil.rmtree(out / HANDOUT, ignore_errors=True)
    for name in (MANIFEST_NAME, "README.md"):
        (out / name).unlink(missing_ok=True)


def release_quizzes(
    source: str | Path,
    out: str | Path,
    *,
    mode: str = "exam",
    roster: str | Path | None = None,
    seed: str = DEFAULT_SEED,
    force: bool = False,
) -> Release:
    """Write student copies of quizzes, a notebook for each, and the variants manifest.

    Parameters
    ----------
    source
        A practice quiz (id or file) or a folder of them (e.g. ``quizzes/``).
    out
        The release folder; it must be new or empty (or a previous release, with ``force``).
    mode
        ``"exam"`` (no answers; the widget only collects) or ``"practice"`` (self-check).
    roster
        A CSV file with a ``student_id`` column: one variant per student.
    seed
        Seed of the shuffles; the same inputs and seed give the same release.
    force
        Replace a previous release in ``out``.

    Returns
    -------
    Release
        The files written and any warnings.

    Raises
    ------
    QuizError
        If a quiz has a problem (``coursekit check`` would report it).
    InstructorError
        For a bad mode, roster, source (an exam copy) or output folder.

    Examples
    --------
    >>> release_quizzes("quizzes/", "/tmp/x", mode="homework")
    Traceback (most recent call last):
    ...
    coursekit.instructor._common.InstructorError: mode 'homework' is not one of exam, practice
    """
    if mode not in MODES:
        msg = f"mode {mode!r} is not one of {', '.join(MODES)}"
        raise InstructorError(msg)
    if not seed:
        msg = "the seed must not be empty"
        raise InstructorError(msg)
    quizzes = load_quiz_set(source, check_sources=True)
    for quiz in quizzes:
        if quiz.mode != "practice":
            msg = (
                f"quiz {quiz.id} is already an exam copy (mode: exam); release "
                "from the practice quiz, which has the answers"
            )
            raise InstructorError(msg, path=source)
    students = read_roster(roster) if roster is not None else None
    out = Path(out)
    _prepare(out, force=force)

    warnings = [
        f"{quiz.id}: settings.pick ({quiz.settings.pick}) ignored: per-student subsets "
        "need --students roster.csv; every question is released"
        for quiz in quizzes
        if quiz.settings.pick and students is None
    ]
    files: list[Path] = []
    manifest: dict[str, Any] = {
        "format_version": MANIFEST_FORMAT_VERSION,
        "mode": mode,
        "seed": seed,
        "quizzes": {
            q.id: {
                "title": q.title,
                "questions": [x.id for x in q.questions],
                "pick": q.settings.pick if students is not None else None,
                **({"handout_ids": {v: k for k, v in handout_ids(q).items()}} if mode == "exam" else {}),
            }
            for q in quizzes
        },
        "students": {},
    }
    targets: list[tuple[Path, Student | None]] = (
        [(out / HANDOUT / s.student_id, s) for s in students]
        if students is not None
        else [(out / HANDOUT, None)]
    )
    for folder, student in targets:
        sid = student.student_id if student else None
        chosen: dict[str, list[str]] = {}
        for quiz in quizzes:
            copy = student_copy(quiz, mode=mode, student=sid, seed=seed)
            chosen[quiz.id] = variant_questions(quiz, sid, seed=seed)  # real ids, as graded
            files.append(write_text(folder / f"{quiz.id}.yaml", _yaml(copy, student=sid)))
            files.append(write_text(folder / f"{quiz.id}.ipynb", _notebook(quiz, mode=mode, student=sid)))
        files.append(write_text(folder / "README.md", _student_readme(quizzes, mode=mode, student=student)))
        if student is not None:
            manifest["students"][student.student_id] = {"name": student.name, "quizzes": chosen}
    manifest_path = write_text(out / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    quiz_ids = [q.id for q in quizzes]
    readme = write_text(out / "README.md", _instructor_readme(mode, quiz_ids, students))
    return Release(
        out=out,
        mode=mode,
        quizzes=tuple(quiz_ids),
        students=tuple(s.student_id for s in students or []),
        files=(*files, manifest_path, readme),
        manifest=manifest_path,
        warnings=tuple(warnings),
    )
