"""The answer controls of the quiz widget: one input per question type, chosen by name.

Each input gets and sets a response *by value* (the form
:func:`coursekit.quiz.scoring.score` takes). :data:`INPUTS` maps a question
type's name to the function that builds its input; a new question type adds
itself with :func:`register_input`.

========================  ===============================================
``single``, ``true_false``  ``RadioButtons``
``multiple``                one ``Checkbox`` per choice
``numeric``                 ``Text`` (empty until typed; unit in label)
``order``                   one ``Dropdown`` per position
``match``                   one ``Dropdown`` per left item
``text``                    ``Text``
``essay``                   ``Textarea``, its rubric and a word count
========================  ===============================================
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from coursekit.errors import QuizError
from coursekit.quiz.types.match import left_items

__all__ = [
    "INPUTS",
    "Checkboxes",
    "Dropdowns",
    "EssayBox",
    "Input",
    "InputFactory",
    "Looks",
    "Match",
    "Number",
    "Order",
    "Radio",
    "TextBox",
    "make_input",
    "register_input",
]

_WIDE = {"description_width": "initial"}


class Looks:
    """The layouts and styles that all the widgets of one quiz share.

    ipywidgets gives each control a ``Layout`` and a style of its own unless it
    is handed one: a ten-question quiz made 126 of them, each one more widget for
    the kernel to open and the browser to build. Nothing changes a layout or a
    style once the quiz is built, so one of each kind serves the whole quiz, as
    ipywidgets allows (``Button(style=other_button.style)``).
    """

    def __init__(self) -> None:
        self.plain = widgets.Layout()
        self.auto_width = widgets.Layout(width="auto")
        self.question = widgets.Layout(margin="0 0 1.2em 0")
        self._styles: dict[str, widgets.Widget] = {}

    def make(
        self,
        cls: type[widgets.DOMWidget],
        *,
        shares: str | None = None,
        style: dict[str, str] | None = None,
        layout: widgets.Layout | None = None,
        **kwargs: Any,
    ) -> Any:
        """A ``cls`` widget with the style of the first one made with the same ``shares`` key."""
        key = shares or cls.__name__
        shared = self._styles.get(key)
        widget = cls(
            layout=layout or self.plain, style=shared if shared is not None else dict(style or {}), **kwargs
        )
        self._styles.setdefault(key, widget.style)
        return widget

    def html(self, value: str = "") -> widgets.HTML:
        return self.make(widgets.HTML, value=value)

    def button(self, **kwargs: Any) -> widgets.Button:
        return self.make(widgets.Button, **kwargs)

    def text(self, label: str, placeholder: str) -> widgets.Text:
        return self.make(
            widgets.Text,
            style=_WIDE,
            value="",
            description=label,
            placeholder=placeholder,
            continuous_update=False,
        )

    def vbox(self, children: list[widgets.Widget]) -> widgets.VBox:
        return widgets.VBox(children, layout=self.plain)

    def hbox(self, children: list[widgets.Widget]) -> widgets.HBox:
        return widgets.HBox(children, layout=self.plain)


class Input:
    """One question's input controls; get/set the response by value."""

    widget: widgets.Widget
    controls: list[widgets.Widget]

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError

    def observe(self, callback: Callable[[], None]) -> None:
        for control in self.controls:
            control.observe(lambda _change: callback(), names="value")

    def disable(self, flag: bool = True) -> None:
        for control in self.controls:
            control.disabled = flag


def _invalid(value: Any, valid: list[Any]) -> QuizError:
    shown = ", ".join(repr(v) for v in valid)
    return QuizError(f"{value!r} is not a valid response; valid: {shown}")


class Radio(Input):
    def __init__(self, options: list[tuple[str, Any]], label: str, looks: Looks) -> None:
        self.values = [v for _, v in options]
        self.radio = looks.make(
            widgets.RadioButtons,
            shares="described",
            style=_WIDE,
            layout=looks.auto_width,
            options=options,
            value=None,
            description=label,
        )
        self.widget = self.radio
        self.controls = [self.radio]

    def get(self) -> Any:
        return self.radio.value

    def set(self, value: Any) -> None:
        if value is not None and (
            not any(value is v or (type(value) is type(v) and value == v) for v in self.values)
        ):
            raise _invalid(value, self.values)
        self.radio.value = value


