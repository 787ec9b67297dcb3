"""The options table of the item analysis: one function per question type.

Each question type's rows come from one function in :data:`OPTION_ROWS`; a new
type adds itself with :func:`register`. Choice questions list every option,
``match`` questions the pairs given, and any other type (``numeric``, ``text``,
``order``, or a type without a function) its :data:`TOP_RESPONSES` most common
responses. Every question ends with a ``(no answer)`` row if anyone left it blank.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coursekit.quiz import types

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHARTED",
    "LABELS",
    "NO_ANSWER",
    "OPTION_ROWS",
    "TOP_RESPONSES",
    "Responses",
    "cut_responses",
    "options_rows",
    "register",
]

TOP_RESPONSES = 10
"""Most responses listed for ``numeric``, ``text`` and ``order`` questions."""
NO_ANSWER = "(no answer)"
"""The option of the students who left a question blank."""


@dataclass(frozen=True)
class Responses:
    """The graded responses of a class to one question, for its options table."""

    question: Any
    """The question (practice model, with its key)."""
    values: list[Any]
    """The canonical responses (None: no answer)."""
    correct: list[bool]
    """Whether each was fully right."""
    stats: Callable[[list[bool]], dict[str, Any]]
    """``stats(hit)``: ``chosen, share, top_share, bottom_share`` of the responses where ``hit``."""


OptionRows = Callable[[Responses], list[dict[str, Any]]]
"""``(responses) -> rows``: the options table rows (``option, key, chosen, share, top_share,
bottom_share, flag``) of one question, before its ``(no answer)`` row."""
OPTION_ROWS: dict[str, OptionRows] = {}
"""Question type -> its options rows; a type not here lists its most common responses."""
LABELS: dict[str, Callable[[Any], str]] = {}
"""Question type -> a canonical response as text, where the report words it differently from
the type's own :meth:`~coursekit.quiz.types.QuestionType.label`."""
CHARTED: set[str] = set()
"""Question types whose options get a bar chart of choice shares."""


def register(
    type_name: str, *, label: Callable[[Any], str] | None = None, charted: bool = False
) -> Callable[[OptionRows], OptionRows]:
    """Register the decorated function as the options rows of ``type_name``.

    ``label`` writes its canonical responses as text; ``charted``: its options get a bar chart.
    """

    def add(rows: OptionRows) -> OptionRows:
        OPTION_ROWS[type_name] = rows
        if label is not None:
            LABELS[type_name] = label
        (CHARTED.add if charted else CHARTED.discard)(type_name)
        return rows

    return add


def _label(question: Any, value: Any) -> str:
    """A canonical response as text, for the options table."""
    if value is None:
        return NO_ANSWER
    label = LABELS.get(question.type)
    return label(value) if label is not None else types.get(question.type).label(value)


def _choice_rows(
    r: Responses, options: list[tuple[Any, str, bool]], *, multiple: bool
) -> list[dict[str, Any]]:
    """One row per option ``(value, label, is_key)``, flagging distractors nobody or the top group chose."""
    out = []
    for value, label, is_key in options:
        if multiple:
            hit = [v is not None and value in v for v in r.values]
        else:
            hit = [v is not None and v == value and type(v) is type(value) for v in r.values]
        out.append({"option": label, "key": is_key, **r.stats(hit), "flag": ""})
    key_top = min(row["top_share"] for row in out if row["key"])
    for row in out:
        if not row["key"] and row["chosen"] == 0:
            row["flag"] = "never chosen"
        elif not row["key"] and row["top_share"] > key_top:
            row["flag"] = "strong students chose it more than the key"
    return out


@register("single", charted=True)
def _single(r: Responses) -> list[dict[str, Any]]:
    return _choice_rows(r, [(c, c, c == r.question.answer) for c in r.question.choices], multiple=False)


@register("multiple", charted=True)
def _multiple(r: Responses) -> list[dict[str, Any]]:
    keys = set(r.question.answer)
    return _choice_rows(r, [(c, c, c in keys) for c in r.question.choices], multiple=True)


