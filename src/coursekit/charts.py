"""Course charts: timelines, tenures, mentions, framing terms and key numbers.

Every function reads the corpus (:mod:`coursekit.corpus`) and *returns* an
Altair chart; nothing is displayed here. Each chart has a title and a plain-text
``description`` (Vega-Lite uses it as the chart's ARIA label), readable in a
notebook as ``chart.description``. Only the columns a chart needs are embedded,
never article texts.

``import coursekit`` does not import Altair; importing this module does.

Encodings are written as channel objects (``alt.X("mid:T")``, ``alt.Text(...)``,
``alt.OpacityValue(**alt.when(...)...)``), never as shorthand strings or bare
dicts: Altair works out the channel of those by validating them against the
schema, 3 to 9 ms each, in every notebook that shows the chart. Likewise
``width``, ``title`` and the other properties go to the constructor
(``alt.layer(a, b, title=...)``): ``.properties()`` copies the whole chart
first. The specs are the same either way.

Examples
--------
>>> from coursekit import charts
>>> chart = charts.tenures()
>>> chart.to_dict()["title"]["text"]
'Who led, and since when'
>>> chart.description.startswith("Bar chart")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import altair as alt
import pandas as pd

from coursekit import corpus
from coursekit.corpus.figures import load_figures
from coursekit.errors import DataError

__all__ = [
    "SAVE_FORMATS",
    "enable_offline",
    "framing_terms",
    "key_numbers",
    "mentions_chart",
    "save",
    "tenures",
    "timeline",
]

SAVE_FORMATS = (".svg", ".png", ".pdf", ".html")
"""File suffixes :func:`save` can write."""

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


# ----------------------------------------------------------------------------- timeline
def timeline(
    attribution: str | None = None, actor: str | None = None, *, targets: bool = True
) -> alt.LayerChart:
    """Interactive timeline of the events in the five articles.

    One row per event. A light bar spans the whole period its stated date covers
    (a year, a month or a day: ``2019`` is all of 2019, not 1 January) and a
    point marks it. Colour is the attribution; targets (planned or expected
    dates) are hollow diamonds. Clicking the legend highlights one attribution
    (shift-click for more); the *Actor* menu keeps one actor's events; the x
    axis zooms with the mouse wheel and pans by dragging.

    Parameters
    ----------
    attribution
        Highlight this attribution at first (``official``, ``anonymous``,
        ``analysis`` or ``reported``); ``None`` highlights all.
    actor
        Show only this actor's events at first (any name in the ``actors``
        column of ``events.csv``); ``None`` shows everyone.
    targets
        Include targets (``kind == "target"``), drawn as hollow diamonds.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    ValueError
        For an unknown attribution or actor; the message lists the choices.

    Examples
    --------
    >>> chart = timeline()
    >>> chart.to_dict()["title"]["text"]
    'Timeline of the Russia–Belarus union, as the articles tell it'
    >>> timeline(attribution="rumour")
    Traceback (most recent call last):
    ...
    ValueError: attribution must be one of 'official', 'anonymous', 'analysis', 'reported', not 'rumour'
    """
    events = corpus.load_events()
    actors = sorted({a.strip() for cell in events["actors"] for a in str(cell).split(";")})
    if attribution is not None and attribution not in corpus.ATTRIBUTIONS:
        msg = f"attribution must be one of {_choices(corpus.ATTRIBUTIONS)}, not {attribution!r}"
        raise ValueError(msg)
    if actor is not None and actor not in actors:
        msg = f"actor must be one of {_choices(actors)}, not {actor!r}"
        raise ValueError(msg)
    if not targets:
        events = events[events["kind"] == "event"]
    docs = _articles()
    end = events["end"] + pd.Timedelta(days=1)  # the stated span, end day included
    data = pd.DataFrame(
        {
            "order": range(len(events)),
            "event": events["event"].astype(str),
            "date": [
                _stated_date(d, str(p), str(b))
                for d, p, b in zip(events["date"], events["precision"], events["date_basis"], strict=True)
            ],
            "start": events["start"],
            "end": end,
            "mid": events["start"] + (end - events["start"]) / 2,
            "attribution": events["attribution"].astype(str),
            "kind": events["kind"].astype(str),
            "actors": events["actors"].astype(str).str.replace(";", "; "),
            "quote": events["quote"].astype(str),
            "source": events["doc_id"].astype(str).map(_sources(docs)),
        }
    ).reset_index(drop=True)

    pick = alt.selection_point(
        name="attribution_pick",
        fields=["attribution"],
        bind="legend",
        value=[{"attribution": attribution}] if attribution else alt.Undefined,
    )
    who = alt.param(
        name="actor",
        value=actor or "All",
        bind=alt.binding_select(options=["All", *actors], name="Actor: "),
    )
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    colour = alt.Color(
        "attribution:N",
        scale=_attribution_scale(),
        legend=alt.Legend(
            title="Attribution (click to highlight)", orient="top", symbolOpacity=1, symbolType="circle"
        ),
    )
    tooltip = [
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("date:N", title="Date (as stated)"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("attribution:N", title="Attribution"),
        alt.Tooltip("actors:N", title="Actors"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("source:N", title="Source"),
    ]
    base = (
        alt.Chart(data)
        .transform_filter("actor == 'All' || indexof(split(datum.actors, '; '), actor) >= 0")
        .encode(
            # labelLimit=0: every event is named in full (at most ~450 px). A limit
            # would cut the longest with "…", and the static export would pay for
            # it: vl-convert measures a truncated label again and again (0.85 s
            # for this chart's SVG, 0.4 s in full).
            y=alt.Y(
                "event:N",
                sort=alt.EncodingSortField("order", op="min"),
                title=None,
                axis=alt.Axis(labelLimit=0, labelFontSize=11),
            ),
            color=colour,
            tooltip=tooltip,
        )
    )
    spans = base.mark_bar(height=9, cornerRadius=2).encode(
        x=alt.X(
            "start:T",
            title="Date (bars cover the whole year, month or day stated)",
            axis=alt.Axis(format="%Y", tickCount=12, grid=True),
            scale=alt.Scale(padding=12),
        ),
        x2=alt.X2("end:T"),
        opacity=alt.OpacityValue(**alt.when(pick).then(alt.value(0.35)).otherwise(alt.value(0.05))),
    )
    points = base.mark_point(size=70, strokeWidth=2, filled=False).encode(
        x=alt.X("mid:T"),
        shape=alt.Shape(
            "kind:N", scale=alt.Scale(domain=["event", "target"], range=["circle", "diamond"]), legend=None
        ),
        fill=alt.FillValue(
            **alt.when("datum.kind == 'event'")
            .then(alt.Fill("attribution:N", scale=_attribution_scale(), legend=None))
            .otherwise(alt.value("white"))
        ),
        opacity=alt.OpacityValue(**alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.15))),
    )
    n_events = int((data["kind"] == "event").sum())
    n_targets = int((data["kind"] == "target").sum())
    counts = data["attribution"].value_counts()
    by_attr = ", ".join(f"{int(counts.get(a, 0))} {a}" for a in corpus.ATTRIBUTIONS)
    years = f"{data['start'].min().year}–{data['start'].max().year}"
    description = (
        f"Timeline of {n_events} events and {n_targets} targets from the five articles, "
        f"{years}, one row per event in date order. A light bar spans the whole period the "
        "stated date covers (a year, a month or a day) and a point marks it; hollow diamonds "
        f"are targets, dates that were planned or expected. Colour shows who the claim rests "
        f"on: {by_attr}. Most events fall in 2019–2021, when the articles were written."
    )
    return alt.layer(
        spans.add_params(pick, zoom, who),
        points,  # where LayerChart.add_params puts them
        width=460,
        height=alt.Step(15),
        description=description,
        title=_title(
            "Timeline of the Russia–Belarus union, as the articles tell it",
            [
                "Filled dots: events reported as having happened. Hollow diamonds: "
                "targets (planned or expected dates).",
                "Click the legend to highlight an attribution; pick an actor below; "
                "scroll to zoom. " + _FONT_NOTE,
            ],
        ),
    )


# ----------------------------------------------------------------------------- tenures
def _events_matching(events: pd.DataFrame, actor: str, pattern: str) -> pd.DataFrame:
    has_actor = events["actors"].astype(str).str.split(";").apply(lambda a: actor in a)
    found = events[
        (events["kind"] == "event")
        & has_actor
        & events["quote"].astype(str).str.contains(pattern, regex=True)
    ]
    if found.empty:
        msg = f"no event of {actor} with a quote matching {pattern!r}; the tenures chart needs it"
        raise DataError(msg, path="events.csv")
    return found


_HELM = "In power / at the helm"
"""The articles' own words for the top post ("in power", "at Russia's helm"); they never
name Putin's 1999-2008 post, so the chart does not either."""


