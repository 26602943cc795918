"""Text helpers: the first paragraph of a page as its meta description."""

from __future__ import annotations

from hsms_manuals.text import first_paragraph


def test_first_paragraph_skips_admonition_titles_and_empty_paragraphs():
    html = ('<div class="admonition warning"><p class="admonition-title">Stop</p><p></p>'
            '<p>Call <b>911</b> &amp; your\n   foreman.</p></div><p>Second.</p>')
    assert first_paragraph(html) == "Call 911 & your foreman."


def test_first_paragraph_is_cut_at_a_word_with_an_ellipsis():
    text = first_paragraph("<p>" + "word " * 60 + "</p>", limit=30)
    assert text == "word word word word word…" and len(text) <= 30


def test_a_page_without_paragraphs_has_no_description():
    assert first_paragraph("<h2>Only a heading</h2><ul><li>item</li></ul>") == ""
