"""What a notebook shows for a quiz when the quiz is not running.

A reopened notebook keeps the quiz cell's outputs but not the live widget:
JupyterLab would show "Error displaying widget: model not found". So a quiz is
displayed as two outputs: this static text (the questions, their choices, and one
line telling the student to run the notebook), then the live widget. Once the
questions' code reaches the page (:data:`coursekit.quiz.question.LIBRARY`), its
stylesheet hides the static text (``question.css``); where no widget
can run (a reopened notebook before it is run, an HTML export, GitHub) the static
text is what the reader sees, and the widget's error line is hidden.
Everything shown is escaped (:mod:`coursekit.quiz.render`).
"""

from __future__ import annotations

from typing import Any

from coursekit.i18n import gettext as _
from coursekit.quiz.render import escape, inline_html

__all__ = ["static_bundle"]

# Hides the live widget's error line ("model not found": a text node, no element) that
# follows this output; the live widget always has elements, so it is never hidden.
_STYLE = (
    "<style>.jp-OutputArea-child:has(.coursekit-static) + .jp-OutputArea-child "
    ".jp-OutputArea-output:not(:has(*)){display:none}</style>"
)


def _choices(spec: dict[str, Any]) -> list[str]:
    if spec.get("kind") == "selects":
        return [f"{slot}: …" for slot in spec.get("slots", [])]
    return [str(option) for option in spec.get("options", [])]


def static_bundle(title: str, student: str, questions: list[Any]) -> dict[str, str]:
    """``text/plain`` and ``text/html`` of a quiz that is not running."""
    run = _("This quiz is not running: run the notebook (Run ▸ Run All Cells) to answer it.")
    plain = [title, run, ""]
    parts = [
        f"<div class='coursekit-static'><p><strong>{inline_html(title)}</strong></p>",
        f"<p class='coursekit-static-run'>⚠ {escape(run)}</p><ol>",
    ]
    for qw in questions:
        spec = qw.spec
        choices = _choices(spec["input"])
        plain.append(f"{qw.number}. {qw.question.prompt}")
        plain.extend(f"   - {c}" for c in choices)
        items = "".join(f"<li>{escape(c)}</li>" for c in choices)
        parts.append(f"<li>{spec['prompt_html']}" + (f"<ul>{items}</ul>" if items else "") + "</li>")
    parts.append(f"</ol><p>{escape(_('Answering as {student}').format(student=student))}</p></div>")
    return {"text/plain": "\n".join(plain), "text/html": _STYLE + "".join(parts)}
