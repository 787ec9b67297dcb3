"""The quiz in the notebook, built from ipywidgets only (no JavaScript, no DOM ids).

:func:`show` returns a :class:`QuizWidget`; the notebook displays it as the
cell's value. Each question is a :class:`QuestionWidget` with one labelled,
keyboard-reachable input per type:

========================  ===============================================
``single``, ``true_false``  ``RadioButtons``
``multiple``                one ``Checkbox`` per choice
``numeric``                 ``Text`` (empty until typed; unit in label)
``order``                   one ``Dropdown`` per position
``match``                   one ``Dropdown`` per left item
``text``                    ``Text``
========================  ===============================================

In practice mode a *Check* button scores the answer with
:func:`coursekit.quiz.scoring.score` and says whether it is right. Once the
question is *settled* (right, answer revealed after ``settings.reveal_after``
wrong checks, or no attempts left) it shows the right answer, the explanation
and the source: the article's title, outlet and date, and the quoted passage
in its paragraph. In exam mode there is no Check button: answers are only
collected and submitted.

Answers are saved (see :mod:`coursekit.quiz.progress`) on every change and
every check, and restored when the cell is run again.

Driving it from Python (as the tests do)::

    qz = show("02-roadmaps", student="anna")
    qw = qz.questions[0]
    qw.set_response(31)
    qw.check_button.click()      # or qw.check()
    qw.feedback_text, qz.score
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from coursekit._files import now_iso
from coursekit.display import Citation, cite
from coursekit.errors import CoursekitError, QuizError
from coursekit.quiz.model import AnyQuiz, ExamMatchQuestion, display_options
from coursekit.quiz.progress import Progress, get_student, load_progress
from coursekit.quiz.render import escape, inline_html, to_html
from coursekit.quiz.scoring import Result, canonical, score
from coursekit.quiz.submission import build_submission, write_submission

__all__ = ["Citation", "QuestionWidget", "QuizScore", "QuizWidget", "show"]

_WIDE = {"description_width": "initial"}


class _Looks:
    """The layouts and styles that all the widgets of one quiz share.

    ipywidgets gives each control a ``Layout`` and a style of its own unless it
    is handed one: a ten-question quiz made 126 of them, each one more widget for
    the kernel to open and the browser to build. Nothing changes a layout or a
    style once the quiz is built, so one of each kind serves the whole quiz, as
    ipywidgets allows (``Button(style=other_button.style)``).
    """

    def __init__(self) -> None:
        self.plain = widgets.Layout()
        self.auto_width = widgets.Layout(width="auto")
        self.question = widgets.Layout(margin="0 0 1.2em 0")
        self._styles: dict[str, widgets.Widget] = {}

    def make(
        self,
        cls: type[widgets.DOMWidget],
        *,
        shares: str | None = None,
        style: dict[str, str] | None = None,
        layout: widgets.Layout | None = None,
        **kwargs: Any,
    ) -> Any:
        """A ``cls`` widget with the style of the first one made with the same ``shares`` key."""
        key = shares or cls.__name__
        shared = self._styles.get(key)
        widget = cls(
            layout=layout or self.plain, style=shared if shared is not None else dict(style or {}), **kwargs
        )
        self._styles.setdefault(key, widget.style)
        return widget

    def html(self, value: str = "") -> widgets.HTML:
        return self.make(widgets.HTML, value=value)

    def button(self, **kwargs: Any) -> widgets.Button:
        return self.make(widgets.Button, **kwargs)

    def text(self, label: str, placeholder: str) -> widgets.Text:
        return self.make(
            widgets.Text,
            style=_WIDE,
            value="",
            description=label,
            placeholder=placeholder,
            continuous_update=False,
        )

    def vbox(self, children: list[widgets.Widget]) -> widgets.VBox:
        return widgets.VBox(children, layout=self.plain)

    def hbox(self, children: list[widgets.Widget]) -> widgets.HBox:
        return widgets.HBox(children, layout=self.plain)


# ----------------------------------------------------------------------------- citations
class _Citations:
    """Cites each question's source with :func:`coursekit.cite`, the notebooks' own helper."""

    def get(self, source: Any) -> Citation | None:
        try:
            return cite(source.doc_id, source.quote)
        except (CoursekitError, KeyError):
            return None


# ----------------------------------------------------------------------------- inputs
class _Input:
    """One question's input controls; get/set the response by value."""

    widget: widgets.Widget
    controls: list[widgets.Widget]

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError

    def observe(self, callback: Callable[[], None]) -> None:
        for control in self.controls:
            control.observe(lambda _change: callback(), names="value")

    def disable(self, flag: bool = True) -> None:
        for control in self.controls:
            control.disabled = flag


