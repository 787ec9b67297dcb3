"""Warnings for ``coursekit check``: a question whose id or prompt gives its answer away.

An id is written for the author (``meduza``, ``kremlin-not-hostile``) and is seen by
students in a practice copy, an export or an old handout; a prompt is seen by
everyone. Neither should hold the answer. These are **warnings**, not errors:
``check`` prints them but its exit status depends on errors only, since the
author may have good reasons (a name asked about in the prompt, say).

The answer texts of a question are those its type says a student must give:
the right choice(s) of ``single``/``multiple``, the accepted ``text`` answers and
the ``numeric`` value. ``true_false``, ``order`` and ``match`` are not checked
(their answers are the options themselves).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MIN_WORD", "answer_leaks"]

MIN_WORD = 4
"""Words shorter than this are ignored when an id is compared with an answer."""
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _answers(question: Any) -> tuple[list[str], list[str]]:
    """(answer texts, the other options' texts) of a practice question."""
    kind = question.type
    if kind == "single":
        return [question.answer], [c for c in question.choices if c != question.answer]
    if kind == "multiple":
        return list(question.answer), [c for c in question.choices if c not in question.answer]
    if kind == "text":
        return list(question.answer), []
    if kind == "numeric":
        return [format(question.answer, "g")], []
    return [], []


def answer_leaks(question: Any) -> list[str]:
    """Why ``question``'s id or prompt gives its answer away; empty if it does not.

    A leak is an answer whose words appear in the id, or a word of at least
    :data:`MIN_WORD` characters that only the answer has (no wrong option has
    it) appearing in the id; or, for ``text`` and ``numeric`` questions (no
    options to choose from), the whole answer appearing in the prompt.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> q = NS(type="single", id="meduza", prompt="Which outlet reported it?",
    ...        answer="Meduza", choices=["Meduza", "TASS", "RBC"], explanation="e")
    >>> answer_leaks(q)
    ["id 'meduza' contains the answer 'Meduza'"]
    >>> answer_leaks(NS(type="text", id="q7", prompt="Who is the ambassador? (Semashko?)",
    ...                 answer=["Semashko"], explanation="e"))
    ["the prompt contains the answer 'Semashko'"]
    """
    if not hasattr(question, "explanation"):  # an exam copy: no answer to compare
        return []
    answers, others = _answers(question)
    id_words = _words(question.id)
    other_words = {w for text in others for w in _words(text)}
    prompt_words = _words(question.prompt)
    found: list[str] = []
    for answer in answers:
        words = _words(answer)
        own = [w for w in words if len(w) >= MIN_WORD and w not in other_words and w in id_words]
        if _contains(id_words, words) or own:
            found.append(f"id {question.id!r} contains the answer {answer!r}")
        elif question.type in ("text", "numeric") and _contains(prompt_words, words):
            found.append(f"the prompt contains the answer {answer!r}")
    return found
