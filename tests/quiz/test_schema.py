"""quizzes/schema.json: generated from the models, and agreeing with the checker."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from coursekit.quiz.model import schema_text
from tests import goldens

from .conftest import BAD, GOOD

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "quizzes" / "schema.json"
VALIDATOR = jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


def schema_expectation(path: Path) -> str:
    """The ``# schema: pass|fail|n/a`` marker on the first line of a bad fixture."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    if not first.startswith("# schema: "):
        msg = f"{path.name} lacks a '# schema: ...' first line"
        raise ValueError(msg)
    return first.removeprefix("# schema: ").strip()


def test_committed_schema_equals_a_fresh_generation():
    goldens.update(COMMITTED, schema_text())
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "quizzes/schema.json is out of date: run `coursekit quiz schema` (or pytest --update-goldens)"
    )


def test_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(VALIDATOR.schema)


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.yaml")), ids=lambda p: p.name)
def test_good_fixtures_validate(path: Path):
    VALIDATOR.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_bad_fixtures_fail_the_schema_exactly_when_marked(path: Path):
    expectation = schema_expectation(path)
    if expectation == "n/a":  # not loadable YAML: no document to validate
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(path.read_text(encoding="utf-8"))
        return
    errors = list(VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert expectation in ("pass", "fail")
    # "pass": only the checker (corpus, cross-field rules) can catch the problem
    assert bool(errors) == (expectation == "fail"), [e.message for e in errors]


def test_exam_and_practice_shapes_are_exclusive():
    exam = yaml.safe_load((GOOD / "exam.yaml").read_text(encoding="utf-8"))
    practice = yaml.safe_load((GOOD / "minimal.yaml").read_text(encoding="utf-8"))
    assert not list(VALIDATOR.iter_errors(exam)) and not list(VALIDATOR.iter_errors(practice))
    assert list(VALIDATOR.iter_errors({**practice, "mode": "exam"}))  # answers in an exam
    assert list(VALIDATOR.iter_errors({k: v for k, v in exam.items() if k != "mode"}))


def test_every_field_is_described_for_editors():
    """Each field's docstring in coursekit.quiz.model is its description in the schema."""
    schema = json.loads(schema_text())
    undocumented = [
        f"{name}.{field}"
        for name, definition in schema["$defs"].items()
        for field, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undocumented == []
    quote = schema["$defs"]["Source"]["properties"]["quote"]["description"]
    assert quote.startswith("Words copied exactly from one paragraph")
