"""Quiz text to HTML: escaped first, then a tiny Markdown subset."""

from __future__ import annotations

import pytest

from coursekit.quiz.render import inline_html, to_html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain", "<p>plain</p>"),
        ("<b>bold?</b>", "<p>&lt;b&gt;bold?&lt;/b&gt;</p>"),
        ("**Minsk** and *Moscow*", "<p><strong>Minsk</strong> and <em>Moscow</em></p>"),
        ("`<script>` stays code", "<p><code>&lt;script&gt;</code> stays code</p>"),
        ("`**not bold**`", "<p><code>**not bold**</code></p>"),
        ("a\nb\n\nc", "<p>a<br>b</p><p>c</p>"),
        ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
        ("\"quoted\" & 'single'", "<p>&quot;quoted&quot; &amp; &#x27;single&#x27;</p>"),
        ("**<i onclick=x>**", "<p><strong>&lt;i onclick=x&gt;</strong></p>"),
    ],
)
def test_to_html(text: str, html: str):
    assert to_html(text) == html


def test_no_tag_from_the_input_survives():
    hostile = "<img src=x onerror=alert(1)>**<script>**`</code><script>`*<a href=javascript:x>*"
    out = inline_html(hostile)
    assert "<img" not in out and "<script" not in out and "<a " not in out
    assert out.count("<") == out.count(">") == 6  # only our strong/code/em tags
