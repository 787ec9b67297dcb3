"""The timeline of events and the chart of who led when."""

from __future__ import annotations

import altair as alt
import pandas as pd

from coursekit import corpus
from coursekit.charts._style import (
    _FONT_NOTE,
    _articles,
    _attribution_scale,
    _choices,
    _layer,
    _sources,
    _stated_date,
    _title,
)
from coursekit.errors import DataError

__all__ = ["tenures", "timeline"]


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
    return _layer(
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
    return _layer(
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
