"""Web-only and print-only blocks: what is cut, and that nothing else changes."""

from __future__ import annotations

from dataclasses import dataclass, field

import markdown
import pytest

from hsms_manuals.media import (
    PRINT_ONLY,
    WEB_ONLY,
    drop_marked,
    emergency_ref,
    print_emergency_ref,
    prune_toc,
)

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]

PAGE = """Intro for everyone.

Tap a number to call it.
{ .web-only }

The numbers are on page 3.
{ .print-only }

!!! web-only "On your phone"
    1. Save it to your home screen.

<div class="print-only" markdown>

## On paper { #on-paper }

Keep this copy in the binder.

</div>

??? web-only "More phone tips"
    Swipe down to refresh.

| Not marked | web-only in a cell is text |
|---|---|
| a | b |

Closing words.
"""


def html_of(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_each_documented_way_of_marking_cuts_its_block_and_keeps_the_rest():
    page = html_of(PAGE)
    site, removed = drop_marked(page, PRINT_ONLY)
    paper, _ = drop_marked(page, WEB_ONLY)
    for text in ("Intro for everyone.", "Closing words.", "web-only in a cell is text"):
        assert text in site and text in paper
    for text in ("Tap a number to call it.", "On your phone", "Save it to your home screen.", "Swipe down to refresh."):
        assert text in site and text not in paper, text
    for text in ("The numbers are on page 3.", "On paper", "Keep this copy in the binder."):
        assert text in paper and text not in site, text
    assert removed == {"on-paper"}  # its heading leaves the site's table of contents too


def test_everything_outside_the_cut_is_kept_byte_for_byte():
    page = '<p>a &amp; b</p>\n<div class="x web-only y">\n<p>gone</p>\n</div>\n<p>c<br/>d</p>'
    assert drop_marked(page, WEB_ONLY) == ("<p>a &amp; b</p>\n\n<p>c<br/>d</p>", set())
    assert drop_marked(page, PRINT_ONLY) == (page, set())


@pytest.mark.parametrize(
    "page, expected",
    [
        ('<div class="web-only-ish">kept</div>', '<div class="web-only-ish">kept</div>'),  # whole class names only
        ('<p>one <img class="web-only" src="a.png"> two</p>', "<p>one  two</p>"),  # a void element
        ('<p>one <span class="web-only"/> two</p>', "<p>one  two</p>"),  # self-closed
        ('<div class="web-only"><div class="web-only">in</div>out</div>after', "after"),  # nested: the outer one
        ('<ul><li>keep<li class="web-only">cut<li>keep too</ul>', "<ul><li>keep<li>keep too</ul>"),  # implied ends
        ('<div class="web-only"><p>never closed', ""),  # runs to the end, as a browser reads it
        ('<pre><code>&lt;p class="web-only"&gt;</code></pre>', '<pre><code>&lt;p class="web-only"&gt;</code></pre>'),
    ],
)
def test_edge_cases(page, expected):
    assert drop_marked(page, WEB_ONLY)[0] == expected


def test_ids_inside_nested_cuts_are_all_reported():
    page = (
        '<div class="web-only" id="a"><h2 id="b">B</h2><div class="web-only"><h3 id="c">C</h3></div></div><h2 id="d">'
    )
    assert drop_marked(page, WEB_ONLY)[1] == {"a", "b", "c"}


@dataclass
class Link:
    id: str
    children: list[Link] = field(default_factory=list)


def test_prune_toc_removes_cut_headings_at_any_depth():
    toc = [Link("a", [Link("b"), Link("c", [Link("d")])]), Link("on-paper", [Link("x")]), Link("e")]
    prune_toc(toc, {"on-paper", "d"})
    assert toc == [Link("a", [Link("b"), Link("c")]), Link("e")]


def test_the_emergency_reference_reads_well_on_the_site_and_gives_a_page_on_paper():
    html = f"<p>The numbers are on {emergency_ref()}.</p>"
    assert html == '<p>The numbers are on <span class="hsms-emergency-page">the home page</span>.</p>'
    assert print_emergency_ref(html, "page ") == (
        '<p>The numbers are on <a class="hsms-page-ref" href="#hsms-emergency">page </a>.</p>'
    )
