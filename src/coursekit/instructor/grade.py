"""``coursekit grade``: a folder of submissions to a gradebook, with the widget's own scoring.

Every response is scored by :func:`coursekit.quiz.scoring.score`, the function
the notebook's *Check* button uses, so the gradebook cannot disagree with the
feedback a student saw. It is fast because it is vectorised with pandas:

1. every submission becomes rows of a long table (submission, question, response);
2. each *unique* (question, response) pair is put in :func:`~coursekit.quiz.scoring.canonical`
   form, checked, and scored once; a class of 10,000 students gives a few hundred
   unique pairs per question at most;
3. the results are merged back onto the long table, then pivoted into the
   gradebook: one row per student and quiz with ``total``, ``max`` and the points
   of each question (columns ``<quiz_id>:<question_id>``, in key order).

A file is **rejected** (listed as ``file: reason``, not graded) if it cannot be
read as a submission (:func:`~coursekit.quiz.submission.load_submission`: not
UTF-8, malformed JSON, missing or unknown keys...), names an unknown quiz,
answers unknown question ids (or, with a release manifest, questions that
student was not given, or the student is not on the roster), or holds a value
of the wrong type or outside the options (a number for a ``multiple``
question, a choice that is not in the quiz). Who is who is never taken on
trust: an invalid student id (NUL, ``/``, bidi or zero-width characters, over 64
characters; ids are NFC-normalised first), a ``submitted_at`` in the future
(beyond :data:`FUTURE_TOLERANCE` of this machine's clock), or a file named
``<student>__<quiz>.json`` whose content names another student or quiz is
rejected. When a student submitted a quiz more than once, the latest
``submitted_at`` is graded, the others are rejected as duplicates, and a note
says so; when the latest time is shared by files with different answers, none
of them is graded (nothing says which is the student's) and a note says so.
All other files are graded.

With a release manifest (``variants.json``, see :mod:`coursekit.instructor.release`),
only the questions a student was given count toward their ``max``; the others
are left empty in the gradebook.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.errors import CoursekitError, SubmissionError
from coursekit.instructor._common import InstructorError, collector_paused, load_key, plural
from coursekit.instructor.batch import score_question as _score_question
from coursekit.instructor.gradebook import FIXED_COLUMNS, Gradebook, Rejection
from coursekit.instructor.identity import FUTURE_TOLERANCE, identity_problem, resolve_duplicates
from coursekit.quiz.types._base import listing as _listing
from coursekit.quiz.types._base import quoted as _quoted

if TYPE_CHECKING:
    import pandas as pd

    from coursekit.instructor.release import Variants
    from coursekit.quiz.submission import Submission

__all__ = [
    "FIXED_COLUMNS",
    "FUTURE_TOLERANCE",
    "PROGRESS_MIN_FILES",
    "Gradebook",
    "Rejection",
    "grade_folder",
    "grade_submissions",
    "scan_folder",
    "submission_files",
]

COLLECT_MANIFEST = "collected.csv"
"""The list ``coursekit collect`` writes beside the submissions it gathers; grading passes over it."""
PROGRESS_MIN_FILES = 500
"""Show a progress bar (on a terminal) from this many submission files on."""


# ----------------------------------------------------------------------------- files
def scan_folder(folder: str | Path) -> tuple[list[Path], list[Rejection]]:
    """Sort every entry under ``folder`` into files to grade and files listed with a reason.

    A file is graded if its name ends in ``.json`` in any case (``X.JSON`` too)
    and neither it nor a folder above it starts with ``.``. Everything else is
    *listed*, never skipped without a word: other files (``not a .json file``),
    hidden files and folders (``hidden file``), links to folders (not followed).

    Returns
    -------
    tuple
        ``(files, unread)``: the files to grade, sorted; a :class:`Rejection`
        per file or folder not graded, sorted.

    Raises
    ------
    InstructorError
        If ``folder`` is not a folder, or holds no JSON file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        why = "is a file; pass the folder that holds the submissions" if folder.exists() else "no such folder"
        raise InstructorError(why, path=folder)
    found: list[str] = []
    unread: list[tuple[str, str]] = []
    for top, dirs, names in os.walk(folder):
        keep = []
        for d in dirs:
            where = os.path.join(top, d)  # noqa: PTH118 (str paths: one Path per file costs a class of 10,000)
            if d.startswith("."):
                unread.append((where, "hidden folder; not searched (rename it without the leading '.')"))
            elif os.path.islink(where):  # noqa: PTH114
                unread.append((where, "link to a folder; not followed (copy the files in instead)"))
            else:
                keep.append(d)
        dirs[:] = keep
        for n in names:
            where = os.path.join(top, n)  # noqa: PTH118
            if n.startswith("."):
                unread.append((where, "hidden file; not graded (rename it without the leading '.')"))
            elif top == str(folder) and n == COLLECT_MANIFEST:
                continue  # `coursekit collect`'s own list of what it gathered, not a hand-in
            elif not n.lower().endswith(".json"):
                unread.append((where, "not a .json file; not graded"))
            else:
                found.append(where)
    files = [Path(f) for f in sorted(found)]
    if not files:
        msg = "no submission files (*.json) in this folder"
        if unread:
            msg += f" ({plural(len(unread), 'other entry', 'other entries')}, e.g. {unread[0][0]})"
        raise InstructorError(msg, path=folder)
    rejected = [Rejection(Path(f), f"{f}: {why}") for f, why in sorted(unread)]
    return files, rejected


