"""Forms that open: `forms:` entries naming files under manuals/<id>/forms/, checked with file:line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.forms import unlisted_forms
from hsms_manuals.manual import load_manual
from hsms_manuals.validate import validate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\0" * 26  # the start of a zip archive, as .docx and .xlsx files are
FLHA = "Fill this in before work starts.\n\n| Task | Hazards |\n|---|---|\n| | |\n"


def forms_yml(*entries: str) -> str:
    return MANUAL_YML + ("forms:\n" + "".join(f"  - {e}\n" for e in entries) if entries else "")


def with_forms(repo: Path, entries: list[str], files: dict[str, str | bytes], pages=None) -> list[str]:
    mroot = write_manual(repo, manual_yml=forms_yml(*entries), pages=pages)
    for rel, content in files.items():
        path = mroot / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return [str(p) for p in validate(repo, ["tiny"])[2]]


LINE = MANUAL_YML.count("\n") + 2  # the first entry's line in manual.yml


def test_forms_of_every_type_load_with_their_site_addresses(repo):
    assert (
        with_forms(
            repo,
            [
                "{id: F-01, title: FLHA, use: Every shift, file: forms/F-01-flha.md}",
                "{id: F-02, title: Inspection, use: Weekly, file: forms/sub/F-02.pdf}",
                "{id: F-03, title: Orientation, use: New workers, file: forms/F-03.docx}",
                "{id: F-04, title: Training log, use: Always, file: forms/F-04.xlsx}",
                "{id: F-05, title: Paper only, use: Drills}",
            ],
            {"forms/F-01-flha.md": FLHA, "forms/sub/F-02.pdf": PDF, "forms/F-03.docx": DOCX, "forms/F-04.xlsx": DOCX},
        )
        == []
    )
    manual = load_manual(repo, "tiny")[0]
    assert [(f.id, f.url, f.is_page) for f in manual.forms] == [
        ("F-01", "forms/F-01-flha/", True),
        ("F-02", "forms/sub/F-02.pdf", False),
        ("F-03", "forms/F-03.docx", False),
        ("F-04", "forms/F-04.xlsx", False),
        ("F-05", None, False),
    ]
    assert manual.forms[0].text == FLHA  # read once, when the manual is loaded
    assert [f.id for f in manual.form_pages] == ["F-01"]
    assert [f.id for f in manual.form_downloads] == ["F-02", "F-03", "F-04"]


def test_each_wrong_form_file_is_a_located_problem_with_a_way_out(repo):
    found = with_forms(
        repo,
        [
            "{id: F-01, title: A, use: x, file: F-01.pdf}",
            "{id: F-02, title: B, use: x, file: forms/../manual.yml}",
            "{id: F-03, title: C, use: x, file: forms/notes.txt}",
            "{id: F-04, title: D, use: x, file: forms/missing.pdf}",
            "{id: F-05, title: E, use: x, file: forms/renamed.pdf}",
            "{id: F-06, title: F, use: x, file: forms/ok.docx}",
            "{id: F-07, title: G, use: x, file: forms/ok.docx}",
            "{id: F-08, title: H, use: x, file: /etc/passwd.pdf}",
        ],
        {"forms/notes.txt": "x", "forms/renamed.pdf": "just text", "forms/ok.docx": DOCX, "F-01.pdf": PDF},
    )
    at = lambda i: f"manuals/tiny/manual.yml:{LINE + i}: forms.{i}.file:"  # noqa: E731
    assert found == [
        f"{at(0)} 'F-01.pdf' is not a file in forms/ — put the form in manuals/tiny/forms/ and write its path from "
        "the manual folder, e.g. file: forms/F-01.pdf",
        f"{at(1)} 'forms/../manual.yml' is not a file in forms/ — put the form in manuals/tiny/forms/ and write its "
        "path from the manual folder, e.g. file: forms/manual.yml",
        f"{at(2)} .txt cannot be a form (forms are PDF, Word, Excel or Markdown: .pdf .docx .xlsx .md) — save the "
        "form as one of these types",
        f"{at(3)} file not found: manuals/tiny/forms/missing.pdf — put the form there, or correct the name (files in "
        "manuals/tiny/forms/: notes.txt, ok.docx, renamed.pdf)",
        f"{at(4)} manuals/tiny/forms/renamed.pdf is not a PDF (its content does not match its name) — export the "
        "form as a PDF again, or give the file its real type",
        f"{at(6)} 'forms/ok.docx' is already the file of form F-06 — give each form its own file",
        f"{at(7)} '/etc/passwd.pdf' is not a file in forms/ — put the form in manuals/tiny/forms/ and write its path "
        "from the manual folder, e.g. file: forms/passwd.pdf",
    ]


def test_a_markdown_form_obeys_the_page_rules_at_its_own_line(repo):
    assert with_forms(
        repo,
        ["{id: F-01, title: A, use: x, file: forms/a.md}"],
        {"forms/a.md": "Line one.\n\n{{ company.name.upper() }}\n"},
    ) == [
        "manuals/tiny/forms/a.md:3: jinja: 'company.name' is text: '.upper' is not allowed here — print it as "
        "{{ company.name }} (see README.md, 'Macros a page can use')"
    ]


def test_a_form_at_the_address_of_a_docs_file_is_a_problem(repo):
    assert with_forms(
        repo,
        ["{id: F-01, title: A, use: x, file: forms/a.pdf}"],
        {"forms/a.pdf": PDF},
        pages={"index.md": INDEX_MD + "\n[A](forms/a.pdf)\n", "forms/a.pdf": "%PDF-1.4"},
    ) == [
        f"manuals/tiny/manual.yml:{LINE}: forms.0.file: docs/forms/a.pdf would be published at the same address as "
        "this form — rename or move one of the two"
    ]


def test_a_link_out_of_the_forms_folder_is_refused_and_not_read(repo, tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(PDF)
    mroot = write_manual(repo, manual_yml=forms_yml("{id: F-01, title: A, use: x, file: forms/a.pdf}"))
    (mroot / "forms").mkdir()
    os.symlink(outside, mroot / "forms" / "a.pdf")
    found = [str(p) for p in validate(repo, ["tiny"])[2]]
    assert len(found) == 1 and found[0].startswith("manuals/tiny/forms/a.pdf: a link to ")
    assert "outside manuals/tiny/" in found[0]


def test_forms_folder_that_is_a_file_is_a_problem(repo):
    mroot = write_manual(repo)
    (mroot / "forms").write_text("not a folder")
    assert [str(p) for p in validate(repo, ["tiny"])[2]] == [
        "manuals/tiny/forms: forms/ is a file, not a folder — make forms/ a folder holding the forms that manual.yml lists"
    ]


def test_files_no_entry_names_are_warned_about(repo):
    with_forms(
        repo,
        ["{id: F-01, title: A, use: x, file: forms/a.pdf}"],
        {"forms/a.pdf": PDF, "forms/old.docx": DOCX, "forms/.drafts/x.md": "hidden"},
    )
    manual = load_manual(repo, "tiny")[0]
    assert [str(p) for p in unlisted_forms(repo, manual)] == [
        "manuals/tiny/forms/old.docx: no entry of forms: in manual.yml names it, so it is not published — add it to "
        "a form (file: forms/old.docx) or remove it"
    ]


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", 'F-01: "quoted" & more'])
def test_form_page_source_keeps_any_title_one_front_matter_value(title):
    import yaml

    from hsms_manuals.forms import FORM_PAGE_HEAD_LINES, form_page_source
    from hsms_manuals.model import Form

    text = form_page_source(Form("F-01", title, "x", "forms/a.md", "Body\n"))
    head, body = text.split("\n---\n", 1)
    assert yaml.safe_load(head.removeprefix("---\n")) == {"title": f"F-01 {title}"}
    assert text.splitlines()[FORM_PAGE_HEAD_LINES] == "Body"


def test_validate_shows_the_unlisted_form_warning(repo, capsys):
    from hsms_manuals.cli import main

    with_forms(repo, [], {"forms/old.pdf": PDF}, pages={"index.md": INDEX_MD, "a.md": page("A")})
    assert main(["--root", str(repo), "validate", "tiny"]) == 0
    assert "warning: manuals/tiny/forms/old.pdf: no entry of forms: in manual.yml names it" in capsys.readouterr().err
