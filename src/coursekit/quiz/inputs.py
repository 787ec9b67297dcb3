"""The answer controls of the quiz widget: one input per question type, chosen by name.

An :class:`Input` is plain Python: it says which control the browser draws
(:attr:`Input.kind`, with :meth:`Input.spec` for its labels and options) and
converts between a response *by value* (the form
:func:`coursekit.quiz.scoring.score` takes) and the control's *state* (what the
browser sends: indices and text, always JSON). The question widget
(:mod:`coursekit.quiz.widgets`) draws every kind with native HTML controls in
its own ES module (``static/question.js``).

:data:`INPUTS` maps a question type's name to the function that builds its
input; a new question type adds itself with :func:`register_input`.

==========================  ==============  ====================================
type                        kind            state
==========================  ==============  ====================================
``single``, ``true_false``  ``radio``       index of the choice, or None
``multiple``                ``checkboxes``  indices of the ticked choices
``numeric``                 ``text``        the text typed (unit shown after it)
``order``                   ``selects``     one option index (or None) per position
``match``                   ``selects``     one option index (or None) per left item
``text``                    ``text``        the text typed
(e.g. ``essay``)            ``textarea``    the text typed, several lines
==========================  ==============  ====================================
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from coursekit.errors import QuizError
from coursekit.i18n import gettext as _
from coursekit.quiz.types.match import left_items

__all__ = [
    "INPUTS",
    "KINDS",
    "Checkboxes",
    "Input",
    "InputFactory",
    "Match",
    "Number",
    "Order",
    "Radio",
    "TextArea",
    "TextBox",
    "make_input",
    "register_input",
]

KINDS = ("radio", "checkboxes", "text", "textarea", "selects")
"""The controls the browser side can draw."""


def _invalid(value: Any, valid: list[Any]) -> QuizError:
    shown = ", ".join(repr(v) for v in valid)
    return QuizError(f"{value!r} is not a valid response; valid: {shown}")


def _index(state: Any, size: int) -> int | None:
    """``state`` if it is a valid index into ``size`` items, else None."""
    if isinstance(state, bool) or not isinstance(state, int) or not 0 <= state < size:
        return None
    return state


class Input:
    """One question's input: the control to draw and its state <-> response conversion."""

    kind: str = "text"
    label: str = ""

    def spec(self) -> dict[str, Any]:
        """What the browser needs to draw the control (JSON): kind, labels, options."""
        return {"kind": self.kind, "label": self.label}

    def empty(self) -> Any:
        """The state of an unanswered control."""
        return None

    def to_state(self, value: Any) -> Any:
        """The state showing response ``value``.

        Raises
        ------
        QuizError
            If ``value`` is not a possible response; the message lists the valid ones.
        """
        raise NotImplementedError

    def from_state(self, state: Any) -> Any:
        """The response (by value) shown by ``state``; None for a state it cannot read."""
        raise NotImplementedError


class Radio(Input):
    """Pick one: native radio buttons in a ``radiogroup`` (arrow keys move within it)."""

    kind = "radio"

    def __init__(self, options: list[tuple[str, Any]], label: str) -> None:
        self.labels = [text for text, _value in options]
        self.values = [value for _text, value in options]
        self.label = label

    def spec(self) -> dict[str, Any]:
        return {**super().spec(), "options": self.labels}

    def to_state(self, value: Any) -> Any:
        if value is None:
            return None
        for i, v in enumerate(self.values):
            if value is v or (type(value) is type(v) and value == v):
                return i
        raise _invalid(value, self.values)

    def from_state(self, state: Any) -> Any:
        i = _index(state, len(self.values))
        return None if i is None else self.values[i]


class Checkboxes(Input):
    """Pick several: one checkbox per choice, in a group named by the prompt and the hint."""

    kind = "checkboxes"

    def __init__(self, shown: list[str], original: list[str], label: str) -> None:
        self.shown = shown
        self.original = original
        self.label = label

    def spec(self) -> dict[str, Any]:
        return {**super().spec(), "options": self.shown, "hint": _("Select all that apply.")}

    def empty(self) -> Any:
        return []

    def to_state(self, value: Any) -> Any:
        picked = [] if value is None else value
        if (
            isinstance(picked, str)
            or not isinstance(picked, list | tuple | set | frozenset)
            or any(c not in self.shown for c in picked)
        ):
            raise _invalid(value, self.original)
        return [i for i, c in enumerate(self.shown) if c in picked]

    def from_state(self, state: Any) -> Any:
        cells = state if isinstance(state, list) else []
        ticked = {self.shown[i] for i in cells if _index(i, len(self.shown)) is not None}
        picked = [c for c in self.original if c in ticked]  # in the order the author wrote them
        return picked or None


