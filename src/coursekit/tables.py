"""Tables the notebooks show: an HTML table that wraps at word boundaries, at any width.

``print(frame.to_string())`` puts a text table in a ``<pre>``, and JupyterLab's
``.jp-OutputArea-output pre`` rule (``@jupyterlab/outputarea/style/base.css``:
``white-space: pre-wrap; word-break: break-all``) breaks its long lines at any
letter: words split across lines and the columns no longer line up. :func:`table`
returns an object Jupyter shows as an HTML table instead (plain text elsewhere):

* every cell wraps at word boundaries only (``word-break: normal``,
  ``overflow-wrap: normal``), left-aligned, one header row, the index as row
  headers (``<th scope="row">``);
* when the words of a row cannot fit (a 320-px window), the table scrolls inside
  its own box, which is a named, keyboard-focusable region (``role="region"``,
  ``aria-label``, ``tabindex="0"``: axe-core's ``scrollable-region-focusable``),
  so nothing overlaps and a keyboard user can scroll it;
* everything shown is HTML-escaped; the text form is pandas' ``to_string``.

It needs only objects with pandas' ``DataFrame``/``Series`` interface, so
``import coursekit`` stays light.

Examples
--------
>>> import pandas as pd
>>> t = table(pd.DataFrame({"event": ["<b>Sochi</b> meeting"]}), index=False)
>>> print(t)
               event
<b>Sochi</b> meeting
>>> "&lt;b&gt;Sochi&lt;/b&gt; meeting" in t._repr_html_()
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from coursekit.i18n import gettext as _

__all__ = ["TABLE_CSS", "Table", "table"]

TABLE_CSS = (
    ".coursekit-table{overflow-x:auto;max-width:100%;margin:0 0 .5em}"
    ".coursekit-table:focus-visible{outline:2px solid var(--jp-brand-color1,#1976d2);outline-offset:2px}"
    ".coursekit-table .coursekit-grid{table-layout:auto;width:auto;margin:0;border-collapse:collapse}"
    ".coursekit-table .coursekit-grid caption{text-align:left;font-weight:bold;padding:0 0 .25em}"
    ".coursekit-table .coursekit-grid th,.coursekit-table .coursekit-grid td{white-space:normal;"
    "word-break:normal;overflow-wrap:normal;hyphens:manual;text-align:left;vertical-align:top;"
    "padding:.25em .6em .25em 0;min-width:3em}"
    ".coursekit-table .coursekit-grid tbody tr{border-top:1px solid var(--jp-border-color2,#ccc)}"
)
"""The rule that makes a course table wrap at word boundaries (shipped with each table)."""


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class Table:
    """A table shown as accessible HTML in Jupyter and as ``to_string`` text elsewhere."""

    columns: tuple[str, ...]
    """Column headers."""
    rows: tuple[tuple[str, ...], ...]
    """Cell texts, row by row (without the index)."""
    index: tuple[str, ...] | None
    """Row headers (the frame's index), or None when it is not shown."""
    index_name: str
    """The index's name (the header above the row headers), or ``""``."""
    caption: str
    """Shown above the table; also the region's accessible name."""
    text: str
    """The plain-text form (pandas ``to_string``)."""

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        """The region's accessible name: the caption, else the columns it shows."""
        if self.caption:
            return self.caption
        names = ([self.index_name] if self.index is not None and self.index_name else []) + list(self.columns)
        return _("Table: {columns}").format(
            columns=", ".join(names)
        )  # for a screen reader, in the UI language

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in self.columns)
        if self.index is not None:
            corner = f'<th scope="col">{esc(self.index_name)}</th>' if self.index_name else "<td></td>"
            head = corner + head
        body = []
        for i, row in enumerate(self.rows):
            cells = "".join(f"<td>{esc(v)}</td>" for v in row)
            if self.index is not None:
                cells = f'<th scope="row">{esc(self.index[i])}</th>' + cells
            body.append(f"<tr>{cells}</tr>")
        caption = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        return (
            f"<style>{TABLE_CSS}</style>"
            f'<div class="coursekit-table" role="region" tabindex="0" aria-label="{esc(self.label)}">'
            f'<table class="coursekit-grid">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )


def table(data: Any, caption: str = "", *, index: bool = True) -> Table:
    """Show a pandas ``DataFrame`` or ``Series`` as a table that wraps at word boundaries.

    Parameters
    ----------
    data
        A ``DataFrame``, or a ``Series`` (shown as one column headed by its name).
    caption
        Shown above the table and used as its accessible name; by default the
        region is named after its columns.
    index
        Show the index as row headers (as ``to_string`` does by default).

    Returns
    -------
    Table
        Shown as HTML by Jupyter; ``print`` gives pandas' text table.

    Raises
    ------
    TypeError
        If ``data`` is neither a DataFrame nor a Series.
    """
    if hasattr(data, "to_frame") and not hasattr(data, "columns"):  # a Series
        frame = data.to_frame(name=data.name if data.name is not None else "")
    elif hasattr(data, "columns") and hasattr(data, "itertuples"):
        frame = data
    else:
        msg = f"table() shows a pandas DataFrame or Series, not {type(data).__name__}"
        raise TypeError(msg)
    text = data.to_string(index=index)
    rows = tuple(tuple(_cell(v) for v in row) for row in frame.itertuples(index=False, name=None))
    names = [n for n in frame.index.names if n is not None]
    return Table(
        columns=tuple(_cell(c) for c in frame.columns),
        rows=rows,
        index=tuple(_cell(i) for i in frame.index) if index else None,
        index_name=", ".join(str(n) for n in names),
        caption=caption,
        text=text,
    )
