"""Scoring: every type right, wrong and partly right; canonical forms; batch grading."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.quiz.loader import load_quiz
from coursekit.quiz.scoring import Invalid, Result, canonical, score

from .conftest import GOOD

QUIZ = load_quiz(GOOD / "roadmaps.yaml")
EXAM = load_quiz(GOOD / "exam.yaml")
Q = {q.type: q for q in QUIZ.questions}

SEMASHKO = "We’re currently working on creating a single parliament and government"
PESKOV = "integration is a permanent process, it is a living mechanism"


def outcome(r: Result) -> tuple[float, bool, bool, str]:
    return (r.points, r.correct, r.partial, r.status)


@pytest.mark.parametrize(
    ("kind", "response", "expected"),
    [
        ("single", "31", (1.0, True, False, "correct")),
        ("single", "28", (0.0, False, False, "incorrect")),
        ("single", "not a choice", (0.0, False, False, "incorrect")),
        # multiple, worth 2 points: answer = tax code + civil code
        ("multiple", ["a single tax code", "a single civil code"], (2.0, True, False, "correct")),
        ("multiple", ["a single civil code", "a single tax code"], (2.0, True, False, "correct")),
        ("multiple", ["a single tax code"], (1.0, False, True, "partial")),
        ("multiple", ["a single tax code", "a common currency"], (0.0, False, False, "incorrect")),
        (
            "multiple",
            ["a single tax code", "a single civil code", "a joint army"],
            (1.0, False, True, "partial"),
        ),
        ("multiple", ["a common currency", "a joint army"], (0.0, False, False, "incorrect")),
        ("true_false", False, (1.0, True, False, "correct")),
        ("true_false", True, (0.0, False, False, "incorrect")),
        ("numeric", 11, (1.0, True, False, "correct")),
        ("numeric", 11.0, (1.0, True, False, "correct")),
        ("numeric", 12, (0.0, False, False, "incorrect")),
        (
            "order",
            [
                "Lukashenko in power",
                "Putin at Russia's helm",
                "the Union State Supreme State Council chaired by Lukashenko",
            ],
            (1.0, True, False, "correct"),
        ),
        (
            "order",
            [
                "Putin at Russia's helm",
                "Lukashenko in power",
                "the Union State Supreme State Council chaired by Lukashenko",
            ],
            (pytest.approx(1 / 3, abs=1e-6), False, True, "partial"),
        ),
        (
            "order",
            ["Lukashenko in power", None, None],
            (pytest.approx(1 / 3, abs=1e-6), False, True, "partial"),
        ),
        (
            "order",
            [
                "the Union State Supreme State Council chaired by Lukashenko",
                "Lukashenko in power",
                "Putin at Russia's helm",
            ],
            (0.0, False, False, "incorrect"),
        ),
        ("match", {SEMASHKO: "Vladimir Semashko", PESKOV: "Dmitry Peskov"}, (1.0, True, False, "correct")),
        (
            "match",
            {SEMASHKO: "Vladimir Semashko", PESKOV: "Mikhail Mishustin"},
            (0.5, False, True, "partial"),
        ),
        ("match", {SEMASHKO: "Vladimir Semashko"}, (0.5, False, True, "partial")),
        ("match", {SEMASHKO: "Dmitry Peskov", PESKOV: "Vladimir Semashko"}, (0.0, False, False, "incorrect")),
        ("text", "Semashko", (1.0, True, False, "correct")),
        ("text", "  vladimir   SEMASHKO ", (1.0, True, False, "correct")),
        ("text", "Ambassador Vladimir Semashko", (1.0, True, False, "correct")),  # via pattern
        ("text", "Peskov", (0.0, False, False, "incorrect")),
        ("text", "semashko and peskov", (0.0, False, False, "incorrect")),  # pattern is full-match
    ],
)
def test_score(kind: str, response, expected):
    assert outcome(score(Q[kind], response)) == expected


@pytest.mark.parametrize("kind", sorted(Q))
@pytest.mark.parametrize("empty", [None, "", "   ", [], {}])
def test_empty_responses_are_unanswered(kind: str, empty):
    r = score(Q[kind], empty)
    assert outcome(r) == (0.0, False, False, "unanswered")
    assert not r.answered and r.max_points == Q[kind].points


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("single", 31),
        ("true_false", "false"),
        ("true_false", 0),
        ("numeric", True),
        ("numeric", "eleven"),
        ("numeric", float("nan")),
        ("multiple", "a single tax code"),
        ("order", "Lukashenko in power"),
        ("match", ["x"]),
        ("text", 42),
        ("match", [("a", "x"), ("a", "y")]),
    ],
)
def test_responses_of_the_wrong_kind_are_invalid_and_score_zero(kind: str, response):
    r = score(Q[kind], response)
    assert (r.points, r.status) == (0.0, "invalid")
    assert isinstance(canonical(Q[kind], response), Invalid)


def test_exam_questions_cannot_be_scored():
    with pytest.raises(ValueError, match="no answer key"):
        score(EXAM.questions[0], "31")


def test_canonical_forms_ignore_order_case_and_spacing():
    assert canonical(Q["multiple"], ["b", "a"]) == canonical(Q["multiple"], ("a", "b", "a"))
    assert canonical(Q["text"], "Semashko ") == canonical(Q["text"], "semashko")
    assert canonical(Q["numeric"], 11) == canonical(Q["numeric"], "11.0") == 11.0
    assert canonical(Q["match"], {"a": "x", "b": None}) == canonical(Q["match"], [("a", "x")])
    assert canonical(Q["order"], ["a", "b"]) != canonical(Q["order"], ["b", "a"])


# Responses a widget or a hand-edited submission could produce, for every type.
_texts = st.sampled_from(
    [
        "31",
        "28",
        "a single tax code",
        "a single civil code",
        "a joint army",
        "Lukashenko in power",
        "Putin at Russia's helm",
        "the Union State Supreme State Council chaired by Lukashenko",
        "Semashko",
        " SEMASHKO ",
        "Vladimir Semashko",
        "Dmitry Peskov",
        SEMASHKO,
        PESKOV,
        "",
        "x",
    ]
)
_responses = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-50, 50),
    st.floats(allow_nan=True),
    _texts,
    st.text(max_size=8),
    st.lists(_texts, max_size=4),
    st.lists(st.one_of(st.none(), _texts), max_size=4),
    st.dictionaries(_texts, st.one_of(st.none(), _texts), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(Q)), response=_responses)
def test_score_of_canonical_equals_score_and_is_bounded(kind: str, response):
    q = Q[kind]
    c = canonical(q, response)
    hash(c)  # usable as a key for batch grading
    assert canonical(q, c) == c
    r = score(q, response)
    assert score(q, c) == r
    assert 0 <= r.points <= r.max_points
    assert r.correct == (r.points == r.max_points and r.status == "correct")
    assert not (r.correct and r.partial)


def test_batch_grading_scores_each_unique_response_once():
    """The gradebook pattern: canonical -> unique -> score once -> map back with pandas."""
    q = Q["multiple"]
    base = [
        ["a single tax code", "a single civil code"],
        ["a single civil code", "a single tax code"],
        ["a single tax code"],
        None,
        ["a joint army"],
        "oops",
    ]
    answers = pd.Series([base[i % len(base)] for i in range(30_000)])
    keys = answers.map(lambda r: canonical(q, r))
    unique = pd.unique(keys)
    assert len(unique) == 5  # the two orderings of the right answer are one
    points = {k: score(q, k).points for k in unique}
    graded = keys.map(points)
    direct = [score(q, r).points for r in base]
    assert graded.tolist() == [direct[i % len(base)] for i in range(30_000)]
    assert graded.sum() == 10_000 * 2.0 + 5_000 * 1.0