class Checkboxes(Input):
    def __init__(self, shown: list[str], original: list[str], looks: Looks) -> None:
        self.original = original
        self.boxes = {
            c: looks.make(widgets.Checkbox, layout=looks.auto_width, value=False, description=c, indent=False)
            for c in shown
        }
        label = looks.html("<span class='coursekit-hint'>Select all that apply.</span>")
        self.widget = looks.vbox([label, *self.boxes.values()])
        self.controls = list(self.boxes.values())

    def get(self) -> Any:
        picked = [c for c in self.original if self.boxes[c].value]
        return picked or None

    def set(self, value: Any) -> None:
        picked = [] if value is None else value
        if (
            isinstance(picked, str)
            or not isinstance(picked, list | tuple | set | frozenset)
            or any(c not in self.boxes for c in picked)
        ):
            raise _invalid(value, self.original)
        for choice, box in self.boxes.items():
            box.value = choice in picked


class Number(Input):
    """A text box for a number: empty until the student types (a number box would show 0)."""

    def __init__(self, unit: str | None, label: str, looks: Looks) -> None:
        label = f"{label} ({unit})" if unit else label
        self.box = looks.text(label, "Type a number")
        parts = [self.box] + ([looks.make(widgets.Label, value=unit)] if unit else [])
        self.widget = looks.hbox(parts)
        self.controls = [self.box]

    def get(self) -> Any:
        """The number typed (float), None if empty, or the text itself if it is not a number."""
        text = self.box.value.strip()
        if not text:
            return None
        try:
            value = float(text.replace(",", "").replace(" ", ""))
        except ValueError:
            return text
        return value if math.isfinite(value) else text

    def set(self, value: Any) -> None:
        if value is None:
            self.box.value = ""
            return
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            msg = f"{value!r} is not a valid response; expected a number"
            raise QuizError(msg)
        self.box.value = f"{float(value):g}" if abs(value) < 1e15 else repr(float(value))


class Dropdowns(Input):
    """One dropdown per slot (order: positions; match: left items)."""

    def __init__(self, slots: list[str], labels: list[str], options: list[str], looks: Looks) -> None:
        self.slots = slots
        self.options = options
        self.menus = [
            looks.make(
                widgets.Dropdown,
                shares="described",
                style=_WIDE,
                layout=looks.auto_width,
                options=options,
                value=None,
                description=label,
            )
            for label in labels
        ]
        self.widget = looks.vbox(self.menus)
        self.controls = list(self.menus)

    def _check(self, value: Any) -> None:
        if value is not None and value not in self.options:
            raise _invalid(value, self.options)


class Order(Dropdowns):
    def __init__(self, items: list[str], looks: Looks) -> None:
        super().__init__(
            [str(i) for i in range(len(items))],
            [f"Position {i + 1}" for i in range(len(items))],
            items,
            looks,
        )

    def get(self) -> Any:
        values = [m.value for m in self.menus]
        return values if any(v is not None for v in values) else None

    def set(self, value: Any) -> None:
        values = [None] * len(self.menus) if value is None else value
        if not isinstance(values, list | tuple) or len(values) != len(self.menus):
            msg = (
                f"{value!r} is not a valid response; expected a list of "
                f"{len(self.menus)} items from: {', '.join(map(repr, self.options))}"
            )
            raise QuizError(msg)
        for v in values:
            self._check(v)
        for menu, v in zip(self.menus, values, strict=True):
            menu.value = v


