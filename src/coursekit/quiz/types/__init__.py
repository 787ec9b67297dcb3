"""The question types: one module each, and the registry that maps ``type:`` names to them.

Each module holds everything that is true of its type whatever the output (see
:class:`~coursekit.quiz.types._base.QuestionType`). The quiz models, ``coursekit
check``, :func:`coursekit.quiz.scoring.score` and the exam release all find a type
here by name; outputs (widget, exports, report, preview) keep one renderer per
type of their own.

Adding a type is one module with a :class:`QuestionType` subclass, registered
with :func:`register`, plus one renderer per output that should support it.
Registering rebuilds the quiz models, so the new ``type:`` is accepted by
``coursekit check`` and appears in the JSON Schema.

Examples
--------
>>> from coursekit.quiz import types
>>> types.names()
('single', 'multiple', 'true_false', 'numeric', 'order', 'match', 'text', 'essay')
>>> types.get("numeric").takes
'a number'
>>> types.get("year")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
KeyError: "unknown question type 'year'; valid: single, multiple, ..., text, essay"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from coursekit.quiz.types._base import Invalid, QuestionType
from coursekit.quiz.types.essay import Essay
from coursekit.quiz.types.match import Match
from coursekit.quiz.types.multiple import Multiple
from coursekit.quiz.types.numeric import Numeric
from coursekit.quiz.types.order import Order
from coursekit.quiz.types.single import Single
from coursekit.quiz.types.text import Text
from coursekit.quiz.types.true_false import TrueFalse

__all__ = [
    "Invalid",
    "QuestionType",
    "all_types",
    "get",
    "names",
    "on_change",
    "register",
    "registered",
    "unregister",
]

_REGISTRY: dict[str, QuestionType] = {}
_LISTENERS: list[Callable[[], None]] = []


def names() -> tuple[str, ...]:
    """The registered type names, in registration order."""
    return tuple(_REGISTRY)


def all_types() -> tuple[QuestionType, ...]:
    """The registered types, in registration order."""
    return tuple(_REGISTRY.values())


def get(name: str) -> QuestionType:
    """Return the type registered as ``name``.

    Raises
    ------
    KeyError
        If there is none; the message lists the valid names.
    """
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        msg = f"unknown question type {name!r}; valid: {', '.join(_REGISTRY)}"
        raise KeyError(msg) from None


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener()`` whenever a type is registered or removed (the models rebuild so)."""
    _LISTENERS.append(listener)


def _changed() -> None:
    for listener in _LISTENERS:
        listener()


def register(qtype: QuestionType) -> QuestionType:
    """Register a question type and rebuild the quiz models; return it.

    Raises
    ------
    ValueError
        If the name is taken, or the type's models do not say ``type: <name>``.
    """
    name = getattr(qtype, "name", None)
    if not isinstance(name, str) or not name:
        msg = f"{qtype!r} has no name"
        raise ValueError(msg)
    if name in _REGISTRY:
        msg = f"question type {name!r} is already registered"
        raise ValueError(msg)
    for model in (qtype.practice, qtype.exam):
        annotation = model.model_fields.get("type")
        if annotation is None or getattr(annotation.annotation, "__args__", None) != (name,):
            msg = f"{model.__name__}.type must be Literal[{name!r}]"
            raise ValueError(msg)
    _REGISTRY[name] = qtype
    _changed()
    return qtype


def unregister(name: str) -> None:
    """Remove a registered type (tests use this to undo :func:`register`)."""
    get(name)
    del _REGISTRY[name]
    _changed()


@contextmanager
def registered(qtype: QuestionType) -> Iterator[QuestionType]:
    """Register ``qtype`` for the length of a ``with`` block."""
    register(qtype)
    try:
        yield qtype
    finally:
        unregister(qtype.name)


for _builtin in (Single(), Multiple(), TrueFalse(), Numeric(), Order(), Match(), Text(), Essay()):
    _REGISTRY[_builtin.name] = _builtin
del _builtin
