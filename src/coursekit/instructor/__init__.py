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

import importlib
from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'coursekit.instructor' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
