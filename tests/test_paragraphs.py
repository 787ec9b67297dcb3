"""ck.prose: text from the data shown as paragraphs, escaped, with links that wrap."""

from __future__ import annotations

import re

import pytest

import coursekit as ck


def test_prose_escapes_markup_and_keeps_the_text_for_print():
    p = ck.prose('<script>alert("x")</script> & more')
    assert str(p) == '<script>alert("x")</script> & more'
    assert "<script>" not in p._repr_html_()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in p._repr_html_()


def test_an_address_cannot_break_out_of_its_link():
    shown = ck.prose('see https://example.org/a"onmouseover="alert(1) now')._repr_html_()
    # the address ends at the quote; the rest stays text
    assert re.findall(r'href="([^"]*)"', shown) == ["https://example.org/a"]
    assert "onmouseover=" not in shown.split("</a>")[0]
    assert shown.count("<a ") == 1


def test_only_web_addresses_become_links():
    shown = ck.prose("javascript:alert(1) and ftp://x.org and data:text/html,hi")._repr_html_()
    assert "<a " not in shown


def test_sentence_punctuation_is_not_part_of_the_link():
    shown = ck.prose("(Outside context: https://en.wikipedia.org/wiki/Minsk_(city)), read it.")._repr_html_()
    assert re.findall(r'href="([^"]*)"', shown) == ["https://en.wikipedia.org/wiki/Minsk_(city)"]
    assert shown.endswith("</a>), read it.</p></div>")


def test_the_dating_note_of_notebook_04_links_its_outside_source():
    note = ck.load_documents().loc["deeper-ties", "date_note"]
    shown = ck.prose(note)._repr_html_()
    assert re.findall(r'href="([^"]*)"', shown) == [
        "https://en.wikipedia.org/wiki/2025_Belarusian_presidential_election"
    ]


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("«https://x.org/a» said", "https://x.org/a"),
        ("“https://x.org/a”", "https://x.org/a"),
        ("[https://x.org/a]", "https://x.org/a"),
        ("see https://x.org/a… and", "https://x.org/a"),
        ("https://x.org/a—and more", "https://x.org/a"),
        ("HTTPS://X.org/b.", "HTTPS://X.org/b"),
        (
            "https://ru.wikipedia.org/wiki/Союзное_государство.",
            "https://ru.wikipedia.org/wiki/Союзное_государство",
        ),
    ],
)
def test_an_address_ends_where_the_sentence_goes_on(text, href):
    """Quotes and dashes around an address, in any language, stay outside its link."""
    assert re.findall(r'href="([^"]*)"', ck.prose(text)._repr_html_()) == [href]


def test_a_bare_scheme_is_not_a_link_and_the_scheme_is_never_cut():
    assert "<a " not in ck.prose("https://. and https://")._repr_html_()
    shown = ck.prose("https://en.wikipedia.org/wiki/Minsk")._repr_html_()
    assert ">https://en.<wbr>wikipedia" in shown


def test_blank_lines_of_any_kind_separate_paragraphs():
    shown = ck.prose("one\r\n  \r\ntwo\rthree")._repr_html_()
    assert shown == '<div class="coursekit-prose"><p>one</p><p>two<br>three</p></div>'
