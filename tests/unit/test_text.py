"""text: values from YAML printed exactly as their text (never markup), relative links, slugs, the
first paragraph of a page as its meta description."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from hsms_manuals.text import esc, first_paragraph, link, one_line, slug

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ config.extra }} and {% include 'x' %}",
    "# Not a heading",
    "- not a list",
    "? not details",
    "1986. A good year",
    "3) third",
    "| a | b |",
    "[click](javascript:alert(1))",
    "**bold** _em_ `code` ~~del~~ ^^ins^^ ==mark==",
    '!!! danger "Admonition"',
    'Tom "the boss" O\'Neil & Sons',
    "Term\n:   definition",
    "*[HTML]: abbreviation",
    "{: #id .class onclick=alert(1) }",
    "back\\slash\\*",
    "$math$ @user :emoji: +1 =2",
]


def _rendered_text(value: str) -> str:
    """What a reader sees when the escaped value is a paragraph of a page (Markdown with the
    extensions a manual's site enables)."""
    out = markdown.markdown(
        esc(value), extensions=["attr_list", "tables", "def_list", "admonition", "abbr", "md_in_html", "footnotes"]
    )
    assert out.startswith("<p>") and out.endswith("</p>"), out  # one paragraph, no other block
    inner = out[3:-4]
    assert "<" not in inner.replace("&lt;", ""), inner  # no element of any kind
    return html.unescape(inner)


@pytest.mark.parametrize("value", HOSTILE)
def test_esc_prints_exactly_the_text_and_no_markup(value):
    assert _rendered_text(value) == re.sub(r"\s*\n\s*", " ", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_esc_leaves_nothing_markdown_jinja_or_html_would_parse(value):
    escaped = re.sub(r"&(#\d+|#x27|amp|lt|gt|quot);", "", esc(value))  # the character references
    assert not re.search(r"[<>\"'{}\[\]|*_`#]", escaped)
    assert "\n" not in escaped


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029", "\x1c"])
def test_esc_is_always_one_line(brk):
    assert esc(f"Safety first  {brk}  # Title") == "Safety first &#35; Title"


def test_esc_drops_invisible_controls_and_tabs_become_spaces():
    assert esc("a\x00b\x07c\x7f\tz") == "abc z"


def test_esc_line_start_markup_only_at_the_start():
    assert esc("- item") == "&#45; item"
    assert esc("? q") == "&#63; q"
    assert esc("1986. A good year") == "1986&#46; A good year"
    assert esc("9) nine") == "9&#41; nine"
    assert esc("well-known, 1986.") == "well-known, 1986."  # inside a line: as typed


def test_esc_html_entities_match_html_escape():
    assert esc("<a href=\"x\">'&'</a>") == html.escape("<a href=\"x\">'&'</a>").replace("=", "&#61;")


def test_esc_non_strings_and_empty():
    assert esc(42) == "42"
    assert esc(None) == "None"
    assert esc("   \n ") == ""


def test_link_is_relative_from_the_page_and_escapes_its_text():
    assert link("a/b.md", "c/d.md", "Go <x>", "sec-1") == "[Go &lt;x&gt;](../c/d.md#sec-1)"
    assert link("index.md", "c/d.md", "t") == "[t](c/d.md)"
    assert link("c/e.md", "c/d.md", "t") == "[t](d.md)"


def test_link_text_cannot_close_the_link():
    assert link("index.md", "x.md", "a](javascript:alert(1)) [b") == "[a&#93;(javascript&#58;alert(1)) &#91;b](x.md)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6.9", "6-9"),
        ("A", "a"),
        ("Hello, World", "hello-world"),
        ("!!", "x"),
        ("", "x"),
        ("--a--", "a"),
        ("Élément 2", "l-ment-2"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_one_line_joins_words_and_cuts_at_the_limit():
    assert one_line("a\n  b\t c") == "a b c"
    assert one_line("x" * 100, 10) == "x" * 9 + "…"
    assert len(one_line("y" * 81)) == 80
    assert one_line("y" * 80) == "y" * 80


def test_first_paragraph_skips_admonition_titles_and_empty_paragraphs():
    html = (
        '<div class="admonition warning"><p class="admonition-title">Stop</p><p></p>'
        "<p>Call <b>911</b> &amp; your\n   foreman.</p></div><p>Second.</p>"
    )
    assert first_paragraph(html) == "Call 911 & your foreman."


def test_first_paragraph_is_cut_at_a_word_with_an_ellipsis():
    text = first_paragraph("<p>" + "word " * 60 + "</p>", limit=30)
    assert text == "word word word word word…" and len(text) <= 30


def test_a_page_without_paragraphs_has_no_description():
    assert first_paragraph("<h2>Only a heading</h2><ul><li>item</li></ul>") == ""
