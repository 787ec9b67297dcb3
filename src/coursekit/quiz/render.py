"""Quiz text to safe HTML: escape everything, then a tiny Markdown subset.

Quiz prompts, choices and explanations are Markdown or plain text. Any HTML in
them is shown as text, never injected: the text is escaped first, and only then
are ``**bold**``, ``*italic*`` and ```code``` turned into tags. Blank lines
separate paragraphs. Nothing else of Markdown is interpreted.

Examples
--------
>>> to_html("<script>alert(1)</script> is **not** run")
'<p>&lt;script&gt;alert(1)&lt;/script&gt; is <strong>not</strong> run</p>'
>>> inline_html("`a<b` and *c*")
'<code>a&lt;b</code> and <em>c</em>'
"""

from __future__ import annotations

import html
import re

__all__ = ["escape", "format_number", "inline_html", "to_html"]

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.DOTALL)
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


def escape(text: str) -> str:
    """Escape ``&``, ``<``, ``>`` and quotes.

    Examples
    --------
    >>> escape('"a" & <b>')
    '&quot;a&quot; &amp; &lt;b&gt;'
    """
    return html.escape(str(text), quote=True)


def _emphasis(text: str) -> str:
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def inline_html(text: str) -> str:
    """Escape ``text`` and render ``**bold**``, ``*italic*`` and ```code```."""
    parts = _CODE.split(escape(text))
    return "".join(f"<code>{part}</code>" if i % 2 else _emphasis(part) for i, part in enumerate(parts))


def to_html(text: str) -> str:
    """Render ``text`` as paragraphs of safe HTML (see the module docstring)."""
    paragraphs = [p for p in _PARAGRAPH.split(str(text).strip()) if p.strip()]
    return "".join(f"<p>{inline_html(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def format_number(x: float) -> str:
    """A score as people write it: at most two decimals, no trailing zeros.

    Examples
    --------
    >>> format_number(2 / 3), format_number(1.0), format_number(0.5), format_number(12.25)
    ('0.67', '1', '0.5', '12.25')
    """
    text = f"{round(float(x), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
