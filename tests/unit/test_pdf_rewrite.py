"""pdf.rewrite: one page's HTML fitted into the printed manual — ids prefixed with the section's
anchor, links between pages turned into links inside the PDF, links the PDF cannot follow kept
only when they work on any machine, image paths made relative to the site root."""

from __future__ import annotations

import pytest

from hsms_manuals.pdf.rewrite import Heading, SectionRewriter, page_key

PAGES = {"": "p000-index", "01-policy": "p001-01-policy", "sub/02-plan": "p002-sub-02-plan"}
PLAN = "p002-sub-02-plan"


def rewrite(html: str, url: str = "sub/02-plan/", anchor: str = PLAN, published: str = "") -> str:
    return SectionRewriter(anchor, url, PAGES, published).rewrite(html)[0]


@pytest.mark.parametrize(
    "path, key",
    [
        ("a/b/", "a/b"),
        ("a/b/index.html", "a/b"),
        ("/a/b.md", "a/b"),
        ("a/b/?q=1#x", "a/b"),
        ("index.html", ""),
        ("/", ""),
        ("", ""),
        ("a/index.md", "a"),
        ("reindex/", "reindex"),
    ],
)
def test_page_keys_compare_site_paths_however_written(path, key):
    assert page_key(path) == key


@pytest.mark.parametrize(
    "href, printed",
    [
        ("../../01-policy/#our-promise", 'href="#p001-01-policy--our-promise"'),  # another page's heading
        ("../../01-policy/", 'href="#p001-01-policy"'),
        ("../../01-policy.md", 'href="#p001-01-policy"'),
        ("../../", 'href="#p000-index"'),  # the home page
        ("#steps", f'href="#{PLAN}--steps"'),  # this page's heading
        ("#", f'href="#{PLAN}"'),
        ("https://www.worksafebc.com/x?a=1&amp;b=2", 'href="https://www.worksafebc.com/x?a=1&amp;b=2"'),
        ("//example.com/y", 'href="https://example.com/y"'),
        ("mailto:safety@example.com", 'href="mailto:safety@example.com"'),
        ("tel:911", 'href="tel:911"'),
    ],
)
def test_links_the_pdf_can_follow(href, printed):
    assert rewrite(f'<a href="{href}">x</a>') == f"<a {printed}>x</a>"


@pytest.mark.parametrize(
    "href",
    ["file:///etc/passwd", "JavaScript:alert(1)", "data:text/html,x", "ftp://x/y", "../../audit/", "../../forms/f.pdf"],
)
def test_a_link_the_pdf_cannot_follow_keeps_its_words_and_loses_its_address(href):
    assert rewrite(f'<p><a class="ref" href="{href}">words</a></p>') == '<p><a class="ref">words</a></p>'


def test_when_publishing_a_link_to_what_the_pdf_lacks_goes_to_the_published_revision():
    out = rewrite(
        '<a href="../../audit/">a</a> <a href="../../forms/f.pdf">f</a> <a href="file:///x">x</a>',
        published="https://safety.example/m/4/",
    )
    assert out == (
        '<a href="https://safety.example/m/4/audit/">a</a> '
        '<a href="https://safety.example/m/4/forms/f.pdf">f</a> <a>x</a>'
    )


def test_ids_are_prefixed_and_every_h2_gets_one_for_the_contents():
    r = SectionRewriter(PLAN, "sub/02-plan/", PAGES)
    body, headings = r.rewrite(
        '<h1 id="plan">Plan<a class="headerlink" href="#plan">¶</a></h1>\n'
        '<h2 id="steps">Steps &amp; more<a class="headerlink" href="#steps">¶</a></h2>'
        '<h2>No <em>id</em></h2><h2 class="x">Second</h2>'
        '<p id=\'q\' title="a > b">See <a href="#nowhere">x</a></p>'
    )
    assert body == (
        f'<span id="{PLAN}--plan"></span>'  # the page's own h1 repeats the printed title
        f'<h2 id="{PLAN}--steps">Steps &amp; more</h2>'
        f'<h2 id="{PLAN}--section-1">No <em>id</em></h2>'
        f'<h2 class="x" id="{PLAN}--section-2">Second</h2>'
        f'<p id="{PLAN}--q" title="a > b">See <a href="#{PLAN}--nowhere">x</a></p>'
    )
    assert headings == [
        Heading(f"{PLAN}--steps", "Steps &amp; more"),
        Heading(f"{PLAN}--section-1", "No id"),
        Heading(f"{PLAN}--section-2", "Second"),
    ]
    # only ids the section has: a link to a missing one does not make it (the crosswalk links to ids)
    assert r.ids == {f"{PLAN}--{i}" for i in ("plan", "steps", "section-1", "section-2", "q")}


def test_an_h1_after_content_is_kept():
    assert rewrite("<p>Intro</p><h1>Later</h1>") == "<p>Intro</p><h1>Later</h1>"
    assert rewrite("<h1>Title</h1>\n<p>x</p>") == "<p>x</p>"


def test_image_paths_are_made_relative_to_the_site_root():
    assert rewrite(
        '<img src="../images/map.png" alt="m"><img src="data:image/png;base64,AA"><img src="/abs.png">'
        '<img src="https://x/y.png">'
    ) == (
        '<img src="sub/images/map.png" alt="m"><img src="data:image/png;base64,AA"><img src="/abs.png">'
        '<img src="https://x/y.png">'
    )
    # the home page is at the site root already
    assert rewrite('<img src="images/a.png">', url="", anchor="p000-index") == '<img src="images/a.png">'


def test_rewritten_values_are_escaped_again():
    assert rewrite('<a href="#a&quot;b" id="x&lt;y">t</a>') == f'<a href="#{PLAN}--a&quot;b" id="{PLAN}--x&lt;y">t</a>'