def _invalid(value: Any, valid: list[Any]) -> QuizError:
    shown = ", ".join(repr(v) for v in valid)
    return QuizError(f"{value!r} is not a valid response; valid: {shown}")


class _Radio(_Input):
    def __init__(self, options: list[tuple[str, Any]], label: str, looks: _Looks) -> None:
        self.values = [v for _, v in options]
        self.radio = looks.make(
            widgets.RadioButtons,
            shares="described",
            style=_WIDE,
            layout=looks.auto_width,
            options=options,
            value=None,
            description=label,
        )
        self.widget = self.radio
        self.controls = [self.radio]

    def get(self) -> Any:
        return self.radio.value

    def set(self, value: Any) -> None:
        if value is not None and (
            not any(value is v or (type(value) is type(v) and value == v) for v in self.values)
        ):
            raise _invalid(value, self.values)
        self.radio.value = value


class _Checkboxes(_Input):
    def __init__(self, shown: list[str], original: list[str], looks: _Looks) -> None:
        self.original = original
        self.boxes = {
            c: looks.make(widgets.Checkbox, layout=looks.auto_width, value=False, description=c, indent=False)
            for c in shown
        }
        label = looks.html("<span class='coursekit-hint'>Select all that apply.</span>")
        self.widget = looks.vbox([label, *self.boxes.values()])
        self.controls = list(self.boxes.values())

    def get(self) -> Any:
        picked = [c for c in self.original if self.boxes[c].value]
        return picked or None

    def set(self, value: Any) -> None:
        picked = [] if value is None else value
        if (
            isinstance(picked, str)
            or not isinstance(picked, list | tuple | set | frozenset)
            or any(c not in self.boxes for c in picked)
        ):
            raise _invalid(value, self.original)
        for choice, box in self.boxes.items():
            box.value = choice in picked


class _Number(_Input):
    """A text box for a number: empty until the student types (a number box would show 0)."""

    def __init__(self, unit: str | None, label: str, looks: _Looks) -> None:
        label = f"{label} ({unit})" if unit else label
        self.box = looks.text(label, "Type a number")
        parts = [self.box] + ([looks.make(widgets.Label, value=unit)] if unit else [])
        self.widget = looks.hbox(parts)
        self.controls = [self.box]

    def get(self) -> Any:
        """The number typed (float), None if empty, or the text itself if it is not a number."""
        text = self.box.value.strip()
        if not text:
            return None
        try:
            value = float(text.replace(",", "").replace(" ", ""))
        except ValueError:
            return text
        return value if math.isfinite(value) else text

    def set(self, value: Any) -> None:
        if value is None:
            self.box.value = ""
            return
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            msg = f"{value!r} is not a valid response; expected a number"
            raise QuizError(msg)
        self.box.value = f"{float(value):g}" if abs(value) < 1e15 else repr(float(value))


class _Dropdowns(_Input):
    """One dropdown per slot (order: positions; match: left items)."""

    def __init__(self, slots: list[str], labels: list[str], options: list[str], looks: _Looks) -> None:
        self.slots = slots
        self.options = options
        self.menus = [
            looks.make(
                widgets.Dropdown,
                shares="described",
                style=_WIDE,
                layout=looks.auto_width,
                options=options,
                value=None,
                description=label,
            )
            for label in labels
        ]
        self.widget = looks.vbox(self.menus)
        self.controls = list(self.menus)

    def _check(self, value: Any) -> None:
        if value is not None and value not in self.options:
            raise _invalid(value, self.options)


class _Order(_Dropdowns):
    def __init__(self, items: list[str], looks: _Looks) -> None:
        super().__init__(
            [str(i) for i in range(len(items))],
            [f"Position {i + 1}" for i in range(len(items))],
            items,
            looks,
        )

    def get(self) -> Any:
        values = [m.value for m in self.menus]
        return values if any(v is not None for v in values) else None

    def set(self, value: Any) -> None:
        values = [None] * len(self.menus) if value is None else value
        if not isinstance(values, list | tuple) or len(values) != len(self.menus):
            msg = (
                f"{value!r} is not a valid response; expected a list of "
                f"{len(self.menus)} items from: {', '.join(map(repr, self.options))}"
            )
            raise QuizError(msg)
        for v in values:
            self._check(v)
        for menu, v in zip(self.menus, values, strict=True):
            menu.value = v


