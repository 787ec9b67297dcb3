"""Read quiz files and report every problem with its file, line and question.

:func:`parse_quiz` turns the bytes of a quiz file into a :class:`Quiz` (or
:class:`ExamQuiz`) and a list of :class:`~coursekit.errors.QuizError`, one per
problem, each located at a line of the YAML file. It never raises for bad
input, whatever the bytes: empty, binary, not UTF-8, huge, deeply nested,
aliases that expand without end, or YAML tags (only ``yaml.SafeLoader`` is
used).

The YAML is *composed* into a node tree first: each node keeps its line, so a
pydantic error at ``questions[2].answer`` is reported at the line of that key.

Examples
--------
>>> quiz, problems = parse_quiz(b"id: demo\\ntitle: Demo\\nquestions: []\\n", "demo.yaml")
>>> quiz is None, [str(p) for p in problems]
(True, ['demo.yaml:3: empty quiz: `questions` has no questions'])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from coursekit._reading import ReadProblem, read_limited
from coursekit.errors import QuizError
from coursekit.quiz import model as m
from coursekit.quiz import types
from coursekit.quiz.messages import pydantic_message
from coursekit.quiz.reading import MAX_BYTES, Report, compose, decode, describe, duplicate_keys, line_at
from coursekit.quiz.sources import check_source
from coursekit.quiz.types._base import PracticeQuestion

__all__ = [
    "MAX_BYTES",
    "check_file",
    "check_paths",
    "load_quiz",
    "load_quizzes",
    "parse_quiz",
    "quiz_files",
    "quiz_path",
]

SKIP = frozenset({"schema.json"})
"""Files in the quiz folder that are not quizzes."""


def _adapter(exam: bool) -> TypeAdapter[Any]:
    """Validates one question against the registered types (rebuilt when they change)."""
    key = "exam" if exam else "practice"
    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(m.ExamQuestion if exam else m.Question)
    return _ADAPTERS[key]


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}
types.on_change(_ADAPTERS.clear)


def _check_question(
    q: Any, loc: tuple[Any, ...], report: Report, *, sources: dict[str, list[str]] | None
) -> None:
    """Cross-field rules of one question that validated on its own: its type's, then its source
    (``sources``: the articles' paragraphs read so far in this file, or None not to check them)."""
    types.get(q.type).check(q, lambda message, where: report.add(message, (*loc, *where)))
    if sources is not None and isinstance(q, PracticeQuestion):
        if q.source is not None:
            check_source(q.source, (*loc, "source"), report, sources)
        for i, source in enumerate(q.sources or []):
            check_source(source, (*loc, "sources", i), report, sources)


def _quiz_model(raw: dict[str, Any], report: Report) -> type[m.Quiz] | type[m.ExamQuiz]:
    mode = raw.get("mode", "practice")
    if mode == "exam":
        return m.ExamQuiz
    if mode != "practice":
        report.add(f"mode: {describe(mode)} is not one of 'practice', 'exam'", ("mode",))
    return m.Quiz


def parse_quiz(
    data: bytes | str,
    path: str | Path = "<quiz>",
    *,
    stem: str | None = None,
    check_sources: bool = True,
) -> tuple[m.AnyQuiz | None, list[QuizError]]:
    """Parse and check one quiz file; never raises for bad input.

    Parameters
    ----------
    data
        The file's bytes (or text).
    path
        Shown in messages.
    stem
        The file stem the quiz ``id`` must equal; defaults to ``Path(path).stem``.
    check_sources
        Check each ``source`` against the corpus (unknown ``doc_id``, quote not
        verbatim).

    Returns
    -------
    (quiz, problems)
        ``quiz`` is None if there is any problem; ``problems`` are sorted by line.
    """
    report = Report(str(path))
    text = data if isinstance(data, str) else decode(data, report)
    if text is None:
        return None, report.problems
    if len(text) > MAX_BYTES:
        report.add(f"file too large ({len(text):,} characters)")
        return None, report.problems
    root, raw = compose(text, report)
    if report.problems:
        return None, report.problems
    if root is None:
        report.add("empty file: a quiz needs id, title and questions", line=1)
        return None, report.problems
    report.raw = raw
    if root is not None:
        for loc, key, line, first in duplicate_keys(root):
            report.add(f"key {key!r} is given twice (first on line {first}); keep one", loc, line=line)
    if not isinstance(raw, dict):
        report.add(f"a quiz file is a mapping with keys id, title, questions...; got {describe(raw)}")
        return None, report.problems

    quiz_model = _quiz_model(raw, report)
    if "mode" in raw and raw["mode"] not in ("practice", "exam"):
        raw = {k: v for k, v in raw.items() if k != "mode"}
    quiz: m.Quiz | m.ExamQuiz | None = None
    try:
        quiz = quiz_model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message, loc = pydantic_message(dict(err), quiz_model, raw)
            report.add(message, loc)
    except RecursionError:
        report.add("the YAML is nested too deeply")

    if quiz is not None and quiz.settings.pick is not None and quiz.settings.pick > len(quiz.questions):
        report.add(
            f"pick: {quiz.settings.pick} is more than the {len(quiz.questions)} question(s) of the quiz",
            ("settings", "pick"),
        )

    stem = Path(path).stem if stem is None else stem
    if isinstance(raw.get("id"), str) and raw["id"] != stem:
        report.add(f"quiz id {raw['id']!r} differs from the file name; expected {stem!r}", ("id",))

    questions = raw.get("questions")
    if isinstance(questions, list):
        adapter = _adapter(quiz_model is m.ExamQuiz)
        first_line: dict[str, int] = {}
        articles: dict[str, list[str]] | None = {} if check_sources else None
        for i, item in enumerate(questions):
            loc = ("questions", i)
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                qid = item["id"]
                if qid in first_line:
                    report.add(
                        f"duplicate question id {qid!r} (first used on line {first_line[qid]})", (*loc, "id")
                    )
                else:
                    first_line[qid] = line_at(report.root, (*loc, "id")) if report.root else 0
            try:
                question = adapter.validate_python(item)
            except (ValidationError, RecursionError):
                continue  # already reported by the quiz-level validation
            _check_question(question, loc, report, sources=articles)

    if report.problems:
        report.problems.sort(key=lambda p: p.line or 0)
        return None, report.problems
    return quiz, []


# ----------------------------------------------------------------------------- files
def quiz_files(folder: str | Path) -> list[Path]:
    """Return the quiz files (``*.yaml``, ``*.yml``) in a folder, sorted."""
    folder = Path(folder)
    files = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(p for p in files if p.name not in SKIP)


def check_file(path: str | Path, *, check_sources: bool = True) -> list[QuizError]:
    """Return every problem in one quiz file (empty when it is fine)."""
    path = Path(path)
    try:
        data = read_limited(path, MAX_BYTES)
    except ReadProblem as exc:
        return [QuizError(exc.message, path=path)]
    return parse_quiz(data, path, check_sources=check_sources)[1]


def check_paths(
    paths: list[str | Path] | tuple[str | Path, ...] | None = None,
    *,
    check_sources: bool = True,
) -> list[QuizError]:
    """Check quiz files and folders; return all problems in all files.

    Parameters
    ----------
    paths
        Files or folders (a folder means its ``*.yaml`` files, ``schema.json``
        skipped). Defaults to the quiz folder.

    Examples
    --------
    >>> check_paths(["no/such/quiz.yaml"])[0].message
    'no such file or folder'
    """
    if not paths:
        from coursekit.paths import quizzes_dir

        paths = [quizzes_dir()]
    problems: list[QuizError] = []
    for entry in paths:
        entry = Path(entry)
        if entry.is_dir():
            files = quiz_files(entry)
            if not files:
                problems.append(QuizError("no quiz files (*.yaml) in this folder", path=entry))
            for file in files:
                problems.extend(check_file(file, check_sources=check_sources))
        elif entry.exists():
            if entry.name in SKIP:
                continue
            problems.extend(check_file(entry, check_sources=check_sources))
        else:
            problems.append(QuizError("no such file or folder", path=entry))
    return problems


def quiz_path(quiz: str | Path) -> Path:
    """Return the file of a quiz given its id (in the quiz folder) or its path.

    Raises
    ------
    QuizError
        If there is no such quiz; the message lists the available ids.
    """
    text = str(quiz)
    if isinstance(quiz, Path) or "/" in text or "\\" in text or text.endswith((".yaml", ".yml")):
        path = Path(quiz)
        if not path.is_file():
            msg = "no such quiz file"
            raise QuizError(msg, path=path)
        return path
    from coursekit.paths import quizzes_dir

    folder = quizzes_dir()
    for suffix in (".yaml", ".yml"):
        if (folder / f"{text}{suffix}").is_file():
            return folder / f"{text}{suffix}"
    available = [p.stem for p in quiz_files(folder)] if folder.is_dir() else []
    msg = f"no quiz {text!r} in {folder}; available: {', '.join(available) or 'none'}"
    raise QuizError(msg)


def load_quiz(quiz: str | Path, *, check_sources: bool = True) -> m.AnyQuiz:
    """Load and check one quiz, by id or path.

    Raises
    ------
    QuizError
        For the first problem (its ``problems`` attribute lists them all).
    """
    path = quiz_path(quiz)
    try:
        data = read_limited(path, MAX_BYTES)
    except ReadProblem as exc:
        raise QuizError(exc.message, path=path) from None
    parsed, problems = parse_quiz(data, path, check_sources=check_sources)
    if parsed is None:
        first = problems[0]
        more = (
            f" (and {len(problems) - 1} more problem(s); run `coursekit check {path}`)"
            if len(problems) > 1
            else ""
        )
        error = QuizError(first.message + more, path=first.path, line=first.line, item=first.item)
        error.problems = problems  # type: ignore[attr-defined]
        raise error
    return parsed


def load_quizzes(folder: str | Path | None = None, *, check_sources: bool = True) -> dict[str, m.AnyQuiz]:
    """Load every quiz in a folder (default: the quiz folder), keyed by id.

    Raises
    ------
    QuizError
        On the first quiz file with a problem.
    """
    if folder is None:
        from coursekit.paths import quizzes_dir

        folder = quizzes_dir()
    return {p.stem: load_quiz(p, check_sources=check_sources) for p in quiz_files(folder)}
