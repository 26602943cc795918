"""active_content: the source check of `hsms validate` — what a page's Markdown would run in a
reader's browser, with its line. Here: code that hides nothing (fences in their containers, code
spans), disguised addresses, and every finding once, in line order. The corpus of refused tags
and attributes, the build's HTML backstop and SVG files are in tests/security/test_page_content.py."""

from __future__ import annotations

import markdown
import pytest

from hsms_manuals.active_content import Finding, attr_findings, bad_url, source_findings, tag_finding

# The site's Markdown (mkdocs.yml markdown_extensions): what a page really renders as.
EXTENSIONS = [
    "toc",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
]
SCRIPT = "<script>alert(1)</script>"


def rendered_live(body: str) -> bool:
    html = markdown.markdown(body, extensions=EXTENSIONS)
    return "<script" in html


@pytest.mark.parametrize(
    "body, line",
    [
        # A fence holds only the lines of its container: otherwise a "fence" the renderer does not
        # see would hide a live script from the check.
        (f"Intro.\n\n    ```\n{SCRIPT}\n```\n", 4),  # 4 spaces at the top: an indented code block, not a fence
        (f"Intro.\n\n    ~~~\n{SCRIPT}\n~~~\n", 4),
        (f"> ```\n{SCRIPT}\n```\n", 2),  # the fence ends with its blockquote
        (f"- item\n  ```\n{SCRIPT}\n  ```\n", 3),  # the fence ends with its list item
        (f"- item\n\n    ```\n{SCRIPT}\n    ```\n", 4),
        (f"  ```\n{SCRIPT}\n  ```\n", 2),
        (f"\t```\n{SCRIPT}\n```\n", 2),
        (f"!!! note\n    ```\n{SCRIPT}\n    ```\n", 3),
        (f"1. item\n\n    ```html\n    <b>code</b>\n    ```\n\nAfter {SCRIPT}\n", 7),
        (f"Type `{SCRIPT[:8]}` then {SCRIPT}\n", 1),  # a code span hides only itself
    ],
)
def test_a_script_outside_real_code_is_found_on_its_line(body, line):
    assert rendered_live(body)  # the renderer runs it: the check must see it
    assert [(f.line, f.problem[:9]) for f in source_findings(body)] == [(line, "<script> ")]


@pytest.mark.parametrize(
    "body",
    [
        f"```\n{SCRIPT}\n```\n",
        f"```html\n\n{SCRIPT}\n\n```",  # blank lines inside, no line end at the end
        f"````\n```\n{SCRIPT}\n````\n",  # a shorter fence does not close a longer one
        f"~~~\n```\n{SCRIPT}\n~~~\n",
        f"> ```\n> {SCRIPT}\n> ```\n",
        f"- item\n  ```\n  {SCRIPT}\n  ```\n",
        f"- item\n\n    ```\n    {SCRIPT}\n    ```\n",
        f"- item\n\n\t```\n\t{SCRIPT}\n\t```\n",
        f"  ```\n  {SCRIPT}\n  ```\n",
        f"!!! note\n    ```\n    {SCRIPT}\n    ```\n",
        f"Type ``{SCRIPT}`` in code.\n",
    ],
)
def test_code_the_renderer_prints_as_text_is_not_a_finding(body):
    assert not rendered_live(body)
    assert source_findings(body) == []


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("javascript:alert(1)", "javascript:"),
        ("  JavaScript:alert(1)", "javascript:"),
        ("java\tscript:alert(1)", "javascript:"),
        ("java\nscript:alert(1)", "javascript:"),
        ("java\x00script:alert(1)", "javascript:"),
        ("&#106;avascript:alert(1)", "javascript:"),
        ("javascript&colon;alert(1)", "javascript:"),
        ("java\\script:alert(1)", "javascript:"),
        ("VBScript:msgbox(1)", "vbscript:"),
        ("livescript:x", "livescript:"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data:"),
        ("data:image/svg+xml;base64,PHN2Zz4=", "data:"),  # an SVG picture can hold a script
        ("data:image/png;base64,iVBORw0KGgo=", None),
        ("DATA:image/jpeg,abc", None),
        ("https://example.com/javascript:x", None),
        ("01-policy.md#javascript", None),
        ("tel:911", None),
    ],
)
def test_refused_addresses_are_recognised_through_their_disguises(url, scheme):
    assert bad_url(url) == scheme


def test_namespaced_and_uppercase_names_are_caught():
    assert tag_finding("SVG:Script", 3) == Finding(
        3,
        "html",
        "<svg:script> is not allowed in a page (it runs code in the reader's browser)",
        "remove it; write the content in Markdown",
    )
    assert tag_finding("div", 3) is None and tag_finding("details", 3) is None
    assert [f.problem for f in attr_findings("xlink:OnLoad", "x", 2)] == [
        "'xlink:OnLoad=' is not allowed in a page (an event handler runs code in the reader's browser)"
    ]
    assert [f.problem for f in attr_findings("ONCLICK", None, 2)] == [
        "'ONCLICK=' is not allowed in a page (an event handler runs code in the reader's browser)"
    ]
    assert list(attr_findings("href", None, 2)) == [] and list(attr_findings("title", "javascript:x", 2)) != []


def test_every_finding_once_in_line_order_with_attr_list_and_reference_links():
    body = (
        f"{SCRIPT} {SCRIPT}\n"
        "\n"
        "## Title {: onclick=\"x\" style='color:red' }\n"
        "[a](javascript:x) [b](javascript:x)\n"
        "[ref]: data:text/html,x\n"
        "<!-- <img src=x> -->\n"
    )
    assert [(f.line, f.field, f.problem.split(" is not allowed")[0]) for f in source_findings(body)] == [
        (1, "html", "<script>"),
        (3, "attr_list", "'onclick='"),
        (3, "attr_list", "'style='"),
        (4, "link", "a 'javascript:' address"),
        (5, "link", "a 'data:' address"),
        (6, "html", "an HTML comment holding markup or '--'"),
    ]


def test_ordinary_pages_have_no_findings():
    body = (
        "# Working alone { #alone .wide }\n\nCall **911** first. Then call {{ company.name }}.\n\n"
        "| Who | Phone |\n|:--|--:|\n| Owner | 403-555-0100 |\n\n![Map](images/map.png){ width=300 }\n\n"
        "<details markdown><summary>More</summary>See [the plan](04-emergency.md#muster).</details>\n"
        "<!-- a note for the consultant -->\n"
    )
    assert source_findings(body) == []
