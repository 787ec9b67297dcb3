"""``coursekit release``, ``grade``, ``export`` and ``preview``: the instructor's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

RELEASE_EPILOG = """examples:
  coursekit release quizzes/ --mode exam --out release/
  coursekit release quizzes/05-review.yaml --mode exam --out exam/ --students roster.csv
  coursekit release quizzes/ --mode practice --out homework/ --students roster.csv --seed spring-2025

Writes OUT/handout/ (or OUT/handout/<student_id>/ with a roster): each quiz's
student copy (.yaml) and a notebook that shows it (.ipynb), and OUT/variants.json
for `coursekit grade --variants`. An exam copy holds no answer, explanation or
source; a practice copy keeps them for self-check feedback (a student can read
them). The roster is a CSV file with a student_id column (and optionally name).
"""

GRADE_EPILOG = """examples:
  coursekit grade submissions/ --key quizzes/ --out gradebook.csv
  coursekit grade submissions/ --key quizzes/ --out gradebook.csv --report report.html
  coursekit grade collected/ --key quizzes/ --variants release/variants.json --out grades.csv
  coursekit grade submissions/ --out gradebook.csv --essays essays.csv
  coursekit grade submissions/ --out gradebook.csv --marks essays.csv

Reads every *.json file under SUBMISSIONS (recursively) and scores it with the
function the notebook's Check button uses. Rejected files are listed one per
line as FILE: reason; all other files are graded, and the gradebook is written
in any case. Exit status: 0 when no file was rejected, 1 otherwise.
--report also writes REPORT-items.csv, REPORT-options.csv and REPORT-skills.csv (score by
skill per student) beside the HTML.
"""

EXPORT_EPILOG = """examples:
  coursekit export 02-roadmaps --format gift --out roadmaps.gift.txt
  coursekit export quizzes/02-roadmaps.yaml --format qti --out roadmaps-canvas.zip
  coursekit export 02-roadmaps --format markdown --out roadmaps.md   # and roadmaps-key.md

gift: Moodle (Question bank > Import > GIFT format). qti: Canvas (Settings >
Import course content > QTI .zip file). markdown: a printable quiz, with the
answer key in a separate -key file. What a format cannot carry (order
questions, text patterns, GIFT points) is named in a warning on stderr.
"""

PREVIEW_EPILOG = """examples:
  coursekit preview 02-roadmaps
  coursekit preview quizzes/02-roadmaps.yaml --no-answers
  coursekit preview 02-roadmaps --format html --out /tmp/roadmaps.html
