"""An essay's rubric and word range as text and as safe HTML, for every output.

The widget, the exports, the preview and the marking sheet all show a rubric
the same way: one criterion per row, its points, and each level's points and
description. Every piece of text is escaped (:func:`coursekit.quiz.render.escape`).

Language: every function takes ``lang``. The default, ``"en"``, is for the
instructor's outputs (exports, preview, marking sheet), which stay English; the
student's widget passes ``lang=None``, the student's language
(:func:`coursekit.i18n.language`: ``$COURSEKIT_LANG`` or JupyterLab's). The
criteria and level descriptions are the quiz author's words and are not translated.

Examples
--------
>>> from types import SimpleNamespace as NS
>>> q = NS(min_words=150, max_words=300, rubric=[NS(criterion="Evidence", points=2,
...     levels=[NS(points=0, description="no quote"), NS(points=2, description="<two> quotes")])])
>>> print("\\n".join(rubric_lines(q)))
Evidence (2 marks): 0 = no quote; 2 = <two> quotes
>>> word_range(q)
'150 to 300 words'
>>> word_range(q, lang="ru")
'от 150 до 300 слов'
>>> asked(q, lang="be")
'(трэба: ад 150 да 300 слоў)'
>>> "&lt;two&gt;" in rubric_html(q)
True
>>> "<th scope='col'>Критерий</th>" in rubric_html(q, lang="ru")
True
"""

from __future__ import annotations

from typing import Any

from coursekit.i18n import translation
from coursekit.quiz.render import escape

__all__ = ["asked", "rubric_html", "rubric_lines", "word_range"]


def _count(x: float) -> int:
    """The count that picks a plural form: the number itself if whole, else 2 ("1.5 marks")."""
    return int(x) if float(x).is_integer() else 2


def _marks(value: float, lang: str | None) -> str:
    return translation(lang).ngettext("{n} mark", "{n} marks", _count(value)).format(n=f"{value:g}")


def rubric_lines(question: Any, lang: str | None = "en") -> list[str]:
    """One line per criterion: ``name (N marks): 0 = ...; 2 = ...``."""
    return [
        f"{c.criterion} ({_marks(c.points, lang)}): "
        + "; ".join(f"{level.points:g} = {level.description}" for level in c.levels)
        for c in question.rubric
    ]


def word_range(question: Any, lang: str | None = "en") -> str:
    """``150 to 300 words``, ``at least 150 words``, ``at most 300 words`` or ``""``."""
    t = translation(lang)
    low, high = question.min_words, question.max_words
    if low and high:
        return t.ngettext("{low} to {high} word", "{low} to {high} words", high).format(low=low, high=high)
    if low:
        return t.ngettext("at least {n} word", "at least {n} words", low).format(n=low)
    return t.ngettext("at most {n} word", "at most {n} words", high).format(n=high) if high else ""


def asked(question: Any, lang: str | None = None) -> str:
    """``(asked: 150 to 300 words)`` beside a word count, or ``""`` if no range is asked."""
    words = word_range(question, lang)
    return translation(lang).gettext("(asked: {words})").format(words=words) if words else ""


def rubric_html(question: Any, lang: str | None = "en", *, region: bool = False) -> str:
    """The rubric as an HTML table (caption: the word range), every cell escaped.

    With ``region=True`` the table is wrapped in a box that scrolls sideways when the
    rubric cannot fit (a 320-px window): a named, keyboard-focusable region
    (``<div class='coursekit-rubric-region' role='region' tabindex='0' aria-label='Rubric'>``),
    as axe-core's ``scrollable-region-focusable`` asks. The widget's CSS gives it
    ``overflow-x: auto``.
    """
    t = translation(lang)
    rows = "".join(
        f"<tr><th scope='row'>{escape(c.criterion)}</th><td>{escape(_marks(c.points, lang))}</td><td><ul>"
        + "".join(
            f"<li>{escape(f'{level.points:g}')}: {escape(level.description)}</li>" for level in c.levels
        )
        + "</ul></td></tr>"
        for c in question.rubric
    )
    words = word_range(question, lang)
    title = t.gettext("Rubric")
    caption = title + (f" · {words}" if words else "")
    head = "".join(
        f"<th scope='col'>{escape(name)}</th>"
        for name in (t.gettext("Criterion"), t.gettext("Marks"), t.gettext("Levels"))
    )
    table = (
        f"<table class='coursekit-rubric'><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    if not region:
        return table
    return (
        f"<div class='coursekit-rubric-region' role='region' tabindex='0' aria-label='{escape(title)}'>"
        f"{table}</div>"
    )
