"""Item analysis of a graded class, and a self-contained HTML report with charts.

For each question (:func:`item_analysis`, table ``items``):

* ``share_correct``: the share of students who got it fully right (classical
  *difficulty*, p); ``mean_score``: their mean share of its points (partial credit);
* ``discrimination``: the *corrected* point-biserial correlation between the
  item's score and the rest of the quiz (the student's total minus this item,
  as a share of the points left), so that an item does not correlate with
  itself. Near 0 or negative: strong students do no better on it than weak
  ones, so the item (or its key) deserves a look;
* ``flags``: negative or low (< 0.2) discrimination, nearly everyone right
  (>= 0.95) or nearly nobody (<= 0.2).

For each option (table ``options``): how many students chose it, the share in
the top 27% and the bottom 27% of the class (by total score on the quiz), and
flags on distractors that nobody chose, or that the top group chose more often
than the key (a sign that the key may be wrong, or the question ambiguous).
Choice questions list every option; ``match`` questions the pairs given;
``numeric``, ``text`` and ``order`` questions their ten most common responses.

How each question type's options are tabulated is in
:mod:`coursekit.instructor.report_options`, one function per type.

A question a student was not given (a ``pick`` subset) does not count for that
student; an unanswered question counts as wrong.

:func:`write_report` writes the report as one HTML file that works offline: the
charts are rendered to inline SVG by ``vl-convert`` (no JavaScript, no CDN), and
the two tables beside it as CSV (``<report>-items.csv``, ``<report>-options.csv``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from coursekit.instructor._common import csv_text, format_number, plural, write_text
from coursekit.instructor.report_charts import quiz_charts
from coursekit.instructor.report_options import CHARTED, TOP_RESPONSES, cut_responses, options_rows
from coursekit.instructor.report_skills import skill_of, skill_scores, skill_table

if TYPE_CHECKING:
    import pandas as pd

    from coursekit.instructor.grade import Gradebook

__all__ = [
    "LOW_DISCRIMINATION",
    "TOP_SHARE",
    "ItemAnalysis",
    "item_analysis",
    "report_html",
    "write_report",
]

TOP_SHARE = 0.27
"""The share of the class in the top (and bottom) group: Kelley's 27%."""
LOW_DISCRIMINATION = 0.2
"""Below this corrected point-biserial, an item discriminates poorly."""
EASY, HARD = 0.95, 0.2
"""Flag items that at least 95%, or at most 20%, of the class got fully right."""
MIN_STUDENTS = 3
"""Fewest students for a discrimination index."""

ITEM_COLUMNS = (
    "quiz",
    "question",
    "type",
    "skill",
    "points",
    "n",
    "answered",
    "share_correct",
    "mean_score",
    "discrimination",
    "flags",
)
OPTION_COLUMNS = ("quiz", "question", "option", "key", "chosen", "share", "top_share", "bottom_share", "flag")


@dataclass(frozen=True)
class ItemAnalysis:
    """The tables of an item analysis."""

    items: pd.DataFrame
    """One row per question: ``quiz, question, type, skill, points, n, answered, share_correct,
    mean_score, discrimination, flags``."""
    options: pd.DataFrame
    """One row per option or response: ``quiz, question, option, key, chosen, share,
    top_share, bottom_share, flag``."""
    skills: pd.DataFrame
    """Score by skill, per student and for the class (see
    :func:`~coursekit.instructor.report_skills.skill_scores`)."""

    def write_csv(self, stem: str | Path) -> list[Path]:
        """Write ``<stem>-items.csv``, ``<stem>-options.csv`` and ``<stem>-skills.csv``
        (shares to 4 decimals)."""
        stem = Path(stem)
        out = []
        for name, frame in (("items", self.items), ("options", self.options), ("skills", self.skills)):
            text = csv_text(frame.round(4))
            out.append(write_text(stem.with_name(f"{stem.name}-{name}.csv"), text))
        return out


