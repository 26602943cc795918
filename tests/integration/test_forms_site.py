"""Forms that open, in a real built site: downloads copied byte for byte, Markdown forms as
printable pages in the navigation, and the forms index linking both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitekit import build, default_pages, make_repo, page, write_manual

PDF = b"%PDF-1.4\n% a real form would be longer\n" + b"x" * 1500 + b"\n%%EOF\n"
FORMS = """\
forms:
  - {id: F-01, title: Field-Level Hazard Assessment, use: Every task, file: forms/F-01-flha.md}
  - {id: F-02, title: "Inspection <checklist>", use: Weekly, file: forms/F-02.pdf}
  - {id: F-03, title: Paper only, use: Drills}
"""
FLHA = "Fill this in with {{ company.name }} before work starts.\n\n| Task | Hazards | Controls |\n|---|---|---|\n| | | |\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("forms"))
    pages = default_pages() | {"03-forms.md": page("Forms", "{{ forms_index() }}")}
    mdir = write_manual(root, "m", pages=pages)
    yml = (mdir / "manual.yml").read_text()
    (mdir / "manual.yml").write_text(yml[: yml.index("forms:")] + FORMS)
    (mdir / "forms").mkdir()
    (mdir / "forms" / "F-01-flha.md").write_text(FLHA)
    (mdir / "forms" / "F-02.pdf").write_bytes(PDF)
    assert build(root, "m") == 0
    return root / "site" / "m"


def test_a_download_form_is_copied_as_it_is(site):
    assert (site / "forms" / "F-02.pdf").read_bytes() == PDF


def test_the_forms_index_links_each_form_with_what_it_is(site):
    html = (site / "03-forms" / "index.html").read_text()
    assert '<td><a href="../forms/F-01-flha/">Field-Level Hazard Assessment</a> (printable page)</td>' in html
    assert '<td><a href="../forms/F-02.pdf">Inspection &lt;checklist&gt;</a> (PDF, 2 KB)</td>' in html
    assert "<td>Paper only</td>" in html  # no file: listed, not linked


def test_a_markdown_form_is_a_printable_page_in_the_navigation(site):
    html = (site / "forms" / "F-01-flha" / "index.html").read_text()
    assert "<h1>F-01 Field-Level Hazard Assessment</h1>" in html
    assert "Fill this in with Tiny Test Co. before work starts." in html  # the page sandbox's variables
    assert "<th>Controls</th>" in html
    home = (site / "index.html").read_text()
    assert 'href="forms/F-01-flha/"' in home and re.search(r">\s*Forms\s*<", home)  # a Forms section in the menu


def test_every_page_has_a_meta_description_escaped(site):
    html = (site / "02-hazards" / "index.html").read_text()
    assert '<meta name="description" content="Do an FLHA before each task.">' in html
    form = (site / "forms" / "F-01-flha" / "index.html").read_text()
    assert '<meta name="description" content="Fill this in with Tiny Test Co. before work starts.">' in form