def _tenure_segments() -> pd.DataFrame:
    events = corpus.load_events()
    docs = _articles()
    sources = _sources(docs)
    latest = docs.iloc[-1]
    luka = _events_matching(events, "Alexander Lukashenko", r"(?:in power|in office) since")
    putin = _events_matching(events, "Vladimir Putin", r"helm since")
    pm = _events_matching(events, "Vladimir Putin", r"Prime Minister post")
    to_latest = (latest["start"], f"{latest['when']}, the latest article")

    def seg(
        leader: str,
        role: str,
        start_row: pd.Series,
        end: tuple,
        quote_row: pd.Series,
    ) -> dict[str, object]:
        return {
            "leader": leader,
            "role": role,
            "start": start_row["start"],
            "end": end[0],
            "from_year": int(start_row["year"]),
            "to_year": int(end[0].year),
            "end_label": f"{end[0].year} (latest article)",
            "from": f"{start_row['date']} ({start_row['precision']})",
            "to": end[1],
            "quote": str(quote_row["quote"]),
            "source": sources[str(quote_row["doc_id"])],
            "event_id": str(quote_row["event_id"]),
        }

    luka0, putin0 = luka.iloc[0], putin.iloc[0]
    pm0, pm1 = pm.iloc[0], pm.iloc[-1]  # load_events() is in date order
    pm_end = (pm1["start"], f"{pm1['date']} ({pm1['precision']})")
    return pd.DataFrame(
        [
            seg("Alexander Lukashenko", _HELM, luka0, to_latest, luka0),
            seg(
                "Vladimir Putin", _HELM, putin0, (pm0["start"], f"{pm0['date']} ({pm0['precision']})"), putin0
            ),
            seg("Vladimir Putin", "Prime Minister", pm0, pm_end, pm0),
            seg("Vladimir Putin", _HELM, pm1, to_latest, pm1),
        ]
    ).assign(last=lambda f: ~f["leader"].duplicated(keep="last"))


