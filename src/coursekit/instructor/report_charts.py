"""The charts of the item-analysis report, rendered to inline SVG offline (``vl-convert``).

A leaf module: it knows nothing of the analysis but the columns of its tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["quiz_charts"]


def _svg(chart: Any) -> str:
    """Render an Altair chart to SVG text offline (vl-convert; no network, no script)."""
    import altair as alt
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    version = major_minor if major_minor in vlc.get_vegalite_versions() else None
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=version, allowed_base_urls=[])
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


def quiz_charts(
    quiz: Any, items: pd.DataFrame, options: pd.DataFrame, *, choice_ids: list[str], low: float
) -> list[str]:
    """SVG charts for one quiz: difficulty x discrimination, then (if any) the choice shares.

    Parameters
    ----------
    quiz
        The quiz (its title heads the charts).
    items, options
        Its rows of :attr:`~coursekit.instructor.report.ItemAnalysis.items` and ``.options``.
    choice_ids
        The questions whose options get a bar chart, in this order.
    low
        Where the dashed line marks low discrimination.

    Raises
    ------
    ImportError
        If ``altair`` or ``vl-convert-python`` is missing.
    """
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
        alt.Chart(alt.Data(values=[{"y": low}])).mark_rule(strokeDash=[4, 4], color="#b45309").encode(y="y:Q")
    )
    scatter = alt.layer(
        rule,
        base.mark_circle(size=70, color="#0072B2"),
        base.mark_text(align="left", dx=6, fontSize=10).encode(text="question:N"),
    ).properties(width=420, height=260, title=f"{quiz.title}: difficulty and discrimination")
    out = [_svg(scatter)]
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
