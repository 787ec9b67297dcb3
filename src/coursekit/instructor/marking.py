"""Essays: a marking sheet for the teacher, and the marks read back into the gradebook.

``coursekit grade SUBMISSIONS --key quizzes/ --essays sheet.csv`` writes every
answered essay (a question type with ``keyed`` False) of the graded class to
``sheet.csv`` (one row per essay and rubric criterion, a blank ``mark`` column
to fill in) and ``sheet.html`` beside it (the essays with their rubrics, to
read offline). The teacher fills in ``mark`` and passes the file back with
``--marks sheet.csv``; each essay is then scored by
:func:`coursekit.quiz.scoring.score` with its marks.

Safety: every CSV cell that a spreadsheet could take for a formula (``=``,
``+``, ``-``, ``@``, tab, carriage return first) is written with a leading
``'``, which :func:`read_marks` removes again; every HTML cell is escaped.

A marks file is checked row by row, and the first problem is reported with its
line: unknown student, quiz, question or criterion, a question that is not an
essay, an essay the student left blank, a mark that is not a number, below 0
or above the criterion's points, a criterion marked twice, or an essay only
partly marked. Rows whose marks are all blank leave that essay unmarked.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.instructor._common import InstructorError, read_csv_text, write_text
from coursekit.quiz import types

if TYPE_CHECKING:
    from coursekit.instructor.gradebook import Gradebook

__all__ = [
    "MARK_COLUMNS",
    "Marks",
    "apply_marks",
    "essays",
    "marking_sheet_csv",
    "marking_sheet_html",
    "neutralise",
    "read_marks",
    "write_marking_sheet",
]

MARK_COLUMNS = ("student", "quiz", "question", "criterion", "max", "mark", "levels", "words", "essay")
"""The columns of the marking sheet; ``mark`` is the one to fill in."""
_NEEDED = ("student", "quiz", "question", "criterion", "mark")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_MAX_BYTES = 50_000_000

Marks = dict[tuple[str, str, str], dict[str, float]]
"""``(student, quiz, question) -> {criterion: mark}``."""


def neutralise(cell: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-3"), neutralise("fine")
    ('\\'=HYPERLINK("http://x")', "'-3", 'fine')
    """
    text = str(cell)
    return "'" + text if text.startswith(_FORMULA) else text


def _restore(cell: str) -> str:
    """Undo :func:`neutralise` (a spreadsheet may also have dropped the quote)."""
    text = cell.strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


@dataclass(frozen=True)
class _Essay:
    student: str
    quiz: str
    question: Any
    text: str


def essays(book: Gradebook) -> list[_Essay]:
    """The answered essays of a graded class, by student, quiz and question order."""
    unkeyed = {name for name in types.names() if not types.get(name).keyed}
    rows = book.responses[book.responses["type"].isin(unkeyed) & (book.responses["status"] != "unanswered")]
    out = []
    for r in rows.itertuples():
        out.append(_Essay(r.student, r.quiz, book.key[r.quiz].question(r.question), str(r.response)))
    order = {(z, q.id): n for z, quiz in book.key.items() for n, q in enumerate(quiz.questions)}
    return sorted(out, key=lambda e: (e.student, e.quiz, order[(e.quiz, e.question.id)]))


