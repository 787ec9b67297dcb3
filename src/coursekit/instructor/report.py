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
from typing import TYPE_CHECKING, Any

from coursekit.instructor._common import format_number, plural, write_text

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
TOP_RESPONSES = 10
"""Most responses listed for ``numeric``, ``text`` and ``order`` questions."""
NO_ANSWER = "(no answer)"
MIN_STUDENTS = 3
"""Fewest students for a discrimination index."""

ITEM_COLUMNS = (
    "quiz",
    "question",
    "type",
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
    """The two tables of an item analysis."""

    items: pd.DataFrame
    """One row per question: ``quiz, question, type, points, n, answered, share_correct,
    mean_score, discrimination, flags``."""
    options: pd.DataFrame
    """One row per option or response: ``quiz, question, option, key, chosen, share,
    top_share, bottom_share, flag``."""

    def write_csv(self, stem: str | Path) -> list[Path]:
        """Write ``<stem>-items.csv`` and ``<stem>-options.csv`` (shares to 4 decimals)."""
        stem = Path(stem)
        out = []
        for name, frame in (("items", self.items), ("options", self.options)):
            text = frame.round(4).to_csv(index=False, lineterminator="\n")
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
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
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


def _label(question: Any, value: Any) -> str:
    """A canonical response as text, for the options table."""
    if value is None:
        return NO_ANSWER
    kind = question.type
    if kind == "numeric":
        return format_number(value)
    if kind == "order":
        return " → ".join("—" if v is None else v for v in value)
    if kind == "true_false":
        return "True" if value else "False"
    return str(value)


def _options_rows(
    quiz_id: str, question: Any, rows: pd.DataFrame, top: set[str], bottom: set[str]
) -> list[dict[str, Any]]:
    """The options table rows of one question (``rows``: its graded responses)."""
    n = len(rows)
    students = rows["student"].tolist()
    values = rows["response"].tolist()
    in_top = [s in top for s in students]
    in_bottom = [s in bottom for s in students]
    n_top, n_bottom = max(1, sum(in_top)), max(1, sum(in_bottom))

    def stats(hit: list[bool]) -> dict[str, Any]:
        chosen = sum(hit)
        return {
            "chosen": chosen,
            "share": chosen / n,
            "top_share": sum(h and t for h, t in zip(hit, in_top, strict=True)) / n_top,
            "bottom_share": sum(h and b for h, b in zip(hit, in_bottom, strict=True)) / n_bottom,
        }

    kind = question.type
    out: list[dict[str, Any]] = []
    if kind in ("single", "multiple", "true_false"):
        if kind == "true_false":
            options = [(True, "True", question.answer is True), (False, "False", question.answer is False)]
        else:
            keys = {question.answer} if kind == "single" else set(question.answer)
            options = [(c, c, c in keys) for c in question.choices]
        for value, label, is_key in options:
            if kind == "multiple":
                hit = [v is not None and value in v for v in values]
            else:
                hit = [v is not None and v == value and type(v) is type(value) for v in values]
            out.append({"option": label, "key": is_key, **stats(hit)})
        key_top = min(r["top_share"] for r in out if r["key"])
        for r in out:
            r["flag"] = (
                ""
                if r["key"]
                else (
                    "never chosen"
                    if r["chosen"] == 0
                    else "strong students chose it more than the key"
                    if r["top_share"] > key_top
                    else ""
                )
            )
    elif kind == "match":
        given = [dict(v) if v is not None else {} for v in values]
        for left, right in question.pairs.items():
            key_hit = [g.get(left) == right for g in given]
            key_row = {"option": f"{left} → {right}", "key": True, **stats(key_hit), "flag": ""}
            out.append(key_row)
            wrong = sorted({g[left] for g in given if left in g and g[left] != right})
            for other in wrong:
                row = {
                    "option": f"{left} → {other}",
                    "key": False,
                    **stats([g.get(left) == other for g in given]),
                }
                row["flag"] = (
                    "strong students chose it more than the key"
                    if row["top_share"] > key_row["top_share"]
                    else ""
                )
                out.append(row)
    else:
        correct = rows["correct"].tolist()
        counts: dict[Any, list[int]] = {}
        for pos, value in enumerate(values):
            if value is not None:
                counts.setdefault(value, []).append(pos)
        ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), _label(question, kv[0])))
        for value, positions in ranked[:TOP_RESPONSES]:
            hit = [False] * n
            for pos in positions:
                hit[pos] = True
            out.append(
                {
                    "option": _label(question, value),
                    "key": bool(correct[positions[0]]),
                    **stats(hit),
                    "flag": "",
                }
            )
    blank = [v is None for v in values]
    if any(blank):
        out.append({"option": NO_ANSWER, "key": False, **stats(blank), "flag": ""})
    return [{"quiz": quiz_id, "question": question.id, **r} for r in out]


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

    responses = book.responses
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
                    "points": float(question.points),
                    "n": len(qrows),
                    "answered": int((qrows["status"] != "unanswered").sum()),
                    "share_correct": share_correct,
                    "mean_score": float(item.mean()),
                    "discrimination": discrimination,
                    "flags": _item_flags(share_correct, discrimination),
                }
            )
            options.extend(_options_rows(quiz_id, question, qrows, top, bottom))
    return ItemAnalysis(
        items=pd.DataFrame(items, columns=list(ITEM_COLUMNS)),
        options=pd.DataFrame(options, columns=list(OPTION_COLUMNS)),
    )


