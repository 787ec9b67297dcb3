"""Quizzes: load and check quiz files, show them in the notebook, score, submit.

The API loads lazily: ``import coursekit.quiz`` imports neither ipywidgets nor
pydantic; they are imported when a function that needs them is first used.

Examples
--------
>>> import coursekit.quiz as quiz
>>> quiz.score.__module__
'coursekit.quiz.scoring'
>>> sorted(quiz.__all__)[:4]
['Result', 'Submission', 'canonical', 'check_paths']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit._lazy import attach as _attach

if TYPE_CHECKING:  # what each lazy name is, for type checkers and editors (a test keeps it equal to _LAZY)
    from coursekit.paths import progress_dir as progress_dir
    from coursekit.paths import submissions_dir as submissions_dir
    from coursekit.quiz.loader import check_paths as check_paths
    from coursekit.quiz.loader import load_quiz as load_quiz
    from coursekit.quiz.loader import load_quizzes as load_quizzes
    from coursekit.quiz.scoring import Result as Result
    from coursekit.quiz.scoring import canonical as canonical
    from coursekit.quiz.scoring import score as score
    from coursekit.quiz.student import get_student as get_student
    from coursekit.quiz.student import set_student as set_student
    from coursekit.quiz.submission import Submission as Submission
    from coursekit.quiz.submission import load_submission as load_submission
    from coursekit.quiz.submission import submit as submit
    from coursekit.quiz.submission import submit_all as submit_all
    from coursekit.quiz.widgets import show as show

# name -> module that defines it
_LAZY: dict[str, str] = {
    "load_quiz": "coursekit.quiz.loader",
    "load_quizzes": "coursekit.quiz.loader",
    "check_paths": "coursekit.quiz.loader",
    "show": "coursekit.quiz.widgets",
    "set_student": "coursekit.quiz.student",
    "get_student": "coursekit.quiz.student",
    "submit": "coursekit.quiz.submission",
    "submit_all": "coursekit.quiz.submission",
    "load_submission": "coursekit.quiz.submission",
    "Submission": "coursekit.quiz.submission",
    "progress_dir": "coursekit.paths",
    "submissions_dir": "coursekit.paths",
    "score": "coursekit.quiz.scoring",
    "canonical": "coursekit.quiz.scoring",
    "Result": "coursekit.quiz.scoring",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = _attach(__name__, _LAZY)
