"""po_segments: a page body cut into what a translator translates (units) and what stays as
written (markup, code, Jinja), so that the units put back give the page byte for byte."""

from __future__ import annotations

import pytest

from hsms_manuals.po_segments import Unit, segment

PAGE = """\
# Working alone { #alone .wide }

A worker is alone when nobody
can see or hear them.

- Check in every
  two hours.
- Carry the radio.

| Who | Phone |
|---|:-:|
| Owner \\| office | 403-555-0100 |

!!! warning "Before you start"
    Tell the supervisor
    where you go.

```text
## not a heading
- not an item
```
{{ emergency_contacts() }}
{ .web-only }
<div class="grid" markdown>
Inside a block.
</div>

---
"""


def units(body: str) -> list[tuple[str, str]]:
    return [(u.kind, u.text) for u in segment(body).units]


def test_a_page_is_cut_into_the_units_a_translator_sees():
    assert units(PAGE) == [
        ("heading", "Working alone"),
        ("paragraph", "A worker is alone when nobody\ncan see or hear them."),
        ("list item", "Check in every\ntwo hours."),
        ("list item", "Carry the radio."),
        ("table cell", "Who"),
        ("table cell", "Phone"),
        ("table cell", "Owner \\| office"),  # an escaped pipe stays inside its cell
        ("table cell", "403-555-0100"),
        ("admonition title", "Before you start"),
        ("paragraph", "Tell the supervisor\nwhere you go."),
        ("paragraph", "Inside a block."),
    ]


@pytest.mark.parametrize(
    "body",
    [
        PAGE,
        PAGE.replace("\n", "\r\n"),  # Windows line ends
        PAGE.rstrip("\n"),  # no line end at the end of the file
        "Para\n  indented more\n less\n",  # continuation lines of mixed indentation
        "a\r\nb\nc\n",  # mixed line ends inside one paragraph
        "1. First\n   step.\n2) Second\n\n\n   \n\tTabbed para\n",
        "```\nunclosed fence\n# still code\n",
        "| a |  | c |\n",  # an empty cell
        "",
    ],
)
def test_the_units_own_texts_give_the_body_back_byte_for_byte(body):
    cut = segment(body)
    assert cut.join([u.text for u in cut.units]) == body


def test_translated_units_go_back_inside_the_same_markup():
    cut = segment(PAGE)
    back = cut.join([u.text.upper() for u in cut.units])
    assert back.splitlines()[:18] == [
        "# WORKING ALONE { #alone .wide }",
        "",
        "A WORKER IS ALONE WHEN NOBODY",
        "CAN SEE OR HEAR THEM.",
        "",
        "- CHECK IN EVERY",
        "  TWO HOURS.",  # the list item's indentation is put back on its continuation line
        "- CARRY THE RADIO.",
        "",
        "| WHO | PHONE |",
        "|---|:-:|",
        "| OWNER \\| OFFICE | 403-555-0100 |",
        "",
        '!!! warning "BEFORE YOU START"',
        "    TELL THE SUPERVISOR",
        "    WHERE YOU GO.",  # inside the admonition: still indented, so still inside it
        "",
        "```text",
    ]
    assert back.splitlines()[18:] == PAGE.splitlines()[18:24] + ["INSIDE A BLOCK.", "</div>", "", "---"]


def test_a_translation_with_more_lines_than_the_original_keeps_its_indentation():
    cut = segment("- One line.\n")
    assert cut.join(["Line one\nline two."]) == "- Line one\nline two.\n"  # no indentation to restore
    cut = segment("- One\n  two.\n")
    assert cut.join(["Un\ndeux\ntrois."]) == "- Un\n  deux\n  trois.\n"
    cut = segment("a\r\nb\r\n")
    assert cut.join(["x\ny\nz"]) == "x\r\ny\r\nz\r\n"  # the file's own line ends


@pytest.mark.parametrize(
    "body",
    [
        "```\n# Heading in code\n- item in code\n```\n",
        "~~~~\n```\nstill code\n~~~~\n",
        "    ```\n    indented fence\n    ```\n",
        "{{ emergency_contacts() }}\n",
        "{% if company.employees > 20 %}\n",
        "<details markdown>\n</details>\n",
        "{: .print-only }\n",
        "***\n",
        "\n\n  \n",
    ],
)
def test_code_jinja_html_and_markup_lines_are_never_offered_for_translation(body):
    assert units(body) == []


@pytest.mark.parametrize("separator", ["|---|---|", "|:--|--:|", "| :-: | - |", "|-|-|", "---|---"])
def test_a_table_separator_row_is_markup_whatever_its_dash_count(separator):
    # Python-Markdown takes a single dash per cell as a separator; a translator must never see
    # "-" or ":-:" as text to translate (changing it breaks the table).
    body = f"| Who | Phone |\n{separator}\n| Owner | 911 |\n"
    assert units(body) == [("table cell", t) for t in ("Who", "Phone", "Owner", "911")]


def test_a_paragraph_ends_where_a_new_block_starts():
    body = "Intro line\n- item\nText\n## Head\nMore\n| a |\nEnd\n{{ x() }}\nLast\n"
    assert units(body) == [
        ("paragraph", "Intro line"),
        ("list item", "item\nText"),
        ("heading", "Head"),
        ("paragraph", "More"),
        ("table cell", "a"),
        ("paragraph", "End"),
        ("paragraph", "Last"),
    ]


def test_hostile_text_is_only_text():
    # Units are plain strings: a translation holding markup is checked later (translate_po refuses
    # active content); here it must come back exactly where the unit was, nowhere else.
    cut = segment("## Title\n\nBody.\n")
    assert cut.units == (Unit("Title", "heading"), Unit("Body.", "paragraph"))
    assert cut.join(["<script>x</script>", "{{ config }}"]) == "## <script>x</script>\n\n{{ config }}\n"