class TextBox(Input):
    """One line of text."""

    kind = "text"

    def __init__(self, label: str, placeholder: str | None = None) -> None:
        self.label = label
        self.placeholder = placeholder if placeholder is not None else _("Type your answer")

    def spec(self) -> dict[str, Any]:
        return {**super().spec(), "placeholder": self.placeholder}

    def empty(self) -> Any:
        return ""

    def to_state(self, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            msg = f"{value!r} is not a valid response; expected text"
            raise QuizError(msg)
        return value or ""

    def from_state(self, state: Any) -> Any:
        return state if isinstance(state, str) and state.strip() else None


class TextArea(TextBox):
    """Several lines of text (for a type such as an essay); ``rows`` lines high."""

    kind = "textarea"

    def __init__(self, label: str, placeholder: str | None = None, rows: int = 6) -> None:
        super().__init__(label, placeholder)
        self.rows = rows

    def spec(self) -> dict[str, Any]:
        return {**super().spec(), "rows": self.rows}


class Number(TextBox):
    """A text box for a number: empty until the student types (a number box would show 0).

    The unit is shown once, after the box, and is part of the box's accessible
    name ("Answer 4 (items)").
    """

    def __init__(self, unit: str | None, label: str) -> None:
        super().__init__(label, _("Type a number"))
        self.unit = unit

    def spec(self) -> dict[str, Any]:
        name = f"{self.label} ({self.unit})" if self.unit else self.label
        return {**super().spec(), "unit": self.unit, "name": name, "inputmode": "decimal"}

    def to_state(self, value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            msg = f"{value!r} is not a valid response; expected a number"
            raise QuizError(msg)
        return f"{float(value):g}" if abs(value) < 1e15 else repr(float(value))

    def from_state(self, state: Any) -> Any:
        """The number typed (float), None if empty, or the text itself if it is not a number."""
        text = state.strip() if isinstance(state, str) else ""
        if not text:
            return None
        try:
            value = float(text.replace(",", "").replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            return text
        return value if math.isfinite(value) else text


class _Selects(Input):
    """One drop-down list per slot (order: positions; match: left items)."""

    kind = "selects"

    def __init__(self, slots: list[str], labels: list[str], options: list[str], label: str) -> None:
        self.slots = slots
        self.slot_labels = labels
        self.options = options
        self.label = label

    def spec(self) -> dict[str, Any]:
        return {
            **super().spec(),
            "slots": self.slot_labels,
            "options": self.options,
            "blank": _("(choose)"),
        }

    def empty(self) -> Any:
        return [None] * len(self.slots)

    def _option_index(self, value: Any) -> int | None:
        if value is None:
            return None
        if value not in self.options:
            raise _invalid(value, self.options)
        return self.options.index(value)

    def _picked(self, state: Any) -> list[str | None]:
        cells = list(state) if isinstance(state, list) else []
        cells += [None] * (len(self.slots) - len(cells))
        return [
            None if (i := _index(cell, len(self.options))) is None else self.options[i]
            for cell in cells[: len(self.slots)]
        ]


class Order(_Selects):
    def __init__(self, items: list[str]) -> None:
        labels = [_("Position {n}").format(n=i + 1) for i in range(len(items))]
        super().__init__([str(i) for i in range(len(items))], labels, items, "")

    def to_state(self, value: Any) -> Any:
        values = [None] * len(self.slots) if value is None else value
        if not isinstance(values, list | tuple) or len(values) != len(self.slots):
            msg = (
                f"{value!r} is not a valid response; expected a list of "
                f"{len(self.slots)} items from: {', '.join(map(repr, self.options))}"
            )
            raise QuizError(msg)
        return [self._option_index(v) for v in values]

    def from_state(self, state: Any) -> Any:
        values = self._picked(state)
        return values if any(v is not None for v in values) else None


class Match(_Selects):
    def __init__(self, left: list[str], options: list[str]) -> None:
        super().__init__(left, left, options, "")

    def to_state(self, value: Any) -> Any:
        picked = {} if value is None else value
        if not isinstance(picked, dict) or any(k not in self.slots for k in picked):
            msg = (
                f"{value!r} is not a valid response; expected a mapping from "
                f"{', '.join(map(repr, self.slots))} to options"
            )
            raise QuizError(msg)
        return [self._option_index(picked.get(left)) for left in self.slots]

    def from_state(self, state: Any) -> Any:
        picked = {left: v for left, v in zip(self.slots, self._picked(state), strict=True) if v is not None}
        return picked or None


InputFactory = Callable[[Any, "list[str] | None", str], Input]
"""``factory(question, options_in_display_order_or_None, label) -> Input``."""

INPUTS: dict[str, InputFactory] = {
    "single": lambda q, options, label: Radio([(c, c) for c in options or q.choices], label),
    "true_false": lambda q, options, label: Radio([(_("True"), True), (_("False"), False)], label),
    "multiple": lambda q, options, label: Checkboxes(options or list(q.choices), list(q.choices), label),
    "numeric": lambda q, options, label: Number(q.unit, label),
    "order": lambda q, options, label: Order(options or list(q.items)),
    "match": lambda q, options, label: Match(left_items(q), options or []),
    "text": lambda q, options, label: TextBox(label),
    # an essay: several lines; its rubric is shown with the prompt and its word count as feedback
    "essay": lambda q, options, label: TextArea(
        label, _("Write your answer; it is saved when you click outside the box"), rows=12
    ),
}
"""Question type name -> the function that builds its input."""


def register_input(name: str) -> Callable[[InputFactory], InputFactory]:
    """Decorator: build the inputs of question type ``name`` with the decorated function.

    Examples
    --------
    A multi-line answer for an ``essay`` type::

        @register_input("essay")
        def essay_input(question, options, label):
            return TextArea(label, rows=8)
    """

    def decorate(factory: InputFactory) -> InputFactory:
        INPUTS[name] = factory
        return factory

    return decorate


def make_input(question: Any, options: list[str] | None, number: int) -> Input:
    """The input of one question, labelled with its number.

    Raises
    ------
    QuizError
        If no input is registered for the question's type, or it draws a kind of
        control the browser side does not know; the message lists the valid ones.
    """
    factory = INPUTS.get(question.type)
    if factory is None:
        msg = f"the notebook cannot show {question.type!r} questions; it shows: {', '.join(INPUTS)}"
        raise QuizError(msg, item=question.id)
    made = factory(question, options, _("Answer {n}").format(n=number))  # the label names the question
    if made.kind not in KINDS:
        msg = f"input kind {made.kind!r} cannot be drawn; valid kinds: {', '.join(KINDS)}"
        raise QuizError(msg, item=question.id)
    return made
