"""What the course charts share: colours, titles, the articles' axis, tooltip sources."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from coursekit import corpus

ATTRIBUTION_COLOURS = {
    "official": "#0072B2",  # blue
    "reported": "#E69F00",  # orange
    "analysis": "#009E73",  # green
    "anonymous": "#CC79A7",  # purple
}
"""Colour-blind-safe (Okabe-Ito) colours, one per attribution."""

_KEY_ENTITY_KINDS = ("person", "institution", "country")
_ARTICLE_LABEL_EXPR = "split(datum.label, '|')"  # "doc-id|2019 (year)" -> two lines
_FONT_NOTE = "Hover over a mark for details."


# ----------------------------------------------------------------------------- helpers
def _layer(*charts: alt.Chart | alt.LayerChart, **kwargs: object) -> alt.LayerChart:
    """``alt.layer``, typed: Altair declares it may hoist shared facets into a FacetChart,
    which course charts never have."""
    chart = alt.layer(*charts, **kwargs)
    if not isinstance(chart, alt.LayerChart):
        msg = "a course chart layers charts without facets"
        raise TypeError(msg)
    return chart


def _title(text: str, subtitle: str | list[str]) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle, anchor="start", fontSize=16, subtitleColor="#555555")


def _choices(values: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in values)


def _attribution_scale() -> alt.Scale:
    return alt.Scale(domain=list(ATTRIBUTION_COLOURS), range=list(ATTRIBUTION_COLOURS.values()))


def _articles() -> pd.DataFrame:
    """Articles in date order, with an axis label ``doc_id|published (precision)``."""
    docs = corpus.load_documents().sort_values(["start", "doc_id"], kind="stable")
    out = pd.DataFrame(
        {
            "doc_id": docs["doc_id"].astype(str),
            "title": docs["title"].astype(str),
            "published": docs["published"].astype(str),
            "precision": docs["precision"].astype(str),
            "words": docs["words"].astype("int64"),
            "start": docs["start"],
        }
    ).reset_index(drop=True)
    out["when"] = out["published"] + " (" + out["precision"] + ")"
    out["article"] = out["doc_id"] + "|" + out["when"]
    return out


def _article_axis(title: str | None = None) -> alt.Axis:
    return alt.Axis(
        labelExpr=_ARTICLE_LABEL_EXPR, labelAngle=0, title=title, labelFontSize=11, labelLimit=160
    )


def _sources(docs: pd.DataFrame) -> dict[str, str]:
    """``{doc_id: "Title [doc_id, date]"}``, the source line of a tooltip."""
    return {d: f"{t} [{d}, {w}]" for d, t, w in zip(docs["doc_id"], docs["title"], docs["when"], strict=True)}


def _stated_date(date: str, precision: str, basis: str) -> str:
    note = ", worked out from the article's date" if basis == "relative" else ""
    return f"{date} ({precision}{note})"
