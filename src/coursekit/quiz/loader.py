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

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coursekit.errors import DataError, QuizError
from coursekit.quiz import model as m

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

MAX_BYTES = 1_000_000
"""Quiz files larger than this are refused (a real quiz is a few kilobytes)."""
MAX_NODES = 100_000
"""Most YAML nodes a quiz may expand to (aliases counted each time used)."""
MAX_DEPTH = 40
"""Deepest nesting a quiz may have."""
SKIP = frozenset({"schema.json"})
"""Files in the quiz folder that are not quizzes."""

_PRACTICE_ADAPTER: TypeAdapter[Any] = TypeAdapter(m.Question)
_EXAM_ADAPTER: TypeAdapter[Any] = TypeAdapter(m.ExamQuestion)
_PRACTICE_TYPES = {
    "single": m.SingleQuestion,
    "multiple": m.MultipleQuestion,
    "true_false": m.TrueFalseQuestion,
    "numeric": m.NumericQuestion,
    "order": m.OrderQuestion,
    "match": m.MatchQuestion,
    "text": m.TextQuestion,
}
_EXAM_TYPES = {
    "single": m.ExamSingleQuestion,
    "multiple": m.ExamMultipleQuestion,
    "true_false": m.ExamTrueFalseQuestion,
    "numeric": m.ExamNumericQuestion,
    "order": m.ExamOrderQuestion,
    "match": m.ExamMatchQuestion,
    "text": m.ExamTextQuestion,
}
_ITEM_RE = re.compile(r"[\w.-]{1,80}")


# ----------------------------------------------------------------------------- problems
@dataclass
class _Report:
    """Collects the problems of one file."""

    path: str
    root: Node | None = None
    raw: Any = None
    problems: list[QuizError] = field(default_factory=list)

    def add(self, message: str, loc: tuple[Any, ...] = (), *, line: int | None = None) -> None:
        if line is None and self.root is not None:
            line = _line_at(self.root, loc)
        self.problems.append(QuizError(message, path=self.path, line=line, item=self._item(loc)))

    def _item(self, loc: tuple[Any, ...]) -> str | None:
        if len(loc) < 2 or loc[0] != "questions" or not isinstance(loc[1], int):
            return None
        questions = self.raw.get("questions") if isinstance(self.raw, dict) else None
        if isinstance(questions, list) and 0 <= loc[1] < len(questions):
            q = questions[loc[1]]
            if isinstance(q, dict) and isinstance(q.get("id"), str) and _ITEM_RE.fullmatch(q["id"]):
                return q["id"]
        return f"#{loc[1] + 1}"


def _line_at(root: Node, loc: tuple[Any, ...]) -> int:
    """Return the line of the YAML node at ``loc`` (or of its nearest ancestor).

    String parts name mapping keys (the key's line is used); integers index
    sequences. A string that is not a key (a union tag in a pydantic location,
    or a missing key) leaves the position where it is.
    """
    node = root
    line = root.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str | int):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == str(part):
                    line, node = key.start_mark.line + 1, value
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _where(loc: tuple[Any, ...]) -> str:
    """``('source', 'quote')`` -> ``source.quote``; ``('choices', 2)`` -> ``choices[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _describe(value: Any) -> str:
    """Describe a YAML value briefly, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({str(value)[:40]})"


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else repr(value)