def tenures() -> alt.LayerChart:
    """The two leaders' time in power, as the articles state it.

    Lukashenko, in power in Belarus, and Putin, at Russia's helm with four
    years as Prime Minister. The years come from ``events.csv`` (the events
    whose quotes say *in power since*, *at Russia's helm since* and *Prime
    Minister post*); the bars run to the date of the latest article.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    DataError
        If ``events.csv`` no longer has the events the chart is built from.

    Examples
    --------
    >>> sorted(set(tenures().data["from_year"]))
    [1994, 1999, 2008, 2012]
    """
    segs = _tenure_segments()
    tooltip = [
        alt.Tooltip("leader:N", title="Leader"),
        alt.Tooltip("role:N", title="Post"),
        alt.Tooltip("from:N", title="From"),
        alt.Tooltip("to:N", title="To"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("source:N", title="Source"),
    ]
    base = alt.Chart(segs).encode(
        y=alt.Y(
            "leader:N",
            title=None,
            sort=["Alexander Lukashenko", "Vladimir Putin"],
            axis=alt.Axis(labelFontSize=13, labelFontWeight="bold"),
        ),
        tooltip=tooltip,
    )
    bars = base.mark_bar(height=26, cornerRadius=3).encode(
        x=alt.X(
            "start:T",
            title="Year",
            axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 2}, labelFlush=False),
        ),
        x2=alt.X2("end:T"),
        color=alt.Color(
            "role:N",
            title="Post",
            scale=alt.Scale(domain=[_HELM, "Prime Minister"], range=["#0072B2", "#E69F00"]),
            legend=alt.Legend(orient="top"),
        ),
    )
    starts = base.mark_text(align="left", dx=4, color="white", fontWeight="bold", fontSize=12).encode(
        x=alt.X("start:T"), text=alt.Text("from_year:N")
    )
    ends = (
        alt.Chart(segs)
        .transform_filter("datum.last")
        .mark_text(align="left", dx=4, fontSize=11, color="#333333")
        .encode(
            x=alt.X("end:T"),
            y=alt.Y("leader:N", sort=["Alexander Lukashenko", "Vladimir Putin"]),
            text=alt.Text("end_label:N"),
            tooltip=tooltip,
        )
    )
    luka = segs.iloc[0]
    pm = segs[segs["role"] == "Prime Minister"].iloc[0]
    putin = segs[segs["leader"] == "Vladimir Putin"].iloc[0]
    description = (
        f"Bar chart of the leaders' time in power as the articles state it: Alexander "
        f"Lukashenko, in power in Belarus since {luka['from_year']}; Vladimir Putin at "
        f"Russia's helm since {putin['from_year']}, with {pm['from_year']}–{pm['to_year']} "
        f"as Prime Minister (a different colour). Both bars run to {luka['to_year']}, the "
        "date of the latest article."
    )
    return alt.layer(
        bars,
        starts,
        ends,
        width=560,
        height=alt.Step(44),
        description=description,
        title=_title(
            "Who led, and since when",
            f"Years as stated in the articles, up to the latest one ({luka['to_year']}). {_FONT_NOTE}",
        ),
    )


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
        return alt.layer(cells, labels, width=alt.Step(110), height=alt.Step(20), **props)

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
    return alt.layer(
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


# ----------------------------------------------------------------------------- output
def _vl_version(vlc: object) -> str | None:
    """The vl-convert version string matching Altair's Vega-Lite, if it bundles it."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    available = vlc.get_vegalite_versions()  # type: ignore[attr-defined]
    return major_minor if major_minor in available else None


def save(chart: alt.TopLevelMixin, path: str | Path, *, scale: float = 2.0) -> Path:
    """Export ``chart`` to a file, its format chosen by the suffix; works offline.

    ``.svg``, ``.png`` and ``.pdf`` are static images; ``.html`` is an
    interactive page with Vega bundled in (no CDN). External data URLs are
    refused, so nothing is fetched from the network.

    Parameters
    ----------
    chart
        Any Altair chart.
    path
        Output file; its suffix is one of :data:`SAVE_FORMATS`. Missing parent
        folders are created.
    scale
        Resolution factor for PNG.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ValueError
        If the suffix is not supported; the message lists the valid ones.

    Examples
    --------
    >>> save(tenures(), "tenures.gif")
    Traceback (most recent call last):
    ...
    ValueError: cannot save 'tenures.gif': the suffix must be one of .svg, .png, .pdf, .html
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SAVE_FORMATS:
        msg = f"cannot save {path.name!r}: the suffix must be one of {', '.join(SAVE_FORMATS)}"
        raise ValueError(msg)
    import vl_convert as vlc

    path.parent.mkdir(parents=True, exist_ok=True)
    spec = chart.to_dict(format="vega-lite")
    version = _vl_version(vlc)
    offline = {"allowed_base_urls": []}
    if suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec, vl_version=version, **offline), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, vl_version=version, scale=scale, **offline))
    elif suffix == ".pdf":
        path.write_bytes(vlc.vegalite_to_pdf(spec, vl_version=version, **offline))
    else:
        path.write_text(vlc.vegalite_to_html(spec, vl_version=version, bundle=True), encoding="utf-8")
    return path


