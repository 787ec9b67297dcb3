"""The quiz in the notebook.

:func:`show` returns a :class:`QuizWidget` (an ipywidgets ``VBox``); the notebook
displays it as the cell's value. Each question is one
:class:`~coursekit.quiz.question.QuestionWidget` (an anywidget drawing native HTML
controls with the project's own ES module and CSS): a group named by its heading
and prompt, one labelled input built for its type by :mod:`coursekit.quiz.inputs`,
keys kept inside the question (arrow keys move within a radio group), focus kept
on the question after *Check*, and feedback in a live region.

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

import os
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from coursekit._files import now_iso
from coursekit.display import Citation
from coursekit.errors import CoursekitError
from coursekit.i18n import gettext as _
from coursekit.quiz.fallback import static_bundle
from coursekit.quiz.model import AnyQuiz, display_options
from coursekit.quiz.progress import ANONYMOUS, Progress, get_student, load_progress
from coursekit.quiz.question import LIBRARY, CheckButton, Citations, QuestionWidget
from coursekit.quiz.render import escape, format_number, inline_html
from coursekit.quiz.scoring import canonical
from coursekit.quiz.submission import build_submission, write_submission

__all__ = ["CheckButton", "Citation", "QuestionWidget", "QuizScore", "QuizWidget", "show"]


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
        return _(
            "Score: {points} / {max_points} points · {checked} of {total} questions checked · {correct} right"
        ).format(
            points=format_number(self.points),
            max_points=format_number(self.max_points),
            checked=self.checked,
            total=self.total,
            correct=self.correct,
        )


class QuizWidget(widgets.VBox):
    """A whole quiz: title, warnings, running score, questions, Submit.

    Python API (stable): :attr:`questions` (list of :class:`QuestionWidget`),
    :meth:`question`, :attr:`score`, :attr:`warnings`, :meth:`submit`,
    :attr:`submit_button`, :attr:`progress`.

    The questions and the texts (title, warnings, score, submit status) share one
    ``Layout`` and the texts one style: to lay out one of them differently, give it a
    new ``widgets.Layout(...)``; changing the shared one changes them all.
    """

    def __init__(self, quiz: AnyQuiz, student: str, *, follow: bool = False) -> None:
        self.quiz = quiz
        self.student = student
        self._follow = follow  # the id was not given: follow set_student() while on screen
        self.exam = quiz.mode == "exam"
        self.progress: Progress = load_progress(student, quiz.id)
        self._warnings: list[str] = []
        if self.progress.warning:
            self._warnings.append(self.progress.warning)
        citations = Citations()
        options = display_options(quiz, student)
        # One layout and one text style for the whole quiz: otherwise each question brings
        # a layout and each text a layout and a style, every one a widget (a message from
        # the kernel, a view in the browser). Nothing changes them after this.
        layout, style = widgets.Layout(), HTMLStyle()
        self.title = widgets.HTML(layout=layout, style=style)
        self._show_title()
        self.warning_box = widgets.HTML(layout=layout, style=style)
        self.summary = widgets.HTML(layout=layout, style=style)
        self.questions: list[QuestionWidget] = [
            QuestionWidget(
                q,
                i + 1,
                settings=quiz.settings,
                exam=self.exam,
                options=options.get(q.id),
                citations=citations,
                on_change=self._changed,
                on_check=self._checked,
                layout=layout,
            )
            for i, q in enumerate(quiz.questions)
        ]
        for qw in self.questions:
            entry = self.progress.questions.get(qw.question.id)
            if entry is not None:
                problem = qw.restore(entry)
                if problem:
                    self._warnings.append(problem)
        self.submit_button = widgets.Button(
            description=_("Submit"),
            icon="paper-plane",
            tooltip=_("Write your answers to a submission file for your instructor"),
        )
        self.submit_button.on_click(lambda _button: self._submit_clicked())
        self.submit_status = widgets.HTML(layout=layout, style=style)
        super().__init__(
            [
                self.title,
                self.warning_box,
                self.summary,
                *self.questions,
                widgets.HBox(
                    [self.submit_button, self.submit_status], layout=widgets.Layout(flex_flow="row wrap")
                ),
            ],
        )
        self.add_class("coursekit-quiz")
        self._refresh()

    def _ipython_display_(self) -> None:
        """Shown as two outputs: the static text (for a reopened notebook), then the live quiz.

        The first quiz a kernel shows also sends the page the question code
        (:data:`coursekit.quiz.question.LIBRARY`), once.
        """
        from IPython.display import publish_display_data

        publish_display_data(static_bundle(self.quiz.title, self.student, self.questions))
        publish_display_data(self._repr_mimebundle_())
        if self.questions:
            LIBRARY.push(self.questions[0])

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

    def _show_title(self, note: str = "") -> None:
        answering = _("Answering as {student}").format(student=f"<code>{escape(self.student)}</code>")
        exam_note = _("exam: answers are collected, not checked")
        self.title.value = (
            f"<h3 class='coursekit-quiz-title'>{inline_html(self.quiz.title)}</h3>"
            f"<p class='coursekit-student'>{answering}"
            + (f" · {escape(exam_note)}" if self.exam else "")
            + (f" · <span role='status'>{escape(note)}</span>" if note else "")
            + "</p>"
        )

    def _follow_id(self) -> None:
        """If the student set (or changed) their id since this quiz was shown, save under the new one.

        The answers on screen are the newest: they are written over the new id's
        copy of this quiz (set_student has already carried the old answers over).
        """
        current = get_student()
        if not self._follow or current == self.student:
            return
        old = self.student
        progress = load_progress(current, self.quiz.id)
        if progress.warning:
            self._warnings.append(progress.warning)
        self.student, self.progress = current, progress
        for qw in self.questions:
            if qw.response is not None or qw.attempts:
                self._record(qw)
        self._show_title(
            _("id changed from {old}: answers now saved under {new}").format(old=old, new=current)
        )

    # -- saving
    def _record(self, qw: QuestionWidget) -> None:
        entry = self.progress.question(qw.question.id)
        entry.response = qw.response
        entry.checked_response = qw.checked_response
        entry.attempts, entry.wrong = qw.attempts, qw.wrong
        entry.checked_at = list(qw.checked_at)
        entry.saved_at = now_iso()

    def _save(self, qw: QuestionWidget) -> None:
        self._follow_id()
        self._record(qw)
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
        text = _("{answered} of {total} questions answered").format(answered=s.answered, total=s.total)
        text = text if self.exam else str(s)
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
            Folder or ``.json`` file; default ``<project>/notebooks/submissions/``.
        """
        for qw in self.questions:
            if not self.exam and qw.response != qw.checked_response and not qw.settled:
                # An answer changed since its last Check counts only once checked: check it
                # now, so the score on screen is the score handed in.
                qw.check()
            self._save(qw)
        path = write_submission(build_submission(self.quiz, self.progress), out)
        said = _("Submitted at {time} UTC: {path}").format(
            time=escape(now_iso()[:19].replace("T", " ")), path=f"<code>{escape(str(path))}</code>"
        )
        self.submit_status.value = f"<span role='status'>{said}</span>"
        return path

    def _submit_clicked(self) -> None:
        self._follow_id()
        if self.student == ANONYMOUS:
            said = escape(_('Not submitted: set your id first, with quiz.set_student("...") (notebook 00).'))
            self.submit_status.value = f"<span role='alert'>{said}</span>"
            return
        try:
            self.submit()
        except CoursekitError as exc:
            said = escape(_("Not submitted: {reason}").format(reason=exc))
            self.submit_status.value = f"<span role='alert'>{said}</span>"


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
    follow = student is None and not os.environ.get("COURSEKIT_STUDENT")
    return QuizWidget(quiz, get_student(student), follow=follow)
