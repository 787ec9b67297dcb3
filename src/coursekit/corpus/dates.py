"""Dates as precise as the sources allow, and no more.

Two kinds of date live in the corpus:

- an **event's date** (``events.csv``): ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with
  its ``precision``; :func:`date_span` gives the first and last day it covers;
- an **article's date** (``documents.csv``): the ``earliest`` and ``latest`` day the
  article can have been written, each argued from its own words, and ``published``,
  the tightest statement those bounds support: a day, a month, a year, or an
  ISO 8601-2 / EDTF interval such as ``2019-03-01/2019-12-31`` (precision
  ``interval``). :func:`tightest` derives it; :func:`edtf_bounds` reads it back with
  the ``edtf`` library (the Library of Congress's Extended Date/Time Format), which
  ``coursekit corpus build`` uses to confirm the two agree.

``edtf`` is imported only by :func:`edtf_bounds`: it costs about 0.1 s, which a
notebook should not pay to read a table whose bounds are already checked.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BOUND_BASES",
    "PRECISIONS",
    "PUBLICATION_PRECISIONS",
    "date_span",
    "edtf_bounds",
    "parse_day",
    "tightest",
]

PRECISIONS = ("year", "month", "day")
"""How much of a date the sources support."""
PUBLICATION_PRECISIONS = (*PRECISIONS, "interval")
"""An article's date may also be an interval between two days."""
BOUND_BASES = ("proved", "inferred")
"""How an article's ``earliest`` or ``latest`` day is known: ``proved`` follows from
the articles' words by arithmetic or logic; ``inferred`` is the course's reading of
them (tense, what counts as news), stated in the note and open to challenge."""

_DATE_RE = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "day": re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
}


def date_span(date_text: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last day covered by a partial ISO date.

    Parameters
    ----------
    date_text
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    precision
        ``year``, ``month`` or ``day``; must match ``date_text``.

    Raises
    ------
    ValueError
        If ``date_text`` does not match ``precision`` or is not a real date.

    Examples
    --------
    >>> [str(d.date()) for d in date_span("2019-12", "month")]
    ['2019-12-01', '2019-12-31']
    """
    import pandas as pd

    if precision not in _DATE_RE:
        msg = f"precision {precision!r} is not one of {', '.join(PRECISIONS)}"
        raise ValueError(msg)
    if not _DATE_RE[precision].match(date_text):
        form = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}[precision]
        msg = f"date {date_text!r} does not match precision {precision!r} ({form})"
        raise ValueError(msg)
    freq = {"year": "Y", "month": "M", "day": "D"}[precision]
    try:
        period = pd.Period(date_text, freq=freq)
    except ValueError as exc:  # e.g. 2021-02-30 (pandas raises a ValueError subclass)
        msg = f"date {date_text!r} is not a real date ({exc})"
        raise ValueError(msg) from None
    return period.start_time.normalize(), period.end_time.normalize()


def parse_day(text: str) -> date:
    """Return the day an ISO ``YYYY-MM-DD`` string names.

    Raises
    ------
    ValueError
        If ``text`` is not a real day in that form.
    """
    if not _DATE_RE["day"].match(text):
        msg = f"{text!r} is not an ISO day (YYYY-MM-DD)"
        raise ValueError(msg)
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a real date"
        raise ValueError(msg) from None


def tightest(earliest: date, latest: date) -> tuple[str, str]:
    """Return ``(published, precision)``: the tightest statement two bounds support.

    Examples
    --------
    >>> tightest(date(2021, 4, 23), date(2021, 4, 23))
    ('2021-04-23', 'day')
    >>> tightest(date(2021, 11, 1), date(2021, 11, 30))
    ('2021-11', 'month')
    >>> tightest(date(2019, 3, 1), date(2019, 12, 31))
    ('2019-03-01/2019-12-31', 'interval')
    """
    if latest < earliest:
        msg = f"latest {latest.isoformat()} is before earliest {earliest.isoformat()}"
        raise ValueError(msg)
    if earliest == latest:
        return earliest.isoformat(), "day"
    last_of_month = calendar.monthrange(latest.year, latest.month)[1]
    same_month = (earliest.year, earliest.month) == (latest.year, latest.month)
    if same_month and earliest.day == 1 and latest.day == last_of_month:
        return f"{earliest.year:04d}-{earliest.month:02d}", "month"
    if (earliest.year == latest.year and (earliest.month, earliest.day) == (1, 1)
            and (latest.month, latest.day) == (12, 31)):  # fmt: skip
        return f"{earliest.year:04d}", "year"
    return f"{earliest.isoformat()}/{latest.isoformat()}", "interval"


def edtf_bounds(published: str) -> tuple[date, date]:
    """Return the first and last day an EDTF date or interval can mean.

    Parameters
    ----------
    published
        An EDTF (ISO 8601-2) date such as ``2019``, ``2021-11``, ``2021-04-23``, or an
        interval such as ``2019-03-01/2019-12-31``.

    Raises
    ------
    ValueError
        If ``published`` is not valid EDTF.

    Examples
    --------
    >>> [d.isoformat() for d in edtf_bounds("2019-11-25/2019-12-06")]
    ['2019-11-25', '2019-12-06']
    """
    from edtf import parse_edtf, struct_time_to_date
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parsed = parse_edtf(published)
    except EDTFParseException:
        msg = f"{published!r} is not a valid EDTF date or interval"
        raise ValueError(msg) from None
    return struct_time_to_date(parsed.lower_strict()), struct_time_to_date(parsed.upper_strict())
