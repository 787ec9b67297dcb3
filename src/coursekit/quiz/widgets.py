"""The quiz in the notebook, built from ipywidgets only (no JavaScript, no DOM ids).

:func:`show` returns a :class:`QuizWidget`; the notebook displays it as the
cell's value. Each question is a :class:`QuestionWidget` with one labelled,
keyboard-reachable input, built for its type by :mod:`coursekit.quiz.inputs`.

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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from coursekit._files import now_iso
from coursekit.display import Citation, cite
from coursekit.errors import CoursekitError, QuizError
from coursekit.quiz.inputs import Looks, make_input
from coursekit.quiz.model import AnyQuiz, display_options
from coursekit.quiz.progress import Progress, get_student, load_progress
from coursekit.quiz.render import escape, inline_html, to_html
from coursekit.quiz.scoring import Invalid, Result, canonical, question_type, score
from coursekit.quiz.submission import build_submission, write_submission

__all__ = ["Citation", "QuestionWidget", "QuizScore", "QuizWidget", "show"]


# ----------------------------------------------------------------------------- citations
class _Citations:
    """Cites each question's source with :func:`coursekit.cite`, the notebooks' own helper."""

    def get(self, source: Any) -> Citation | None:
        try:
            return cite(source.doc_id, source.quote)
        except (CoursekitError, KeyError):
            return None


# ----------------------------------------------------------------------------- inputs
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
        looks: Looks,
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
        self.answer_input = make_input(question, options, number, looks)
        self.answer_input.observe(self._changed)
        self.feedback = looks.html()
        children: list[widgets.Widget] = [header, self.answer_input.widget]
        self.check_button: widgets.Button | None = None
        if not exam and question_type(question).keyed:  # a person marks the others
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
        :class:`~coursekit.quiz.scoring.Result` (None in exam mode, for a question a
        person marks, or when the question is already settled).
        """
        if self.exam or self.settled or not question_type(self.question).keyed:
            return None  # an essay is marked by a teacher, never checked here
        response = self.response
        if canonical(self.question, response) is None:
            self._notice = "Enter an answer first."
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
            answer = f"The right answer: {question_type(self.question).key_text(self.question)}"
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
        looks = Looks()
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
        if self.progress.merged:
            numbers = [str(w.number) for w in self.questions if w.question.id in self.progress.merged]
            message = (
                f"Another notebook window saved a newer answer to question(s) {', '.join(numbers)} of this "
                "quiz; the newest answer of each question is kept. Run this cell again to see them."
            )
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
            if not self.exam and qw.response != qw.checked_response and not qw.settled:
                # An answer changed since its last Check counts only once checked: check it
                # now, so the score on screen is the score handed in.
                qw.check()
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
