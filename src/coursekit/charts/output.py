"""Charts to files: SVG, PNG, PDF and self-contained HTML, with no browser and no network."""

from __future__ import annotations

from pathlib import Path

import altair as alt

__all__ = ["SAVE_FORMATS", "save"]

SAVE_FORMATS = (".svg", ".png", ".pdf", ".html")
"""File suffixes :func:`save` can write."""


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
    import vl_convert as vlc

    path.parent.mkdir(parents=True, exist_ok=True)
    spec = chart.to_dict(format="vega-lite")
    version = _vl_version(vlc)
    offline: list[str] = []  # allowed base URLs: none, so nothing is fetched
    if suffix == ".svg":
        path.write_text(
            vlc.vegalite_to_svg(spec, vl_version=version, allowed_base_urls=offline), encoding="utf-8"
        )
    elif suffix == ".png":
        path.write_bytes(
            vlc.vegalite_to_png(spec, vl_version=version, scale=scale, allowed_base_urls=offline)
        )
    elif suffix == ".pdf":
        path.write_bytes(vlc.vegalite_to_pdf(spec, vl_version=version, allowed_base_urls=offline))
    else:
        path.write_text(vlc.vegalite_to_html(spec, vl_version=version, bundle=True), encoding="utf-8")
    return path
