"""Scoring one question's responses for a whole class: each unique response once.

A class of 10,000 students gives a few hundred unique responses per question at
most. :func:`score_question` factorises the responses, puts each unique one in
:func:`~coursekit.quiz.scoring.canonical` form, checks it with its type's rules
and scores it with :func:`~coursekit.quiz.scoring.score` (the widget's own
function), then takes the results back onto every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["score_question", "value_problem"]


def _freeze(value: Any) -> Any:
    """A hashable form of a JSON value that keeps ``true``, ``1`` and ``1.0`` apart."""
    kind = type(value)
    if kind is str or kind is float:
        return value
    if value is None:
        return None
    if kind is bool:
        return ("bool", value)
    if kind is int:
        return ("int", value)
    if kind is list or kind is tuple:
        return ("list", tuple(_freeze(v) for v in value))
    if kind is dict:
        return ("dict", tuple((k, _freeze(v)) for k, v in value.items()))
    return ("other", repr(value))


def value_problem(question: Any, value: Any, raw: Any) -> str | None:
    """Why a response cannot come from the widget (wrong type, or not an option); None if fine."""
    from coursekit.quiz.scoring import Invalid, question_type
    from coursekit.quiz.types._base import short

    qtype = question_type(question)
    if isinstance(value, Invalid):
        article = "an" if qtype.name[0] in "aeiou" else "a"
        return f"wrong value type: {article} {qtype.name} question takes {qtype.takes}, got {short(raw)}"
    if value is None:
        return None
    return qtype.problem(question, value)


_NONE = type(None)
_SCALAR_KINDS = ({str, _NONE}, {bool, _NONE})


def _codes(values: Sequence[Any]) -> tuple[Any, list[Any]]:
    """Factorise responses: a code per response, and the first response of each code.

    Columns of text or of booleans (with blanks) go through ``pandas.factorize``
    in C; others through a hash table keyed by :func:`_key`, which keeps ``true``,
    ``1``, ``1.0`` and NaN apart from blanks. A column of one kind (numbers, lists or
    mappings, with blanks) is keyed without a call per response: a float as itself, a
    list or a mapping as the tuple of its items (as :func:`_key`, less the kind, which
    is the same for the whole column).
    """
    import numpy as np
    import pandas as pd

    kinds = set(map(type, values))
    if any(kinds <= allowed for allowed in _SCALAR_KINDS):
        codes, uniques = pd.factorize(_object_array(values))  # None -> code -1
        blank = len(uniques)
        return np.where(codes < 0, blank, codes), [*uniques, None]
    keys: Iterable[Any]  # one at a time: 10,000 keys kept alive would wake the garbage collector
    if kinds <= {float, _NONE}:
        keys = values  # what _key gives a float or None: itself
    elif kinds <= {list, _NONE}:
        keys = (value if value is None else tuple(value) for value in values)
    elif kinds <= {dict, _NONE}:
        keys = (value if value is None else tuple(value.items()) for value in values)
    else:
        keys = map(_key, values)
    seen: dict[Any, int] = {}
    try:
        codes_list = [seen.setdefault(k, len(seen)) for k in keys]
    except TypeError:  # nested lists or mappings: not from the widget, but keep them apart
        seen.clear()
        codes_list = [seen.setdefault(k, len(seen)) for k in map(_key, values)]
    codes = np.asarray(codes_list, dtype=np.int64)
    _, first = np.unique(codes, return_index=True)  # codes count up in order of first use
    return codes, [values[i] for i in first]


def score_question(qi: int, question: Any, idx: Sequence[int], values: Sequence[Any]) -> dict[str, Any]:
    """Score one question's responses: each unique response once, then take() back."""
    import numpy as np

    from coursekit.quiz.scoring import canonical, score

    codes, firsts = _codes(values)
    results: dict[Any, Any] = {}
    u_value, u_problem, u_points, u_correct, u_status = [], [], [], [], []
    for raw in firsts:
        value = canonical(question, raw)
        if value not in results:
            results[value] = score(question, value)
        result = results[value]
        u_value.append(value)
        u_problem.append(value_problem(question, value, raw))
        u_points.append(result.points)
        u_correct.append(result.correct)
        u_status.append(result.status)
    n = len(idx)
    return {
        "sub": np.asarray(idx, dtype=np.int64),
        "q": np.full(n, qi, dtype=np.int64),
        "points": np.asarray(u_points, dtype=float)[codes],
        "max_points": np.full(n, float(question.points)),
        "correct": np.asarray(u_correct, dtype=bool)[codes],
        "status": _object_array(u_status)[codes],
        "response": _object_array(u_value)[codes],
        "problem": _object_array(u_problem)[codes],
    }


def _object_array(items: Sequence[Any]) -> Any:
    """A 1-d object array of ``items`` (numpy would turn a list of tuples into 2-d)."""
    import numpy as np

    return np.fromiter(items, dtype=object, count=len(items))


def _key(value: Any) -> Any:
    """A hashable key of a JSON value: fast for the common shapes, exact for all.

    ``true``, ``1`` and ``1.0`` get different keys (they score differently)."""
    cls = value.__class__
    if cls is str or cls is float or value is None:
        return value
    if cls is list:
        k: Any = (list, tuple(value))
    elif cls is dict:
        k = (dict, tuple(value.items()))
    else:
        k = (cls, value)
    try:
        hash(k)
    except TypeError:  # nested lists or mappings: not from the widget, but keep them apart
        return (cls, _freeze(value))
    return k