class _Match(_Dropdowns):
    def __init__(self, left: list[str], options: list[str], looks: _Looks) -> None:
        super().__init__(left, left, options, looks)

    def get(self) -> Any:
        picked = {
            left: m.value for left, m in zip(self.slots, self.menus, strict=True) if m.value is not None
        }
        return picked or None

    def set(self, value: Any) -> None:
        picked = {} if value is None else value
        if not isinstance(picked, dict) or any(k not in self.slots for k in picked):
            msg = (
                f"{value!r} is not a valid response; expected a mapping from "
                f"{', '.join(map(repr, self.slots))} to options"
            )
            raise QuizError(msg)
        for v in picked.values():
            self._check(v)
        for left, menu in zip(self.slots, self.menus, strict=True):
            menu.value = picked.get(left)


class _Text(_Input):
    def __init__(self, label: str, looks: _Looks) -> None:
        self.box = looks.text(label, "Type your answer")
        self.widget = self.box
        self.controls = [self.box]

    def get(self) -> Any:
        return self.box.value if self.box.value.strip() else None

    def set(self, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            msg = f"{value!r} is not a valid response; expected text"
            raise QuizError(msg)
        self.box.value = value or ""


def _make_input(question: Any, options: list[str] | None, number: int, looks: _Looks) -> _Input:
    kind = question.type
    label = f"Answer {number}"  # unique per question, so a screen reader says which one
    if kind == "single":
        return _Radio([(c, c) for c in options or question.choices], label, looks)
    if kind == "true_false":
        return _Radio([("True", True), ("False", False)], label, looks)
    if kind == "multiple":
        return _Checkboxes(options or list(question.choices), list(question.choices), looks)
    if kind == "numeric":
        return _Number(question.unit, label, looks)
    if kind == "order":
        return _Order(options or list(question.items), looks)
    if kind == "match":
        left = list(question.left) if isinstance(question, ExamMatchQuestion) else list(question.pairs)
        return _Match(left, options or [], looks)
    if kind == "text":
        return _Text(label, looks)
    msg = f"unknown question type {kind!r}"
    raise QuizError(msg, item=question.id)


def _format_answer(question: Any) -> str:
    kind = question.type
    if kind == "single":
        return question.answer
    if kind == "multiple":
        return "; ".join(question.answer)
    if kind == "true_false":
        return "True" if question.answer else "False"
    if kind == "numeric":
        text = f"{question.answer:g}"
        if question.tolerance:
            text += f" (± {question.tolerance:g})"
        return f"{text} {question.unit}" if question.unit else text
    if kind == "order":
        return " → ".join(question.answer)
    if kind == "match":
        return "; ".join(f"{left} → {right}" for left, right in question.pairs.items())
    return " / ".join(question.answer)


# ----------------------------------------------------------------------------- question
class QuestionWidget(widgets.VBox):
    """One question: prompt, input, Check button (practice) and feedback.

    Python API (stable, used by tests): :meth:`set_response`, :attr:`response`,
    :meth:`check`, :attr:`feedback_text`, :attr:`result`, :attr:`attempts`,
    :attr:`settled`, :attr:`check_button` (None in exam mode).
    """

    def __init__(
        self,
        question: Any,
        number: int,
        *,
        settings: Any,
        exam: bool,
        options: list[str] | None,
        citations: _Citations,
        looks: _Looks,
        on_change: Callable[[QuestionWidget], None],
        on_check: Callable[[QuestionWidget], None],
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
        self._quiet = False
        points = f"{question.points:g} point" + ("" if question.points == 1 else "s")
        header = looks.html(
            f"<div class='coursekit-prompt'><p><strong>Question {number}</strong> · "
            f"{escape(points)}</p>{to_html(question.prompt)}</div>"
        )
        self.answer_input = _make_input(question, options, number, looks)
        self.answer_input.observe(self._changed)
        self.feedback = looks.html()
        children: list[widgets.Widget] = [header, self.answer_input.widget]
        self.check_button: widgets.Button | None = None
        if not exam:
            self.check_button = looks.button(
                description="Check",
                icon="check",
                button_style="primary",
                tooltip=f"Check your answer to question {number}",
            )
            self.check_button.on_click(lambda _button: self.check())
            children.append(self.check_button)
        children.append(self.feedback)
        super().__init__(children, layout=looks.question)
        self.add_class("coursekit-question")

    # -- response
    @property
    def response(self) -> Any:
        """The current response, by value (None if unanswered)."""
        return self.answer_input.get()

    def set_response(self, value: Any) -> None:
        """Set the response by value, as if the student had entered it.

        Raises
        ------
        QuizError
            If ``value`` is not a possible response (e.g. not one of the choices).
        """
        try:
            self.answer_input.set(value)
        except QuizError as exc:
            raise QuizError(exc.message, item=self.question.id) from None

    def _changed(self) -> None:
        if not self._quiet:
            self._notice = ""
            self._on_change(self)

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
        :class:`~coursekit.quiz.scoring.Result` (None in exam mode or when the
        question is already settled).
        """
        if self.exam or self.settled:
            return None
        response = self.response
        if canonical(self.question, response) is None:
            self._notice = "Enter an answer first."
            self._render()
            return score(self.question, response)
        if self.question.type == "numeric" and isinstance(response, str):
            self._notice = f"“{response}” is not a number: type digits, such as 31 or 2.5."
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
            warning = (
                f"Question {self.number}: your saved answer {entry.response!r} no longer "
                "fits the question and was not restored."
            )
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
        r = self.result
        if self.exam or r is None:
            return lines
        pts = f"{r.points:g} / {r.max_points:g} point" + ("" if r.max_points == 1 else "s")
        if r.correct:
            verdict = f"✓ Correct. {pts}."
        elif r.partial:
            verdict = f"◐ Partly right: {r.feedback} {pts}."
        elif self.question.type in ("multiple", "order", "match"):
            verdict = f"✗ Not right: {r.feedback} {pts}."
        else:
            verdict = f"✗ Not right. {pts}."
        lines.append((verdict, f"<p><strong>{escape(verdict)}</strong></p>"))
        if not self.settled:
            left = self.attempts_left
            more = "Try again." if left is None else f"Try again ({left} attempt(s) left)."
            lines.append((more, f"<p>{escape(more)}</p>"))
            return lines
        if not r.correct:
            answer = f"The right answer: {_format_answer(self.question)}"
            lines.append((answer, f"<p>{inline_html(answer)}</p>"))
        explanation = self.question.explanation
        lines.append((explanation, f"<div class='coursekit-explanation'>{to_html(explanation)}</div>"))
        citation = self._citations.get(self.question.source)
        if citation is not None:
            lines.append((citation.text(), citation._repr_html_()))
        return lines

    @property
    def feedback_text(self) -> str:
        """The feedback shown under the question, as plain text."""
        return "\n".join(text for text, _ in self._lines())

    def _render(self) -> None:
        body = "".join(html for _, html in self._lines())
        self.feedback.value = (
            (f"<div class='coursekit-feedback' role='status' aria-live='polite'>{body}</div>") if body else ""
        )
        locked = self.settled
        self.answer_input.disable(locked)
        if self.check_button is not None:
            self.check_button.disabled = locked


# ----------------------------------------------------------------------------- quiz
@dataclass(frozen=True)
class QuizScore:
    """The running score of a quiz widget."""

    points: float
    """Points earned at the last check of each question."""
    max_points: float
    """Points available."""
    checked: int
    """Questions checked at least once."""
    correct: int
    """Questions answered fully right."""
    answered: int
    """Questions with a response."""
    total: int
    """Questions in the quiz."""

    def __str__(self) -> str:
        return (
            f"Score: {self.points:g} / {self.max_points:g} points · {self.checked} of "
            f"{self.total} questions checked · {self.correct} right"
        )


class QuizWidget(widgets.VBox):
    """A whole quiz: title, warnings, running score, questions, Submit.

    Python API (stable): :attr:`questions` (list of :class:`QuestionWidget`),
    :meth:`question`, :attr:`score`, :attr:`warnings`, :meth:`submit`,
    :attr:`submit_button`, :attr:`progress`.
    """

    def __init__(self, quiz: AnyQuiz, student: str) -> None:
        self.quiz = quiz
        self.student = student
        self.exam = quiz.mode == "exam"
        self.progress: Progress = load_progress(student, quiz.id)
        self._warnings: list[str] = []
        if self.progress.warning:
            self._warnings.append(self.progress.warning)
        citations = _Citations()
        looks = _Looks()
        options = display_options(quiz, student)
        title = looks.html(
            f"<h3 class='coursekit-quiz-title'>{inline_html(quiz.title)}</h3>"
            f"<p class='coursekit-student'>Answering as <code>{escape(student)}</code>"
            + (" · exam: answers are collected, not checked" if self.exam else "")
            + "</p>"
        )
        self.warning_box = looks.html()
        self.summary = looks.html()
        self.questions: list[QuestionWidget] = [
            QuestionWidget(
                q,
                i + 1,
                settings=quiz.settings,
                exam=self.exam,
                options=options.get(q.id),
                citations=citations,
                looks=looks,
                on_change=self._changed,
                on_check=self._checked,
            )
            for i, q in enumerate(quiz.questions)
        ]
        for qw in self.questions:
            entry = self.progress.questions.get(qw.question.id)
            if entry is not None:
                problem = qw.restore(entry)
                if problem:
                    self._warnings.append(problem)
        self.submit_button = looks.button(
            description="Submit",
            icon="paper-plane",
            tooltip="Write your answers to a submission file for your instructor",
        )
        self.submit_button.on_click(lambda _button: self._submit_clicked())
        self.submit_status = looks.html()
        super().__init__(
            [
                title,
                self.warning_box,
                self.summary,
                *self.questions,
                looks.hbox([self.submit_button, self.submit_status]),
            ],
            layout=looks.plain,
        )
        self.add_class("coursekit-quiz")
        self._refresh()

    def question(self, question_id: str) -> QuestionWidget:
        """Return the widget of one question by id."""
        for qw in self.questions:
            if qw.question.id == question_id:
                return qw
        msg = f"no question {question_id!r}; valid: {', '.join(qw.question.id for qw in self.questions)}"
        raise KeyError(msg)

    @property
    def warnings(self) -> list[str]:
        """Warnings shown at the top of the quiz (damaged progress file, save failures)."""
        return list(self._warnings)

    @property
    def score(self) -> QuizScore:
        """The running score."""
        results = [qw.result for qw in self.questions]
        return QuizScore(
            points=round(sum(r.points for r in results if r is not None), 6),
            max_points=float(sum(qw.question.points for qw in self.questions)),
            checked=sum(1 for r in results if r is not None),
            correct=sum(1 for r in results if r is not None and r.correct),
            answered=sum(1 for qw in self.questions if canonical(qw.question, qw.response) is not None),
            total=len(self.questions),
        )

    # -- saving
    def _save(self, qw: QuestionWidget) -> None:
        entry = self.progress.question(qw.question.id)
        entry.response = qw.response
        entry.checked_response = qw.checked_response
        entry.attempts, entry.wrong = qw.attempts, qw.wrong
        entry.checked_at = list(qw.checked_at)
        entry.saved_at = now_iso()
        try:
            self.progress.save()
        except CoursekitError as exc:
            message = str(exc)
            if message not in self._warnings:
                self._warnings.append(message)

    def _changed(self, qw: QuestionWidget) -> None:
        self._save(qw)
        self._refresh()

    def _checked(self, qw: QuestionWidget) -> None:
        self._save(qw)
        self._refresh()

    def _refresh(self) -> None:
        s = self.score
        text = f"{s.answered} of {s.total} questions answered" if self.exam else str(s)
        self.summary.value = (
            f"<div class='coursekit-score' role='status' aria-live='polite'>{escape(text)}</div>"
        )
        self.warning_box.value = "".join(
            "<div class='coursekit-warning' role='alert' style='border:2px solid #b45309;"
            "background:#fffbeb;color:#78350f;padding:0.5em;margin:0.3em 0'>"
            f"⚠ {escape(w)}</div>"
            for w in self._warnings
        )

    # -- submitting
    def submit(self, out: str | Path | None = None) -> Path:
        """Save, then write the submission file; return its path.

        Parameters
        ----------
        out
            Folder or ``.json`` file; default ``<project>/submissions/``.
        """
        for qw in self.questions:
            self._save(qw)
        path = write_submission(build_submission(self.quiz, self.progress), out)
        self.submit_status.value = (
            f"<span role='status'>Submitted at {escape(now_iso()[:19])} "
            f"UTC: <code>{escape(str(path))}</code></span>"
        )
        return path

    def _submit_clicked(self) -> None:
        try:
            self.submit()
        except CoursekitError as exc:
            self.submit_status.value = f"<span role='alert'>Not submitted: {escape(str(exc))}</span>"


def show(quiz_id: str | Path, student: str | None = None) -> QuizWidget:
    """Return the quiz widget (the notebook displays it as the cell's value).

    Parameters
    ----------
    quiz_id
        A quiz id (``quizzes/<quiz_id>.yaml``) or a quiz file path.
    student
        Student id; default ``$COURSEKIT_STUDENT``, else the one saved with
        :func:`coursekit.quiz.set_student`, else ``"anonymous"``.

    Raises
    ------
    QuizError
        If the quiz file has problems (run ``coursekit check``).
    """
    from coursekit.quiz.loader import load_quiz

    quiz = load_quiz(quiz_id, check_sources=True)
    return QuizWidget(quiz, get_student(student))