class Match(Dropdowns):
    def __init__(self, left: list[str], options: list[str], looks: Looks) -> None:
        super().__init__(left, left, options, looks)

    def get(self) -> Any:
        picked = {
            left: m.value for left, m in zip(self.slots, self.menus, strict=True) if m.value is not None
        }
        return picked or None

    def set(self, value: Any) -> None:
        picked = {} if value is None else value
        if not isinstance(picked, dict) or any(k not in self.slots for k in picked):
            msg = (
                f"{value!r} is not a valid response; expected a mapping from "
                f"{', '.join(map(repr, self.slots))} to options"
            )
            raise QuizError(msg)
        for v in picked.values():
            self._check(v)
        for left, menu in zip(self.slots, self.menus, strict=True):
            menu.value = picked.get(left)


class TextBox(Input):
    def __init__(self, label: str, looks: Looks) -> None:
        self.box = looks.text(label, "Type your answer")
        self.widget = self.box
        self.controls = [self.box]

    def get(self) -> Any:
        return self.box.value if self.box.value.strip() else None

    def set(self, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            msg = f"{value!r} is not a valid response; expected text"
            raise QuizError(msg)
        self.box.value = value or ""


class EssayBox(TextBox):
    """A multi-line answer with its rubric above and a running word count below.

    The text is saved like any answer: when the box loses focus (``continuous_update``
    is off, so the kernel is not written to on every key), and on Submit.
    """

    def __init__(self, question: Any, label: str, looks: Looks) -> None:
        from coursekit.quiz.rubric import rubric_html, word_range
        from coursekit.quiz.types.essay import word_count

        self._count = word_count
        self._range = word_range(question)
        self.box = looks.make(
            widgets.Textarea,
            style=_WIDE,
            layout=widgets.Layout(width="100%", height="16em"),
            value="",
            description=label,
            placeholder="Write your answer; it is saved when you click outside the box",
            continuous_update=False,
        )
        self.words = looks.html()
        rubric = looks.html(
            f"<details class='coursekit-rubric'><summary>Rubric</summary>{rubric_html(question)}</details>"
        )
        self.widget = looks.vbox([rubric, self.box, self.words])
        self.controls = [self.box]
        self.box.observe(lambda _change: self._recount(), names="value")
        self._recount()

    def _recount(self) -> None:
        n = self._count(self.box.value)
        wanted = f" (asked: {self._range})" if self._range else ""
        self.words.value = f"<span class='coursekit-hint'>{n} word{'' if n == 1 else 's'}{wanted}</span>"


InputFactory = Callable[[Any, "list[str] | None", str, Looks], Input]
"""``factory(question, options_in_display_order_or_None, label, looks) -> Input``."""

INPUTS: dict[str, InputFactory] = {
    "single": lambda q, options, label, looks: Radio([(c, c) for c in options or q.choices], label, looks),
    "true_false": lambda q, options, label, looks: Radio([("True", True), ("False", False)], label, looks),
    "multiple": lambda q, options, label, looks: Checkboxes(
        options or list(q.choices), list(q.choices), looks
    ),
    "numeric": lambda q, options, label, looks: Number(q.unit, label, looks),
    "order": lambda q, options, label, looks: Order(options or list(q.items), looks),
    "match": lambda q, options, label, looks: Match(left_items(q), options or [], looks),
    "text": lambda q, options, label, looks: TextBox(label, looks),
    "essay": lambda q, options, label, looks: EssayBox(q, label, looks),
}
"""Question type name -> the function that builds its input."""


def register_input(name: str) -> Callable[[InputFactory], InputFactory]:
    """Decorator: build the inputs of question type ``name`` with the decorated function."""

    def decorate(factory: InputFactory) -> InputFactory:
        INPUTS[name] = factory
        return factory

    return decorate


def make_input(question: Any, options: list[str] | None, number: int, looks: Looks) -> Input:
    """The input of one question, labelled with its number.

    Raises
    ------
    QuizError
        If no input is registered for the question's type; the message lists those that are.
    """
    factory = INPUTS.get(question.type)
    if factory is None:
        msg = f"the notebook cannot show {question.type!r} questions; it shows: {', '.join(INPUTS)}"
        raise QuizError(msg, item=question.id)
    return factory(question, options, f"Answer {number}", looks)  # the label says which question
