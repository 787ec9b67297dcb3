"""An essay's rubric and word range as text and as safe HTML, for every output.

The widget, the exports, the preview and the marking sheet all show a rubric
the same way: one criterion per row, its points, and each level's points and
description. Every piece of text is escaped (:func:`coursekit.quiz.render.escape`).

Examples
--------
>>> from types import SimpleNamespace as NS
>>> q = NS(min_words=150, max_words=300, rubric=[NS(criterion="Evidence", points=2,
...     levels=[NS(points=0, description="no quote"), NS(points=2, description="<two> quotes")])])
>>> print("\\n".join(rubric_lines(q)))
Evidence (2 marks): 0 = no quote; 2 = <two> quotes
>>> word_range(q)
'150 to 300 words'
>>> "&lt;two&gt;" in rubric_html(q)
True
"""

from __future__ import annotations

from typing import Any

from coursekit.quiz.render import escape

__all__ = ["rubric_html", "rubric_lines", "word_range"]


def _marks(value: float) -> str:
    return f"{value:g} mark" + ("" if value == 1 else "s")


def rubric_lines(question: Any) -> list[str]:
    """One line per criterion: ``name (N marks): 0 = ...; 2 = ...``."""
    return [
        f"{c.criterion} ({_marks(c.points)}): "
        + "; ".join(f"{level.points:g} = {level.description}" for level in c.levels)
        for c in question.rubric
    ]


def word_range(question: Any) -> str:
    """``150 to 300 words``, ``at least 150 words``, ``at most 300 words`` or ``""``."""
    low, high = question.min_words, question.max_words
    if low and high:
        return f"{low} to {high} words"
    if low:
        return f"at least {low} words"
    return f"at most {high} words" if high else ""


def rubric_html(question: Any) -> str:
    """The rubric as an HTML table (caption: the word range), every cell escaped."""
    rows = "".join(
        f"<tr><th scope='row'>{escape(c.criterion)}</th><td>{escape(_marks(c.points))}</td><td><ul>"
        + "".join(
            f"<li>{escape(f'{level.points:g}')}: {escape(level.description)}</li>" for level in c.levels
        )
        + "</ul></td></tr>"
        for c in question.rubric
    )
    words = word_range(question)
    caption = "Rubric" + (f" · {words}" if words else "")
    return (
        f"<table class='coursekit-rubric'><caption>{escape(caption)}</caption><thead><tr>"
        "<th scope='col'>Criterion</th><th scope='col'>Marks</th><th scope='col'>Levels</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
