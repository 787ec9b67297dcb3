"""A printable quiz in Markdown, and its answer key in a separate file.

``FILE`` is the quiz a student fills in on paper: every question type has a
place to answer (boxes to tick, blanks, numbers to write). ``FILE-key`` (e.g.
``quiz.md`` and ``quiz-key.md``) gives the answers by letter and text, with the
explanation and the quoted source. Options appear in the order a student
sees in an exam release: sorted, then shuffled with the quiz id as seed if the
quiz shuffles (:func:`~coursekit.instructor._common.present`), so the printed
order reveals nothing of the key.

Each question type is rendered by one function in :data:`RENDERERS`; a new type
adds itself with :func:`register`. A type without a renderer is left out of
both files, with a warning.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coursekit.instructor._common import (
    InstructorError,
    plural,
    points_label,
    present,
    write_text,
)
from coursekit.instructor.export._base import Export, warning
from coursekit.quiz import types

__all__ = ["RENDERERS", "Renderer", "key_path", "register", "to_markdown", "write_markdown"]

Renderer = Callable[[Any, Any], tuple[list[str], str]]
"""``(quiz, question) -> (lines, answer)``: the lines under the question on paper,
and its answer on one line of the key."""
RENDERERS: dict[str, Renderer] = {}
"""Question type -> its Markdown renderer."""


def register(type_name: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the Markdown renderer of ``type_name``."""

    def add(renderer: Renderer) -> Renderer:
        RENDERERS[type_name] = renderer
        return renderer

    return add


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def key_path(path: str | Path) -> Path:
    """The answer key's file beside ``path``: ``quiz.md`` -> ``quiz-key.md``.

    Examples
    --------
    >>> key_path("out/roadmaps.md").as_posix()
    'out/roadmaps-key.md'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}-key{path.suffix}")


def _md(text: Any) -> str:
    """Author's text for Markdown: HTML in it is shown, never run (``<b>`` prints as ``<b>``).

    >>> _md("<img src=x onerror=alert(1)> & co")
    '&lt;img src=x onerror=alert(1)&gt; &amp; co'
    """
    return html.escape(str(text), quote=False)


def _letter(n: int) -> str:
    return _LETTERS[n] if n < len(_LETTERS) else f"{_LETTERS[n // 26 - 1]}{_LETTERS[n % 26]}"


def _present(quiz: Any, q: Any, values: list[str]) -> list[str]:
    """``values`` in the order a student sees them (see the module docstring)."""
    return present(values, shuffle=quiz.settings.shuffle, seed=f"print:{quiz.id}:{q.id}")


def _key_text(q: Any) -> str:
    """The key as one line of text, in its type's own words."""
    return types.get(q.type).key_text(q)


def _choices(quiz: Any, q: Any, right: set[str], how: str) -> tuple[list[str], str]:
    options = _present(quiz, q, list(q.choices))
    paper = [how, "", *(f"- [ ] **{_letter(i)}.** {_md(c)}" for i, c in enumerate(options))]
    return paper, "; ".join(f"{_letter(i)}. {_md(c)}" for i, c in enumerate(options) if c in right)


@register("single")
def _single(quiz: Any, q: Any) -> tuple[list[str], str]:
    return _choices(quiz, q, {q.answer}, "Tick one.")


@register("multiple")
def _multiple(quiz: Any, q: Any) -> tuple[list[str], str]:
    return _choices(quiz, q, set(q.answer), "Tick all that apply.")


@register("true_false")
def _true_false(quiz: Any, q: Any) -> tuple[list[str], str]:
    return ["- [ ] True", "- [ ] False"], _md(_key_text(q))


@register("numeric")
def _numeric(quiz: Any, q: Any) -> tuple[list[str], str]:
    unit = f" {_md(q.unit)}" if q.unit else ""
    return [f"Answer: ______________{unit}"], _md(_key_text(q))


@register("order")
def _order(quiz: Any, q: Any) -> tuple[list[str], str]:
    options = _present(quiz, q, list(q.items))
    paper = [f"Number the items from 1 to {len(options)} in the right order.", ""]
    return paper + [f"- ( ___ ) {_md(item)}" for item in options], _md(_key_text(q))


