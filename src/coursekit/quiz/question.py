"""One quiz question as a widget: prompt, native controls, Check button and feedback.

The browser side is ``static/question.js`` + ``question.css`` (anywidget: an ES
module, no build step). See :class:`QuestionWidget`.

That code and stylesheet are a :class:`~coursekit.page_library.PageLibrary`
(:data:`LIBRARY`), as Vega is for the charts: each question's module (``_esm``) is
a loader of about 2 KB and it has no ``_css``; the page imports the code once and
adds the stylesheet once. The kernel sends them with the first quiz displayed
(:class:`~coursekit.quiz.widgets.QuizWidget`), a reloaded page or Voila asks for them, and
an exported page (``--to coursekit_html``) carries one copy. A saved notebook holds
no copy at all: it held one per question (notebook 05: 200 KB of 417 KB).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from coursekit._files import now_iso
from coursekit.display import Citation, cite
from coursekit.errors import CoursekitError, QuizError
from coursekit.i18n import gettext as _
from coursekit.i18n import ngettext
from coursekit.page_library import PageLibrary, compact
from coursekit.quiz.inputs import make_input
from coursekit.quiz.render import escape, format_number, inline_html, to_html
from coursekit.quiz.scoring import Invalid, Result, canonical, question_type, score

__all__ = ["LIBRARY", "CheckButton", "Citations", "QuestionWidget", "plural_count"]

_STATIC = Path(__file__).parent / "static"


def _library_source() -> str:
    """The question code a page imports once: ``question.js`` with ``question.css`` before it."""
    style = compact((_STATIC / "question.css").read_text(encoding="utf-8"))
    return f"const STYLE = {json.dumps(style)};\n" + compact(
        (_STATIC / "question.js").read_text(encoding="utf-8")
    )


_SOURCE = _library_source()

#: The question code and stylesheet: a page imports them once, never saved in the notebook.
#: Nothing is shown while a question waits: the quiz's static text stays visible until the
#: stylesheet comes with the code (``question.css`` hides it).
LIBRARY = PageLibrary(
    "question", key=hashlib.sha256(_SOURCE.encode("utf-8")).hexdigest()[:16], build=lambda: _SOURCE
)


def plural_count(x: float) -> int:
    """The count that picks a plural form: the number itself if whole, else 2 ("1.5 points")."""
    return int(x) if float(x).is_integer() else 2


# ----------------------------------------------------------------------------- citations
class Citations:
    """Cites each question's source with :func:`coursekit.cite`, the notebooks' own helper."""

    def get(self, source: Any) -> Citation | None:
        try:
            return cite(source.doc_id, source.quote)
        except (CoursekitError, KeyError):
            return None


# ----------------------------------------------------------------------------- question
class CheckButton:
    """The Check button of a question, seen from Python (the browser draws it).

    ``click()`` does what a click does; ``disabled`` is True once the question
    is settled.
    """

    def __init__(self, question: QuestionWidget, description: str, tooltip: str) -> None:
        self._question = question
        self.description = description
        self.tooltip = tooltip

    @property
    def disabled(self) -> bool:
        return self._question.disabled

    def click(self) -> None:
        self._question.check()


class QuestionWidget(anywidget.AnyWidget):
    """One question: prompt, input, Check button (practice) and feedback, in one group.

    The browser side (``static/question.js``) draws a ``role=group`` named by the
    question's heading and prompt, native controls (a ``radiogroup`` of radio
    buttons, a group of checkboxes, text boxes, drop-down lists), the Check
    button and a live region for the feedback.

    Python API (stable, used by tests): :meth:`set_response`, :attr:`response`,
    :meth:`check`, :attr:`feedback_text`, :attr:`result`, :attr:`attempts`,
    :attr:`settled`, :attr:`check_button` (None in exam mode).
    """

    _esm = LIBRARY.module()
    spec = traitlets.Dict().tag(sync=True)
    answer = traitlets.Any(None, allow_none=True).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    feedback_html = traitlets.Unicode("").tag(sync=True)
    focus_count = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        question: Any,
        number: int,
        *,
        settings: Any,
        exam: bool,
        options: list[str] | None,
        citations: Citations,
        on_change: Callable[[QuestionWidget], None],
        on_check: Callable[[QuestionWidget], None],
        layout: widgets.Layout | None = None,
    ) -> None:
        self.question = question
        self.number = number
        self.exam = exam
        self.settings = settings
        self.attempts = 0
        self.wrong = 0
        self.checked_at: list[str] = []
        self.checked_response: Any = None
        self.result: Result | None = None
        self._notice = ""
        self._citations = citations
        self._on_change = on_change
        self._on_check = on_check
        self._quiet = True
        self.answer_input = make_input(question, options, number)
        points = ngettext("{n} point", "{n} points", plural_count(question.points)).format(
            n=format_number(question.points)
        )
        heading = _("Question {n}").format(n=number)
        self.check_button: CheckButton | None = None
        check = None
        if not exam and question_type(question).keyed:  # a person marks the others (essays)
            tooltip = _("Check your answer to question {n}").format(n=number)
            self.check_button = CheckButton(self, _("Check"), tooltip)
            check = {"label": self.check_button.description, "tooltip": tooltip}
        super().__init__(
            spec={
                "heading_html": f"<p><strong>{escape(heading)}</strong> · {escape(points)}</p>",
                "prompt_html": to_html(question.prompt) + _rubric(question),
                "input": self.answer_input.spec(),
                "check": check,
            },
            answer=self.answer_input.empty(),
            **({} if layout is None else {"layout": layout}),  # a quiz shares one
        )
        self.observe(self._changed, names="answer")
        self.on_msg(self._message)
        self.on_msg(LIBRARY.answer)
        self._quiet = False

    # -- response
    @property
    def response(self) -> Any:
        """The current response, by value (None if unanswered)."""
        return self.answer_input.from_state(self.answer)

    def set_response(self, value: Any) -> None:
        """Set the response by value, as if the student had entered it.

        Raises
        ------
        QuizError
            If ``value`` is not a possible response (e.g. not one of the choices).
        """
        try:
            self.answer = self.answer_input.to_state(value)
        except QuizError as exc:
            raise QuizError(exc.message, item=self.question.id) from None

    def _changed(self, _change: Any = None) -> None:
        if not self._quiet:
            self._notice = ""
            self._on_change(self)
            if self.question.type == "essay":
                self._render()  # the word count follows the text

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A message from the browser: ``{"event": "check"}`` when Check is pressed."""
        if isinstance(content, dict) and content.get("event") == "check":
            if "answer" in content and content["answer"] != self.answer:
                self.answer = content["answer"]  # read with from_state: anything odd is no answer
            self.check()
            self.focus_count += 1  # the browser keeps focus on the question

    # -- state
    @property
    def attempts_left(self) -> int | None:
        """Checks left, or None if unlimited."""
        limit = self.settings.attempts
        return None if limit is None else max(0, limit - self.attempts)

    @property
    def revealed(self) -> bool:
        """True once the right answer is shown after ``reveal_after`` wrong checks."""
        after = self.settings.reveal_after
        return after is not None and self.wrong >= after

    @property
    def settled(self) -> bool:
        """Right, revealed, or out of attempts: no more checks."""
        if self.exam:
            return False
        right = self.result is not None and self.result.correct
        return right or self.revealed or self.attempts_left == 0

    # -- checking
    def check(self) -> Result | None:
        """Score the current response, as the Check button does.

        An empty response is not counted as an attempt. Returns the
        :class:`~coursekit.quiz.scoring.Result` (None in exam mode, for a question a
        person marks, or when the question is already settled).
        """
        if self.exam or self.settled or not question_type(self.question).keyed:
            return None  # an essay is marked by a teacher, never checked here
        response = self.response
        if canonical(self.question, response) is None:
            self._notice = _("Enter an answer first.")
            self._render()
            return score(self.question, response)
        if isinstance(canonical(self.question, response), Invalid):
            self._notice = question_type(self.question).invalid_notice(response)
            self._render()
            return None
        result = score(self.question, response)
        self.attempts += 1
        if not result.correct:
            self.wrong += 1
        self.checked_at.append(now_iso())
        self.checked_response = response
        self.result = result
        self._notice = ""
        self._render()
        self._on_check(self)
        return result

    def restore(self, entry: Any) -> str | None:
        """Restore saved progress; return a warning if the saved answer no longer fits."""
        warning = None
        self._quiet = True
        try:
            self.set_response(entry.response)
        except QuizError:
            warning = _(
                "Question {n}: your saved answer {answer} no longer fits the question and was not restored."
            ).format(n=self.number, answer=repr(entry.response))
        finally:
            self._quiet = False
        self.attempts, self.wrong = entry.attempts, entry.wrong
        self.checked_at = list(entry.checked_at)
        self.checked_response = entry.checked_response
        if self.attempts and not self.exam:
            self.result = score(self.question, entry.checked_response)
        self._render()
        return warning

    # -- feedback
    def _lines(self) -> list[tuple[str, str]]:
        """Feedback as ``(plain text, html)`` pairs."""
        lines: list[tuple[str, str]] = []
        if self._notice:
            lines.append((self._notice, f"<p>{escape(self._notice)}</p>"))
        if self.question.type == "essay":
            from coursekit.quiz.rubric import asked
            from coursekit.quiz.types.essay import word_count

            n = word_count(self.response or "")
            wanted = asked(self.question)  # "(asked: 150 to 300 words)", in the student's language
            words = ngettext("{n} word", "{n} words", n).format(n=n) + (f" {wanted}" if wanted else "")
            lines.append((words, f"<p class='coursekit-hint'>{escape(words)}</p>"))
        r = self.result
        if self.exam or r is None:
            return lines
        pts = ngettext("{got} / {of} point", "{got} / {of} points", plural_count(r.max_points)).format(
            got=format_number(r.points), of=format_number(r.max_points)
        )
        if r.correct:
            verdict = _("✓ Correct. {points}.").format(points=pts)
        elif r.partial:
            verdict = _("◐ Partly right: {feedback} {points}.").format(feedback=r.feedback, points=pts)
        elif self.question.type in ("multiple", "order", "match"):
            verdict = _("✗ Not right: {feedback} {points}.").format(feedback=r.feedback, points=pts)
        else:
            verdict = _("✗ Not right. {points}.").format(points=pts)
        lines.append((verdict, f"<p><strong>{escape(verdict)}</strong></p>"))
        if not self.settled:
            left = self.attempts_left
            more = (
                _("Try again.")
                if left is None
                else ngettext("Try again ({n} attempt left).", "Try again ({n} attempts left).", left).format(
                    n=left
                )
            )
            lines.append((more, f"<p>{escape(more)}</p>"))
            return lines
        if not r.correct:
            answer = _("The right answer: {answer}").format(
                answer=question_type(self.question).key_text(self.question)
            )
            lines.append((answer, f"<p>{inline_html(answer)}</p>"))
        explanation = self.question.explanation
        lines.append((explanation, f"<div class='coursekit-explanation'>{to_html(explanation)}</div>"))
        for source in self.question.cited:
            citation = self._citations.get(source)
            if citation is not None:
                lines.append((citation.text(), citation._repr_html_()))
        return lines

    @property
    def feedback_text(self) -> str:
        """The feedback shown under the question, as plain text."""
        return "\n".join(text for text, _ in self._lines())

    def _render(self) -> None:
        with self.hold_sync():
            self.feedback_html = "".join(html for _text, html in self._lines())
            self.disabled = self.settled


def _rubric(question: Any) -> str:
    """An essay's rubric, shown under its prompt (other types: nothing)."""
    if question.type != "essay":
        return ""
    from coursekit.quiz.rubric import rubric_html

    return (
        f"<details class='coursekit-rubric'><summary>{escape(_('Rubric'))}</summary>"
        f"{rubric_html(question, lang=None, region=True)}</details>"
    )
