"""``coursekit preview``: a quiz at a glance, as plain text or a standalone HTML page.

Questions appear in the author's order with their options as written and, for
a practice quiz, the key marked (``[x]``), the explanation and the source; with
``answers=False`` (``--no-answers``) only what a student sees. HTML output
escapes every text and renders the same small Markdown subset as the notebook
(:mod:`coursekit.quiz.render`).

Each question type's option lines come from one function in :data:`RENDERERS`;
a new type adds itself with :func:`register`. A type without a renderer shows
its prompt and, with answers, its key as text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coursekit.instructor._common import (
    InstructorError,
    format_number,
    load_quiz_set,
    plural,
    points_label,
    present,
)
from coursekit.quiz import types

__all__ = ["CHECKBOXES", "PREVIEW_FORMATS", "RENDERERS", "Renderer", "register", "render_preview"]

PREVIEW_FORMATS = ("text", "html")
"""The preview formats."""
_WIDTH = 88

Renderer = Callable[[Any, bool], list[tuple[str, bool]]]
"""``(question, keyed) -> [(text, is_key), ...]``: a question's option lines;
``keyed``: mark the key (a practice quiz shown with answers)."""
RENDERERS: dict[str, Renderer] = {}
"""Question type -> its preview renderer."""
CHECKBOXES: set[str] = set()
"""Question types whose lines the text preview shows as boxes to tick."""


def register(type_name: str, *, checkboxes: bool = False) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the preview renderer of ``type_name``.

    ``checkboxes``: the text preview shows its lines as ``[ ]`` / ``[x]`` boxes.
    """

    def add(renderer: Renderer) -> Renderer:
        RENDERERS[type_name] = renderer
        (CHECKBOXES.add if checkboxes else CHECKBOXES.discard)(type_name)
        return renderer

    return add


def _settings(quiz: Any) -> str:
    s = quiz.settings
    attempts = "unlimited checks" if s.attempts is None else plural(s.attempts, "check") + " per question"
    reveal = (
        "never reveals answers"
        if s.reveal_after is None
        else f"reveals the answer after {plural(s.reveal_after, 'wrong check')}"
    )
    parts = [attempts, reveal, "shuffles options" if s.shuffle else "options as written"]
    if quiz.mode == "exam":
        parts = [
            "exam: collects answers, no feedback",
            "shuffles options" if s.shuffle else "options as written",
        ]
    if s.pick:
        parts.append(f"releases {s.pick} questions per student")
    return "; ".join(parts)


def _key_text(q: Any) -> str:
    """The key as one line of text, in its type's own words."""
    return types.get(q.type).key_text(q)


def _lines(q: Any, *, answers: bool) -> list[tuple[str, bool]]:
    """A question's option lines as ``(text, is_key)``; the key is only marked with ``answers``."""
    keyed = answers and hasattr(q, "explanation")
    render = RENDERERS.get(q.type)
    if render is None:
        return [(f"answer: {_key_text(q)}", True)] if keyed else []
    return render(q, keyed)


def _key_free(values: list[str], keyed: bool) -> list[str]:
    """The author's order with the key shown; without it, sorted (:func:`present`), as a
    release shows them: the author's order of items or options often *is* the key."""
    return list(values) if keyed else present(values, shuffle=False, seed="")


def _choices(q: Any, right: set[str], keyed: bool) -> list[tuple[str, bool]]:
    return [(c, c in right) for c in _key_free(list(q.choices), keyed)]


