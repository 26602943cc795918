"""`hsms audit-pack MANUAL OUT`: its two closing lines, the PDF from a fresh build when site/ is not
current, refusals before any work (a destination hsms must not replace, an unknown manual), a
broken manual or records log stopping it, and a failed build leaving the earlier pack as it was.
The build is replaced by one that writes a small stand-in PDF (real packs: tests/integration)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals import build
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import audit_pack
from hsms_manuals.errors import BuildFailed, UsageError, ValidationFailed
from hsms_manuals.state import ManualState

PDF_SRC = "pdf/tiny.pdf"
PDF = b"%PDF-1.7\n% a stand-in for the manual's PDF\n"
KINDS = "records:\n  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.schedule]}\n"


def run(root: Path, *argv: str) -> int:
    return audit_pack.run(root, build_parser().parse_args(["audit-pack", *argv]))


class Builds:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail = False

    def build_site(self, root: Path, manual_id: str, site_dir: Path, pdf: bool = True, **kw: Any) -> None:
        self.calls.append({"manual": manual_id, "pdf": pdf})
        if self.fail:
            raise BuildFailed("the PDF of tiny failed — nothing was written")
        (site_dir / PDF_SRC).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / PDF_SRC).write_bytes(PDF)


@pytest.fixture
def builds(monkeypatch) -> Builds:
    fake = Builds()
    monkeypatch.setattr(build, "build_site", fake.build_site)
    monkeypatch.setattr(ManualState, "pdf_src", PDF_SRC)
    return fake


def manual(repo: Path, rows: str = "2026-10-10,inspection,Shop,i-1,Pat Doe\n") -> Path:
    mroot = write_manual(repo, manual_yml=MANUAL_YML + KINDS)
    (mroot / "records").mkdir()
    (mroot / "records" / "log.csv").write_text("date,kind,site,reference,name\n" + rows, encoding="utf-8")
    return mroot


def test_a_pack_from_a_fresh_build(repo, builds, tmp_path, capsys):
    manual(repo)
    out = tmp_path / "packs" / "tiny"
    assert run(repo, "tiny", str(out)) == 0
    assert builds.calls == [{"manual": "tiny", "pdf": True}]
    lines = capsys.readouterr().out.splitlines()
    files = sorted(p.name for p in out.iterdir())
    assert lines == [
        f"wrote the audit pack of tiny revision 1: {out.resolve()} ({len(files)} files) and {out.resolve()}.zip",
        "the PDF is from a fresh build",
    ]
    pdfs = [p for p in out.iterdir() if p.suffix == ".pdf"]
    assert len(pdfs) == 1 and pdfs[0].read_bytes() == PDF
    with zipfile.ZipFile(tmp_path / "packs" / "tiny.zip") as z:
        assert sorted(n.rsplit("/", 1)[-1] for n in z.namelist() if not n.endswith("/")) == files


@pytest.mark.parametrize("inside", ["manuals/x", "site/packs", "partners"])
def test_a_destination_inside_the_repository_is_refused_before_any_work(repo, builds, inside):
    manual(repo, rows="not,a,valid,row\n")  # would fail later: the destination is refused first
    with pytest.raises(UsageError, match=r"write the pack outside the repository, e\.g\. \.\./audit-packs/<manual>$"):
        run(repo, "tiny", str(repo / inside))
    assert builds.calls == []


def test_a_folder_that_is_not_an_earlier_pack_is_refused(repo, builds, tmp_path):
    manual(repo)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        run(repo, "tiny", str(tmp_path / "mine"))
    assert str(exc.value) == (
        f"{(tmp_path / 'mine').resolve()} exists and is not an earlier `hsms audit-pack` — choose a new or empty folder"
    )
    assert builds.calls == [] and (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_bad_records_row_stops_it(repo, builds, tmp_path):
    manual(repo, rows="2026-10-10,inspectoin,Shop,i-1,Pat Doe\n")
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "tiny", str(tmp_path / "pack"))
    assert [p.file for p in exc.value.problems] == ["manuals/tiny/records/log.csv"]
    assert builds.calls == [] and not (tmp_path / "pack").exists()


def test_a_broken_manual_stops_it_as_it_stops_a_build(repo, builds, tmp_path):
    mroot = manual(repo)
    (mroot / "manual.yml").write_text(MANUAL_YML.replace("  number: TT-001\n", "") + KINDS, encoding="utf-8")
    with pytest.raises(ValidationFailed):
        run(repo, "tiny", str(tmp_path / "pack"))
    assert builds.calls == [] and not (tmp_path / "pack").exists()


def test_a_failed_build_leaves_the_earlier_pack_as_it_was(repo, builds, tmp_path, capsys):
    manual(repo)
    out = tmp_path / "packs" / "pack"
    assert run(repo, "tiny", str(out)) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    archive = (out.parent / "pack.zip").read_bytes()
    builds.fail = True
    with pytest.raises(BuildFailed):
        run(repo, "tiny", str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert (out.parent / "pack.zip").read_bytes() == archive
    assert sorted(p.name for p in out.parent.iterdir()) == ["pack", "pack.zip"]  # no temporary left


def test_an_unknown_manual_is_a_usage_error(repo, builds, tmp_path):
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "nope", str(tmp_path / "pack"))
