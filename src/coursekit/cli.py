"""The ``coursekit`` command: a thin layer over the Python API.

Each area of the package owns its subcommands in a small ``cli`` module that
exposes ``register(subparsers)``; this module only assembles them, runs the
chosen one, and turns every :class:`~coursekit.errors.CoursekitError` into a
one-line message on stderr. Users never see a Python traceback for bad input.

Exit status: 0 success, 1 problems found (or a user error), 2 bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coursekit import __version__
from coursekit.errors import CoursekitError

# Modules that register subcommands, in the order they appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "coursekit.corpus.cli",
    "coursekit.quiz.cli",
    "coursekit.instructor.cli",
    "coursekit.instructor.hub_cli",
)

EPILOG = """examples:
  coursekit corpus build          regenerate data/corpus/ from data/raw/
  coursekit corpus check          verify hashes, the cleaned corpus and every quote
  coursekit check                 check every quiz in quizzes/ (keys, answers, quotes)
  coursekit release quizzes/ --mode exam --out release/ --students roster.csv
                                  student copies without answers, one variant per student
  coursekit grade submissions/ --key quizzes/ --out gradebook.csv --report report.html
                                  gradebook and item analysis of a folder of submissions
  coursekit export 02-roadmaps --format gift --out roadmaps.gift.txt
                                  a quiz for Moodle (gift), Canvas (qti) or paper (markdown)
  coursekit preview 02-roadmaps   a quiz at a glance, with its key

Run `coursekit COMMAND --help` for the options and examples of each command.
"""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line and exit with 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the full ``coursekit`` argument parser."""
    parser = _Parser(
        prog="coursekit",
        description="Tools for the Union State course: corpus, quizzes, grading and export.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coursekit {__version__}")
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except CoursekitError as exc:
        print(f"coursekit: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coursekit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
