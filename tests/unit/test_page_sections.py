"""page_sections: a page's sections by heading, and which changed, for "What changed" in words."""

from __future__ import annotations

from hsms_manuals.page_sections import INTRO, SectionChange, front_matter_changed, section_changes, sections

PAGE = """---
title: Working Alone
covers: [control.working_alone]
---
# Working Alone

Who this is for.

## Check-in times { #times }

| Risk | Every |
|---|---|
| High | 30 min |

## Tasks you must **never** do alone ##

- Confined space entry

```text
## not a heading: inside code
```
"""


def test_sections_by_heading_without_front_matter_marks_or_code():
    assert [t for t, _ in sections(PAGE)] == ["Working Alone", "Check-in times", "Tasks you must never do alone"]
    assert dict(sections(PAGE))["Tasks you must never do alone"].endswith("## not a heading: inside code\n```")


def test_text_before_the_first_heading_and_repeated_headings():
    assert sections("Intro.\n\n## A\n\none\n\n## A\n\ntwo\n") == [(INTRO, "Intro."), ("A", "one"), ("A (2)", "two")]


def test_changed_added_removed_in_reading_order():
    new = PAGE.replace("| High | 30 min |", "| High | 15 min |").replace(
        "## Tasks", "## Night shifts\n\nCheck in every hour.\n\n## Tasks"
    )
    assert section_changes(PAGE, new) == [
        SectionChange("Check-in times", "changed"),
        SectionChange("Night shifts", "added"),
    ]
    assert section_changes(new, PAGE) == [
        SectionChange("Check-in times", "changed"),
        SectionChange("Night shifts", "removed"),
    ]


def test_blank_lines_and_trailing_spaces_are_not_changes():
    assert section_changes(PAGE, PAGE.replace("Who this is for.", "Who this is for.   \n\n")) == []


def test_a_renamed_heading_is_one_removed_and_one_added():
    new = PAGE.replace("## Check-in times", "## When to check in")
    assert section_changes(PAGE, new) == [
        SectionChange("When to check in", "added"),
        SectionChange("Check-in times", "removed"),
    ]


def test_front_matter():
    assert front_matter_changed(PAGE, PAGE.replace("covers: [control.working_alone]", "covers: []"))
    assert not front_matter_changed(PAGE, PAGE.replace("Who this", "Whom this"))
    assert sections("---\ntitle: x\n---\n") == []