@register("match")
def _match(quiz: Any, q: Any) -> tuple[list[str], str]:
    options = _present(quiz, q, list(dict.fromkeys([*q.pairs.values(), *q.distractors])))
    letter = {text: _letter(i) for i, text in enumerate(options)}
    paper = ["Write the letter of its match next to each item.", ""]
    paper += [f"{i}. {_md(left)} → ___" for i, left in enumerate(q.pairs, 1)]
    paper += [""] + [f"- **{letter[text]}.** {_md(text)}" for text in options]
    return paper, "; ".join(
        f"{i}. {letter[right]} ({_md(right)})" for i, right in enumerate(q.pairs.values(), 1)
    )


@register("text")
def _text(quiz: Any, q: Any) -> tuple[list[str], str]:
    pattern = f" (or anything matching `{q.pattern}`)" if q.pattern else ""
    return ["Answer: ________________________________________"], _md(_key_text(q)) + pattern


@register("essay")
def _essay(quiz: Any, q: Any) -> tuple[list[str], str]:
    from coursekit.quiz.rubric import rubric_lines, word_range

    words = word_range(q)
    paper = [f"Write {words}." if words else "Write your answer.", "", "Marked on:", ""]
    paper += [f"- {line}" for line in rubric_lines(q)]
    lines = max(12, (q.max_words or q.min_words or 150) // 10)
    paper += ["", *(["\\_" * 40 + "  "] * lines)]
    return paper, _key_text(q)


def to_markdown(quiz: Any) -> tuple[str, str]:
    """Return the printable quiz and its answer key, as Markdown.

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> quiz = Quiz.model_validate({"id": "demo", "title": "Demo", "settings": {"shuffle": False},
    ...     "questions": [{"id": "a", "type": "single", "prompt": "Capital?",
    ...     "choices": ["Moscow", "Minsk"], "answer": "Minsk", "explanation": "Minsk.",
    ...     "source": {"doc_id": "d", "quote": "q"}}]})
    >>> paper, key = to_markdown(quiz)
    >>> print(paper.split("## ")[1].strip())
    1. Capital? *(1 point)*
    <BLANKLINE>
    Tick one.
    <BLANKLINE>
    - [ ] **A.** Minsk
    - [ ] **B.** Moscow
    >>> print(key.splitlines()[4])
    **1.** A. Minsk
    """
    paper, key, _, _ = _render(quiz)
    return paper, key


def _render(quiz: Any) -> tuple[str, str, list[str], int]:
    """The printable quiz, its key, the warnings, and the number of questions in them."""
    shown = [q for q in quiz.questions if q.type in RENDERERS]
    warnings = [
        warning(quiz, q, "skipped: the Markdown export has no renderer for this question type")
        for q in quiz.questions
        if q.type not in RENDERERS
    ]
    total = sum(q.points for q in shown)
    paper = [
        f"# {_md(quiz.title)}",
        "",
        "Name: ______________________________  Student id: ____________________",
        "",
        f"*{plural(len(shown), 'question')}, {points_label(total)}.*",
        "",
    ]
    key = [f"# {_md(quiz.title)}: answer key", "", f"*Quiz `{quiz.id}`; keep this page from students.*", ""]
    for n, q in enumerate(shown, 1):
        lines, answer = RENDERERS[q.type](quiz, q)
        paper += [f"## {n}. {_md(q.prompt.strip())} *({points_label(q.points)})*", "", *lines, ""]
        key += [
            f"**{n}.** {answer}",
            "",
            f"{_md(q.explanation.strip())}",
            "",
        ]
        for s in q.cited:
            key += [f"> “{_md(s.quote)}” ({_md(s.doc_id)})", ""]
    return "\n".join(paper).rstrip() + "\n", "\n".join(key).rstrip() + "\n", warnings, len(shown)


def write_markdown(quiz: Any, path: str | Path) -> Export:
    """Write the printable quiz to ``path`` and its key to :func:`key_path` ``(path)``.

    Raises
    ------
    InstructorError
        If the export has a renderer for none of the questions, or a file cannot be written.
    """
    paper, key, warnings, count = _render(quiz)
    if count == 0:
        msg = f"quiz {quiz.id}: nothing to export: Markdown can express none of its questions"
        raise InstructorError(msg)
    files = (write_text(path, paper), write_text(key_path(path), key))
    return Export(files=files, warnings=tuple(warnings), questions=count)
