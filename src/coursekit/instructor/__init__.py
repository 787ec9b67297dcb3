"""Instructor tools: release quizzes, grade submissions, analyse items, export to an LMS.

Nothing here needs a server, a database or Docker: every tool reads and writes
plain files. The API loads lazily (``import coursekit.instructor`` imports
neither pandas nor pydantic).

Examples
--------
>>> import coursekit.instructor as instructor
>>> instructor.grade_folder.__module__
'coursekit.instructor.grade'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit._lazy import attach as _attach

if TYPE_CHECKING:  # what each lazy name is, for type checkers and editors (a test keeps it equal to _LAZY)
    from coursekit.instructor._common import InstructorError as InstructorError
    from coursekit.instructor.export import export_quiz as export_quiz
    from coursekit.instructor.grade import Gradebook as Gradebook
    from coursekit.instructor.grade import grade_folder as grade_folder
    from coursekit.instructor.grade import grade_submissions as grade_submissions
    from coursekit.instructor.preview import render_preview as render_preview
    from coursekit.instructor.release import load_variants as load_variants
    from coursekit.instructor.release import read_roster as read_roster
    from coursekit.instructor.release import release_quizzes as release_quizzes
    from coursekit.instructor.report import item_analysis as item_analysis
    from coursekit.instructor.report import write_report as write_report

# name -> module that defines it
_LAZY: dict[str, str] = {
    "release_quizzes": "coursekit.instructor.release",
    "read_roster": "coursekit.instructor.release",
    "load_variants": "coursekit.instructor.release",
    "grade_folder": "coursekit.instructor.grade",
    "grade_submissions": "coursekit.instructor.grade",
    "Gradebook": "coursekit.instructor.grade",
    "item_analysis": "coursekit.instructor.report",
    "write_report": "coursekit.instructor.report",
    "export_quiz": "coursekit.instructor.export",
    "render_preview": "coursekit.instructor.preview",
    "InstructorError": "coursekit.instructor._common",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = _attach(__name__, _LAZY)
