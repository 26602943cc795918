"""translation_files: `translated_from:` written by hsms into a translated page's front matter
(replacing any earlier one, touching nothing else), files replaced in one step, and a translated
page found from what the user typed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.errors import OutputFailed, UsageError
from hsms_manuals.manual import load_manual
from hsms_manuals.model import page_digest
from hsms_manuals.translation_files import (
    find_translation,
    translated_from_line,
    with_translated_from,
    write_all_atomically,
    write_atomically,
)

LINE = 'translated_from: {revision: "4", digest: "sha256:abc"}\n'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\ntitle: Droits\n---\n\nTexte.\n", f"---\ntitle: Droits\n{LINE}---\n\nTexte.\n"),
        # an earlier record, in flow or block style, is replaced where the front matter ends
        (
            '---\ntranslated_from: {revision: "3", digest: "sha256:old"}\ntitle: Droits\n---\nTexte.\n',
            f"---\ntitle: Droits\n{LINE}---\nTexte.\n",
        ),
        (
            "---\ntranslated_from:\n  revision: '3'\n  digest: x\ntitle: Droits\n...\nTexte.\n",
            f"---\ntitle: Droits\n{LINE}...\nTexte.\n",
        ),
        # the body may say translated_from: — only the front matter is read
        (
            "---\ntitle: T\n---\ntranslated_from: is a phrase here\n",
            f"---\ntitle: T\n{LINE}---\ntranslated_from: is a phrase here\n",
        ),
        # a nested key of the same name is another field
        ("---\ntranslation:\n  translated_from: x\n---\n", f"---\ntranslation:\n  translated_from: x\n{LINE}---\n"),
    ],
)
def test_translated_from_is_replaced_and_nothing_else_changes(text, expected):
    assert with_translated_from(text, LINE) == expected


def test_windows_line_ends_are_kept():
    text = "---\r\ntitle: Droits\r\ntranslated_from: {revision: '1', digest: x}\r\n---\r\n\r\nTexte.\r\n"
    assert (
        with_translated_from(text, LINE.replace("\n", "\r\n"))
        == "---\r\ntitle: Droits\r\n" + LINE.replace("\n", "\r\n") + "---\r\n\r\nTexte.\r\n"
    )


@pytest.mark.parametrize(
    "text, why",
    [
        ("Texte.\n", "no front matter"),
        ("", "no front matter"),
        ("---\ntitle: T\nTexte.\n", "front matter is not closed"),
    ],
)
def test_a_page_without_closed_front_matter_is_refused(text, why):
    with pytest.raises(ValueError, match=why):
        with_translated_from(text, LINE)


@pytest.fixture
def manual(repo: Path):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + "languages: {controlled: en, translations: [fr]}\n",
        pages={
            "index.md": INDEX_MD,
            "sub/01-rights.md": page("Rights"),
            "sub/01-rights.fr.md": "---\ntitle: Droits\ntranslation: {status: draft}\n---\n\nTexte.\n",
        },
    )
    m, problems = load_manual(repo, "tiny")
    assert problems == [] and m is not None
    return m


def test_the_line_records_the_revision_and_the_digest_of_the_original_now(manual):
    t = manual.translation_by_src["sub/01-rights.fr.md"]
    digest = page_digest(manual.page_by_src["sub/01-rights.md"])
    assert digest.startswith("sha256:")
    assert translated_from_line(manual, t) == f'translated_from: {{revision: "1", digest: "{digest}"}}\n'
    assert translated_from_line(manual, t, "\r\n").endswith('"}\r\n')


@pytest.mark.parametrize(
    "typed",
    [
        "sub/01-rights.fr.md",
        "docs/sub/01-rights.fr.md",
        "manuals/tiny/docs/sub/01-rights.fr.md",
        "./manuals/tiny/docs/sub/01-rights.fr.md",
    ],
)
def test_a_translation_is_found_however_its_path_is_typed(manual, typed):
    assert find_translation(manual, typed).src == "sub/01-rights.fr.md"


def test_an_unknown_translation_is_a_usage_error_that_lists_the_known_ones(manual):
    with pytest.raises(UsageError) as err:
        find_translation(manual, "sub/02-other.fr.md")
    assert str(err.value) == "tiny has no translated page sub/02-other.fr.md — its translations: sub/01-rights.fr.md"
    with pytest.raises(UsageError) as err:
        find_translation(manual, "sub/01-rights.md")
    assert str(err.value) == (
        "sub/01-rights.md is not a translated page — name one such as 03-worker-rights.pa.md "
        "(PAGE.<language>.md in docs/)"
    )


def test_write_atomically_replaces_the_file_keeping_its_mode_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "01-rights.fr.md"
    write_atomically(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"  # written as given: no newline translation
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    write_atomically(target, "again ਹੱਕ\n")
    assert target.read_text(encoding="utf-8") == "again ਹੱਕ\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-rights.fr.md"]


def test_a_failed_replace_removes_its_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "x.md"
    target.write_text("old", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputFailed, match=r"cannot write .*x\.md \(No space left on device\)"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]


def test_write_all_atomically_puts_back_what_it_moved_when_a_move_fails(tmp_path, monkeypatch):
    a, b = tmp_path / "a.pa.md", tmp_path / "b.pa.md"
    a.write_text("old a", encoding="utf-8")
    real = os.replace

    def replace(src, dst):
        if Path(dst) == b:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputFailed, match=r"No space left on device\) — nothing was written$"):
        write_all_atomically({a: "new a", b: "new b"})
    assert a.read_text(encoding="utf-8") == "old a" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pa.md"]  # no staged file left
    monkeypatch.setattr(os, "replace", real)
    write_all_atomically({a: "new a", b: "new b"})
    assert a.read_text(encoding="utf-8") == "new a" and b.read_text(encoding="utf-8") == "new b"
