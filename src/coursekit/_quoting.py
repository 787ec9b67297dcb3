"""Quoting what someone else wrote in a message: each value cut short, long lists counted.

A message must stay one short line whatever the input: a submission answering
150,000 bogus question ids, or a 1 MB "choice", is quoted in part and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["LISTING_LIMIT", "QUOTE_WIDTH", "listing", "quoted"]

LISTING_LIMIT = 10
"""At most this many values are quoted by :func:`listing`; the rest are counted."""
QUOTE_WIDTH = 60
"""At most this many characters of one value are quoted in a message."""


def quoted(value: Any, width: int = QUOTE_WIDTH) -> str:
    """``repr(value)`` cut to ``width`` characters (``…`` marks the cut), for messages.

    A message quotes what someone else wrote; this keeps it one short line.

    >>> quoted("Minsk"), quoted("x" * 100, 10)
    ("'Minsk'", "'xxxxxxxx…")
    """
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4,300 digits
        text = f"<a number of {len(format(value, 'x'))} hex digits>"
    return text if len(text) <= width else text[: width - 1] + "…"


def listing(values: Iterable[Any], limit: int = LISTING_LIMIT) -> str:
    """``'a', 'b'``: values quoted (each cut by :func:`quoted`), the first ``limit`` of them.

    >>> listing(["a", "b"])
    "'a', 'b'"
    >>> listing(range(150_000), 3)
    '0, 1, 2 and 149997 more'
    """
    shown: list[str] = []
    count = 0
    for value in values:
        if count < limit:
            shown.append(quoted(value))
        count += 1
    more = f" and {count - limit} more" if count > limit else ""
    return ", ".join(shown) + more
