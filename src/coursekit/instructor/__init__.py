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

from coursekit._lazy import attach as _attach

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
