"""``coursekit corpus ...``: build and check the corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``corpus`` command and its subcommands."""
    corpus = sub.add_parser(
        "corpus",
        help="build or check the cleaned corpus",
        description="Build data/corpus/ from data/raw/, or check that everything is consistent.",
        epilog="examples:\n  coursekit corpus build\n  coursekit corpus build --out /tmp/corpus\n"
        "  coursekit corpus check\n  COURSEKIT_DATA=~/my-articles coursekit corpus build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = corpus.add_subparsers(dest="action", metavar="ACTION")
    build = actions.add_parser("build", help="regenerate data/corpus/ from data/raw/ and data/sources.yaml")
    build.add_argument("--out", type=Path, help="write here instead of data/corpus/")
    build.set_defaults(func=_build)
    check = actions.add_parser("check", help="verify raw hashes, cleaned files, events and entities")
    check.set_defaults(func=_check)
    corpus.set_defaults(func=lambda args: (corpus.print_help(sys.stderr), 2)[1])


def _build(args: argparse.Namespace) -> int:
    from coursekit.corpus.build import build_corpus
    from coursekit.paths import data_dir

    written = build_corpus(data_dir(), args.out)
    print(f"wrote {len(written)} files to {written[0].parent}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from coursekit.corpus.checks import check_corpus
    from coursekit.paths import data_dir

    problems = check_corpus(data_dir())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("corpus OK: raw hashes, cleaned texts, documents, events and entities are consistent")
    return 0
