"""`hsms translate mark|export|import`, called as ``run(root, args)``: what each prints, which
problems stop it (only the marked pages' own), the line ends it keeps, the folders it refuses,
and that import writes all pages or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import translate
from hsms_manuals.errors import OutputFailed, UsageError, ValidationFailed

LANGS = "languages: {controlled: en, translations: [fr, pa]}\n"


def run(root: Path, *argv: str) -> int:
    return translate.run(root, build_parser().parse_args(["translate", *argv]))


def translation(title: str = "ਘਰ", body: str = "ਸੁਰੱਖਿਆ ਪਹਿਲਾਂ।\n") -> str:
    return f"---\ntitle: {title}\ntranslation: {{status: draft}}\n---\n\n{body}"


def manual(repo: Path, **pages: str) -> Path:
    return write_manual(repo, manual_yml=MANUAL_YML + LANGS, pages={"index.md": INDEX_MD, **pages})


# --- mark ----------------------------------------------------------------------------------------


def test_mark_prints_one_line_per_page_and_records_the_revision(repo, capsys):
    mdir = manual(repo, **{"01-a.md": page("A"), "index.pa.md": translation(), "01-a.fr.md": translation("Un")})
    assert run(repo, "mark", "tiny", "index.pa.md", "manuals/tiny/docs/01-a.fr.md") == 0
    assert capsys.readouterr() == (
        "marked manuals/tiny/docs/index.pa.md: translated from index.md as of revision 1\n"
        "marked manuals/tiny/docs/01-a.fr.md: translated from 01-a.md as of revision 1\n",
        "",
    )
    for name in ("index.pa.md", "01-a.fr.md"):
        assert 'translated_from: {revision: "1", digest: "sha256:' in (mdir / "docs" / name).read_text("utf-8")


def test_mark_keeps_windows_line_ends(repo, capsys):
    mdir = manual(repo, **{"index.pa.md": translation().replace("\n", "\r\n").encode()})
    assert run(repo, "mark", "tiny", "index.pa.md") == 0
    raw = (mdir / "docs" / "index.pa.md").read_bytes()
    assert b"\r\ntranslated_from: {revision: " in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")  # no bare LF slipped in


def test_mark_is_not_held_up_by_another_pages_problem(repo, capsys):
    mdir = manual(repo, **{"index.pa.md": translation(), "02-b.md": "---\ntitle: [unclosed\n---\n"})
    assert run(repo, "mark", "tiny", "index.pa.md") == 0
    assert "translated_from:" in (mdir / "docs" / "index.pa.md").read_text("utf-8")


def test_mark_is_stopped_by_the_marked_pages_own_problems_and_writes_nothing(repo):
    broken = "---\ntitle: ਘਰ\ntranslation: {status: done}\n---\n\nਸੁਰੱਖਿਆ।\n"
    mdir = manual(repo, **{"index.pa.md": broken, "index.fr.md": translation("Accueil")})
    before = {p.name: p.read_bytes() for p in (mdir / "docs").iterdir()}
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "mark", "tiny", "index.fr.md", "index.pa.md")
    assert [str(p) for p in exc.value.problems] == [
        "manuals/tiny/docs/index.pa.md:3: translation.status: unallowed value done — use one of: draft, reviewed"
    ]
    assert {p.name: p.read_bytes() for p in (mdir / "docs").iterdir()} == before  # not even index.fr.md


def test_mark_refuses_a_translation_without_its_original(repo):
    mdir = manual(repo, **{"02-gone.fr.md": translation("Parti")})
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "mark", "tiny", "02-gone.fr.md")
    assert {str(p) for p in exc.value.problems} >= {
        "manuals/tiny/docs/02-gone.fr.md: there is no page 02-gone.md for it to translate — name a translation "
        "after the page it translates: PAGE.<language>.md beside PAGE.md"
    }
    assert "translated_from" not in (mdir / "docs" / "02-gone.fr.md").read_text("utf-8")


def test_mark_of_a_page_that_is_not_a_translation_is_a_usage_error(repo):
    manual(repo, **{"index.md": page("Home", owner=""), "index.pa.md": translation()})  # even a broken one
    with pytest.raises(UsageError, match=r"^index\.md is not a translated page — name one such as"):
        run(repo, "mark", "tiny", "index.md")


# --- export --------------------------------------------------------------------------------------


def test_export_writes_one_po_per_approved_page_into_the_default_folder(repo, capsys):
    manual(repo, **{"01-a.md": page("A"), "sub/02-b.md": page("B"), "03-c.md": page("C", status="draft")})
    assert run(repo, "export", "tiny", "--lang", "pa") == 0
    out = (repo / "translations" / "tiny" / "pa").resolve()
    assert capsys.readouterr().out == f"exported 3 page(s) of tiny for pa to {out}\n"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.po")) == ["01-a.po", "index.po", "sub/02-b.po"]


def test_export_to_another_folder(repo, tmp_path, capsys):
    manual(repo)
    target = tmp_path / "for-translator"
    assert run(repo, "export", "tiny", "--lang", "fr", "--out", str(target)) == 0
    assert [p.name for p in target.iterdir()] == ["index.po"]
    assert not (repo / "translations").exists()


@pytest.mark.parametrize("inside", ["manuals/tiny/docs", "partners", "."])
def test_export_refuses_to_write_into_what_hsms_reads(repo, inside):
    manual(repo)
    with pytest.raises(UsageError, match=r"choose another --out, e\.g\. translations/ \(the default\)$"):
        run(repo, "export", "tiny", "--lang", "pa", "--out", str(repo / inside))
    assert sorted(p.name for p in (repo / "manuals" / "tiny" / "docs").iterdir()) == ["index.md"]


def test_export_of_a_manual_with_problems_writes_nothing(repo):
    manual(repo, **{"01-a.md": page("A", owner="")})
    with pytest.raises(ValidationFailed):
        run(repo, "export", "tiny", "--lang", "pa")
    assert not (repo / "translations").exists()


def test_export_into_an_undeclared_language_names_the_declared_ones(repo):
    write_manual(repo)  # no languages: at all
    with pytest.raises(UsageError) as exc:
        run(repo, "export", "tiny", "--lang", "pa")
    assert str(exc.value) == (
        "tiny does not declare 'pa' — add it to languages: translations: in manual.yml (declared: none yet)"
    )


# --- import --------------------------------------------------------------------------------------


def exported(repo: Path) -> Path:
    assert run(repo, "export", "tiny", "--lang", "pa") == 0
    return repo / "translations" / "tiny" / "pa"


def test_import_from_a_folder_that_is_not_there(repo, tmp_path):
    manual(repo)
    with pytest.raises(UsageError) as exc:
        run(repo, "import", "tiny", "--lang", "pa", str(tmp_path / "nope"))
    assert str(exc.value) == f"{tmp_path / 'nope'} is not a folder — name the folder holding the translated .po files"


def test_import_from_a_folder_without_po_files_says_how_to_make_them(repo, tmp_path):
    manual(repo)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        run(repo, "import", "tiny", "--lang", "pa", str(tmp_path))
    assert str(exc.value) == (
        f"{tmp_path} holds no .po files — export them with `hsms translate export tiny --lang pa`"
    )


def test_import_refuses_two_files_for_one_page_and_writes_nothing(repo, capsys):
    mdir = manual(repo)
    out = exported(repo)
    (out / "copy").mkdir()
    (out / "copy" / "index.po").write_bytes((out / "index.po").read_bytes())
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "import", "tiny", "--lang", "pa", str(out))
    assert [str(p) for p in exc.value.problems] == [
        f"{out}: index.pa.md comes from 2 files — keep one PO file per page"
    ]
    assert not (mdir / "docs" / "index.pa.md").exists()


def test_import_counts_untranslated_entries_in_words(repo, capsys):
    mdir = manual(repo, **{"01-a.md": page("A", body="One line.\n")})
    out = exported(repo)
    capsys.readouterr()
    assert run(repo, "import", "tiny", "--lang", "pa", str(out)) == 0
    lines = capsys.readouterr().out.splitlines()
    # untranslated: the title and the one line of each page (kept in English)
    assert lines == [
        "wrote manuals/tiny/docs/01-a.pa.md (2 untranslated entries kept in English)",
        "wrote manuals/tiny/docs/index.pa.md (2 untranslated entries kept in English)",
    ]
    assert (mdir / "docs" / "01-a.pa.md").is_file()


def test_import_never_replaces_a_translated_page_unless_asked(repo, capsys):
    """A page translated by hand is not exported into the PO file: importing one where it was
    left untranslated replaced the translation with English, silently."""
    mdir = manual(repo, **{"01-a.md": page("A", body="One line.\n"), "01-a.pa.md": translation()})
    out = exported(repo)
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "import", "tiny", "--lang", "pa", str(out))
    assert [str(p) for p in exc.value.problems] == [
        "manuals/tiny/docs/01-a.pa.md: is already translated, and importing would replace it — import with "
        "--replace to replace it (git keeps the old text), or leave its PO file out"
    ]
    assert (mdir / "docs" / "01-a.pa.md").read_text(encoding="utf-8") == translation()
    assert not (mdir / "docs" / "index.pa.md").exists()  # all or nothing
    capsys.readouterr()
    assert run(repo, "import", "tiny", "--lang", "pa", "--replace", str(out)) == 0
    assert "wrote manuals/tiny/docs/01-a.pa.md" in capsys.readouterr().out
    assert "One line." in (mdir / "docs" / "01-a.pa.md").read_text(encoding="utf-8")


def test_import_writes_every_page_or_none(repo):
    """A page that cannot be written (here a folder under its name) stops the import before any
    page is written; the others were written one by one before."""
    mdir = manual(repo, **{"01-a.md": page("A", body="One line.\n"), "02-b.md": page("B", body="Two.\n")})
    out = exported(repo)
    (mdir / "docs" / "02-b.pa.md").mkdir()
    with pytest.raises(OutputFailed) as exc:
        run(repo, "import", "tiny", "--lang", "pa", str(out))
    assert str(exc.value).startswith(f"cannot write {mdir / 'docs' / '02-b.pa.md'} (it is a folder)")
    assert sorted(p.name for p in (mdir / "docs").iterdir() if ".pa." in p.name) == ["02-b.pa.md"]
    assert not [p for p in (mdir / "docs").iterdir() if p.name.startswith(".")]  # no staged file left