"""


def _formatter() -> type[argparse.HelpFormatter]:
    return argparse.RawDescriptionHelpFormatter


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``release``, ``grade``, ``export`` and ``preview`` commands."""
    from coursekit.instructor.export import FORMATS
    from coursekit.instructor.preview import PREVIEW_FORMATS
    from coursekit.instructor.release import DEFAULT_SEED, MODES

    release = sub.add_parser(
        "release",
        help="write student copies of quizzes (exam or practice), with per-student variants",
        description="Write student copies of quizzes for handing out: exam copies without answers, "
        "or practice copies with self-check feedback; optionally one variant per student.",
        epilog=RELEASE_EPILOG,
        formatter_class=_formatter(),
    )
    release.add_argument(
        "source",
        type=Path,
        metavar="QUIZ_OR_DIR",
        help="a practice quiz file or id, or a folder of quizzes (e.g. quizzes/)",
    )
    release.add_argument(
        "--mode",
        choices=MODES,
        default="exam",
        help="exam: no answers, no feedback (default); practice: self-check feedback",
    )
    release.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the release folder (new or empty)"
    )
    release.add_argument(
        "--students",
        type=Path,
        metavar="ROSTER_CSV",
        help="CSV file with a student_id column: one variant per student",
    )
    release.add_argument(
        "--seed",
        default=DEFAULT_SEED,
        help=f"seed of the shuffles (default: {DEFAULT_SEED!r}); same seed, same release",
    )
    release.add_argument("--force", action="store_true", help="replace a previous release in --out")
    release.set_defaults(func=_release)

    grade = sub.add_parser(
        "grade",
        help="grade a folder of submissions: gradebook CSV and item-analysis report",
        description="Grade every submission file in a folder against the practice quizzes, with "
        "the notebook's own scoring; write a gradebook (one row per student and quiz) "
        "and optionally an item-analysis report.",
        epilog=GRADE_EPILOG,
        formatter_class=_formatter(),
    )
    grade.add_argument(
        "submissions",
        type=Path,
        metavar="SUBMISSIONS_DIR",
        help="folder of submission files (*.json, searched recursively)",
    )
    grade.add_argument(
        "--key",
        type=Path,
        metavar="QUIZZES",
        help="the practice quizzes: a file or folder (default: the quiz folder, quizzes/)",
    )
    grade.add_argument(
        "--out", type=Path, required=True, metavar="GRADEBOOK_CSV", help="where to write the gradebook (CSV)"
    )
    grade.add_argument(
        "--report",
        type=Path,
        metavar="REPORT_HTML",
        help="also write an item-analysis report (HTML, works offline) and its data (CSV)",
    )
    grade.add_argument(
        "--variants",
        type=Path,
        metavar="VARIANTS_JSON",
        help="the release manifest: count only the questions each student was given",
    )
    grade.add_argument(
        "--essays",
        type=Path,
        metavar="SHEET_CSV",
        help="also write the answered essays with their rubrics for marking: SHEET_CSV (a blank "
        "'mark' column to fill in) and SHEET.html beside it",
    )
    grade.add_argument(
        "--marks",
        type=Path,
        metavar="SHEET_CSV",
        help="a filled-in marking sheet: score each marked essay with its marks",
    )
    grade.add_argument(
        "--no-progress",
        action="store_true",
        help="never show a progress bar (it only shows on a terminal, for large batches)",
    )
    grade.set_defaults(func=_grade)

    export = sub.add_parser(
        "export",
        help="export a quiz to Moodle (GIFT), Canvas (QTI 1.2) or printable Markdown",
        description="Export a practice quiz for a learning platform, or for paper.",
        epilog=EXPORT_EPILOG,
        formatter_class=_formatter(),
    )
    export.add_argument("quiz", metavar="QUIZ", help="a quiz id (e.g. 02-roadmaps) or a quiz file")
    export.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        dest="fmt",
        help="gift (Moodle), qti (Canvas zip) or markdown (printable, plus a -key file)",
    )
    export.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="the file to write (default: QUIZ_ID.gift.txt, .qti.zip or .md here)",
    )
    export.set_defaults(func=_export)

    preview = sub.add_parser(
        "preview",
        help="show a quiz as text or HTML, for a quick look",
        description="Render a quiz for a quick look: the questions, options and, for a practice "
        "quiz, the key, explanations and sources.",
        epilog=PREVIEW_EPILOG,
        formatter_class=_formatter(),
    )
    preview.add_argument("quiz", metavar="QUIZ", help="a quiz id or a quiz file (practice or exam)")
    preview.add_argument(
        "--format",
        choices=PREVIEW_FORMATS,
        default="text",
        dest="fmt",
        help="text (default) or html (a standalone page)",
    )
    preview.add_argument("--out", type=Path, metavar="FILE", help="write here instead of stdout")
    preview.add_argument(
        "--no-answers",
        action="store_true",
        help="show only what a student sees: no key, explanations or sources",
    )
    preview.set_defaults(func=_preview)


def _quiz_file(quiz: str | Path) -> Path | None:
    """The file of a quiz id or path, or None (the command reports a missing quiz itself)."""
    from coursekit.errors import QuizError
    from coursekit.quiz.loader import quiz_path

    try:
        return quiz_path(quiz)
    except QuizError:
        return None


def _warn(message: str) -> None:
    print(f"coursekit: warning: {message}", file=sys.stderr)


