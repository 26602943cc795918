"""audit_pack: the auditor's folder and zip — its files and manifest, the same bytes from the same
inputs, which PDF goes in, refused destinations, hostile names escaped, and a failed write that
leaves the last good pack. The PDF build is a stand-in (the command passes it in)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, answers, page, write_manual
from hsms_manuals import audit_pack
from hsms_manuals.audit_pack import MANIFEST, README, TITLE, crosswalk, write_pack, write_zip
from hsms_manuals.errors import EnvironmentFailure, UsageError
from hsms_manuals.inputs import STAMP, fingerprint
from hsms_manuals.records import RecordsLog
from hsms_manuals.state import ManualState, load_state

FILES = [
    MANIFEST,
    README,
    "crosswalk.csv",
    "crosswalk.md",
    "interviews.md",
    "records-index.csv",
    "records-index.md",
    "tiny-rev-1.pdf",
]


@pytest.fixture
def state(repo) -> ManualState:
    write_manual(repo)
    return load_state(repo, "tiny")


def fresh_pdf(tmp: Path) -> Path:
    out = tmp / "built.pdf"
    out.write_bytes(b"%PDF fresh")
    return out


def no_build(tmp: Path) -> Path:
    raise AssertionError("the PDF of site/ was current: no build expected")


def pack(repo: Path, state: ManualState, out: Path, build=fresh_pdf):
    return write_pack(repo, state, RecordsLog(), out, build)


def test_the_pack_holds_every_file_and_a_manifest_of_them(repo, state, tmp_path):
    out = tmp_path / "packs" / "tiny"
    result = pack(repo, state, out)
    assert (result.folder, result.zip, result.pdf_from) == (out, tmp_path / "packs" / "tiny.zip", "a fresh build")
    assert list(result.files) == FILES
    assert sorted(os.listdir(out)) == FILES
    assert (out / "tiny-rev-1.pdf").read_bytes() == b"%PDF fresh"
    manifest = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert manifest == [
        f"{hashlib.sha256((out / name).read_bytes()).hexdigest()}  {name}" for name in FILES if name != MANIFEST
    ]
    readme = (out / README).read_text(encoding="utf-8")
    assert readme.startswith(f"{TITLE} — Tiny Test Co.\n")
    assert "TT-001 revision 1, effective 2026-09-01 (approved by Pat Doe, Owner)" in readme
    with zipfile.ZipFile(result.zip) as z:
        assert z.comment == TITLE.encode()
        assert z.namelist() == [f"tiny-rev-1-audit-pack/{n}" for n in FILES]
        assert {i.date_time for i in z.infolist()} == {(2026, 9, 1, 0, 0, 0)}  # the effective date, not today
        assert {i.external_attr >> 16 for i in z.infolist()} == {0o644}
        assert z.read(f"tiny-rev-1-audit-pack/{MANIFEST}") == (out / MANIFEST).read_bytes()


def test_the_same_inputs_give_the_same_bytes(repo, state, tmp_path):
    a = pack(repo, state, tmp_path / "a")
    b = pack(repo, state, tmp_path / "b")
    assert a.zip.read_bytes() == b.zip.read_bytes()
    assert {n: (a.folder / n).read_bytes() for n in FILES} == {n: (b.folder / n).read_bytes() for n in FILES}


def test_a_zip_before_1980_carries_the_earliest_date_a_zip_can(tmp_path):
    target = tmp_path / "old.zip"
    write_zip(target, {"b": b"2", "a": b"1"}, "f", dt.date(1975, 5, 5))
    with zipfile.ZipFile(target) as z:
        assert [(i.filename, i.date_time) for i in z.infolist()] == [
            ("f/a", (1980, 1, 1, 0, 0, 0)),
            ("f/b", (1980, 1, 1, 0, 0, 0)),
        ]


def test_the_site_pdf_goes_in_only_when_it_was_built_from_the_current_sources(repo, state, tmp_path):
    site = repo / "site" / "tiny"
    (site / "pdf").mkdir(parents=True)
    (site / "pdf" / "tiny-rev-1.pdf").write_bytes(b"%PDF from site")
    (site / STAMP).write_text(fingerprint(repo, "tiny"), encoding="utf-8")
    result = pack(repo, state, tmp_path / "p1", no_build)
    assert result.pdf_from == "site/tiny (built from the current sources)"
    assert (tmp_path / "p1" / "tiny-rev-1.pdf").read_bytes() == b"%PDF from site"
    (repo / "manuals" / "tiny" / "docs" / "index.md").write_text("---\ntitle: Changed\n---\n", encoding="utf-8")
    result = pack(repo, state, tmp_path / "p2")
    assert result.pdf_from == "a fresh build"  # a stale PDF is never handed to an auditor
    assert (tmp_path / "p2" / "tiny-rev-1.pdf").read_bytes() == b"%PDF fresh"


def test_an_earlier_pack_is_replaced(repo, state, tmp_path):
    out = tmp_path / "pack"
    pack(repo, state, out)
    (out / "extra.txt").write_text("old", encoding="utf-8")
    pack(repo, state, out, lambda tmp: _pdf(tmp, b"%PDF second"))
    assert sorted(os.listdir(out)) == FILES
    assert (out / "tiny-rev-1.pdf").read_bytes() == b"%PDF second"
    with zipfile.ZipFile(tmp_path / "pack.zip") as z:
        assert z.read("tiny-rev-1-audit-pack/tiny-rev-1.pdf") == b"%PDF second"


def _pdf(tmp: Path, data: bytes) -> Path:
    (tmp / "x.pdf").write_bytes(data)
    return tmp / "x.pdf"


def test_a_folder_or_zip_that_is_not_an_earlier_pack_is_never_replaced(repo, state, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        pack(repo, state, mine)
    assert str(exc.value) == f"{mine} exists and is not an earlier `hsms audit-pack` — choose a new or empty folder"
    (tmp_path / "other.zip").write_bytes(_a_zip())
    with pytest.raises(UsageError) as exc:
        pack(repo, state, tmp_path / "other")
    assert str(exc.value) == (
        f"{tmp_path / 'other.zip'} exists and is not an earlier audit pack — move it away or choose another folder"
    )
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="exists and is not a folder — choose a new folder for the pack$"):
        pack(repo, state, tmp_path / "file")
    (tmp_path / "link").symlink_to(mine)
    with pytest.raises(UsageError, match="exists and is not"):
        pack(repo, state, tmp_path / "link")
    assert os.listdir(mine) == ["notes.txt"]
    assert not (tmp_path / "other").exists()


def _a_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x.txt", "someone else's")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("where", "message"),
    [("manuals/pack", "is inside the repository's manuals/ folder"), ("site/pack", "is inside the repository's site/")],
)
def test_the_sources_and_site_are_never_a_pack_target(repo, state, where, message):
    with pytest.raises(UsageError) as exc:
        pack(repo, state, repo / where)
    assert message in str(exc.value)
    assert str(exc.value).endswith("write the pack outside the repository, e.g. ../audit-packs/<manual>")


def test_a_failed_write_leaves_the_last_good_pack_and_no_leftovers(repo, state, tmp_path, monkeypatch):
    out = tmp_path / "pack"
    pack(repo, state, out)
    before = {n: (out / n).read_bytes() for n in FILES}
    zip_before = (tmp_path / "pack.zip").read_bytes()

    def full_disk(new, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit_pack, "swap_in", full_disk)
    with pytest.raises(EnvironmentFailure) as exc:
        pack(repo, state, out, lambda tmp: _pdf(tmp, b"%PDF new"))
    assert str(exc.value) == (
        f"writing the audit pack failed ([Errno 28] No space left on device) — {out} was left as it was"
    )
    assert {n: (out / n).read_bytes() for n in FILES} == before
    assert (tmp_path / "pack.zip").read_bytes() == zip_before
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []  # no temporary folder or zip left


def test_hostile_names_are_escaped_in_the_markdown(repo, tmp_path):
    write_manual(repo, manual_yml=MANUAL_YML.replace("Tiny Test Co.", "<script>x</script> | Co"))
    cross_csv, cross_md = crosswalk(load_state(repo, "tiny"))
    heading = cross_md.splitlines()[0]
    assert "<script>" not in cross_md
    assert heading.startswith("# Audit crosswalk: &lt;script&gt;x&lt;/script&gt; ")
    assert "| Co" not in heading  # a pipe would open a table cell
    assert cross_csv.splitlines()[0] == (  # with a BOM, so Excel reads UTF-8
        "\ufeffelement,element_title,question,text,evidence,points,status,answered_in,not_yet_answered,not_applicable"
    )


def test_a_page_title_that_looks_like_a_formula_is_text_in_the_csv(repo):
    hostile = '=HYPERLINK("http://evil.example","Policy")'
    write_manual(
        repo,
        pages={
            "index.md": INDEX_MD,
            "policy.md": page(f"'{hostile}'", ["policy.statement"], body=answers("policy.statement")),
        },
    )
    cross_csv, _ = crosswalk(load_state(repo, "tiny"))
    rows = list(csv.DictReader(io.StringIO(cross_csv.removeprefix("\ufeff"))))
    answered = [r["answered_in"] for r in rows if r["answered_in"]]
    assert answered and all(a.startswith("'=HYPERLINK(") for a in answered)  # an apostrophe: Excel shows text
