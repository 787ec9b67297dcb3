"""Charts to files: SVG, PNG, PDF and self-contained HTML, with no browser and no network."""

from __future__ import annotations

from pathlib import Path

import altair as alt

__all__ = ["SAVE_FORMATS", "save"]

SAVE_FORMATS = (".svg", ".png", ".pdf", ".html")
"""File suffixes :func:`save` can write."""


def save(chart: alt.TopLevelMixin, path: str | Path, *, scale: float = 2.0) -> Path:
    """Export ``chart`` to a file, its format chosen by the suffix; works offline.

    ``.svg``, ``.png`` and ``.pdf`` are static images, drawn by vl-convert (about
    a second for a course chart). ``.html`` is an interactive page that keeps the
    tooltips (each event's quote and source): it carries the Vega library the
    kernel already holds for its charts, so it is written at once and opens with
    no network. External data URLs are refused, so nothing is fetched.

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
    >>> from coursekit.charts import tenures
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
    spec = chart.to_dict(format="vega-lite")
    if suffix == ".html":
        url = _data_url(spec)
        if url is not None:
            msg = (
                f"cannot save {path.name!r}: loading data from {url!r} is not allowed; "
                "a saved chart carries its data"
            )
            raise ValueError(msg)
        from coursekit.charts.display import embed_i18n
        from coursekit.charts.page import chart_page

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(chart_page(spec, {"i18n": embed_i18n()}), encoding="utf-8")  # menu as in the notebook
        return path
    import vl_convert as vlc

    path.parent.mkdir(parents=True, exist_ok=True)
    from coursekit.charts.display import vl_version

    version = vl_version(vlc)
    offline: list[str] = []  # allowed base URLs: none, so nothing is fetched
    if suffix == ".svg":
        path.write_text(
            vlc.vegalite_to_svg(spec, vl_version=version, allowed_base_urls=offline), encoding="utf-8"
        )
    elif suffix == ".png":
        path.write_bytes(
            vlc.vegalite_to_png(spec, vl_version=version, scale=scale, allowed_base_urls=offline)
        )
    else:
        path.write_bytes(vlc.vegalite_to_pdf(spec, vl_version=version, allowed_base_urls=offline))
    return path


def _data_url(spec: object) -> str | None:
    """The first ``data.url`` anywhere in a Vega-Lite spec (layers, facets, lookups), if any."""
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and isinstance(data.get("url"), str):
            return str(data["url"])
        values: list[object] = list(spec.values())
    elif isinstance(spec, list):
        values = spec
    else:
        return None
    for value in values:
        found = _data_url(value)
        if found is not None:
            return found
    return None