def _release(args: argparse.Namespace) -> int:
    from coursekit._guard import guard_outputs
    from coursekit.instructor._common import plural
    from coursekit.instructor.release import HANDOUT, MANIFEST_NAME, release_quizzes

    source = args.source if args.source.exists() else _quiz_file(str(args.source))
    guard_outputs([], [source, args.students], out_folders=[args.out])
    result = release_quizzes(
        args.source, args.out, mode=args.mode, roster=args.students, seed=args.seed, force=args.force
    )
    for message in result.warnings:
        _warn(message)
    where = (
        f"{HANDOUT}/<student_id>/ for {len(result.students)} students" if result.students else f"{HANDOUT}/"
    )
    print(
        f"released {plural(len(result.quizzes), 'quiz', 'quizzes')} in {result.mode} mode to {result.out}: "
        f"{where}, {MANIFEST_NAME} ({len(result.files)} files)"
    )
    return 0


def _grade(args: argparse.Namespace) -> int:
    from coursekit._guard import guard_outputs
    from coursekit.instructor._common import InstructorError
    from coursekit.instructor.grade import grade_folder
    from coursekit.paths import quizzes_dir

    for path, example in (
        (args.out, "gradebook.csv"),
        (args.report, "report.html"),
        (args.essays, "essays.csv"),
    ):
        if path is not None and path.is_dir():  # fail before the work, not after it
            msg = f"is a folder; give a file name, e.g. {example}"
            raise InstructorError(msg, path=path)
    key = args.key or quizzes_dir()
    outputs = [args.out]
    if args.report:
        stem = args.report.with_suffix("")
        outputs += [args.report, *(stem.with_name(f"{stem.name}-{n}.csv") for n in ("items", "options"))]
    guard_outputs(outputs, [args.submissions, key, args.variants])
    book = grade_folder(
        args.submissions,
        key,
        variants=args.variants,
        progress=False if args.no_progress else None,
    )
    from coursekit.instructor.marking import apply_marks, read_marks, write_marking_sheet

    book = apply_marks(book, read_marks(args.marks, book) if args.marks else {})
    for rejection in book.rejected:
        print(rejection)
    for note in book.notes:
        print(f"note: {note}")
    book.write_csv(args.out)
    print(f"wrote {args.out}: {book.summary()}")
    if args.report:
        from coursekit.instructor.report import write_report

        html, *data = write_report(book, args.report)
        print(f"wrote {html} (and {', '.join(str(p) for p in data)})")
    if args.essays:
        sheet, page = write_marking_sheet(book, args.essays)
        print(f"wrote {sheet} and {page}: the essays to mark, with their rubrics")
    if book.rejected:
        print(f"{len(book.rejected)} file(s) rejected; the other files were graded", file=sys.stderr)
        return 1
    return 0


def _export(args: argparse.Namespace) -> int:
    from coursekit._guard import guard_outputs
    from coursekit.instructor._common import load_quiz_set
    from coursekit.instructor.export import SUFFIXES, export_quiz
    from coursekit.instructor.export.markdown import key_path

    quiz = load_quiz_set(args.quiz)[0]
    out = args.out or Path(f"{quiz.id}{SUFFIXES[args.fmt]}")
    guard_outputs([out, key_path(out) if args.fmt == "markdown" else None], [_quiz_file(args.quiz)])
    result = export_quiz(quiz, args.fmt, out)
    for message in result.warnings:
        _warn(message)
    files = " and ".join(str(f) for f in result.files)
    print(f"wrote {files} ({result.questions} question(s), {args.fmt})")
    return 0


def _preview(args: argparse.Namespace) -> int:
    from coursekit._guard import guard_outputs
    from coursekit.instructor._common import write_text
    from coursekit.instructor.preview import render_preview

    guard_outputs([args.out], [_quiz_file(args.quiz)])
    text = render_preview(args.quiz, args.fmt, answers=not args.no_answers)
    if args.out:
        print(f"wrote {write_text(args.out, text)}")
    else:
        sys.stdout.write(text)
    return 0
