"""Pydantic's validation errors, said in the words of the person who wrote the quiz file."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from coursekit.quiz import model as m
from coursekit.quiz import types
from coursekit.quiz.reading import describe as _describe
from coursekit.quiz.reading import number as _num
from coursekit.quiz.reading import where as _where
from coursekit.quiz.types.essay import Criterion, Level

__all__ = ["pydantic_message"]


def _model_at(quiz_model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Return the model whose keys are valid at ``loc`` (a path to a mapping)."""
    if loc == ():
        return quiz_model
    if loc == ("settings",):
        return m.Settings
    if len(loc) >= 3 and loc[0] == "questions" and isinstance(loc[1], int):
        if not isinstance(loc[2], str) or loc[2] not in types.names():
            return None
        qtype = types.get(loc[2])
        question = qtype.exam if quiz_model is m.ExamQuiz else qtype.practice
        if loc[3:] == ():
            return question
        if loc[3:] == ("source",) or (len(loc) == 5 and loc[3] == "sources" and isinstance(loc[4], int)):
            return m.Source
        if len(loc) >= 5 and loc[3] == "rubric" and isinstance(loc[4], int):
            if len(loc) == 5:
                return Criterion
            if len(loc) == 7 and loc[5] == "levels" and isinstance(loc[6], int):
                return Level
    return None


def _strip_tag(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union tag pydantic puts after ``questions, N``."""
    if len(loc) >= 3 and loc[0] == "questions" and isinstance(loc[1], int) and loc[2] in types.names():
        return loc[:2] + loc[3:]
    return loc


def pydantic_message(err: dict[str, Any], quiz_model: type[BaseModel], raw: Any) -> tuple[str, tuple]:
    """Return ``(message, location)`` for one pydantic error."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = _strip_tag(loc)
    in_question = len(shown) >= 2 and shown[0] == "questions" and isinstance(shown[1], int)
    where = _where(shown[2:] if in_question else shown)
    name = str(loc[-1]) if loc else ""

    if "[key]" in loc:
        keys = shown[: shown.index("[key]") - 1]
        in_q = len(keys) >= 2 and keys[0] == "questions"
        return (
            f"{_where(keys[2:] if in_q else keys)}: key {_describe(value)} must be a string; "
            "put it in quotes",
            shown[: shown.index("[key]")],
        )
    if kind == "missing":
        return f"missing key {name!r}", shown[:-1]
    if kind == "extra_forbidden":
        model = _model_at(quiz_model, loc[:-1])
        valid = sorted(model.model_fields) if model else []
        hint = difflib.get_close_matches(name, valid, n=1)
        mean = f" (did you mean {hint[0]!r}?)" if hint else ""
        extra = ""
        if quiz_model is m.ExamQuiz and name in ("answer", "explanation", "source", "sources", "pairs"):
            extra = " (exam quizzes carry no answer keys)"
        return (f"unknown key {name!r}{mean}{extra}; valid keys: {', '.join(valid)}", shown)
    if kind == "value_error":
        why = str(ctx.get("error") or err.get("msg", kind))
        return (f"{where}: {why}" if where else why), shown
    if kind == "union_tag_invalid":
        return (
            f"type {ctx.get('tag')!r} is not a question type; valid types: {', '.join(types.names())}",
            (*loc, "type"),
        )
    if kind == "union_tag_not_found":
        return f"missing key 'type' (one of {', '.join(types.names())})", loc
    if loc == ("questions",) and kind in ("too_short", "list_type") and value in ([], None):
        return "empty quiz: `questions` has no questions", loc
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{where or 'a question'}: expected a mapping of keys, got {_describe(value)}", shown
    if kind == "list_type":
        return f"{where}: expected a list, got {_describe(value)}", shown
    if kind == "string_type":
        quote_hint = "; put it in quotes" if value is not None and not isinstance(value, list | dict) else ""
        return f"{where}: expected a string, got {_describe(value)}{quote_hint}", shown
    if kind == "string_unicode":
        return f"{where}: not valid Unicode text (a lone surrogate escape?)", shown
    if kind in ("float_type", "float_parsing"):
        return f"{where}: expected a number, got {_describe(value)}", shown
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{where}: expected a whole number, got {_describe(value)}", shown
    if kind == "bool_type":
        return f"{where}: expected true or false, got {_describe(value)}", shown
    if kind == "finite_number":
        return f"{where}: expected a finite number, got {_describe(value)}", shown
    if kind == "too_short":
        if isinstance(value, str):
            return f"{where}: must not be empty", shown
        return (
            f"{where}: needs at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}",
            shown,
        )
    if kind == "greater_than_equal":
        return f"{where} must be >= {_num(ctx.get('ge'))} (got {_num(value)})", shown
    if kind == "greater_than":
        return f"{where} must be > {_num(ctx.get('gt'))} (got {_num(value)})", shown
    if kind == "string_pattern_mismatch":
        if where == "id" and in_question:
            return (f"id {_describe(value)} may only contain lowercase letters, digits and hyphens", shown)
        if where == "id":
            return (
                f"id {_describe(value)} may only contain letters, digits, '_' and '-' (it names the file)",
                shown,
            )
        return f"{where} {_describe(value)} does not match {ctx.get('pattern')}", shown
    if kind == "literal_error":
        return f"{where}: {_describe(value)} is not one of {ctx.get('expected')}", shown
    return f"{where}: {err.get('msg', kind)}", shown
