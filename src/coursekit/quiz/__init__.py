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

from coursekit._lazy import attach as _attach

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
