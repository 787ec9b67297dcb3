"""A printable quiz in Markdown, and its answer key in a separate file.

``FILE`` is the quiz a student fills in on paper: every question type has a
place to answer (boxes to tick, blanks, numbers to write). ``FILE-key`` (e.g.
``quiz.md`` and ``quiz-key.md``) gives the answers by letter and text, with the
explanation and the quoted source. Options appear in the order a student
sees in an exam release: sorted, then shuffled with the quiz id as seed if the
quiz shuffles (:func:`~coursekit.instructor._common.present`), so the printed
order reveals nothing of the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coursekit.instructor._common import format_number, plural, points_label, present, write_text
from coursekit.instructor.export import Export

__all__ = ["key_path", "to_markdown", "write_markdown"]

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def key_path(path: str | Path) -> Path:
    """The answer key's file beside ``path``: ``quiz.md`` -> ``quiz-key.md``.

    Examples
    --------
    >>> key_path("out/roadmaps.md").as_posix()
    'out/roadmaps-key.md'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}-key{path.suffix}")


def _letter(n: int) -> str:
    return _LETTERS[n] if n < len(_LETTERS) else f"{_LETTERS[n // 26 - 1]}{_LETTERS[n % 26]}"


def _options(quiz: Any, q: Any) -> list[str]:
    seed = f"print:{quiz.id}:{q.id}"
    if q.type in ("single", "multiple"):
        values: list[str] = list(q.choices)
    elif q.type == "order":
        values = list(q.items)
    else:
        values = list(dict.fromkeys([*q.pairs.values(), *q.distractors]))
    return present(values, shuffle=quiz.settings.shuffle, seed=seed)


def to_markdown(quiz: Any) -> tuple[str, str]:
    """Return the printable quiz and its answer key, as Markdown.

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> quiz = Quiz.model_validate({"id": "demo", "title": "Demo", "settings": {"shuffle": False},
    ...     "questions": [{"id": "a", "type": "single", "prompt": "Capital?",
    ...     "choices": ["Moscow", "Minsk"], "answer": "Minsk", "explanation": "Minsk.",
    ...     "source": {"doc_id": "d", "quote": "q"}}]})
    >>> paper, key = to_markdown(quiz)
    >>> print(paper.split("## ")[1].strip())
    1. Capital? *(1 point)*
    <BLANKLINE>
    Tick one.
    <BLANKLINE>
    - [ ] **A.** Minsk
    - [ ] **B.** Moscow
    >>> print(key.splitlines()[4])
    **1.** A. Minsk
    """
    total = sum(q.points for q in quiz.questions)
    paper = [
        f"# {quiz.title}",
        "",
        "Name: ______________________________  Student id: ____________________",
        "",
        f"*{plural(len(quiz.questions), 'question')}, {points_label(total)}.*",
        "",
    ]
    key = [f"# {quiz.title}: answer key", "", f"*Quiz `{quiz.id}`; keep this page from students.*", ""]
    for n, q in enumerate(quiz.questions, 1):
        paper += [f"## {n}. {q.prompt.strip()} *({points_label(q.points)})*", ""]
        kind = q.type
        if kind in ("single", "multiple"):
            options = _options(quiz, q)
            paper += ["Tick one." if kind == "single" else "Tick all that apply.", ""]
            paper += [f"- [ ] **{_letter(i)}.** {c}" for i, c in enumerate(options)]
            right = {q.answer} if kind == "single" else set(q.answer)
            answer = "; ".join(f"{_letter(i)}. {c}" for i, c in enumerate(options) if c in right)
        elif kind == "true_false":
            paper += ["- [ ] True", "- [ ] False"]
            answer = "True" if q.answer else "False"
        elif kind == "numeric":
            unit = f" {q.unit}" if q.unit else ""
            paper += [f"Answer: ______________{unit}"]
            tolerance = f" (± {format_number(q.tolerance)})" if q.tolerance else ""
            answer = f"{format_number(q.answer)}{tolerance}{unit}"
        elif kind == "order":
            options = _options(quiz, q)
            paper += [f"Number the items from 1 to {len(options)} in the right order.", ""]
            paper += [f"- ( ___ ) {item}" for item in options]
            answer = " → ".join(q.answer)
        elif kind == "match":
            options = _options(quiz, q)
            letter = {text: _letter(i) for i, text in enumerate(options)}
            paper += ["Write the letter of its match next to each item.", ""]
            paper += [f"{i}. {left} → ___" for i, left in enumerate(q.pairs, 1)]
            paper += [""] + [f"- **{letter[text]}.** {text}" for text in options]
            answer = "; ".join(
                f"{i}. {letter[right]} ({right})" for i, right in enumerate(q.pairs.values(), 1)
            )
        else:
            paper += ["Answer: ________________________________________"]
            answer = " / ".join(q.answer) + (f" (or anything matching `{q.pattern}`)" if q.pattern else "")
        paper.append("")
        key += [
            f"**{n}.** {answer}",
            "",
            f"{q.explanation.strip()}",
            "",
            f"> “{q.source.quote}” ({q.source.doc_id})",
            "",
        ]
    return "\n".join(paper).rstrip() + "\n", "\n".join(key).rstrip() + "\n"


def write_markdown(quiz: Any, path: str | Path) -> Export:
    """Write the printable quiz to ``path`` and its key to :func:`key_path` ``(path)``."""
    paper, key = to_markdown(quiz)
    files = (write_text(path, paper), write_text(key_path(path), key))
    return Export(files=files, warnings=(), questions=len(quiz.questions))