# ----------------------------------------------------------------------------- pydantic errors
def _model_at(quiz_model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Return the model whose keys are valid at ``loc`` (a path to a mapping)."""
    types = _EXAM_TYPES if quiz_model is m.ExamQuiz else _PRACTICE_TYPES
    if loc == ():
        return quiz_model
    if loc == ("settings",):
        return m.Settings
    if len(loc) >= 3 and loc[0] == "questions" and isinstance(loc[1], int):
        question = types.get(loc[2]) if isinstance(loc[2], str) else None
        if question is None:
            return None
        if loc[3:] == ():
            return question
        if loc[3:] == ("source",):
            return m.Source
    return None


def _strip_tag(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union tag pydantic puts after ``questions, N``."""
    if len(loc) >= 3 and loc[0] == "questions" and isinstance(loc[1], int) and loc[2] in m.QUESTION_TYPES:
        return loc[:2] + loc[3:]
    return loc


def _pydantic_message(err: dict[str, Any], quiz_model: type[BaseModel], raw: Any) -> tuple[str, tuple]:
    """Return ``(message, location)`` for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _strip_tag(loc)
    in_question = len(shown) >= 2 and shown[0] == "questions" and isinstance(shown[1], int)
    where = _where(shown[2:] if in_question else shown)
    name = str(loc[-1]) if loc else ""

    if "[key]" in loc:
        keys = shown[: shown.index("[key]") - 1]
        in_q = len(keys) >= 2 and keys[0] == "questions"
        return (
            f"{_where(keys[2:] if in_q else keys)}: key {_describe(value)} must be a string; "
            "put it in quotes",
            shown[: shown.index("[key]")],
        )
    if kind == "missing":
        return f"missing key {name!r}", shown[:-1]
    if kind == "extra_forbidden":
        model = _model_at(quiz_model, loc[:-1])
        valid = sorted(model.model_fields) if model else []
        hint = difflib.get_close_matches(name, valid, n=1)
        mean = f" (did you mean {hint[0]!r}?)" if hint else ""
        extra = ""
        if quiz_model is m.ExamQuiz and name in ("answer", "explanation", "source", "pairs"):
            extra = " (exam quizzes carry no answer keys)"
        return (f"unknown key {name!r}{mean}{extra}; valid keys: {', '.join(valid)}", shown)
    if kind == "union_tag_invalid":
        return (
            f"type {ctx.get('tag')!r} is not a question type; valid types: {', '.join(m.QUESTION_TYPES)}",
            (*loc, "type"),
        )
    if kind == "union_tag_not_found":
        return f"missing key 'type' (one of {', '.join(m.QUESTION_TYPES)})", loc
    if loc == ("questions",) and kind in ("too_short", "list_type") and value in ([], None):
        return "empty quiz: `questions` has no questions", loc
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where or 'a question'}: expected a mapping of keys, got {_describe(value)}", shown
    if kind == "list_type":
        return f"{where}: expected a list, got {_describe(value)}", shown
    if kind == "string_type":
        hint = "; put it in quotes" if value is not None and not isinstance(value, list | dict) else ""
        return f"{where}: expected a string, got {_describe(value)}{hint}", shown
    if kind == "string_unicode":
        return f"{where}: not valid Unicode text (a lone surrogate escape?)", shown
    if kind in ("float_type", "float_parsing"):
        return f"{where}: expected a number, got {_describe(value)}", shown
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{where}: expected a whole number, got {_describe(value)}", shown
    if kind == "bool_type":
        return f"{where}: expected true or false, got {_describe(value)}", shown
    if kind == "finite_number":
        return f"{where}: expected a finite number, got {_describe(value)}", shown
    if kind == "too_short":
        if isinstance(value, str):
            return f"{where}: must not be empty", shown
        return (
            f"{where}: needs at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}",
            shown,
        )
    if kind == "greater_than_equal":
        return f"{where} must be >= {_num(ctx.get('ge'))} (got {_num(value)})", shown
    if kind == "greater_than":
        return f"{where} must be > {_num(ctx.get('gt'))} (got {_num(value)})", shown
    if kind == "string_pattern_mismatch":
        if where == "id" and in_question:
            return (f"id {_describe(value)} may only contain lowercase letters, digits and hyphens", shown)
        if where == "id":
            return (
                f"id {_describe(value)} may only contain letters, digits, '_' and '-' (it names the file)",
                shown,
            )
        return f"{where} {_describe(value)} does not match {ctx.get('pattern')}", shown
    if kind == "literal_error":
        return f"{where}: {_describe(value)} is not one of {ctx.get('expected')}", shown
    return f"{where}: {err.get('msg', kind)}", shown


# ----------------------------------------------------------------------------- reading
def _decode(data: bytes, report: _Report) -> str | None:
    if len(data) > MAX_BYTES:
        report.add(f"file too large ({len(data):,} bytes; a quiz file may have at most {MAX_BYTES:,})")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8", line=line)
        return None
    return text.removeprefix("\ufeff")


def _yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        char = exc.character
        shown = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        return (f"invalid YAML: character {shown} is not allowed (control characters and the like)", line)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        context += f" started on line {context_mark.line + 1}"
    detail = f"{problem}" + (f" ({context})" if context and context != problem else "")
    if "could not determine a constructor for the tag" in detail:
        tag = detail.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        return (f"YAML tag {tag!r} is not allowed in quiz files", line)
    return (f"invalid YAML: {' '.join(detail.split())}", line)


def _budget(root: Node) -> str | None:
    """Refuse trees that expand too much (alias bombs, cycles) or nest too deep."""
    count = 0
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            return f"the YAML expands to more than {MAX_NODES:,} values (aliases?)"
        if depth > MAX_DEPTH:
            return f"the YAML is nested more than {MAX_DEPTH} levels deep (recursive aliases?)"
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return None


def _compose(text: str, report: _Report) -> tuple[Node | None, Any]:
    """Compose and construct the YAML; on bad YAML, add one problem and return Nones.

    libyaml (``yaml.CSafeLoader``, when PyYAML has it) reads a good file about ten
    times faster, which every notebook's quiz pays for. A file it rejects is read
    again by the pure-Python ``yaml.SafeLoader``, whose messages are the ones
    this module words and tests.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        trial = _Report(report.path)
        root, raw = _compose_with(fast, text, trial)
        if not trial.problems:
            report.root = trial.root
            return root, raw
    return _compose_with(yaml.SafeLoader, text, report)


def _compose_with(loader_class: type, text: str, report: _Report) -> tuple[Node | None, Any]:
    loader = None
    try:
        loader = loader_class(text)
        root = loader.get_single_node()
        if root is None:
            return None, None
        report.root = root
        too_big = _budget(root)
        if too_big:
            report.add(too_big, line=root.start_mark.line + 1)
            return None, None
        return root, loader.construct_document(root)
    except yaml.YAMLError as exc:
        message, line = _yaml_problem(exc, text)
        report.add(message, line=line)
    except RecursionError:
        report.add(f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)")
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2019-02-30
        report.add(f"invalid YAML value: {' '.join(str(exc).split())}")
    finally:
        if loader is not None:
            loader.dispose()
    return None, None


# ----------------------------------------------------------------------------- checks
class _Corpus:
    """Document ids and paragraphs, loaded once per check."""

    def __init__(self) -> None:
        self._ids: list[str] | None = None
        self._paragraphs: dict[str, list[str]] = {}
        self.error: str | None = None

    def ids(self) -> list[str]:
        if self._ids is None:
            from coursekit.corpus import load_documents

            try:
                self._ids = sorted(load_documents().index)
            except DataError as exc:
                self.error = str(exc)
                self._ids = []
        return self._ids

    def paragraphs(self, doc_id: str) -> list[str]:
        if doc_id not in self._paragraphs:
            from coursekit.corpus import paragraphs

            self._paragraphs[doc_id] = paragraphs(doc_id)
        return self._paragraphs[doc_id]


_CORPUS: _Corpus | None = None


def _corpus() -> _Corpus:
    global _CORPUS
    if _CORPUS is None:
        _CORPUS = _Corpus()
    return _CORPUS


def reset_corpus_cache() -> None:
    """Forget the cached corpus (after ``COURSEKIT_DATA`` changes)."""
    global _CORPUS
    _CORPUS = None


_LOOSE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _loose(text: str) -> str:
    return " ".join(text.translate(_LOOSE).split())


def _check_source(source: m.Source, loc: tuple[Any, ...], report: _Report) -> None:
    corpus = _corpus()
    ids = corpus.ids()
    if corpus.error:
        report.add(f"cannot check sources: {corpus.error}", (*loc, "doc_id"))
        return
    if source.doc_id not in ids:
        hint = difflib.get_close_matches(source.doc_id, ids, n=1)
        mean = f" (did you mean {hint[0]!r}?)" if hint else ""
        report.add(f"unknown doc_id {source.doc_id!r}{mean}; valid: {', '.join(ids)}", (*loc, "doc_id"))
        return
    paras = corpus.paragraphs(source.doc_id)
    if any(source.quote in p for p in paras):
        return
    short = source.quote if len(source.quote) <= 70 else source.quote[:69] + "…"
    if any(_loose(source.quote) in _loose(p) for p in paras):
        why = (
            "it differs only in quotes, apostrophes, dashes or spaces; copy it exactly from "
            f"data/corpus/{source.doc_id}.txt"
        )
    elif "\n" in source.quote.strip() or any(
        _loose(source.quote) in _loose(" ".join(paras[i : i + 2])) for i in range(len(paras))
    ):
        why = "a quote must lie within one paragraph"
    else:
        why = f"see data/corpus/{source.doc_id}.txt"
    report.add(f"quote not found verbatim in {source.doc_id}: {short!r}; {why}", (*loc, "quote"))


def _duplicates(values: list[str]) -> list[int]:
    """Indexes of values already seen earlier in the list."""
    seen: set[str] = set()
    dup = []
    for i, v in enumerate(values):
        if v in seen:
            dup.append(i)
        seen.add(v)
    return dup


def _check_question(q: Any, loc: tuple[Any, ...], report: _Report, *, sources: bool) -> None:
    """Cross-field rules of one question that validated on its own."""

    def unique(key: str, values: list[str], what: str) -> None:
        for i in _duplicates(values):
            report.add(f"{what} {values[i]!r} is listed twice in {key}", (*loc, key, i))

    kind = q.type
    if kind in ("single", "multiple"):
        unique("choices", q.choices, "choice")
    if kind == "order":
        unique("items", q.items, "item")
    if isinstance(q, m.ExamMatchQuestion):
        unique("left", q.left, "left item")
        unique("options", q.options, "option")
    if not isinstance(q, m._PracticeQuestion):
        return
    choices = ", ".join(repr(c) for c in getattr(q, "choices", []))
    if kind == "single" and q.answer not in q.choices:
        report.add(f"answer {q.answer!r} is not one of the choices: {choices}", (*loc, "answer"))
    elif kind == "multiple":
        unique("answer", q.answer, "answer")
        for i, a in enumerate(q.answer):
            if a not in q.choices:
                report.add(f"answer {a!r} is not one of the choices: {choices}", (*loc, "answer", i))
    elif kind == "order" and sorted(q.answer) != sorted(q.items):
        missing = [i for i in q.items if i not in q.answer]
        extra = [a for a in q.answer if a not in q.items]
        twice = sorted({a for a in q.answer if q.answer.count(a) > 1})
        parts = [
            f"{label} {', '.join(repr(x) for x in xs)}"
            for label, xs in (("missing", missing), ("not in items", extra), ("repeated", twice))
            if xs
        ]
        report.add(f"answer is not a permutation of items: {'; '.join(parts)}", (*loc, "answer"))
    elif kind == "match":
        unique("distractors", q.distractors, "distractor")
        rights = set(q.pairs.values())
        for i, d in enumerate(q.distractors):
            if d in rights:
                report.add(f"distractor {d!r} is also a right-hand side of pairs", (*loc, "distractors", i))
    elif kind == "text" and q.pattern is not None:
        try:
            re.compile(q.pattern)
        except re.error as exc:
            report.add(f"pattern is not a valid regular expression: {exc}", (*loc, "pattern"))
    if sources:
        _check_source(q.source, (*loc, "source"), report)


def _quiz_model(raw: dict[str, Any], report: _Report) -> type[BaseModel]:
    mode = raw.get("mode", "practice")
    if mode == "exam":
        return m.ExamQuiz
    if mode != "practice":
        report.add(f"mode: {_describe(mode)} is not one of 'practice', 'exam'", ("mode",))
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
    report = _Report(str(path))
    text = data if isinstance(data, str) else _decode(data, report)
    if text is None:
        return None, report.problems
    if len(text) > MAX_BYTES:
        report.add(f"file too large ({len(text):,} characters)")
        return None, report.problems
    root, raw = _compose(text, report)
    if report.problems:
        return None, report.problems
    if root is None:
        report.add("empty file: a quiz needs id, title and questions", line=1)
        return None, report.problems
    report.raw = raw
    if not isinstance(raw, dict):
        report.add(f"a quiz file is a mapping with keys id, title, questions...; got {_describe(raw)}")
        return None, report.problems

    quiz_model = _quiz_model(raw, report)
    if "mode" in raw and raw["mode"] not in ("practice", "exam"):
        raw = {k: v for k, v in raw.items() if k != "mode"}
    quiz = None
    try:
        quiz = quiz_model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message, loc = _pydantic_message(err, quiz_model, raw)
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
        adapter = _EXAM_ADAPTER if quiz_model is m.ExamQuiz else _PRACTICE_ADAPTER
        first_line: dict[str, int] = {}
        for i, item in enumerate(questions):
            loc = ("questions", i)
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                qid = item["id"]
                if qid in first_line:
                    report.add(
                        f"duplicate question id {qid!r} (first used on line {first_line[qid]})", (*loc, "id")
                    )
                else:
                    first_line[qid] = _line_at(report.root, (*loc, "id")) if report.root else 0
            try:
                question = adapter.validate_python(item)
            except (ValidationError, RecursionError):
                continue  # already reported by the quiz-level validation
            _check_question(question, loc, report, sources=check_sources)

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
        data = path.read_bytes()
    except FileNotFoundError:
        return [QuizError("no such file", path=path)]
    except OSError as exc:
        return [QuizError(f"cannot read: {exc.strerror or exc}", path=path)]
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
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read: {exc.strerror or exc}"
        raise QuizError(msg, path=path) from None
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