def _bundle_cache_file() -> Path | None:
    """Where the offline JupyterChart bundle is cached, keyed by everything it depends on."""
    import hashlib
    import os

    try:
        import vl_convert as vlc
        from altair.jupyter.jupyter_chart import load_js_src
        from altair.utils._importers import vl_version_for_vl_convert
    except ImportError:  # an Altair without these internals: no cache, same result
        return None
    key = hashlib.sha256(
        "\0".join([alt.__version__, vlc.__version__, vl_version_for_vl_convert(), load_js_src()]).encode()
    ).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "coursekit" / f"jupyterchart-offline-{key}.js"


def enable_offline() -> None:
    """Make charts render in JupyterLab with no internet connection.

    Call once per kernel, at the top of a notebook. It bundles Vega, Vega-Lite
    and vega-embed from ``vl-convert`` into the ``JupyterChart`` widget (instead
    of loading them from a CDN) and makes that widget the renderer for every
    chart displayed afterwards.

    Building the bundle takes seconds, and every notebook start would pay it, so
    the bundle is cached in ``~/.cache/coursekit/`` (``$XDG_CACHE_HOME``), keyed by
    the versions of Altair and vl-convert; the first call in a fresh environment
    builds it.
    """
    cache = _bundle_cache_file()
    jc = alt.JupyterChart
    if cache is not None and cache.is_file() and not getattr(jc, "_is_offline", False):
        jc._esm = cache.read_text(encoding="utf-8")
        jc._is_offline = True
    else:
        jc.enable_offline()
        if cache is not None and not cache.is_file():
            try:
                from coursekit._files import atomic_write_text

                atomic_write_text(cache, jc._esm)
            except OSError:  # a read-only home: still offline, only slower next time
                pass
    alt.renderers.enable("jupyter", offline=True)
    _display_charts_as_widgets()


def _display_charts_as_widgets() -> None:
    """In IPython, display every chart as an offline ``JupyterChart`` built from the chart itself.

    Altair's ``jupyter`` renderer is handed only the chart's dict, so it rebuilds
    the whole chart from it with ``Chart.from_dict`` and validates it a second
    and a third time: up to 0.4 s for one course chart, in every notebook. The
    widget it ends with is the same one this makes directly, with one validation
    (``benchmarks/notebooks_time.py`` measures the difference). IPython's
    documented ``for_type`` hook puts this ahead of ``_repr_mimebundle_``; the
    renderer stays enabled for ``chart.display()`` and for code outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing displays charts
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, _widget_bundle)


def _widget_bundle(chart: alt.TopLevelMixin) -> dict | None:
    """The MIME bundle of ``chart`` shown as a ``JupyterChart`` widget.

    A chart that does not validate falls back to Altair's own display, which
    explains the error the way Altair always does.
    """
    from altair.utils.schemapi import SchemaValidationError

    try:
        widget = alt.JupyterChart(chart, embed_options=alt.renderers.options.get("embed_options"))
    except SchemaValidationError:
        return chart._repr_mimebundle_()
    return widget._repr_mimebundle_()