@register("true_false", charted=True)
def _true_false(r: Responses) -> list[dict[str, Any]]:
    answer = r.question.answer
    return _choice_rows(
        r, [(True, "True", answer is True), (False, "False", answer is False)], multiple=False
    )


@register("match")
def _match(r: Responses) -> list[dict[str, Any]]:
    """The key pair of each left item, then the wrong pairs given for it."""
    out = []
    given = [dict(v) if v is not None else {} for v in r.values]
    for left, right in r.question.pairs.items():
        key_row = {
            "option": f"{left} → {right}",
            "key": True,
            **r.stats([g.get(left) == right for g in given]),
        }
        out.append({**key_row, "flag": ""})
        for other in sorted({g[left] for g in given if left in g and g[left] != right}):
            row = {
                "option": f"{left} → {other}",
                "key": False,
                **r.stats([g.get(left) == other for g in given]),
            }
            strong = row["top_share"] > key_row["top_share"]
            out.append({**row, "flag": "strong students chose it more than the key" if strong else ""})
    return out


def _common_responses(r: Responses) -> list[dict[str, Any]]:
    """The :data:`TOP_RESPONSES` most common responses (the default for a type)."""
    n = len(r.values)
    counts: dict[Any, list[int]] = {}
    for pos, value in enumerate(r.values):
        if value is not None:
            counts.setdefault(value, []).append(pos)
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), _label(r.question, kv[0])))
    out = []
    for value, positions in ranked[:TOP_RESPONSES]:
        hit = [False] * n
        for pos in positions:
            hit[pos] = True
        key = bool(r.correct[positions[0]])
        out.append({"option": _label(r.question, value), "key": key, **r.stats(hit), "flag": ""})
    return out


register("numeric")(_common_responses)
register("order")(_common_responses)
register("text")(_common_responses)


@register("essay")
def _essay(r: Responses) -> list[dict[str, Any]]:
    """Essays have no options, and their texts belong on the marking sheet, not here."""
    return []


def cut_responses(book_responses: Any, quiz_id: str, question: Any) -> int:
    """How many distinct responses to ``question`` the options table leaves out (it lists the
    :data:`TOP_RESPONSES` most common, for types without a fixed set of options); 0 if none."""
    if OPTION_ROWS.get(question.type) is not _common_responses:
        return 0
    rows = book_responses[(book_responses["quiz"] == quiz_id) & (book_responses["question"] == question.id)]
    distinct = rows["response"].dropna().nunique()
    return max(0, int(distinct) - TOP_RESPONSES)


def options_rows(
    quiz_id: str, question: Any, rows: pd.DataFrame, top: set[str], bottom: set[str]
) -> list[dict[str, Any]]:
    """The options table rows of one question.

    Parameters
    ----------
    quiz_id, question
        The quiz and the question.
    rows
        Its graded responses (``student, response, correct``).
    top, bottom
        The students in the top and the bottom group.
    """
    n = len(rows)
    students = rows["student"].tolist()
    values = rows["response"].tolist()
    in_top = [s in top for s in students]
    in_bottom = [s in bottom for s in students]
    n_top, n_bottom = max(1, sum(in_top)), max(1, sum(in_bottom))

    def stats(hit: list[bool]) -> dict[str, Any]:
        chosen = sum(hit)
        return {
            "chosen": chosen,
            "share": chosen / n,
            "top_share": sum(h and t for h, t in zip(hit, in_top, strict=True)) / n_top,
            "bottom_share": sum(h and b for h, b in zip(hit, in_bottom, strict=True)) / n_bottom,
        }

    responses = Responses(question, values, [bool(c) for c in rows["correct"].tolist()], stats)
    out = OPTION_ROWS.get(question.type, _common_responses)(responses)
    blank = [v is None for v in values]
    if any(blank):
        out.append({"option": NO_ANSWER, "key": False, **stats(blank), "flag": ""})
    return [{"quiz": quiz_id, "question": question.id, **r} for r in out]
