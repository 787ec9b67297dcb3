"""Release manifests (``variants.json``): which questions each student was given, read back for grading."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit._reading import ReadProblem, decode_json, read_limited
from coursekit.instructor._common import InstructorError, plural, student_id

__all__ = ["MANIFEST_FORMAT_VERSION", "MANIFEST_NAME", "Variants", "load_variants"]

MANIFEST_NAME = "variants.json"
"""The release manifest's file name, in the release folder."""
MANIFEST_FORMAT_VERSION = 1
"""The manifest format this version of coursekit writes and reads."""
_MAX_BYTES = 50_000_000  # a manifest for 5,000 students is about 5 MB


@dataclass(frozen=True)
class Variants:
    """A release manifest, read back for grading."""

    path: Path
    """The manifest file."""
    mode: str
    """The release mode."""
    quizzes: dict[str, list[str]]
    """Quiz id -> every question id released (the author's order)."""
    students: dict[str, dict[str, list[str]]]
    """Student id -> quiz id -> the question ids that student got (empty without a roster)."""
    handout_ids: dict[str, dict[str, str]] = field(default_factory=dict)
    """Quiz id -> the neutral id an exam copy shows (``q1``) -> the question's real id."""

    def real_id(self, quiz_id: str, shown: str) -> str:
        """The real id of a question as a handout shows it (itself if not a neutral id)."""
        return self.handout_ids.get(quiz_id, {}).get(shown, shown)

    def questions(self, student: str, quiz_id: str) -> list[str] | None:
        """The questions ``student`` got in ``quiz_id``; None if the student is not in the roster.

        Without a roster every student got every question.
        """
        if not self.students:
            return list(self.quizzes.get(quiz_id, []))
        mine = self.students.get(student)
        return None if mine is None else list(mine.get(quiz_id, []))

    def describe(self) -> str:
        """One line: what the manifest covers."""
        who = plural(len(self.students), "student") if self.students else "no roster"
        return f"{self.path}: {self.mode} release of {plural(len(self.quizzes), 'quiz', 'quizzes')}, {who}"


def _bad_manifest(path: Path, why: str) -> InstructorError:
    return InstructorError(
        f"not a coursekit release manifest: {why}; pass the {MANIFEST_NAME} that `coursekit release` wrote",
        path=path,
    )


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def load_variants(path: str | Path) -> Variants:
    """Read a release manifest (``variants.json``) and check its shape.

    Raises
    ------
    InstructorError
        If it is missing, not UTF-8 JSON, or not shaped like a manifest.

    Examples
    --------
    >>> load_variants("no/such/variants.json")
    Traceback (most recent call last):
    ...
    coursekit.instructor._common.InstructorError: no/such/variants.json: no such file
    """
    path = Path(path)
    if path.is_dir():
        path = path / MANIFEST_NAME
    try:
        doc = decode_json(read_limited(path, _MAX_BYTES))
    except ReadProblem as exc:
        raise InstructorError(exc.message, path=path, line=exc.line) from None
    if not isinstance(doc, dict) or doc.get("format_version") != MANIFEST_FORMAT_VERSION:
        raise _bad_manifest(path, f"format_version {MANIFEST_FORMAT_VERSION} expected")
    quizzes, students = doc.get("quizzes"), doc.get("students")
    if not isinstance(quizzes, dict) or not all(
        isinstance(v, dict) and _str_list(v.get("questions")) for v in quizzes.values()
    ):
        raise _bad_manifest(path, "quizzes must map quiz ids to {questions: [...]}")
    if not isinstance(students, dict) or not all(
        isinstance(v, dict)
        and isinstance(v.get("quizzes"), dict)
        and all(_str_list(x) for x in v["quizzes"].values())
        for v in students.values()
    ):
        raise _bad_manifest(path, "students must map student ids to {quizzes: {quiz id: [...]}}")
    mapped = {k: v.get("handout_ids", {}) for k, v in quizzes.items()}
    if not all(isinstance(m, dict) and all(isinstance(x, str) for x in m.values()) for m in mapped.values()):
        raise _bad_manifest(path, "handout_ids must map the ids a handout shows to question ids")
    ids: dict[str, str] = {}
    for raw in students:
        try:
            sid = student_id(raw)
        except InstructorError as exc:
            raise _bad_manifest(path, exc.message) from None
        if sid in ids:
            raise _bad_manifest(path, f"student {sid!r} is listed twice")
        ids[sid] = raw
    return Variants(
        path=path,
        mode=str(doc.get("mode")),
        quizzes={k: list(v["questions"]) for k, v in quizzes.items()},
        students={sid: {q: list(x) for q, x in students[raw]["quizzes"].items()} for sid, raw in ids.items()},
        handout_ids={k: dict(m) for k, m in mapped.items() if m},
    )