def marking_sheet_csv(book: Gradebook) -> str:
    """The marking sheet: one row per essay and criterion, ``mark`` blank (see the module notes)."""
    from coursekit.quiz.types.essay import word_count

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MARK_COLUMNS)
    for e in essays(book):
        for n, c in enumerate(e.question.rubric):
            levels = "; ".join(f"{level.points:g} = {level.description}" for level in c.levels)
            text = e.text if n == 0 else ""
            words = word_count(e.text) if n == 0 else ""
            cells = (e.student, e.quiz, e.question.id, c.criterion, f"{c.points:g}", "", levels, words, text)
            writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def marking_sheet_html(book: Gradebook) -> str:
    """The essays with their rubrics, as one offline HTML page; every text escaped."""
    from coursekit.quiz.render import escape, to_html
    from coursekit.quiz.rubric import rubric_html, word_range
    from coursekit.quiz.types.essay import word_count

    parts = [
        "<!doctype html>",
        "<html lang='en'>",
        "<head><meta charset='utf-8'><title>Essays to mark</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em}"
        "section{border-top:2px solid #ccc;margin-top:2em}.essay{white-space:pre-wrap;"
        "border-left:3px solid #ccc;padding-left:1em}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}</style>",
        "</head><body><h1>Essays to mark</h1>",
        "<p>Type each mark in the <code>mark</code> column of the CSV sheet beside this page, "
        "then run <code>coursekit grade ... --marks SHEET.csv</code>.</p>",
    ]
    for e in essays(book):
        q = e.question
        asked = word_range(q)
        words = f"{word_count(e.text)} words" + (f" (asked: {asked})" if asked else "")
        parts.append(
            f"<section><h2>{escape(e.student)} · {escape(e.quiz)} · {escape(q.id)}</h2>"
            f"{to_html(q.prompt)}{rubric_html(q)}<p>{escape(words)}</p>"
            f"<div class='essay'>{escape(e.text)}</div></section>"
        )
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_marking_sheet(book: Gradebook, path: str | Path) -> list[Path]:
    """Write the CSV marking sheet to ``path`` and the HTML one beside it (``.html``)."""
    path = Path(path)
    return [
        write_text(path, marking_sheet_csv(book)),
        write_text(path.with_suffix(".html"), marking_sheet_html(book)),
    ]


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def read_marks(path: str | Path, book: Gradebook) -> Marks:
    """Read a filled-in marking sheet, checking every row against the graded class.

    Raises
    ------
    InstructorError
        At the line of the first problem (see the module notes).
    """
    path = Path(path)
    text = read_csv_text(path, _MAX_BYTES, "marks file", saved="sheet")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in _NEEDED if c not in header]
    if missing:
        msg = f"no {', '.join(missing)} column(s); the first row must name: {', '.join(MARK_COLUMNS)}"
        raise InstructorError(msg, path=path, line=1)
    reader.fieldnames = header
    answered = {(e.student, e.quiz, e.question.id): e.question for e in essays(book)}
    graded = set(zip(book.responses["student"], book.responses["quiz"], strict=True))
    marks: Marks = {}
    blank: dict[tuple[str, str, str], int] = {}
    first_line: dict[tuple[str, str, str], int] = {}
    line = 1
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            cells = {k: _restore(v or "") for k, v in row.items() if k is not None}
            if not any(cells.values()):
                continue
            where = (cells["student"], cells["quiz"], cells["question"])
            question = _question(where, book, graded, answered, path, start)
            criterion = cells["criterion"]
            names = [c.criterion for c in question.rubric]
            if criterion not in names:
                msg = f"question {where[2]}: unknown criterion {criterion!r}; valid: {', '.join(names)}"
                raise InstructorError(msg, path=path, line=start)
            first_line.setdefault(where, start)
            if not cells["mark"]:
                blank.setdefault(where, start)
                continue
            mark = _number(cells["mark"])
            top = next(c.points for c in question.rubric if c.criterion == criterion)
            if mark is None:
                msg = f"question {where[2]}, {criterion}: mark {cells['mark']!r} is not a number"
                raise InstructorError(msg, path=path, line=start)
            if not 0 <= mark <= top:
                msg = f"question {where[2]}, {criterion}: mark {mark:g} is outside 0 to {top:g}"
                raise InstructorError(msg, path=path, line=start)
            given = marks.setdefault(where, {})
            if criterion in given:
                msg = f"question {where[2]}: criterion {criterion!r} of {where[0]} is marked twice"
                raise InstructorError(msg, path=path, line=start)
            given[criterion] = mark
    except csv.Error as exc:
        msg = f"not a valid CSV file: {exc}"
        raise InstructorError(msg, path=path, line=reader.line_num) from None
    for where, given in marks.items():
        names = [c.criterion for c in answered[where].rubric]
        left = [n for n in names if n not in given]
        if left:
            msg = (
                f"question {where[2]}: the essay of {where[0]} is only partly marked; "
                f"no mark for {', '.join(left)}"
            )
            raise InstructorError(msg, path=path, line=blank.get(where, first_line[where]))
    return marks