# ----------------------------------------------------------------------------- analysis
def _corr(x: Any, y: Any) -> float:
    import numpy as np

    if len(x) < MIN_STUDENTS or np.std(x) == 0 or np.std(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def _groups(totals: pd.Series) -> tuple[set[str], set[str]]:
    """Top and bottom :data:`TOP_SHARE` of students by total share (ties by student id)."""
    ranked = sorted(((str(s), float(v)) for s, v in totals.items()), key=lambda kv: (-kv[1], kv[0]))
    k = max(1, round(TOP_SHARE * len(ranked)))
    return {s for s, _ in ranked[:k]}, {s for s, _ in ranked[-k:]}


def _item_flags(share_correct: float, discrimination: float) -> str:
    flags = []
    if not math.isnan(discrimination):
        if discrimination < 0:
            flags.append("negative discrimination")
        elif discrimination < LOW_DISCRIMINATION:
            flags.append("low discrimination")
    if share_correct >= EASY:
        flags.append("nearly everyone right")
    elif share_correct <= HARD:
        flags.append("nearly nobody right")
    return "; ".join(flags)


def item_analysis(book: Gradebook) -> ItemAnalysis:
    """Analyse every question of a graded class (see the module docstring).

    Parameters
    ----------
    book
        The result of :func:`~coursekit.instructor.grade.grade_folder` or
        :func:`~coursekit.instructor.grade.grade_submissions`.

    Returns
    -------
    ItemAnalysis
        Questions nobody was graded on are left out.

    Examples
    --------
    >>> from coursekit.instructor.grade import grade_submissions
    >>> from coursekit.quiz.model import Quiz
    >>> from coursekit.quiz.submission import Submission
    >>> src = {"doc_id": "d", "quote": "x"}
    >>> quiz = Quiz.model_validate({"id": "q", "title": "T", "questions": [
    ...     {"id": "a", "type": "single", "prompt": "?", "choices": ["x", "y", "z"], "answer": "x",
    ...      "explanation": "e", "source": src},
    ...     {"id": "b", "type": "true_false", "prompt": "?", "answer": True, "explanation": "e",
    ...      "source": src}]})
    >>> answers = [("x", True), ("x", True), ("y", False), ("y", True)]
    >>> subs = [Submission(f"s{i}", "q", {"a": a, "b": b}, {"a": 0, "b": 0}, {"a": [], "b": []},
    ...                    "2025-01-01T00:00:00Z", "0") for i, (a, b) in enumerate(answers)]
    >>> analysis = item_analysis(grade_submissions(subs, {"q": quiz}))
    >>> items = analysis.items[["question", "n", "share_correct", "discrimination"]]
    >>> print(items.round(3).to_string(index=False))
    question  n  share_correct  discrimination
           a  4           0.50           0.577
           b  4           0.75           0.577
    >>> options = analysis.options[analysis.options["question"] == "a"]
    >>> print(options[["option", "chosen", "top_share", "flag"]].to_string(index=False))
    ... # doctest: +NORMALIZE_WHITESPACE
    option  chosen  top_share         flag
         x       2        1.0
         y       2        0.0
         z       0        0.0 never chosen
    """
    import pandas as pd

    responses = book.responses[book.responses["max_points"] > 0]  # ungraded practice: no share
    items: list[dict[str, Any]] = []
    options: list[dict[str, Any]] = []
    for quiz_id, quiz in book.key.items():
        rows = responses[responses["quiz"] == quiz_id]
        if rows.empty:
            continue
        by_student = rows.groupby("student")[["points", "max_points"]].sum()
        shares = by_student["points"] / by_student["max_points"]
        top, bottom = _groups(shares)
        for question in quiz.questions:
            qrows = rows[rows["question"] == question.id]
            if qrows.empty:
                continue
            item = (qrows["points"] / qrows["max_points"]).to_numpy()
            totals = by_student.loc[qrows["student"]]
            left = (totals["max_points"] - qrows["max_points"].to_numpy()).to_numpy()
            rest = totals["points"].to_numpy() - qrows["points"].to_numpy()
            with_rest = left > 0
            discrimination = _corr(item[with_rest], rest[with_rest] / left[with_rest])
            share_correct = float(qrows["correct"].mean())
            items.append(
                {
                    "quiz": quiz_id,
                    "question": question.id,
                    "type": question.type,
                    "skill": skill_of(question),
                    "points": float(question.points),
                    "n": len(qrows),
                    "answered": int((qrows["status"] != "unanswered").sum()),
                    "share_correct": share_correct,
                    "mean_score": float(item.mean()),
                    "discrimination": discrimination,
                    "flags": _item_flags(share_correct, discrimination),
                }
            )
            options.extend(options_rows(quiz_id, question, qrows, top, bottom))
    return ItemAnalysis(
        items=pd.DataFrame(items, columns=list(ITEM_COLUMNS)),
        options=pd.DataFrame(options, columns=list(OPTION_COLUMNS)),
        skills=skill_scores(book.responses, book.key),
    )


# ----------------------------------------------------------------------------- html
_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.flag td{background:#fffbeb}
.key{font-weight:bold;color:#006d4f}
.note{color:#555}
figure{margin:1em 0}
"""


def _pct(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.0%}"


def _num(value: float) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.2f}"


@dataclass(frozen=True)
class _Cell:
    """A table cell with a class; its text, like every cell's, is escaped.

    The class is one of a fixed set, so only code writes markup.
    """

    text: object
    cls: Literal["num", "key"]


def _n(value: object) -> _Cell:
    return _Cell(value, "num")


def _table(header: list[str], rows: list[tuple[list[str | _Cell], bool]]) -> str:
    """An HTML table; every cell's text is escaped, so no data can be taken for markup."""
    from coursekit.quiz.render import escape

    def td(cell: str | _Cell) -> str:
        if isinstance(cell, _Cell):
            return f"<td class={cell.cls}>{escape(str(cell.text))}</td>"
        return f"<td>{escape(cell)}</td>"

    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = [
        f"<tr{' class=flag' if flagged else ''}>{''.join(map(td, cells))}</tr>" for cells, flagged in rows
    ]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


_ITEM_HEADER = [
    "question",
    "type",
    "skill",
    "points",
    "n",
    "answered",
    "difficulty",
    "mean score",
    "discrimination",
    "flags",
]
_OPTION_HEADER = ["question", "option or response", "chosen", "share", "top", "bottom", "flag"]


def _item_cells(r: Any) -> list[str | _Cell]:
    numbers = [format_number(r.points), r.n, r.answered, _pct(r.share_correct), _pct(r.mean_score)]
    return [r.question, r.type, r.skill, *map(_n, numbers), _n(_num(r.discrimination)), r.flags]


def _option_cells(r: Any) -> list[str | _Cell]:
    option = _Cell(f"✓ {r.option}", "key") if r.key else r.option
    return [
        r.question,
        option,
        _n(r.chosen),
        *(_n(_pct(x)) for x in (r.share, r.top_share, r.bottom_share)),
        r.flag,
    ]


def report_html(book: Gradebook, analysis: ItemAnalysis | None = None, *, charts: bool = True) -> str:
    """Return the item-analysis report as one self-contained HTML page.

    Parameters
    ----------
    book
        A graded class.
    analysis
        Its :func:`item_analysis` (computed if not given).
    charts
        Include the charts (needs ``altair`` and ``vl-convert-python``; without
        them the page says so and keeps the tables).
    """
    from coursekit import __version__
    from coursekit.quiz.render import escape, inline_html

    analysis = analysis or item_analysis(book)
    t = book.table
    parts = [
        "<!doctype html>",
        "<html lang='en'>",
        "<head><meta charset='utf-8'>",
        "<title>Item analysis</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        "<h1>Item analysis</h1>",
        f"<p>{escape(plural(len(t), 'graded submission'))} from "
        f"{escape(plural(t['student'].nunique(), 'student'))}. Generated by coursekit "
        f"{escape(__version__)}.</p>",
        "<p class='note'><b>Difficulty</b>: share of students fully right. <b>Discrimination</b>: "
        "correlation between the item and the rest of the quiz (corrected point-biserial); below "
        f"{LOW_DISCRIMINATION:g} the item tells strong and weak students apart poorly, and a negative "
        "value often means a wrong key or an ambiguous question. <b>Top / bottom</b>: the "
        f"{TOP_SHARE:.0%} of students with the highest / lowest totals on the quiz. "
        "Highlighted rows carry a flag.</p>",
    ]
    if book.rejected:
        parts.append(
            f"<p class='note'>{escape(plural(len(book.rejected), 'file'))} rejected and not "
            "analysed (see the output of <code>coursekit grade</code>).</p>"
        )
    chart_error = None
    for quiz_id, quiz in book.key.items():
        items = analysis.items[analysis.items["quiz"] == quiz_id]
        if items.empty:
            continue
        options = analysis.options[analysis.options["quiz"] == quiz_id]
        rows = t[t["quiz"] == quiz_id]
        mean = float((rows["total"] / rows["max"]).mean())
        parts.append(f"<h2>{inline_html(quiz.title)} <small>({escape(quiz_id)})</small></h2>")
        parts.append(f"<p>{escape(plural(len(rows), 'student'))}; mean score {_pct(mean)}.</p>")
        svgs: list[str] = []
        if charts and chart_error is None:
            try:
                choice_ids = [q.id for q in quiz.questions if q.type in CHARTED]
                svgs = quiz_charts(quiz, items, options, choice_ids=choice_ids, low=LOW_DISCRIMINATION)
            except ImportError as exc:
                chart_error = (
                    f"Charts left out: {exc.name or exc} is not installed (pip install 'coursekit[course]')."
                )
        parts.extend(f"<figure>{svg}</figure>" for svg in svgs[:1])
        items_rows = [(_item_cells(r), bool(r.flags)) for r in items.itertuples()]
        parts.append(_table(_ITEM_HEADER, items_rows))
        parts.extend(f"<figure>{svg}</figure>" for svg in svgs[1:])
        option_rows = [(_option_cells(r), bool(r.flag)) for r in options.itertuples()]
        parts.append(_table(_OPTION_HEADER, option_rows))
        cut = [(q.id, n) for q in quiz.questions if (n := cut_responses(book.responses, quiz_id, q))]
        if cut:
            which = "; ".join(f"{qid} ({plural(n, 'other response')} not shown)" for qid, n in cut)
            parts.append(
                f"<p class='note'>Only the {TOP_RESPONSES} most common responses are listed for "
                f"{escape(which)}.</p>"
            )
    if not analysis.skills.empty:
        header, skill_rows = skill_table(analysis.skills)
        parts.append("<h2>Score by skill</h2>")
        parts.append(
            "<p class='note'>Each student's share of the points on the questions of each skill "
            "(all quizzes); the first row is the mean of the students' shares. The full table is in "
            "the <code>-skills.csv</code> file beside this report.</p>"
        )
        parts.append(_table(header, [([*cells], False) for cells in skill_rows]))
    if chart_error:
        parts.insert(parts.index("<h1>Item analysis</h1>") + 1, f"<p class='note'>{escape(chart_error)}</p>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_report(book: Gradebook, path: str | Path, *, charts: bool = True) -> list[Path]:
    """Write the HTML report and, beside it, its data as ``<stem>-items.csv``, ``<stem>-options.csv``
    and ``<stem>-skills.csv``.

    Returns
    -------
    list of pathlib.Path
        The HTML file, then the three CSV files.
    """
    path = Path(path)
    analysis = item_analysis(book)
    html = write_text(path, report_html(book, analysis, charts=charts))
    return [html, *analysis.write_csv(path.with_suffix(""))]
