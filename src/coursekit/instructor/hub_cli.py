"""``coursekit link``, ``collect`` and ``exchange init``: running a class on JupyterHub."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

LINK_EPILOG = """examples:
  coursekit link --hub https://hub.example.org --repo https://github.com/me/coursekit
  coursekit link --hub https://hub.example.org --notebook 05-review.ipynb --voila

Prints the nbgitpuller link to share with the class: it pulls the course into
each student's home on the hub (merging later updates, keeping their edits) and
opens the notebook, in JupyterLab, or in Voila's reading mode with --voila.
The hub needs nbgitpuller (and voila for --voila); see docs/jupyterhub.md.
"""

COLLECT_EPILOG = """examples:
  coursekit collect /srv/exchange --out collected/ --roster roster.csv
  coursekit collect /srv/exchange --out collected/ --owner-prefix jupyter-   # TLJH
  coursekit collect /srv/exchange --out collected/ --per-user-folders      # z2jh
  coursekit grade collected/ --out gradebook.csv

Copies the latest submission of each student and quiz (by the time the server
received it) to OUT as STUDENT__QUIZ.json, with collected.csv, and lists who is
missing against the roster. A file whose student id is not its owner's (or its
per-user folder's) is flagged and not collected. Exit status: 0 when nothing was
flagged or missing, 1 otherwise (the collection is written in any case).
"""

EXCHANGE_EPILOG = """examples:
  sudo coursekit exchange init /srv/exchange --owner instructor
  coursekit exchange init /srv/exchange

Creates EXCHANGE/inbound/ with mode 3733: every student can hand in, none can
list or read the others' submissions; set COURSEKIT_EXCHANGE=EXCHANGE in the
hub's c.Spawner.environment so that submit_all() writes there.
"""


def _formatter() -> type[argparse.HelpFormatter]:
    return argparse.RawDescriptionHelpFormatter


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``link``, ``collect`` and ``exchange`` commands."""
    link = sub.add_parser(
        "link",
        help="print the nbgitpuller link that puts the course on a JupyterHub, one click per student",
        description="Print an nbgitpuller link: the course pulled into each student's home on a "
        "JupyterHub, a notebook opened.",
        epilog=LINK_EPILOG,
        formatter_class=_formatter(),
    )
    link.add_argument("--hub", required=True, metavar="URL", help="the hub's address")
    link.add_argument(
        "--repo", metavar="URL", help="the course's git repository (default: this checkout's origin)"
    )
    link.add_argument("--branch", default="main", metavar="B", help="branch to pull (default: main)")
    link.add_argument(
        "--notebook",
        default="00-start-here.ipynb",
        metavar="NOTEBOOK",
        help="the notebook to open (default: 00-start-here.ipynb, in notebooks/)",
    )
    link.add_argument("--voila", action="store_true", help="open it in Voila: reading mode, code hidden")
    link.set_defaults(func=_link)

    collect = sub.add_parser(
        "collect",
        help="gather the latest submission per student and quiz from a hub's exchange folder",
        description="Gather the latest submission of every student and quiz from an exchange "
        "folder into a folder for `coursekit grade`; list who is missing.",
        epilog=COLLECT_EPILOG,
        formatter_class=_formatter(),
    )
    collect.add_argument("exchange", type=Path, metavar="EXCHANGE", help="the exchange folder")
    collect.add_argument("--out", type=Path, required=True, metavar="DIR", help="new or empty folder")
    collect.add_argument(
        "--roster", type=Path, metavar="ROSTER_CSV", help="CSV with a student_id column: who is missing"
    )
    collect.add_argument(
        "--owner-prefix",
        default="",
        metavar="PREFIX",
        help="Unix user names are PREFIX + hub user (TLJH: jupyter-)",
    )
    collect.add_argument(
        "--per-user-folders",
        action="store_true",
        help="the hub mounts inbound/USER/ as each student's inbound/ (z2jh): the folder names the student",
    )
    collect.add_argument(
        "--no-owner-check",
        action="store_true",
        help="trust the id written in files directly in inbound/ (only where all students share "
        "one Unix user and no per-user folders are mounted)",
    )
    collect.add_argument("--force", action="store_true", help="replace a previous collection in --out")
    collect.set_defaults(func=_collect)

    exchange = sub.add_parser(
        "exchange",
        help="exchange tools: create the folder students hand in to",
        description="Exchange tools.",
        epilog=EXCHANGE_EPILOG,
        formatter_class=_formatter(),
    )
    actions = exchange.add_subparsers(dest="action", metavar="ACTION")
    init = actions.add_parser(
        "init",
        help="create EXCHANGE/inbound/ with hand-in-only permissions (3733)",
        epilog=EXCHANGE_EPILOG,
        formatter_class=_formatter(),
    )
    init.add_argument("exchange", type=Path, metavar="EXCHANGE")
    init.add_argument("--owner", metavar="USER", help="the instructor's Unix user (default: you)")
    init.add_argument("--group", metavar="GROUP", help="group that may read submissions (default: owner's)")
    init.set_defaults(func=_exchange_init)
    exchange.set_defaults(func=lambda args: (exchange.print_help(sys.stderr), 2)[1])


def _link(args: argparse.Namespace) -> int:
    from coursekit.instructor._common import InstructorError
    from coursekit.instructor.link import course_link, default_repo

    repo = args.repo or default_repo()
    if repo is None:
        msg = "no --repo given and this checkout has no origin remote; give --repo URL"
        raise InstructorError(msg)
    print(course_link(args.hub, repo, branch=args.branch, notebook=args.notebook, voila=args.voila).url)
    return 0


def _collect(args: argparse.Namespace) -> int:
    from coursekit.instructor.collect import collect, format_collection

    result = collect(
        args.exchange,
        args.out,
        roster=args.roster,
        per_user_folders=args.per_user_folders,
        check_owner=not args.no_owner_check,
        owner_prefix=args.owner_prefix,
        force=args.force,
    )
    for line in format_collection(result, roster_given=args.roster is not None):
        print(line)
    print(f"wrote {result.out}: {result.summary()}")
    return 1 if result.flagged or result.missing else 0


def _exchange_init(args: argparse.Namespace) -> int:
    from coursekit.instructor.collect import init_exchange

    inbound = init_exchange(args.exchange, owner=args.owner, group=args.group)
    print(f"ready: {inbound} (mode 3733); set COURSEKIT_EXCHANGE={args.exchange} for the students")
    return 0
