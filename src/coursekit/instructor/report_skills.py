"""Score by skill: each student's mean share of the points, per historical-thinking skill.

Every question carries a ``skill`` (see :data:`coursekit.quiz.types._base.SKILLS`);
:func:`skill_scores` groups a graded class's responses by it. A student's share
for a skill is their points over the points available on the questions of that
skill they were given (so a heavy question weighs more, as in the gradebook).
Questions worth no points (ungraded practice essays) are left out; questions
without a ``skill`` are grouped as ``untagged``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coursekit.quiz.types._base import SKILLS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SKILL_COLUMNS", "UNTAGGED", "skill_of", "skill_scores", "skill_table"]

UNTAGGED = "untagged"
"""The skill shown for a question without ``skill:``."""
SKILL_COLUMNS = ("student", "skill", "questions", "points", "max_points", "share")
"""The columns of :func:`skill_scores`; the student ``(all students)`` holds the class's figures."""
ALL_STUDENTS = "(all students)"


def skill_of(question: Any) -> str:
    """The question's skill, or :data:`UNTAGGED`."""
    return getattr(question, "skill", None) or UNTAGGED


def _order(skill: str) -> int:
    return SKILLS.index(skill) if skill in SKILLS else len(SKILLS)


def skill_scores(responses: pd.DataFrame, key: dict[str, Any]) -> pd.DataFrame:
    """Per student and skill: questions answered, points, points available and their share.

    Parameters
    ----------
    responses
        :attr:`~coursekit.instructor.gradebook.Gradebook.responses`.
    key
        The practice quizzes by id.

    Returns
    -------
    pandas.DataFrame
        :data:`SKILL_COLUMNS`, the class first (student ``(all students)``: its
        share is the mean of the students' shares), then each student, skills in
        the order of :data:`~coursekit.quiz.types._base.SKILLS`.
    """
    import pandas as pd

    skills = {(quiz_id, q.id): skill_of(q) for quiz_id, quiz in key.items() for q in quiz.questions}
    rows = responses[responses["max_points"] > 0]
    if rows.empty:
        return pd.DataFrame(columns=list(SKILL_COLUMNS))
    rows = rows.assign(skill=[skills[(z, q)] for z, q in zip(rows["quiz"], rows["question"], strict=True)])
    per = (
        rows.groupby(["student", "skill"])
        .agg(questions=("question", "size"), points=("points", "sum"), max_points=("max_points", "sum"))
        .reset_index()
    )
    per["share"] = per["points"] / per["max_points"]
    overall = (
        per.groupby("skill")
        .agg(questions=("questions", "sum"), points=("points", "sum"), max_points=("max_points", "sum"))
        .reset_index()
    )
    overall["share"] = per.groupby("skill")["share"].mean().reindex(overall["skill"]).to_numpy()
    overall.insert(0, "student", ALL_STUDENTS)
    out = pd.concat([overall, per], ignore_index=True)
    out["_first"] = out["student"] != ALL_STUDENTS
    out["_skill"] = out["skill"].map(_order)
    out = out.sort_values(["_first", "student", "_skill"], kind="stable")
    return out[list(SKILL_COLUMNS)].reset_index(drop=True)


def skill_table(scores: pd.DataFrame, *, limit: int = 200) -> tuple[list[str], list[list[str]]]:
    """``(header, rows)`` of a student-by-skill table of shares (``–``: no question of that skill).

    The class comes first; at most ``limit`` students follow (the CSV holds them all).
    """
    skills = sorted(set(scores["skill"]), key=_order)
    header = ["student", *skills]
    wide = scores.pivot(index="student", columns="skill", values="share")
    students = [ALL_STUDENTS, *sorted(s for s in wide.index if s != ALL_STUDENTS)][: limit + 1]
    rows = []
    for student in students:
        cells = [student]
        for skill in skills:
            value = wide.at[student, skill] if skill in wide.columns else float("nan")
            cells.append("–" if value != value else f"{value:.0%}")
        rows.append(cells)
    return header, rows