def submission_files(folder: str | Path) -> list[Path]:
    """Return the files under ``folder`` that ``grade`` reads, sorted (see :func:`scan_folder`).

    Raises
    ------
    InstructorError
        If ``folder`` is not a folder, or holds no JSON file.
    """
    return scan_folder(folder)[0]


def _show_progress(n: int, progress: bool | None) -> bool:
    """Whether to draw a bar: asked for, or a big batch on a terminal; never without ``rich``
    (the ``instructor`` extra), which students' environments do not have."""
    import importlib.util

    if importlib.util.find_spec("rich") is None:
        return False
    if progress is not None:
        return progress
    return n >= PROGRESS_MIN_FILES and sys.stderr.isatty()


def _with_progress(paths: Sequence[Path], enabled: bool) -> Iterator[Path]:
    if not enabled:
        yield from paths
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Reading submissions", total=len(paths))
        for path in paths:
            yield path
            bar.advance(task)


# ----------------------------------------------------------------------------- grading
@collector_paused()
def grade_submissions(
    submissions: Iterable[Submission],
    key: dict[str, Any],
    *,
    variants: Variants | None = None,
    rejected: Iterable[Rejection] = (),
    root: Path | None = None,
) -> Gradebook:
    """Grade submissions already in memory (see :func:`grade_folder` for files).

    Parameters
    ----------
    submissions
        :class:`~coursekit.quiz.submission.Submission` objects.
    key
        Practice quizzes by id (:func:`~coursekit.instructor._common.load_key`).
    variants
        A release manifest: count only the questions each student was given.
    rejected
        Rejections found earlier (files that could not be read), kept in the result.
    root
        Show files relative to this folder in the ``file`` column.

    Returns
    -------
    Gradebook

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> from coursekit.quiz.submission import Submission
    >>> quiz = Quiz.model_validate({"id": "q", "title": "T", "questions": [
    ...     {"id": "tf", "type": "true_false", "prompt": "?", "answer": True,
    ...      "explanation": "e", "source": {"doc_id": "d", "quote": "x"}}]})
    >>> def sub(student, answer):
    ...     return Submission(student=student, quiz_id="q", answers={"tf": answer},
    ...         attempts={"tf": 0}, timestamps={"tf": []},
    ...         submitted_at="2025-01-01T00:00:00Z", coursekit_version="0")
    >>> book = grade_submissions([sub("ann", True), sub("bob", False), sub("cy", 1)], {"q": quiz})
    >>> book.table[["student", "total", "max", "q:tf"]].to_string(index=False)
    'student  total  max  q:tf\\n    ann    1.0  1.0   1.0\\n    bob    0.0  1.0   0.0'
    >>> print(book.rejected[0])
    question tf: wrong value type: a true_false question takes true or false, got 1
    """
    import numpy as np
    import pandas as pd

    rejections: dict[int, Rejection] = {}
    early = list(rejected)
    questions = [(qz.id, q) for qz in key.values() for q in qz.questions]
    qindex = {(quiz_id, q.id): i for i, (quiz_id, q) in enumerate(questions)}
    ids_of = {quiz_id: [q.id for q in quiz.questions] for quiz_id, quiz in key.items()}
    subs = list(submissions)
    now = datetime.now(UTC)

    def reject(i: int, message: str, *, item: str | None = None) -> None:
        rejections[i] = Rejection(subs[i].path, str(SubmissionError(message, path=subs[i].path, item=item)))

    # 1. who it is (a valid id, agreeing with the file name, not from the future), which
    #    questions each submission answers (its variant), and which files to reject. The
    #    responses are taken submission by submission (one dict at a time: 10,000 dicts
    #    visited once each, not once per question), into a row per submission that
    #    answers its whole quiz, or straight into the columns of the questions it was given.
    asked_by: list[list[int]] = [[] for _ in questions]
    given: list[list[Any]] = [[] for _ in questions]
    whole: dict[str, tuple[list[int], list[list[Any]]]] = {quiz_id: ([], []) for quiz_id in key}
    for i, sub in enumerate(subs):
        who = identity_problem(sub, now)
        if who[1] is not None:
            reject(i, who[1])
            continue
        answers = sub.answers
        if variants is not None and sub.quiz_id in variants.handout_ids:  # an exam's neutral ids
            answers = {variants.real_id(sub.quiz_id, qid): v for qid, v in answers.items()}
        if who[0] != sub.student or answers is not sub.answers:
            sub = subs[i] = dataclasses.replace(sub, student=who[0], answers=answers)
        asked = _asked(sub, key, variants, qindex, ids_of)
        if isinstance(asked, str):
            reject(i, asked)
            continue
        if asked is ids_of.get(sub.quiz_id):  # the whole quiz (no release manifest)
            whole[sub.quiz_id][0].append(i)
            whole[sub.quiz_id][1].append(list(map(answers.get, asked)))
            continue
        for qid in asked:
            qi = qindex[(sub.quiz_id, qid)]
            asked_by[qi].append(i)
            given[qi].append(answers.get(qid))

    # 2. per question: each unique response is canonicalised, checked and scored once,
    #    with the widget's own function; the results are taken back onto every row.
    columns: list[tuple[int, Sequence[int], Sequence[Any]]] = []
    for quiz_id, (idx, rows) in whole.items():
        if idx and ids_of[quiz_id]:
            first = qindex[(quiz_id, ids_of[quiz_id][0])]
            columns += [(first + n, idx, column) for n, column in enumerate(zip(*rows, strict=True))]
    columns += [(qi, idx, given[qi]) for qi, idx in enumerate(asked_by) if idx]
    parts = [
        _score_question(qi, questions[qi][1], idx, values)
        for qi, idx, values in sorted(columns, key=itemgetter(0))
    ]
    columns_long = ("sub", "q", "points", "max_points", "correct", "status", "response", "problem")
    long = pd.DataFrame({c: np.concatenate([p[c] for p in parts]) if parts else [] for c in columns_long})

    # 3. files with impossible values are rejected (first problem, in question order)
    bad = long[long["problem"].notna()]
    for i, group in bad.groupby("sub", sort=True):
        first = group.sort_values("q").iloc[0]
        more = f" (and {len(group) - 1} more)" if len(group) > 1 else ""
        reject(int(i), str(first["problem"]) + more, item=questions[int(first["q"])][1].id)

    # 4. duplicates: the latest submitted_at wins
    notes = resolve_duplicates(subs, rejections, reject)

    # 5. the gradebook: totals per submission, points pivoted to one column per question
    kept = np.array([i for i in range(len(subs)) if i not in rejections], dtype=np.int64)
    if rejections:
        long = long[long["sub"].isin(kept)]
    row_of = np.searchsorted(kept, long["sub"].to_numpy(dtype=np.int64))  # each response's row
    names = [f"{quiz_id}:{q.id}" for quiz_id, q in questions]
    meta = pd.DataFrame(
        {
            "student": [subs[i].student for i in kept],
            "quiz": [subs[i].quiz_id for i in kept],
            "submitted_at": [subs[i].submitted_at for i in kept],
            "file": [_relative(subs[i].path, root) for i in kept],
            "status": "graded",
        },
        index=pd.Index(kept, name="sub"),
    )
    blank = (long["status"] == "unanswered").to_numpy(dtype=bool)
    meta["unanswered"] = np.bincount(row_of[blank], minlength=len(kept)).astype(int)
    totals = long.groupby("sub").agg(total=("points", "sum"), max=("max_points", "sum")).round(6)
    graded_quizzes = set(meta["quiz"])
    used = [qi for qi, (quiz_id, _) in enumerate(questions) if quiz_id in graded_quizzes]
    column_of = np.zeros(len(questions), dtype=np.int64)
    column_of[used] = np.arange(len(used))
    grid = np.full((len(kept), len(used)), np.nan)  # a question a student was not given stays empty
    grid[row_of, column_of[long["q"].to_numpy(dtype=np.int64)]] = long["points"].to_numpy(dtype=float)
    points = pd.DataFrame(grid, index=meta.index, columns=[names[qi] for qi in used])
    table = meta.join(totals).join(points)
    table = table[[*FIXED_COLUMNS, *points.columns]]
    table = table.sort_values(["student", "quiz"], kind="stable").reset_index(drop=True)

    sub_codes = long["sub"].to_numpy(dtype=np.int64)
    q_codes = long["q"].to_numpy(dtype=np.int64)
    students = np.array([s.student for s in subs], dtype=object)
    quiz_ids = np.array([quiz_id for quiz_id, _ in questions], dtype=object)
    question_ids = np.array([q.id for _, q in questions], dtype=object)
    types = np.array([q.type for _, q in questions], dtype=object)
    responses = pd.DataFrame(
        {
            "student": students[sub_codes] if len(subs) else [],
            "quiz": quiz_ids[q_codes] if len(questions) else [],
            "question": question_ids[q_codes] if len(questions) else [],
            "type": types[q_codes] if len(questions) else [],
            "points": long["points"].to_numpy(dtype=float),
            "max_points": long["max_points"].to_numpy(dtype=float),
            "correct": long["correct"].to_numpy(dtype=bool),
            "status": long["status"].to_numpy(dtype=object),
            "response": long["response"].to_numpy(dtype=object),
        }
    )
    missing: list[tuple[str, str]] = []
    if variants is not None and variants.students:
        notes.extend(_missing_notes(variants, meta))
        for quiz_id in variants.quizzes:
            handed = set(meta.loc[meta["quiz"] == quiz_id, "student"])
            missing += [(s, quiz_id) for s in sorted(variants.students) if s not in handed]
    all_rejected = sorted([*early, *rejections.values()], key=lambda r: (str(r.path or ""), r.message))
    return Gradebook(
        table=table,
        responses=responses,
        key=key,
        rejected=tuple(all_rejected),
        notes=tuple(notes),
        missing=tuple(missing),
    )


