"""Whatever the bytes, the loader answers with QuizError problems, never a crash."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.errors import QuizError
from coursekit.quiz.loader import load_quiz, parse_quiz

from .conftest import GOOD

SEEDS = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(GOOD.glob("*.yaml"))]
YAML_BITS = st.sampled_from(
    [
        ":",
        "- ",
        "  ",
        "\n",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!python/object ",
        "!!binary ",
        "'",
        '"',
        "#",
        "? ",
        "|",
        ">",
        "---\n",
        "\t",
        "null",
        "true",
        "-1",
        "1e999",
        ".nan",
        "answer: ",
        "type: order",
        "questions: ",
        "2019-02-30",
        "\\udc80",
        "<<: *a",
        "\x00",
        "\ufeff",
    ]
)


@st.composite
def mutated_yaml(draw) -> tuple[str, bytes]:
    """A good fixture (its file name, and its text with a few random edits)."""
    name, text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            bit = draw(st.one_of(YAML_BITS, st.text(max_size=6)))
            end = at + (len(bit) if op == "replace" else 0)
            text = text[:at] + bit + text[end:]
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=4)) + raw[cut:]
    return name, raw


def _only_quiz_errors(data: bytes, tmp: Path, name: str = "fuzz.yaml") -> None:
    quiz, problems = parse_quiz(data, name)
    assert (quiz is None) == bool(problems)
    assert all(isinstance(p, QuizError) and "\n" not in str(p) for p in problems)
    path = tmp / name
    path.write_bytes(data)
    with contextlib.suppress(QuizError):
        load_quiz(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes(data: bytes, tmp_path: Path):
    _only_quiz_errors(data, tmp_path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated_yaml())
def test_mutated_valid_yaml(case: tuple[str, bytes], tmp_path: Path):
    name, data = case
    _only_quiz_errors(data, tmp_path, name)
