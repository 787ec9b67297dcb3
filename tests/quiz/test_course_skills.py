"""The course's quizzes test historical thinking, not only recall (issue 14).

Every question names its skill; across the course at most 40% are recall and at
least six each test sourcing, corroboration, contextualization and analysis; at
least four cite two or more passages; every passage is checked verbatim by
``coursekit check`` (tests/quiz/test_loader.py runs it over quizzes/).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from coursekit.paths import quizzes_dir
from coursekit.quiz.loader import check_paths, load_quizzes, quiz_files
from coursekit.quiz.types._base import SKILLS


@pytest.fixture(scope="module")
def questions() -> list[Any]:
    return [q for quiz in load_quizzes().values() for q in quiz.questions]


def test_every_question_names_its_skill(questions: list[Any]):
    untagged = [q.id for q in questions if q.skill is None]
    assert untagged == []
    assert {q.skill for q in questions} <= set(SKILLS)


def test_at_most_40_percent_recall_and_six_of_each_thinking_skill(questions: list[Any]):
    counts = Counter(q.skill for q in questions)
    assert counts["recall"] <= 0.4 * len(questions), counts
    for skill in ("sourcing", "corroboration", "contextualization", "analysis"):
        assert counts[skill] >= 6, (skill, counts)


def test_at_least_four_questions_cite_several_passages(questions: list[Any]):
    assert sum(len(q.cited) >= 2 for q in questions) >= 4


def test_corroboration_weighs_passages_and_never_a_lone_date(questions: list[Any]):
    """A corroboration question sets claims side by side: it cites two passages or more, and
    its answer is not a bare year (settled dates are recall)."""
    for q in questions:
        if q.skill != "corroboration":
            continue
        assert len(q.cited) >= 2, q.id
        assert q.type != "numeric", q.id


def test_written_tasks_are_essays_handed_in_and_the_review_ends_with_a_dbq():
    quizzes = load_quizzes()
    for quiz_id in ("01-leaders", "02-roadmaps", "03-2020-2021", "04-after-2022"):
        essays = [q for q in quizzes[quiz_id].questions if q.type == "essay"]
        assert essays, quiz_id
        assert all(q.points == 0 for q in essays), "practice essays are ungraded by default"
    last = quizzes["05-review"].questions[-1]
    assert last.type == "essay" and "Integration or annexation?" in last.prompt
    assert len({s.doc_id for s in last.cited}) >= 3
    assert (last.min_words or 0) >= 300


def test_every_passage_is_verbatim():
    assert [str(p) for p in check_paths(quiz_files(quizzes_dir()))] == []