# ----------------------------------------------------------------------------- charts
def _svg(chart: Any) -> str:
    """Render an Altair chart to SVG text offline (vl-convert; no network, no script)."""
    import altair as alt
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    version = major_minor if major_minor in vlc.get_vegalite_versions() else None
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=version, allowed_base_urls=[])
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


def _charts(quiz: Any, items: pd.DataFrame, options: pd.DataFrame) -> list[str]:
    """Two SVG charts for one quiz: difficulty x discrimination, and choice shares."""
    import altair as alt

    scatter_data = items.dropna(subset=["discrimination"])  # too few students, or no variance
    base = alt.Chart(scatter_data).encode(
        x=alt.X("share_correct:Q", title="share fully right (difficulty)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y(
            "discrimination:Q",
            title="discrimination (corrected point-biserial)",
            scale=alt.Scale(domain=[-1, 1]),
        ),
    )
    rule = (
        alt.Chart(alt.Data(values=[{"y": LOW_DISCRIMINATION}]))
        .mark_rule(strokeDash=[4, 4], color="#b45309")
        .encode(y="y:Q")
    )
    scatter = alt.layer(
        rule,
        base.mark_circle(size=70, color="#0072B2"),
        base.mark_text(align="left", dx=6, fontSize=10).encode(text="question:N"),
    ).properties(width=420, height=260, title=f"{quiz.title}: difficulty and discrimination")
    out = [_svg(scatter)]
    choice_ids = [q.id for q in quiz.questions if q.type in ("single", "multiple", "true_false")]
    bars = options[options["question"].isin(choice_ids)].assign(
        answer=lambda f: f["key"].map({True: "key", False: "distractor"})
    )
    if not bars.empty:
        chart = (
            alt.Chart(bars)
            .mark_bar()
            .encode(
                x=alt.X("share:Q", title="share of students who chose it", scale=alt.Scale(domain=[0, 1])),
                y=alt.Y("option:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
                color=alt.Color(
                    "answer:N",
                    scale=alt.Scale(domain=["key", "distractor"], range=["#009E73", "#999999"]),
                    title=None,
                ),
            )
            .properties(width=300)
            .facet(
                row=alt.Row(
                    "question:N",
                    title=None,
                    sort=choice_ids,
                    header=alt.Header(labelAngle=0, labelAlign="left"),
                ),
            )
            .resolve_scale(y="independent")
            .properties(title=f"{quiz.title}: choices")
        )
        out.append(_svg(chart))
    return out


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


def _table(header: list[str], rows: list[tuple[list[str], bool]]) -> str:
    from coursekit.quiz.render import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for cells, flagged in rows:
        tds = "".join(cell if cell.startswith("<td") else f"<td>{escape(cell)}</td>" for cell in cells)
        body.append(f"<tr{' class=flag' if flagged else ''}>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


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
                svgs = _charts(quiz, items, options)
            except ImportError as exc:
                chart_error = (
                    f"Charts left out: {exc.name or exc} is not installed (pip install 'coursekit[course]')."
                )
        parts.extend(f"<figure>{svg}</figure>" for svg in svgs[:1])
        parts.append(
            _table(
                [
                    "question",
                    "type",
                    "points",
                    "n",
                    "answered",
                    "difficulty",
                    "mean score",
                    "discrimination",
                    "flags",
                ],
                [
                    (
                        [
                            r.question,
                            r.type,
                            f"<td class=num>{format_number(r.points)}</td>",
                            f"<td class=num>{r.n}</td>",
                            f"<td class=num>{r.answered}</td>",
                            f"<td class=num>{_pct(r.share_correct)}</td>",
                            f"<td class=num>{_pct(r.mean_score)}</td>",
                            f"<td class=num>{_num(r.discrimination)}</td>",
                            r.flags,
                        ],
                        bool(r.flags),
                    )
                    for r in items.itertuples()
                ],
            )
        )
        parts.extend(f"<figure>{svg}</figure>" for svg in svgs[1:])
        parts.append(
            _table(
                ["question", "option or response", "chosen", "share", "top", "bottom", "flag"],
                [
                    (
                        [
                            r.question,
                            f"<td class=key>✓ {escape(r.option)}</td>" if r.key else r.option,
                            f"<td class=num>{r.chosen}</td>",
                            f"<td class=num>{_pct(r.share)}</td>",
                            f"<td class=num>{_pct(r.top_share)}</td>",
                            f"<td class=num>{_pct(r.bottom_share)}</td>",
                            r.flag,
                        ],
                        bool(r.flag),
                    )
                    for r in options.itertuples()
                ],
            )
        )
    if chart_error:
        parts.insert(parts.index("<h1>Item analysis</h1>") + 1, f"<p class='note'>{escape(chart_error)}</p>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_report(book: Gradebook, path: str | Path, *, charts: bool = True) -> list[Path]:
    """Write the HTML report and, beside it, its data as ``<stem>-items.csv`` and ``<stem>-options.csv``.

    Returns
    -------
    list of pathlib.Path
        The HTML file, then the two CSV files.
    """
    path = Path(path)
    analysis = item_analysis(book)
    html = write_text(path, report_html(book, analysis, charts=charts))
    return [html, *analysis.write_csv(path.with_suffix(""))]
