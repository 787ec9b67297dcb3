"""What the articles say, counted: mentions, framing terms and key numbers."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from coursekit import corpus
from coursekit.charts._style import (
    _FONT_NOTE,
    _KEY_ENTITY_KINDS,
    _article_axis,
    _articles,
    _layer,
    _sources,
    _title,
)
from coursekit.corpus.figures import load_figures

__all__ = ["framing_terms", "key_numbers", "mentions_chart"]


# ----------------------------------------------------------------------------- mentions
def _spelling_variants(aliases: list[str]) -> bool:
    """True if two aliases are not just a longer and shorter form of one name."""
    return any(a not in b and b not in a for i, a in enumerate(aliases) for b in aliases[i + 1 :])


def mentions_chart(by: str = "entity") -> alt.LayerChart | alt.VConcatChart:
    """Heat map of mentions per article, aliases normalised or kept apart.

    Parameters
    ----------
    by
        ``"entity"``: the key people, institutions and countries, every spelling
        counted together. ``"alias"``: only the entities the articles spell in
        different ways (Lukashenko / Lukashenka, Belarusian / Belarussian...),
        one row per spelling.

    Returns
    -------
    altair.LayerChart or altair.VConcatChart

    Raises
    ------
    ValueError
        If ``by`` is neither ``"entity"`` nor ``"alias"``.

    Examples
    --------
    >>> mentions_chart().to_dict()["title"]["text"]
    'Who and what each article mentions'
    >>> mentions_chart(by="spelling")
    Traceback (most recent call last):
    ...
    ValueError: by must be 'entity' or 'alias', not 'spelling'
    """
    if by not in ("entity", "alias"):
        msg = f"by must be 'entity' or 'alias', not {by!r}"
        raise ValueError(msg)
    docs = _articles()
    ents = corpus.load_entities()
    counts = corpus.mentions(by=by)
    counts = counts.merge(docs[["doc_id", "article", "title", "when"]], on="doc_id")
    tooltip = [alt.Tooltip("entity:N", title="Entity")]
    if by == "entity":
        keep = ents.loc[ents["kind"].isin(_KEY_ENTITY_KINDS), "entity"].astype(str)
        counts = counts[counts["entity"].isin(set(keep))]
        rows = counts.groupby("entity")["count"].sum().sort_values(ascending=False, kind="stable")
    else:
        used = counts.groupby("entity")["alias"].agg(list)
        variant = [e for e, aliases in used.items() if _spelling_variants(aliases)]
        counts = counts[counts["entity"].isin(variant)]
        rows = counts.groupby("entity")["count"].sum().sort_values(ascending=False, kind="stable")
        tooltip.append(alt.Tooltip("alias:N", title="Spelling"))
    data = counts[
        [c for c in ("entity", "alias", "article", "title", "when", "count") if c in counts.columns]
    ].reset_index(drop=True)
    tooltip += [
        alt.Tooltip("title:N", title="Article"),
        alt.Tooltip("when:N", title="Published"),
        alt.Tooltip("count:Q", title="Mentions"),
    ]
    top = float(data["count"].max()) if len(data) else 0.0
    order = docs["article"].tolist()

    def heat(y: alt.Y, axis: alt.Axis | None, entity: str | None = None, **props: object) -> alt.LayerChart:
        base = alt.Chart()  # the data goes on top, once (see below)
        if entity is not None:  # one shared inline dataset, filtered per panel
            base = base.transform_filter(alt.datum.entity == entity)
        base = base.encode(
            x=alt.X("article:N", sort=order, scale=alt.Scale(domain=order), axis=axis), y=y, tooltip=tooltip
        )
        cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
            color=alt.Color("count:Q", title="Mentions", scale=alt.Scale(scheme="blues", domain=[0, top]))
        )
        labels = base.mark_text(fontSize=11).encode(
            text=alt.Text("count:Q"),
            color=alt.ColorValue(
                **alt.when(f"datum.count > {top / 2}")
                .then(alt.value("white"))
                .otherwise(alt.value("#222222"))
            ),
        )
        return _layer(cells, labels, width=alt.Step(110), height=alt.Step(20), **props)

    x_title = "Article (date as stated, precision)"
    n_docs = len(docs)
    if by == "entity":
        leaders = ", ".join(f"{e} ({int(n)})" for e, n in rows.head(3).items())
        description = (
            f"Heat map of mentions of {data['entity'].nunique()} key people, institutions and "
            f"countries (rows) in each of the {n_docs} articles (columns, in date order), all "
            f"spellings of a name counted together; darker means more mentions and empty cells "
            f"mean none. Most mentioned overall: {leaders}."
        )
        y = alt.Y(
            "entity:N",
            sort=rows.index.tolist(),
            title="Entity (all spellings)",
            axis=alt.Axis(labelFontSize=11, labelLimit=220),
        )
        return heat(
            y,
            _article_axis(x_title),
            data=data,
            description=description,
            title=_title(
                "Who and what each article mentions",
                "Mentions per article, all spellings together; blank = not mentioned. " + _FONT_NOTE,
            ),
        )
    spellings = "; ".join(
        f"{e}: " + ", ".join(sorted(set(data.loc[data["entity"] == e, "alias"]))) for e in rows.index
    )
    description = (
        f"Heat maps of how each of the {n_docs} articles (columns, in date order) spells the "
        f"names that have more than one spelling, one row per spelling, one panel per entity. "
        f"Spellings found: {spellings}. Darker means more mentions; empty cells mean none."
    )
    panels = []
    for i, entity in enumerate(rows.index):
        y = alt.Y(
            "alias:N",
            title=None,
            sort="ascending",
            axis=alt.Axis(labelFontSize=11, labelLimit=220, minExtent=150),
        )
        axis = _article_axis(x_title) if i == len(rows) - 1 else None
        panels.append(
            heat(y, axis, str(entity), title=alt.TitleParams(str(entity), anchor="start", fontSize=12))
        )
    return alt.vconcat(
        *panels,
        data=data,
        spacing=10,
        description=description,
        title=_title(
            "One name, several spellings",
            "Mentions per article of each spelling; blank = not used. " + _FONT_NOTE,
        ),
    )


# ----------------------------------------------------------------------------- framing terms
def framing_terms(
    terms: Sequence[str] | str = ("integrat", "merger", "annex", "sovereign", "union"),
) -> alt.Chart:
    """Grouped bars: how often each framing term appears in each article.

    Terms are word stems matched case-insensitively at the start of a word
    (``integrat`` counts integration, integrating...). Articles are in date
    order by the earliest day they can have been published; their dates have
    different precisions (a year, a month, a day), so the axis labels give the
    date *as stated* and the spacing is not to scale.

    Parameters
    ----------
    terms
        Word stems; a single string counts one term.

    Returns
    -------
    altair.Chart

    Raises
    ------
    ValueError
        If ``terms`` is empty or holds an empty string.

    Examples
    --------
    >>> chart = framing_terms(["merger", "annex"])
    >>> sorted(set(chart.data["term"]))
    ['annex…', 'merger…']
    >>> framing_terms([])
    Traceback (most recent call last):
    ...
    ValueError: terms must be a non-empty list of non-empty strings, e.g. ('integrat', 'merger')
    """
    if isinstance(terms, str):
        terms = (terms,)
    terms = tuple(terms)
    if not terms or any(not isinstance(t, str) or not t.strip() for t in terms):
        msg = "terms must be a non-empty list of non-empty strings, e.g. ('integrat', 'merger')"
        raise ValueError(msg)
    docs = _articles()
    counts = corpus.term_counts([t.strip() for t in terms])
    counts = counts[["doc_id", "term", "count"]].merge(
        docs[["doc_id", "article", "title", "when", "words"]], on="doc_id"
    )
    counts["term"] = counts["term"] + "…"
    counts["per_1000_words"] = (counts["count"] * 1000 / counts["words"]).round(1)
    data = counts[["article", "title", "when", "words", "term", "count", "per_1000_words"]].reset_index(
        drop=True
    )
    term_order = [t.strip() + "…" for t in terms]
    order = docs["article"].tolist()
    totals = data.groupby("term")["count"].sum()
    summary = ", ".join(f"{t} {int(totals.get(t, 0))}" for t in term_order)
    description = (
        f"Grouped bar chart of how often {len(term_order)} framing terms ({', '.join(term_order)})"
        f" appear in each of the {len(docs)} articles, in date order (not to scale: dates are "
        f"stated with different precision). Bar height is the raw count; articles differ in "
        f"length ({docs['words'].min()}–{docs['words'].max()} words). Totals: {summary}."
    )
    return (
        alt.Chart(
            data,
            width=alt.Step(18),
            height=260,
            description=description,
            title=_title(
                "Framing terms, article by article",
                "Raw counts of each word stem; articles in date order, not to scale. " + _FONT_NOTE,
            ),
        )
        .mark_bar()
        .encode(
            x=alt.X(
                "article:N",
                sort=order,
                scale=alt.Scale(domain=order),
                axis=_article_axis("Article, in date order (date as stated, precision)"),
            ),
            xOffset=alt.XOffset("term:N", sort=term_order),
            y=alt.Y("count:Q", title="Occurrences in the article"),
            color=alt.Color(
                "term:N",
                sort=term_order,
                title="Term (word stem)",
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("term:N", title="Term"),
                alt.Tooltip("title:N", title="Article"),
                alt.Tooltip("when:N", title="Published"),
                alt.Tooltip("count:Q", title="Occurrences"),
                alt.Tooltip("words:Q", title="Words in article"),
                alt.Tooltip("per_1000_words:Q", title="Per 1,000 words"),
            ],
        )
    )


# ----------------------------------------------------------------------------- key numbers
def key_numbers() -> alt.LayerChart:
    """The numbers learners mix up, each with the quote and article it comes from.

    Read from ``data/figures.csv`` through
    :func:`coursekit.corpus.figures.load_figures`, which checks every quote.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> key_numbers().data["number"].tolist()[:4]
    ['31', '11', '28', 'over 400']
    """
    figs = load_figures()
    docs = _articles()
    data = pd.DataFrame(
        {
            "figure_id": figs["figure_id"].astype(str),
            "number": figs["display"].astype(str),
            "label": figs["label"].astype(str),
            "quote": figs["quote"].astype(str),
            "cite": [f"“{q}” — {d}" for q, d in zip(figs["quote"], figs["doc_id"], strict=True)],
            "source": figs["doc_id"].astype(str).map(_sources(docs)),
        }
    )
    order = data["figure_id"].tolist()
    tooltip = [
        alt.Tooltip("number:N", title="Number"),
        alt.Tooltip("label:N", title="Counts"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("source:N", title="Source"),
    ]
    base = alt.Chart(data).encode(y=alt.Y("figure_id:N", sort=order, axis=None), tooltip=tooltip)
    number = base.mark_text(
        align="right", baseline="middle", fontSize=24, fontWeight="bold", color="#0072B2"
    ).encode(x=alt.XValue(100), text=alt.Text("number:N"))
    label = base.mark_text(
        align="left", baseline="middle", dy=-9, fontSize=14, fontWeight="bold", color="#222222"
    ).encode(x=alt.XValue(114), text=alt.Text("label:N"))
    cite = base.mark_text(
        align="left", baseline="middle", dy=10, fontSize=11, limit=620, color="#555555", fontStyle="italic"
    ).encode(x=alt.XValue(114), text=alt.Text("cite:N"))
    items = "; ".join(
        f"{n} {lab} ({d})" for n, lab, d in zip(data["number"], data["label"], figs["doc_id"], strict=True)
    )
    description = (
        f"List of {len(data)} key numbers, each with the quote and the article it comes from: {items}."
    )
    return _layer(
        number,
        label,
        cite,
        width=740,
        height=alt.Step(52),
        description=description,
        title=_title(
            "Key numbers, and where each one comes from",
            "Easy to mix up: check the quote before you use a number. " + _FONT_NOTE,
        ),
        config=alt.Config(view=alt.ViewConfig(stroke=None)),
    )
