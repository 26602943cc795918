"""links: every broken link of a page found before the build, as file:line with a fix — pages,
drafts, anchors (headings, attr_list and HTML ids), files of docs/, folders and escapes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conftest import page
from hsms_manuals.links import SHOWN_IDS, link_problems, page_ids, targets

POLICY = page(
    "Policy",
    body=(
        "## Our promise\n\nText.\n\n## Sign-off { #signed }\n\nA paragraph.\n{: #para-id }\n\n"
        '<div id="boxed" markdown>x</div>\n\n```\n## Not a heading\n```\n\n<!-- <p id="gone"></p> -->\n'
    ),
)


def _page(src: str, text: str, approved: bool = True) -> SimpleNamespace:
    return SimpleNamespace(src=src, text=text, approved=approved)


PAGES = [
    _page("index.md", page("Home")),
    _page("01-policy.md", POLICY),
    _page("sub/02-hazards.md", page("Hazards")),
    _page("03-plans.md", page("Plans", status="draft"), approved=False),
]
TARGET = targets(PAGES, files={"img/map.png", "forms/inspection.pdf"}, generated=None, present={"notes.txt"})


def problems(body: str, src: str = "index.md", target=TARGET) -> list[str]:
    return [str(p) for p in link_problems(src, page("Here", body=body), "manuals/m/docs/" + src, target)]


def test_ids_are_headings_attr_list_and_html_ids_but_not_code_or_comments():
    assert page_ids(POLICY.split("---\n", 2)[2]) == {"our-promise", "signed", "para-id", "boxed"}


@pytest.mark.parametrize(
    "link",
    [
        "01-policy.md",
        "01-policy.md#our-promise",
        "01-policy.md#signed",
        "01-policy.md#para-id",
        "01-policy.md#boxed",
        "./01-policy.md",
        "sub/../01-policy.md",
        "01-policy.md?print=1",
        "01%2Dpolicy.md",
        "sub/02-hazards.md",
        "img/map.png",
        "forms/inspection.pdf",
        "audit/index.md",
        "https://www.worksafebc.com/x.md",
        "mailto:safety@example.com",
        "tel:911",
        "//cdn.example/x.js",
        "#",
    ],
)
def test_good_and_outside_links_pass(link):
    assert problems(f"See [this]({link}).\n") == []


def test_every_broken_link_is_located_with_a_fix():
    body = (
        "[a](01-polcy.md) [b](03-plans.md)\n"
        "\n"
        "[c](/01-policy.md) [d](../other/docs/x.md) [e](sub/) [f](sub)\n"
        "[g](01-policy.md#sgned) [h](#nowhere) [i](img/mapp.png) [j](notes.txt)\n"
    )
    assert problems(body) == [
        "manuals/m/docs/index.md:8: link: '01-polcy.md' is not a page of this manual — did you mean 01-policy.md?",
        "manuals/m/docs/index.md:8: link: '03-plans.md' is a draft (status: draft), so it is not published — "
        "approve that page, or remove the link",
        "manuals/m/docs/index.md:10: link: '/01-policy.md' is an absolute address — write the link relative to this "
        "page, e.g. 02-policy.md",
        "manuals/m/docs/index.md:10: link: '../other/docs/x.md' points outside the manual's docs/ folder — link only "
        "to pages and files in docs/",
        "manuals/m/docs/index.md:10: link: 'sub/' is a folder, not a page — link to the page itself, e.g. sub/index.md",
        "manuals/m/docs/index.md:10: link: 'sub' is a folder, not a page — link to the page itself, e.g. sub/index.md",
        "manuals/m/docs/index.md:11: link: '01-policy.md#sgned': no heading or id '#sgned' on 01-policy.md — "
        "did you mean #signed?",
        "manuals/m/docs/index.md:11: link: '#nowhere': no heading or id '#nowhere' on this page — give the heading "
        "an id: ## Title { #id }",
        "manuals/m/docs/index.md:11: link: 'img/mapp.png' is not a published file of docs/ — did you mean img/map.png?",
        # The file is there but not of a type the site publishes when linked: not "did you mean notes.txt?"
        "manuals/m/docs/index.md:11: link: 'notes.txt' is not a published file of docs/ — only images and forms "
        "are published when a page links to them: list it under publish_files: in manual.yml, or remove the link",
    ]


def test_links_are_relative_to_the_page_that_writes_them():
    assert problems(
        "[a](../01-policy.md#signed) [b](../img/map.png) [c](index.md) [d](../../x.md)\n", src="sub/02-hazards.md"
    ) == [
        "manuals/m/docs/sub/02-hazards.md:8: link: 'index.md' is not a page of this manual — did you mean ../index.md?",
        "manuals/m/docs/sub/02-hazards.md:8: link: '../../x.md' points outside the manual's docs/ folder — link only "
        "to pages and files in docs/",
    ]


def test_an_escaped_anchor_is_compared_unescaped():
    assert problems("[a](01-policy.md#our%20promise)\n") == [
        "manuals/m/docs/index.md:8: link: '01-policy.md#our%20promise': no heading or id '#our promise' on "
        "01-policy.md — did you mean #our-promise?"
    ]


def test_links_in_code_jinja_and_comments_are_not_links():
    body = (
        "`[a](nope.md)`\n\n```\n[b](nope.md)\n```\n\n~~~\n[c](nope.md)\n~~~\n\n"
        '{{ "[d](nope.md)" }} {# [e](nope.md) #} <!-- [f](nope.md) -->\n\n[g](nope.md)\n'
    )
    assert problems(body) == [
        "manuals/m/docs/index.md:20: link: 'nope.md' is not a page of this manual — "
        "link to a page of docs/, relative to this page"
    ]


def test_html_links_are_checked_like_markdown_links():
    assert problems('<a href="missing.md">x</a> <img src="img/nope.png">\n') == [
        "manuals/m/docs/index.md:8: link: 'missing.md' is not a page of this manual — link to a page of docs/, "
        "relative to this page",
        "manuals/m/docs/index.md:8: link: 'img/nope.png' is not a published file of docs/ — put the file in docs/ "
        "(an image or a form) and link it relative to this page",
    ]


def test_generated_pages_are_accepted_only_when_known():
    known = targets(PAGES, files=(), generated={"audit/index.md"})
    assert problems("[a](audit/index.md)\n", target=known) == []
    assert problems("[a](audit/other.md)\n", target=known) == [
        "manuals/m/docs/index.md:8: link: 'audit/other.md' is not a page of this manual — link to a page of docs/, "
        "relative to this page"
    ]


def test_a_long_id_list_is_cut_and_an_id_less_page_says_how_to_add_one():
    many = page("Many", body="".join(f"## Heading {i:02}\n\n" for i in range(SHOWN_IDS + 3)))
    target = targets([*PAGES, _page("many.md", many)], files=(), generated=None)
    [problem] = problems("[a](many.md#zzz-unknown)\n", target=target)
    listed = ", ".join(f"#heading-{i:02}" for i in range(SHOWN_IDS))
    assert problem.endswith(f"— use one of: {listed} …")
    assert problems("[a](sub/02-hazards.md#x)\n") == [
        "manuals/m/docs/index.md:8: link: 'sub/02-hazards.md#x': no heading or id '#x' on sub/02-hazards.md — "
        "give the heading an id: ## Title { #id }"
    ]


def test_a_hostile_link_is_reported_as_written_never_followed():
    assert problems("[x](../../../../etc/passwd) [y](..%2F..%2Fsecret.md)\n") == [
        "manuals/m/docs/index.md:8: link: '../../../../etc/passwd' points outside the manual's docs/ folder — link "
        "only to pages and files in docs/",
        "manuals/m/docs/index.md:8: link: '..%2F..%2Fsecret.md' points outside the manual's docs/ folder — link "
        "only to pages and files in docs/",
    ]
