"""Moodle GIFT export.

Every GIFT control character in a text (``~ = # { } :`` and the backslash) is
escaped with a backslash, and line breaks become ``\\n``, as Moodle's own GIFT
exporter does, so any prompt or choice survives the import unchanged.
Prompts are marked ``[markdown]`` (quiz text is a small Markdown subset).

==============  =====================================================
coursekit type  GIFT
==============  =====================================================
``single``      multiple choice, one right answer (``=right ~wrong``)
``multiple``    multiple choice with weights: each right choice
                ``+100/k %``, each wrong one ``-100/k %`` (k right
                choices), which Moodle floors at 0, like coursekit
``true_false``  ``{TRUE}`` / ``{FALSE}``
``numeric``     ``{#answer:tolerance}``; the unit is added to the prompt
``match``       matching (``=left -> right``); distractors as answers
                with an empty left side
``text``        short answer (``{=a =b}``, case-insensitive in Moodle);
                a ``pattern`` cannot be expressed and is dropped, with a warning
``order``       none: skipped, with a warning
==============  =====================================================

Each type is rendered by one function in :data:`RENDERERS`; a new question type
adds itself with :func:`register`. A type without a renderer is skipped, with a
warning.

The explanation and the source become the general feedback. GIFT has no
points: questions worth other than 1 point get a warning, so the mark can be
set in Moodle.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from coursekit.instructor._common import InstructorError, write_text
from coursekit.instructor.export._base import Export, warning

__all__ = ["RENDERERS", "Renderer", "escape", "register", "to_gift", "write_gift"]

Renderer = Callable[[Any, Any, str], tuple[str | None, list[str]]]
"""``(quiz, question, feedback) -> (answers, warnings)``: what goes between the
question's braces (ending with ``feedback``, the general-feedback line), or
None to skip the question, and the warnings."""
RENDERERS: dict[str, Renderer] = {}
"""Question type -> its GIFT renderer."""
_NO_SUCH = {"order": "ordering"}
"""How a skip warning names a type GIFT lacks (default: the type's name)."""


def register(type_name: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the GIFT renderer of ``type_name``."""

    def add(renderer: Renderer) -> Renderer:
        RENDERERS[type_name] = renderer
        return renderer

    return add


_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def escape(text: str) -> str:
    """Escape GIFT's control characters, and line breaks.

    A ``%`` that starts the text would start a weight (``%50%Minsk`` is a
    50%-credit answer): it is written as the HTML entity ``&#37;`` (its ``#``
    escaped like any other), which Moodle shows as ``%``.

    Examples
    --------
    >>> print(escape("a=b {c} ~d #e: f\\\\g"))
    a\\=b \\{c\\} \\~d \\#e\\: f\\\\g
    >>> print(escape(" %50% of votes"))
    &\\#37;50% of votes
    """
    text = str(text)
    if text.lstrip().startswith("%"):
        text = "&#37;" + text.lstrip()[1:]
    return text.translate(_SPECIAL)


def _number(value: float) -> str:
    return format(value, ".15g")


def _weight(share: float) -> str:
    text = f"{share:.5f}".rstrip("0").rstrip(".")
    return text or "0"


def _feedback(question: Any) -> str:
    cited = question.cited
    label = "Source" if len(cited) == 1 else "Sources"
    shown = "; ".join(f"{s.doc_id}, “{s.quote}”" for s in cited)
    return escape(f"{question.explanation} {label}: {shown}")


def _question(quiz: Any, q: Any) -> tuple[str | None, list[str]]:
    """The GIFT text of one question (None if GIFT cannot express it) and warnings."""
    render = RENDERERS.get(q.type)
    if render is None:
        name = _NO_SUCH.get(q.type, q.type)
        return None, [warning(quiz, q, f"skipped: GIFT has no {name} question")]
    answers, problems = render(quiz, q, f"\t####{_feedback(q)}\n")
    if answers is None:
        return None, problems
    warnings: list[str] = []
    if q.points != 1:
        warnings.append(
            warning(
                quiz, q, f"worth {q.points:g} points here, but GIFT carries no points: set its mark in Moodle"
            )
        )
    prompt = q.prompt + (f" (in {q.unit})" if getattr(q, "unit", None) else "")
    head = (
        f"// {q.id}: {q.type}, {q.points:g} point{'s' if q.points != 1 else ''}\n"
        f"::{escape(q.id)}::[markdown]{escape(prompt)}"
    )
    return f"{head}{{{answers}}}\n", warnings + problems


@register("single")
def _single(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    body = "".join(f"\t{'=' if c == q.answer else '~'}{escape(c)}\n" for c in q.choices)
    return f"\n{body}{feedback}", []


@register("multiple")
def _multiple(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    k = len(q.answer)
    right, wrong = _weight(100 / k), _weight(-100 / k)
    body = "".join(f"\t~%{right if c in q.answer else wrong}%{escape(c)}\n" for c in q.choices)
    return f"\n{body}{feedback}", []


@register("true_false")
def _true_false(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    return f"{'TRUE' if q.answer else 'FALSE'}\n{feedback}", []


@register("numeric")
def _numeric(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    return f"#{_number(q.answer)}:{_number(q.tolerance)}\n{feedback}", []


@register("match")
def _match(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    clash = [left for left in q.pairs if "->" in left]
    if clash:
        message = f"skipped: the left item {clash[0]!r} contains '->', which GIFT uses to separate a pair"
        return None, [warning(quiz, q, message)]
    body = "".join(f"\t={escape(left)} -> {escape(right)}\n" for left, right in q.pairs.items())
    body += "".join(f"\t= -> {escape(d)}\n" for d in q.distractors)
    return f"\n{body}{feedback}", []


@register("text")
def _text(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    body = "".join(f"\t={escape(a)}\n" for a in q.answer)
    warnings = []
    if q.pattern:
        message = (
            f"pattern '{q.pattern}' dropped: GIFT short answers have no regular expressions; "
            "only the listed answers are accepted"
        )
        warnings.append(warning(quiz, q, message))
    return f"\n{body}{feedback}", warnings


def to_gift(quiz: Any) -> tuple[str, list[str], int]:
    """Return the GIFT text of a practice quiz, the warnings, and the number of questions in it.

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> quiz = Quiz.model_validate({"id": "demo", "title": "Demo", "questions": [
    ...     {"id": "tf", "type": "true_false", "prompt": "Minsk is {the} capital.", "answer": True,
    ...      "explanation": "Yes.", "source": {"doc_id": "d", "quote": "q"}}]})
    >>> text, warnings, n = to_gift(quiz)
    >>> print(text.split("\\n\\n")[2].replace("\\t", "    ").strip())
    // tf: true_false, 1 point
    ::tf::[markdown]Minsk is \\{the\\} capital.{TRUE
        ####Yes. Source\\: d, “q”
    }
    """
    from coursekit import __version__

    blocks = [
        f"// Quiz {quiz.id}: {' '.join(quiz.title.split())}\n"
        f"// Exported by coursekit {__version__}. In Moodle: Question bank > Import > "
        "GIFT format.\n",
        f"$CATEGORY: $course$/top/coursekit/{quiz.id}\n",
    ]
    warnings: list[str] = []
    count = 0
    for q in quiz.questions:
        text, problems = _question(quiz, q)
        warnings.extend(problems)
        if text is not None:
            blocks.append(text)
            count += 1
    return "\n".join(blocks), warnings, count


def write_gift(quiz: Any, path: str | Path) -> Export:
    """Write a quiz as GIFT to ``path``.

    Raises
    ------
    InstructorError
        If GIFT can express none of the questions, or the file cannot be written.
    """
    text, warnings, count = to_gift(quiz)
    if count == 0:
        msg = f"quiz {quiz.id}: nothing to export: GIFT can express none of its questions"
        raise InstructorError(msg)
    return Export(files=(write_text(path, text),), warnings=tuple(warnings), questions=count)


@register("essay")
def _essay(quiz: Any, q: Any, feedback: str) -> tuple[str | None, list[str]]:
    message = (
        "an essay: Moodle takes it with an empty answer box; its rubric is not carried, so mark it "
        "with the marking sheet of `coursekit grade --essays`"
    )
    return "", [warning(quiz, q, message)]