def _asked(
    sub: Submission,
    key: dict[str, Any],
    variants: Variants | None,
    qindex: dict[tuple[str, str], int],
    ids_of: dict[str, list[str]],
) -> list[str] | str:
    """The question ids ``sub`` must be graded on, or why the file is rejected.

    Without ``variants``, the quiz's whole list ``ids_of[quiz_id]`` itself (not a copy)."""
    quiz = key.get(sub.quiz_id)
    if quiz is None:
        return f"unknown quiz {_quoted(sub.quiz_id)}; the key has: {', '.join(key) or 'no quizzes'}"
    all_ids = ids_of[sub.quiz_id]
    asked = all_ids
    if variants is not None:
        if sub.quiz_id not in variants.quizzes:
            return f"quiz {_quoted(sub.quiz_id)} is not in the release {variants.path}"
        mine = variants.questions(sub.student, sub.quiz_id)
        if mine is None:
            return f"student {_quoted(sub.student)} is not on the roster of the release {variants.path}"
        missing = [qid for qid in mine if (sub.quiz_id, qid) not in qindex]
        if missing:
            msg = (
                f"question(s) {_listing(missing)} of quiz {sub.quiz_id} are not in the key; grade "
                "with the quizzes this release was made from"
            )
            raise InstructorError(msg, path=variants.path)
        asked = mine
    asked_set = set(asked)
    unknown = [qid for qid in sub.answers if qid not in asked_set]
    if not unknown:
        return asked
    elsewhere = [qid for qid in unknown if qid in all_ids]
    if elsewhere and variants is not None:
        return (
            f"question(s) {_listing(elsewhere)} were not in this student's variant "
            f"({variants.path}): a copy made for another student?"
        )
    hint = ""
    if variants is None and all(qid[:1] == "q" and qid[1:].isdigit() for qid in unknown):
        hint = " (q1, q2... are the neutral ids of an exam release: grade with --variants its variants.json)"
    return f"unknown question id(s) {_listing(unknown)}; quiz {quiz.id} has: {', '.join(all_ids)}{hint}"


