"""assets: which links a page makes to its manual's files, and what publish_files may list."""

from __future__ import annotations

import pytest

from hsms_manuals.assets import allowed_type, links, publish_refusal


def test_links_finds_markdown_html_and_reference_targets_relative_to_the_page():
    text = """\
![Logo](img/logo.png "Our logo") and [the form](<forms/Hazard Form.docx>)
[checklist][c] <img src="../shared/map.svg" alt=""> <a href='forms/f%20two.pdf#page=2'>f</a>
<object data=plan.pdf></object>

  [c]: ../forms/check.xlsx "title"
[other](other.md#part) [web](https://example.ca/x.png) [mail](mailto:a@b.ca) [top](#top) [abs](/etc/x.png)
[escape](../../../other/docs/x.png) [here](./img/logo.png)
"""
    assert links(text, "sub/page.md") == (
        "sub/img/logo.png",
        "sub/forms/Hazard Form.docx",
        "shared/map.svg",
        "sub/forms/f two.pdf",
        "sub/plan.pdf",
        "forms/check.xlsx",
        "sub/other.md",
    )


@pytest.mark.parametrize(
    "name, allowed",
    [
        ("a.png", True),
        ("A.JPG", True),
        ("x.jpeg", True),
        ("g.gif", True),
        ("w.webp", True),
        ("v.svg", True),
        ("f.pdf", True),
        ("f.docx", True),
        ("f.xlsx", True),
        ("notes.txt", False),
        ("contacts.csv", False),
        ("x.html", False),
        ("x.js", False),
        ("README", False),
        ("f.docm", False),
        ("p.markdown", False),
    ],
)
def test_the_allowlist(name, allowed):
    assert allowed_type(name) is allowed


@pytest.mark.parametrize(
    "name, refusal",
    [
        ("contacts.csv", None),
        ("forms/notes.txt", None),
        ("page.md", "pages are published by their status, not by publish_files"),
        ("x.html", ".html files run or restyle in the reader's browser and are never published"),
        ("assets/javascripts/bundle.JS", ".js files run or restyle in the reader's browser and are never published"),
        ("sitemap.xml", ".xml files run or restyle in the reader's browser and are never published"),
    ],
)
def test_publish_files_never_publishes_pages_or_active_content(name, refusal):
    assert publish_refusal(name) == refusal
