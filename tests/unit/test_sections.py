"""Sections read from the Markdown source: heading ids exactly as MkDocs (Python-Markdown's toc)
gives them, section extents, and the author's own words."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from hsms_manuals.sections import PageText, count_words, inline_text, slugify, strip_jinja
from hsms_manuals.yamlio import page_body

REPO = Path(__file__).resolve().parents[2]
EXTENSIONS = [
    "toc",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
]  # as mkdocs.yml


def built_ids(body: str) -> list[tuple[int, str]]:
    """(level, id) of every heading, as MkDocs' Markdown gives them."""
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.convert(body)
    out: list[tuple[int, str]] = []

    def walk(tokens: list[dict]) -> None:
        for t in tokens:
            out.append((t["level"], t["id"]))
            walk(t["children"])

    walk(md.toc_tokens)
    return out


def our_ids(body: str) -> list[tuple[int, str | None]]:
    return [(h.level, h.id) for h in PageText(body).headings]


TRICKY = [
    "## Hello world\n\ntext\n\n## Hello world\n\n## Hello world { #x }\n\n## x\n",
    "## The *right* to **know**\n\n## Use `snake_case` names\n\n## A_b c_d\n\n## Some _emph_ word\n",
    "## [Link text](http://x.y/z) here\n\n## Image ![alt](a.png) after\n\n## Café & crème — 100%\n",
    "#NoSpace\n\n### Trailing hashes ###\n\nSetext one\n==========\n\nSetext two\n---\n",
    "```\n## not a heading\n```\n\n~~~~\n# nope\n~~~~\n\n## Yes\n",
    "## Q&amp;A and &lt;tags&gt;\n\n## <span>HTML</span> inside\n\n## 1. Numbered\n\n## Who does what? (roles)\n",
    "## Title {: #custom-id .cls }\n\n## Another { .cls }\n\n## Another\n",
    "## Before you work alone\n\nText\n\n### Check-in\n\n## Before you work alone\n",
    "- list\n\n## After list\n\n    ## indented code\n\n## Émergence – “quotes” ‘x’\n",
    "Para line\n## Heading inside para\nmore\n",
    "## x_1\n\n## x\n\n## x\n",
    "## A \\*literal\\* star\n\n## Ends with hash #\n",
    "<!-- ## commented out -->\n\n## Real\n",
]


@pytest.mark.parametrize("body", TRICKY)
def test_heading_ids_are_the_ones_mkdocs_gives(body):
    assert our_ids(body) == built_ids(body)


@pytest.mark.parametrize("page", sorted((REPO / "manuals").glob("*/docs/**/*.md")), ids=lambda p: p.name)
def test_heading_ids_of_the_example_manuals(page):
    body, _ = page_body(page.read_text(encoding="utf-8"))
    assert our_ids(body) == built_ids(strip_jinja(body))


def test_slugify_is_python_markdowns():
    from markdown.extensions.toc import slugify as toc_slugify

    for text in ("Before you work alone", "Café & crème — 100%", "1. The right to know", "A_b  c-d"):
        assert slugify(text) == toc_slugify(text, "-")


def test_a_section_runs_to_the_next_heading_of_the_same_or_higher_level():
    body = "Intro.\n\n## A\n\none two\n\n### A1\n\nthree\n\n## B\n\nfour\n\n# C\n\nfive\n"
    text = PageText(body, first_line=10)
    a, a1, b, c = text.headings
    assert (a.id, a.line, a.title) == ("a", 12, "A")
    assert text.section_text(a).split() == ["one", "two", "###", "A1", "three"]
    assert text.section_text(a1).split() == ["three"]
    assert text.section_text(b).split() == ["four"]
    assert count_words(text.section_text(c)) == 1


def test_own_words_leave_out_jinja_markup_links_and_code():
    body = """## Working alone { #alone }

Call the **check-in line** at {{ company.name }} every 2 hours. See [the form](forms/f-10.md) and
<span class="x">this</span>. {# a comment #} ![a picture of a phone](phone.png)

!!! warning "Stop work"
    Do not start without a signal.

```
these words are code and do not count
```

| What | Who |
|---|---|
| Check in | Foreman |
"""
    text = PageText(body)
    own = text.section_text(text.heading("alone"))
    assert "company" not in own and "forms" not in own and "code" not in own and "picture" not in own
    assert count_words(own) == len(
        "Call the check-in line at every 2 hours See the form and this Stop work Do not "
        "start without a signal What Who Check in Foreman".split()
    )


def test_a_heading_written_with_jinja_has_no_id_unless_it_sets_one():
    text = PageText("## Policy of {{ company.name }}\n\n## Rules of {{ company.name }} { #rules }\n")
    first, second = text.headings
    assert first.id is None and first.title == "Policy of {{ company.name }}"
    assert second.id == "rules"
    assert text.ids == ["rules"]


def test_inline_text():
    assert inline_text("The *right* to `know_it` and [more](x.md)") == "The right to know_it and more"