def _question(
    where: tuple[str, str, str],
    book: Gradebook,
    graded: set[tuple[str, str]],
    answered: dict[tuple[str, str, str], Any],
    path: Path,
    line: int,
) -> Any:
    student, quiz_id, qid = where
    if quiz_id not in book.key:
        msg = f"unknown quiz {quiz_id!r}; graded: {', '.join(book.key)}"
        raise InstructorError(msg, path=path, line=line)
    if (student, quiz_id) not in graded:
        msg = f"unknown student {student!r}: no graded submission of {quiz_id} from them"
        raise InstructorError(msg, path=path, line=line)
    try:
        question = book.key[quiz_id].question(qid)
    except KeyError as exc:
        raise InstructorError(exc.args[0], path=path, line=line) from None
    if types.get(question.type).keyed:
        msg = f"question {qid} is a {question.type} question, scored by its key, not marked"
        raise InstructorError(msg, path=path, line=line)
    if where not in answered:
        msg = f"question {qid}: {student} left it blank; there is no essay to mark"
        raise InstructorError(msg, path=path, line=line)
    return question


def apply_marks(book: Gradebook, marks: Marks) -> Gradebook:
    """The gradebook with each marked essay scored by its marks (``status`` ``marked``).

    Essays without marks stay ``unmarked`` with 0 points; a note counts them. Only the
    essays' rows are visited, and each gradebook row is found by a lookup, so a class of
    thousands is as quick as its essays are few.
    """
    import dataclasses

    from coursekit.quiz.scoring import score

    responses = book.responses.copy()
    table = book.table.copy()
    rows = responses[responses["status"].isin(("unmarked", "marked"))]
    where = {(s, z): i for i, s, z in zip(table.index, table["student"], table["quiz"], strict=True)}
    questions: dict[tuple[str, str], Any] = {}
    done: list[tuple[Any, Any, Any]] = []  # (response row, result, points before)
    unmarked = 0
    for i, student, quiz_id, qid, response, before in zip(
        rows.index,
        rows["student"],
        rows["quiz"],
        rows["question"],
        rows["response"],
        rows["points"],
        strict=True,
    ):
        given = marks.get((student, quiz_id, qid))
        if given is None:
            unmarked += 1
            continue
        question = questions.get((quiz_id, qid))
        if question is None:
            question = questions[(quiz_id, qid)] = book.key[quiz_id].question(qid)
        done.append((i, score(question, response, given), before))
    if done:
        index = [i for i, _, _ in done]
        responses.loc[index, "points"] = [r.points for _, r, _ in done]
        responses.loc[index, "status"] = [r.status for _, r, _ in done]
        responses.loc[index, "correct"] = [r.correct for _, r, _ in done]
        for i, result, before in done:
            student, quiz_id, qid = (
                responses.at[i, "student"],
                responses.at[i, "quiz"],
                responses.at[i, "question"],
            )
            row = where[(student, quiz_id)]
            table.at[row, "total"] = round(float(table.at[row, "total"]) + result.points - float(before), 6)
            table.at[row, f"{quiz_id}:{qid}"] = result.points
    notes = list(book.notes)
    if unmarked:
        notes.append(f"{unmarked} essay(s) not marked yet: 0 points until their marks are given (--marks)")
    return dataclasses.replace(book, table=table, responses=responses, notes=tuple(notes))
