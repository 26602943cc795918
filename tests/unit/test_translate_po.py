"""`hsms translate export/import`: PO files per page that give the page back byte for byte, and
every refusal located as file:line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from conftest import INDEX_MD, MANUAL_YML, PROJECT, page, write_manual
from hsms_manuals.cli import main
from hsms_manuals.errors import Problem
from hsms_manuals.manual import load_manual
from hsms_manuals.model import page_digest
from hsms_manuals.translate_po import export_catalogue, import_catalogue, page_body

LANGS = "languages: {controlled: en, translations: [fr, pa]}\n"


def filled(po: bytes, fill=lambda msgid: msgid) -> bytes:
    cat = read_po(io.BytesIO(po))
    for msg in cat:
        if msg.id:
            msg.string = fill(msg.id)
    out = io.BytesIO()
    write_po(out, cat, width=0)
    return out.getvalue()


@pytest.mark.parametrize("manual_id", ["ridgeline-builders", "northfork-wellsite"])
def test_export_then_import_with_msgstr_equal_to_msgid_gives_every_page_back(manual_id, tmp_path):
    manual, problems = load_manual(PROJECT, manual_id)
    assert problems == [] and manual.approved_pages
    for p in manual.approved_pages:
        path = tmp_path / (p.src.replace("/", "__")[:-3] + ".po")
        path.write_bytes(filled(export_catalogue(manual, p, "pa")))
        found: list[Problem] = []
        imported = import_catalogue(PROJECT, manual, "pa", path, found)
        assert found == [] and imported is not None, (p.src, found)
        assert imported.src == p.src[:-3] + ".pa.md"
        assert page_body(imported.text)[1] == page_body(p.text)[1], p.src  # byte for byte
        assert (
            f'translated_from: {{revision: "{manual.document.revision}", digest: "{page_digest(p)}"}}' in imported.text
        )


def tiny(repo: Path) -> Path:
    body = (
        "Welcome to {{ company.name }}.\n\n## Your rights\n\n- You can say no.\n- Call `911` first.\n\n"
        "| Who | Phone |\n|---|---|\n| Owner | 403-555-0100 |\n"
    )
    return write_manual(
        repo, manual_yml=MANUAL_YML + LANGS, pages={"index.md": INDEX_MD, "01-rights.md": page("Rights", body=body)}
    )


def test_cli_round_trip_writes_a_translation_that_validates(repo, capsys):
    mdir = tiny(repo)
    assert main(["--root", str(repo), "translate", "export", "tiny", "--lang", "pa"]) == 0
    out = repo / "translations" / "tiny" / "pa"
    assert sorted(p.name for p in out.iterdir()) == ["01-rights.po", "index.po"]
    words = {"Rights": "ਹੱਕ", "## Your rights": "", "Your rights": "ਤੁਹਾਡੇ ਹੱਕ", "You can say no.": "ਤੁਸੀਂ ਨਾਂਹ ਕਰ ਸਕਦੇ ਹੋ।"}
    po = out / "01-rights.po"
    po.write_bytes(filled(po.read_bytes(), lambda m: words.get(m, "")))
    (out / "index.po").unlink()
    assert main(["--root", str(repo), "translate", "import", "tiny", "--lang", "pa", str(out)]) == 0
    assert capsys.readouterr().out.endswith(
        "wrote manuals/tiny/docs/01-rights.pa.md (6 untranslated entries kept in English)\n"
    )
    text = (mdir / "docs" / "01-rights.pa.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "ਹੱਕ"\ntranslation: {status: draft}\ntranslated_from: {revision: "1", ')
    assert "## ਤੁਹਾਡੇ ਹੱਕ\n\n- ਤੁਸੀਂ ਨਾਂਹ ਕਰ ਸਕਦੇ ਹੋ।\n- Call `911` first.\n" in text
    assert main(["--root", str(repo), "validate"]) == 0
    assert "warning" not in capsys.readouterr().err  # marked as made from the current page


def test_import_refuses_what_does_not_belong_and_writes_nothing(repo, capsys):
    mdir = tiny(repo)
    assert main(["--root", str(repo), "translate", "export", "tiny", "--lang", "pa"]) == 0
    out = repo / "translations" / "tiny" / "pa"
    rights = filled((out / "01-rights.po").read_bytes()).decode()
    (out / "01-rights.po").write_text(
        rights.replace('msgstr "Welcome to {{ company.name }}."', 'msgstr "ਜੀ ਆਇਆਂ ਨੂੰ {{ config }}"'), encoding="utf-8"
    )
    (out / "fr.po").write_text(rights.replace("Language: pa", "Language: fr"), encoding="utf-8")
    (out / "other.po").write_text(rights.replace("tiny/01-rights.md", "acme/01-rights.md"), encoding="utf-8")
    (out / "junk.po").write_text("hello there\n", encoding="utf-8")
    (out / "index.po").unlink()
    assert main(["--root", str(repo), "translate", "import", "tiny", "--lang", "pa", str(out)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, t in enumerate(rights.splitlines(), 1) if t == 'msgid "Welcome to {{ company.name }}."')
    assert (
        f"translations/tiny/pa/01-rights.po:{line}: 0: the translation adds, drops or changes a {{{{ … }}}} or "
        "{% … %} — copy every {{ … }} and {% … %} of msgid into msgstr exactly as it is, and add none"
    ) in err
    assert "translations/tiny/pa/fr.po:1: Language: a translation into 'fr', not 'pa' — import it with --lang fr" in err
    assert (
        "translations/tiny/pa/other.po:1: Project-Id-Version: exported from manual acme, not tiny — import it into acme"
        in err
    )
    assert "translations/tiny/pa/junk.po:1: not a PO file hsms can read" in err
    assert not (mdir / "docs" / "01-rights.pa.md").exists()  # all or nothing
    # The page changed since the export: refused, the translator exports again.
    (out / "junk.po").unlink(), (out / "fr.po").unlink(), (out / "other.po").unlink()
    (out / "01-rights.po").write_text(rights, encoding="utf-8")
    with (mdir / "docs" / "01-rights.md").open("a", encoding="utf-8") as fh:
        fh.write("\nOne more rule.\n")
    assert main(["--root", str(repo), "translate", "import", "tiny", "--lang", "pa", str(out)]) == 1
    assert (
        "translations/tiny/pa/01-rights.po:1: Project-Id-Version: 01-rights.md changed since this file was "
        "exported — export the page again"
    ) in capsys.readouterr().err


def test_undeclared_language_is_a_usage_error(repo, capsys):
    tiny(repo)
    assert main(["--root", str(repo), "translate", "export", "tiny", "--lang", "tl"]) == 2
    assert (
        "tiny does not declare 'tl' — add it to languages: translations: in manual.yml (declared: fr, pa)"
        in capsys.readouterr().err
    )


def test_import_refuses_a_translation_that_would_put_active_content_in_the_page(repo, capsys):
    mdir = tiny(repo)
    assert main(["--root", str(repo), "translate", "export", "tiny", "--lang", "pa"]) == 0
    po = repo / "translations" / "tiny" / "pa" / "01-rights.po"
    po.write_bytes(
        filled(po.read_bytes(), lambda m: '<img src=x onerror="alert(1)">' if m == "You can say no." else "")
    )
    assert main(["--root", str(repo), "translate", "import", "tiny", "--lang", "pa", str(po.parent)]) == 1
    err = capsys.readouterr().err
    assert (
        "translations/tiny/pa/01-rights.po:" in err and "the translation would put this in the page: 'onerror='" in err
    )
    assert ".po:0:" not in err
    assert not (mdir / "docs" / "01-rights.pa.md").exists()


def test_import_refuses_a_quoted_text_left_open_and_a_control_character(repo, capsys):
    """Babel read `msgstr "Vos droits` as "Vos droit" (its last character taken for the quote)."""
    mdir = tiny(repo)
    assert main(["--root", str(repo), "translate", "export", "tiny", "--lang", "pa"]) == 0
    po = repo / "translations" / "tiny" / "pa" / "01-rights.po"
    good = filled(po.read_bytes(), lambda m: "ਹੱਕ" if m == "Rights" else "")
    lines = good.split(b"\n")
    at = lines.index('msgstr "ਹੱਕ"'.encode()) + 1
    lines[at - 1] = 'msgstr "ਹੱਕ'.encode()
    po.write_bytes(b"\n".join(lines))
    assert main(["--root", str(repo), "translate", "import", "tiny", "--lang", "pa", str(po.parent)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"translations/tiny/pa/01-rights.po:{at}: a quoted text on this line is not closed (or has text after its "
        'closing quote) — end it with a " (saving the file from the translation tool writes it right)'
    )
    po.write_bytes(filled(good, lambda m: "ਹੱ\x00ਕ" if m == "Rights" else ""))
    assert main(["--root", str(repo), "translate", "import", "tiny", "--lang", "pa", str(po.parent)]) == 1
    assert "the translation holds a control character — delete it" in capsys.readouterr().err
    assert not (mdir / "docs" / "01-rights.pa.md").exists()