@register("single", checkboxes=True)
def _single(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    return _choices(q, {q.answer} if keyed else set(), keyed)


@register("multiple", checkboxes=True)
def _multiple(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    return _choices(q, set(q.answer) if keyed else set(), keyed)


@register("true_false", checkboxes=True)
def _true_false(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    return [(v, keyed and q.answer is (v == "True")) for v in ("True", "False")]


@register("order")
def _order(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    items = [(f"item: {i}", False) for i in _key_free(list(q.items), keyed)]
    return items + ([(f"answer: {_key_text(q)}", True)] if keyed else [])


@register("match")
def _match(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    if keyed:
        return [(f"{left} → {right}", True) for left, right in q.pairs.items()] + [
            (f"(distractor) {d}", False) for d in q.distractors
        ]
    if hasattr(q, "pairs"):
        lefts, options = list(q.pairs), list(dict.fromkeys([*q.pairs.values(), *q.distractors]))
    else:
        lefts, options = list(q.left), list(q.options)
    return [(f"left: {left}", False) for left in lefts] + [
        (f"option: {o}", False) for o in _key_free(options, keyed)
    ]


@register("numeric")
def _numeric(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    if keyed:
        return [(f"answer: {_key_text(q)}", True)]
    return [(f"a number, in {q.unit}", False)] if q.unit else []


@register("text")
def _text_answer(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    if not keyed:
        return []
    pattern = [(f"or matching: {q.pattern}", True)] if q.pattern else []
    return [(f"answer: {a}", True) for a in q.answer] + pattern


@register("essay")
def _essay(q: Any, keyed: bool) -> list[tuple[str, bool]]:
    from coursekit.quiz.rubric import rubric_lines, word_range

    words = word_range(q)
    head = [(f"essay, {words}", False)] if words else [("essay", False)]
    return head + [(f"rubric: {line}", False) for line in rubric_lines(q)]


def _text(quiz: Any, *, answers: bool) -> str:
    total = sum(q.points for q in quiz.questions)
    out = [
        quiz.title,
        f"[{quiz.id} · {quiz.mode} · {plural(len(quiz.questions), 'question')} · {points_label(total)}]",
        _settings(quiz),
        "",
    ]

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()), _WIDTH, initial_indent=indent, subsequent_indent=indent
        ) or [indent]

    for n, q in enumerate(quiz.questions, 1):
        out.append(f"{n}. {q.id} · {q.type} · {points_label(q.points)}")
        out += wrap(q.prompt, "   ")
        choice = q.type in CHECKBOXES
        for text, is_key in _lines(q, answers=answers):
            mark = ("[x] " if is_key else "[ ] ") if choice else ""
            out += wrap(f"{mark}{text}", "     ")
        if answers and hasattr(q, "explanation"):
            out += wrap(f"why: {q.explanation}", "   ")
            for s in q.cited:
                out += wrap(f"source: {s.doc_id}: “{s.quote}”", "   ")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _html(quiz: Any, *, answers: bool) -> str:
    from coursekit.quiz.render import escape, inline_html, to_html

    total = sum(q.points for q in quiz.questions)
    parts = [
        "<!doctype html>",
        "<html lang='en'>",
        "<head><meta charset='utf-8'>",
        f"<title>{escape(quiz.title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;"
        "padding:0 1em;color:#222} .meta{color:#555} section{border-top:1px solid #ddd;"
        "padding:0.5em 0} li.key{font-weight:bold;color:#006d4f} li.key::before{content:'✓ '}"
        " blockquote{color:#444;border-left:3px solid #ccc;margin-left:0;padding-left:1em}"
        "</style></head>",
        "<body>",
        f"<h1>{inline_html(quiz.title)}</h1>",
        f"<p class='meta'>{escape(quiz.id)} · {escape(quiz.mode)} · "
        f"{escape(plural(len(quiz.questions), 'question'))} · {escape(points_label(total))}"
        f"<br>{escape(_settings(quiz))}</p>",
    ]
    for n, q in enumerate(quiz.questions, 1):
        parts.append(
            f"<section id='{escape(q.id)}'><h2>{n}. <code>{escape(q.id)}</code> "
            f"<small>{escape(q.type)} · {escape(format_number(q.points))} pt</small></h2>"
        )
        parts.append(to_html(q.prompt))
        lines = _lines(q, answers=answers)
        if lines:
            items = "".join(
                f"<li{' class=key' if is_key else ''}>{inline_html(text)}</li>" for text, is_key in lines
            )
            parts.append(f"<ul>{items}</ul>")
        if answers and hasattr(q, "explanation"):
            parts.append(f"<div>{to_html(q.explanation)}</div>")
            parts.extend(
                f"<blockquote>“{escape(s.quote)}” <cite>{escape(s.doc_id)}</cite></blockquote>"
                for s in q.cited
            )
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def render_preview(quiz: str | Path | Any, fmt: str = "text", *, answers: bool = True) -> str:
    """Render a quiz for a quick look.

    Parameters
    ----------
    quiz
        A quiz id, a quiz file, or a loaded quiz (practice or exam).
    fmt
        ``"text"`` or ``"html"`` (a standalone page).
    answers
        Mark the key and show explanations and sources (practice quizzes).

    Raises
    ------
    InstructorError
        For an unknown format.
    QuizError
        If the quiz file has a problem.

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> quiz = Quiz.model_validate({"id": "demo", "title": "Demo", "questions": [
    ...     {"id": "a", "type": "single", "prompt": "Capital?", "choices": ["Moscow", "Minsk"],
    ...      "answer": "Minsk", "explanation": "Minsk.", "source": {"doc_id": "d", "quote": "q"}}]})
    >>> print(render_preview(quiz).split("\\n\\n")[1].strip())
    1. a · single · 1 point
       Capital?
         [ ] Moscow
         [x] Minsk
       why: Minsk.
       source: d: “q”
    """
    if fmt not in PREVIEW_FORMATS:
        msg = f"unknown format {fmt!r}; valid: {', '.join(PREVIEW_FORMATS)}"
        raise InstructorError(msg)
    loaded = load_quiz_set(quiz)[0] if isinstance(quiz, str | Path) else quiz
    return _text(loaded, answers=answers) if fmt == "text" else _html(loaded, answers=answers)
