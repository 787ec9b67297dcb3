"""Course charts: timelines, tenures, mentions, framing terms and key numbers.

Every function reads the corpus (:mod:`coursekit.corpus`) and *returns* an
Altair chart; nothing is displayed here. Each chart has a title and a plain-text
``description`` (Vega-Lite uses it as the chart's ARIA label), readable in a
notebook as ``chart.description``. Only the columns a chart needs are embedded,
never article texts.

``import coursekit`` does not import Altair; importing this package does.

Modules: :mod:`~coursekit.charts.timeline` (events, tenures),
:mod:`~coursekit.charts.words` (mentions, framing terms, key numbers),
:mod:`~coursekit.charts.display` (offline display in Jupyter),
:mod:`~coursekit.charts.export` (notebooks to HTML with their charts, offline) and
:mod:`~coursekit.charts.output` (charts to SVG, PNG, PDF, HTML files).

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

from coursekit.charts._style import ATTRIBUTION_COLOURS
from coursekit.charts.display import CourseChart, enable_offline
from coursekit.charts.output import SAVE_FORMATS, save
from coursekit.charts.timeline import tenures, timeline
from coursekit.charts.words import framing_terms, key_numbers, mentions_chart

__all__ = [
    "ATTRIBUTION_COLOURS",
    "SAVE_FORMATS",
    "CourseChart",
    "enable_offline",
    "framing_terms",
    "key_numbers",
    "mentions_chart",
    "save",
    "tenures",
    "timeline",
]