def _relative(path: Path | None, root: Path | None) -> str:
    if path is None:
        return ""
    text = str(path)
    prefix = str(root) + os.sep if root is not None else None
    if prefix and text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    return text


def _missing_notes(variants: Variants, meta: pd.DataFrame) -> list[str]:
    notes = []
    for quiz_id in variants.quizzes:
        handed = set(meta.loc[meta["quiz"] == quiz_id, "student"])
        missing = sorted(s for s in variants.students if s not in handed)
        if missing:
            shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
            notes.append(
                f"no graded submission of {quiz_id} from {len(missing)} of "
                f"{len(variants.students)} students on the roster: {shown}"
            )
    return notes


@collector_paused()
def grade_folder(
    submissions: str | Path,
    key: str | Path | dict[str, Any],
    *,
    variants: str | Path | Variants | None = None,
    progress: bool | None = None,
) -> Gradebook:
    """Grade every submission file in a folder against the answer keys.

    Parameters
    ----------
    submissions
        The folder of submission files (``*.json``, searched recursively).
    key
        The practice quizzes: a quiz file or folder (e.g. ``quizzes/``), or quizzes by id.
    variants
        A release manifest (``variants.json``) or its folder: count only the
        questions each student was given, and reject students not on its roster.
    progress
        Show a progress bar on stderr: None (default) shows it on a terminal
        from :data:`PROGRESS_MIN_FILES` files on.

    Returns
    -------
    Gradebook
        Rejected files are in :attr:`Gradebook.rejected`; all others are graded.

    Raises
    ------
    InstructorError
        If the folder is missing or empty, or the key or manifest cannot be used.
    QuizError
        If a key quiz has a problem.

    Examples
    --------
    >>> grade_folder("no/such/folder", "quizzes/")
    Traceback (most recent call last):
    ...
    coursekit.instructor._common.InstructorError: no/such/folder: no such folder
    """
    from coursekit.instructor.release import Variants, load_variants
    from coursekit.quiz.submission import load_submission

    folder = Path(submissions)
    files, unread = scan_folder(folder)
    quizzes = key if isinstance(key, dict) else load_key(key)
    manifest = variants if isinstance(variants, Variants) or variants is None else load_variants(variants)
    loaded: list[Submission] = []
    rejected: list[Rejection] = list(unread)
    for path in _with_progress(files, _show_progress(len(files), progress)):
        try:
            loaded.append(load_submission(path))
        except CoursekitError as exc:
            rejected.append(Rejection(path, str(exc)))
    return grade_submissions(loaded, quizzes, variants=manifest, rejected=rejected, root=folder)
