"""``coursekit check`` and ``coursekit quiz schema``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHECK_EPILOG = """examples:
  coursekit check                         every quiz in quizzes/
  coursekit check quizzes/02-roadmaps.yaml
  coursekit check quizzes/ ~/drafts/new-quiz.yaml
  coursekit check --no-sources draft.yaml  skip the corpus look-ups

Prints one line per problem, PATH:LINE: question ID: message, for all problems
in all files; exits 0 when every file is fine, 1 otherwise. Warnings (an id or
prompt that gives its answer away) are printed as PATH: question ID: warning: ...
and do not change the exit status.
"""

SCHEMA_EPILOG = """examples:
  coursekit quiz schema                   regenerate quizzes/schema.json
  coursekit quiz schema --check           exit 1 if quizzes/schema.json is out of date
  coursekit quiz schema --out /tmp/s.json
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``check`` and ``quiz`` commands."""
    check = sub.add_parser(
        "check",
        help="check quiz files (YAML, keys, types, answers, sources)",
        description="Check quiz files against docs/quiz-format.md and the corpus: YAML syntax, "
        "unknown or missing keys, value types, duplicate ids, answers among the "
        "choices, order permutations, tolerances, doc_ids and verbatim quotes.",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="quiz files or folders (default: the quiz folder, quizzes/)",
    )
    check.add_argument(
        "--no-sources", action="store_true", help="do not check doc_ids and quotes against the corpus"
    )
    check.set_defaults(func=_check)

    quiz = sub.add_parser(
        "quiz",
        help="quiz tools: regenerate the JSON Schema",
        description="Quiz tools.",
        epilog=SCHEMA_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = quiz.add_subparsers(dest="action", metavar="ACTION")
    schema = actions.add_parser(
        "schema",
        help="write quizzes/schema.json from the quiz models",
        epilog=SCHEMA_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    schema.add_argument("--out", type=Path, help="write here instead of quizzes/schema.json")
    schema.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file differs from the models"
    )
    schema.set_defaults(func=_schema)
    quiz.set_defaults(func=lambda args: (quiz.print_help(sys.stderr), 2)[1])


def _safe(line: str) -> str:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return line.encode(encoding, "backslashreplace").decode(encoding)


def _display(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _leak_warnings(paths: list[Path], bad: set[str | None]) -> list[str]:
    """``PATH: question ID: warning: ...`` for ids and prompts that hold their answer, in the
    files without errors. Warnings never change the exit status (see coursekit.quiz.leaks)."""
    from coursekit.errors import CoursekitError
    from coursekit.quiz.leaks import answer_leaks
    from coursekit.quiz.loader import SKIP, load_quiz, quiz_files

    files = [f for p in paths for f in (quiz_files(p) if p.is_dir() else [p]) if f.is_file()]
    out = []
    for file in files:
        if str(file) in bad or file.name in SKIP:
            continue
        try:
            quiz = load_quiz(file, check_sources=False)
        except CoursekitError:
            continue
        for q in quiz.questions:
            out += [f"{file}: question {q.id}: warning: {why}" for why in answer_leaks(q)]
    return out


def _check(args: argparse.Namespace) -> int:
    from coursekit.quiz.loader import check_paths, quiz_files

    paths = list(args.paths)
    if not paths:
        from coursekit.paths import quizzes_dir

        paths = [_display(quizzes_dir())]
    problems = check_paths(paths, check_sources=not args.no_sources)
    for problem in problems:
        print(_safe(str(problem)))
    for warning in _leak_warnings(paths, {p.path for p in problems}):
        print(_safe(warning))
    files = sum(len(quiz_files(p)) if p.is_dir() else 1 for p in paths if p.exists())
    if problems:
        bad = len({p.path for p in problems})
        print(f"{len(problems)} problem(s) in {bad} of {files} file(s)", file=sys.stderr)
        return 1
    print(f"OK: {files} quiz file(s) checked, no problems")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from coursekit._guard import guard_outputs
    from coursekit.paths import quizzes_dir
    from coursekit.quiz.loader import quiz_files
    from coursekit.quiz.model import schema_text, write_schema

    target = args.out or quizzes_dir() / "schema.json"
    if not args.check:  # the schema sits among the quizzes, never over one
        guard_outputs([target], quiz_files(quizzes_dir()) if quizzes_dir().is_dir() else [], beside=True)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != schema_text():
            print(f"{target}: out of date; run `coursekit quiz schema`", file=sys.stderr)
            return 1
        print(f"{target}: up to date")
        return 0
    print(f"wrote {write_schema(target)}")
    return 0
