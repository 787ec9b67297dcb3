"""Reading a quiz file's bytes into YAML nodes, with every problem located at a line.

The YAML is *composed* into a node tree first: each node keeps its line, so a
later error at ``questions[2].answer`` is reported at the line of that key.
Whatever the bytes (empty, binary, not UTF-8, huge, deeply nested, aliases that
expand without end, YAML tags) this module adds a problem and never raises:
only ``yaml.SafeLoader`` (or libyaml's ``CSafeLoader``) is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coursekit.errors import QuizError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Report",
    "compose",
    "decode",
    "describe",
    "duplicate_keys",
    "line_at",
    "number",
    "where",
]

MAX_BYTES = 1_000_000
"""Quiz files larger than this are refused (a real quiz is a few kilobytes)."""
MAX_NODES = 100_000
"""Most YAML nodes a quiz may expand to (aliases counted each time used)."""
MAX_DEPTH = 40
"""Deepest nesting a quiz may have."""
SKIP = frozenset({"schema.json"})
_ITEM_RE = re.compile(r"[\w.-]{1,80}")


@dataclass
class Report:
    """Collects the problems of one file."""

    path: str
    root: Node | None = None
    raw: Any = None
    problems: list[QuizError] = field(default_factory=list)

    def add(self, message: str, loc: tuple[Any, ...] = (), *, line: int | None = None) -> None:
        if line is None and self.root is not None:
            line = line_at(self.root, loc)
        self.problems.append(QuizError(message, path=self.path, line=line, item=self._item(loc)))

    def _item(self, loc: tuple[Any, ...]) -> str | None:
        if len(loc) < 2 or loc[0] != "questions" or not isinstance(loc[1], int):
            return None
        questions = self.raw.get("questions") if isinstance(self.raw, dict) else None
        if isinstance(questions, list) and 0 <= loc[1] < len(questions):
            q = questions[loc[1]]
            if isinstance(q, dict) and isinstance(q.get("id"), str) and _ITEM_RE.fullmatch(q["id"]):
                return q["id"]
        return f"#{loc[1] + 1}"


def line_at(root: Node, loc: tuple[Any, ...]) -> int:
    """Return the line of the YAML node at ``loc`` (or of its nearest ancestor).

    String parts name mapping keys (the key's line is used); integers index
    sequences. A string that is not a key (a union tag in a pydantic location,
    or a missing key) leaves the position where it is.
    """
    node = root
    line = root.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str | int):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == str(part):
                    line, node = key.start_mark.line + 1, value
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def where(loc: tuple[Any, ...]) -> str:
    """``('source', 'quote')`` -> ``source.quote``; ``('choices', 2)`` -> ``choices[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def describe(value: Any) -> str:
    """Describe a YAML value briefly, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({str(value)[:40]})"


def number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else repr(value)


def decode(data: bytes, report: Report) -> str | None:
    if len(data) > MAX_BYTES:
        report.add(f"file too large ({len(data):,} bytes; a quiz file may have at most {MAX_BYTES:,})")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8", line=line)
        return None
    return text.removeprefix("\ufeff")


def _yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        char = exc.character
        shown = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        return (f"invalid YAML: character {shown} is not allowed (control characters and the like)", line)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        context += f" started on line {context_mark.line + 1}"
    detail = f"{problem}" + (f" ({context})" if context and context != problem else "")
    if "could not determine a constructor for the tag" in detail:
        tag = detail.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        return (f"YAML tag {tag!r} is not allowed in quiz files", line)
    started = f" on line {context_mark.line + 1}" if context_mark is not None else ""
    for words, advice in _ADVICE:
        if words in detail:
            return (advice.format(started=started, line=line), line)
    return (f"invalid YAML: {' '.join(detail.split())}", line)


# What YAML's own messages mean to someone writing a quiz, and what to change.
_ADVICE = (
    ("'\\t' that cannot start any token", "a tab character: indent with spaces, not tabs"),
    (
        "mapping values are not allowed here",
        "a ':' where YAML does not expect one: put text that contains ': ' in quotes, "
        "and check this line is indented like the keys around it",
    ),
    (
        "expected <block end>",
        "this line's indentation does not match the block that starts{started}: "
        "line up its keys, with spaces",
    ),
    (
        "while scanning a quoted scalar",
        "the quote opened{started} is never closed: end the text with the same quote mark",
    ),
    (
        "while scanning a double-quoted scalar",
        'a backslash in "double quotes": use single quotes, or write two backslashes',
    ),
    ("found undefined alias", "a '*' starts a YAML alias here: put text that starts with '*' in quotes"),
    (
        "while parsing a flow sequence",
        "the list in [brackets] opened{started} is not closed, or an item in it needs quotes",
    ),
    (
        "while parsing a flow mapping",
        "the mapping in {{braces}} opened{started} is not closed, or a value in it needs quotes",
    ),
    (
        "expected a single document",
        "a second YAML document begins here ('---'): a quiz file holds one; remove the '---' line",
    ),
    (
        "could not find expected ':'",
        "a line that is neither 'key: value' nor '- item': add the key, or quote the text",
    ),
)


def _budget(root: Node) -> str | None:
    """Refuse trees that expand too much (alias bombs, cycles) or nest too deep."""
    count = 0
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            return f"the YAML expands to more than {MAX_NODES:,} values (aliases?)"
        if depth > MAX_DEPTH:
            return f"the YAML is nested more than {MAX_DEPTH} levels deep (recursive aliases?)"
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return None


_OPEN = (
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _too_deep(text: str, loader_class: type) -> int | None:
    """The line where the nesting passes :data:`MAX_DEPTH`, found *before* parsing.

    The YAML parsers build the tree recursively: 30,000 nested ``[`` crashed the
    interpreter (libyaml) before any limit on the tree could apply. The scanner
    is a loop, so the depth is counted on its tokens. A scanning error is left for
    the parser to report.
    """
    loader = loader_class(text)
    depth = 0
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return int(token.start_mark.line) + 1
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def duplicate_keys(root: Node) -> list[tuple[tuple[Any, ...], str, int, int]]:
    """Keys given twice in one mapping: ``(location, key, line, first line)`` each.

    YAML loaders keep the last value silently, so a second ``answer:`` would
    replace the key an author checked.
    """
    found = []
    stack: list[tuple[Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend((child, (*loc, i)) for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in first:
                        found.append(((*loc, key.value), key.value, line, first[key.value]))
                    else:
                        first[key.value] = line
                    stack.append((value, (*loc, key.value)))
    return sorted(found, key=lambda f: f[2])


def compose(text: str, report: Report) -> tuple[Node | None, Any]:
    """Compose and construct the YAML; on bad YAML, add one problem and return Nones.

    libyaml (``yaml.CSafeLoader``, when PyYAML has it) reads a good file about ten
    times faster, which every notebook's quiz pays for. A file it rejects is read
    again by the pure-Python ``yaml.SafeLoader``, whose messages are the ones
    this module words and tests.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    deep = _too_deep(text, fast or yaml.SafeLoader)
    if deep is not None:
        report.add(
            f"the YAML is nested more than {MAX_DEPTH} levels deep; a quiz needs a few levels", line=deep
        )
        return None, None
    if fast is not None:
        trial = Report(report.path)
        root, raw = _compose_with(fast, text, trial)
        if not trial.problems:
            report.root = trial.root
            return root, raw
    return _compose_with(yaml.SafeLoader, text, report)


def _compose_with(loader_class: type, text: str, report: Report) -> tuple[Node | None, Any]:
    loader = None
    try:
        loader = loader_class(text)
        root = loader.get_single_node()
        if root is None:
            return None, None
        report.root = root
        too_big = _budget(root)
        if too_big:
            report.add(too_big, line=root.start_mark.line + 1)
            return None, None
        return root, loader.construct_document(root)
    except yaml.YAMLError as exc:
        message, line = _yaml_problem(exc, text)
        report.add(message, line=line)
    except RecursionError:
        report.add(f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)")
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date 2019-02-30
        report.add(f"invalid YAML value: {' '.join(str(exc).split())}")
    finally:
        if loader is not None:
            loader.dispose()
    return None, None
