"""No byte of client B in client A's site: pages, search index, sitemap, service worker list, PDF,
copied files — whatever A's manual links to. And no private file of A's docs/ is published."""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from hsms_manuals.cli import main
from sitekit import build, make_repo, page, site_files, write_manual

MARKER = "QZX-CLIENT-B-7731"  # in B's pages, manual.yml and image; nowhere in A
B_IMAGE_SIZE = (7, 13)  # B's image is the only one of this size: found in a PDF by its size


def png(width: int, height: int, text: str = "") -> bytes:
    """A real PNG (red pixels) with an optional tEXt chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    extra = chunk(b"tEXt", b"Comment\x00" + text.encode()) if text else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + extra
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def contents(path: Path) -> list[bytes]:
    """What a reader of the file can get out of it: its bytes, unzipped, or a PDF's text."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        return [gzip.decompress(data)]
    if path.suffix == ".pdf":
        reader = PdfReader(path)
        return [data, "\n".join(p.extract_text() for p in reader.pages).encode()]
    return [data]


def pdf_image_sizes(pdf: Path) -> set[tuple[int, int]]:
    sizes = set()
    for p in PdfReader(pdf).pages:
        xobjects = p.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.add((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


def leaks(site: Path) -> list[str]:
    """Files of a site that hold client B's marker (text, search index, sitemap, worker, PDF text),
    and PDFs that embed B's image."""
    found = [
        p.relative_to(site).as_posix() for p in site_files(site) if any(MARKER.encode() in blob for blob in contents(p))
    ]
    found += [p.name + " (B's image)" for p in site.rglob("*.pdf") if B_IMAGE_SIZE in pdf_image_sizes(p)]
    return found


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site_files(site)}


@pytest.fixture(scope="module")
def clients(tmp_path_factory) -> Path:
    """Clients A and B, each built once with its PDF."""
    root = make_repo(tmp_path_factory.mktemp("isolation"))
    b = write_manual(
        root,
        "b",
        company=f"Bravo {MARKER} Ltd.",
        site=f"Yard {MARKER}",
        pages={
            "index.md": page("Welcome", f"B's manual. {MARKER}\n\n![Map](img/map.png)\n\n[Policy](secret.md)"),
            "secret.md": page(f"Secret {MARKER}", f"B's own rules: {MARKER}"),
        },
    )
    (b / "docs" / "img").mkdir()
    (b / "docs" / "img" / "map.png").write_bytes(png(*B_IMAGE_SIZE, MARKER))
    a = write_manual(
        root,
        "a",
        company="Alpha Ltd.",
        pages={
            "index.md": page("Welcome", "A's manual.\n\n![Logo](img/logo.png)\n\n[Rules](rules.md)"),
            "rules.md": page("Rules", "A's rules."),
        },
    )
    (a / "docs" / "img").mkdir()
    (a / "docs" / "img" / "logo.png").write_bytes(png(5, 5))
    assert build(root, "a", "b", pdf=True) == 0
    return root


def test_the_marker_is_findable_in_bs_own_site(clients):
    # The detector works: B's text, search index, sitemap entries and PDF (text and image) are all seen.
    found = leaks(clients / "site" / "b")
    assert {
        "index.html",
        "secret/index.html",
        "search/search_index.json",
        "pdf/b-rev-1.pdf",
        "img/map.png",
        "b-rev-1.pdf (B's image)",
    } <= set(found)


def test_no_byte_of_b_in_as_site(clients):
    site = clients / "site" / "a"
    assert leaks(site) == []
    assert (site / "img" / "logo.png").is_file() and (site / "hsms-sw.js").is_file()
    assert (site / "sitemap.xml").is_file() and (site / "pdf" / "a-rev-1.pdf").is_file()


def _link(path: Path, target: str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink() if not path.is_dir() or path.is_symlink() else None
    path.symlink_to(target)


ATTACKS = {
    # name: (what A's repository gets, the problem line that names it)
    "page-links-to-b": (
        lambda a: _link(a / "docs" / "zz.md", "../../b/docs/secret.md"),
        "manuals/a/docs/zz.md: a link to manuals/b/docs/secret.md, outside manuals/a/",
    ),
    "image-links-to-b": (
        lambda a: _link(a / "docs" / "img" / "logo.png", "../../../b/docs/img/map.png"),
        "manuals/a/docs/img/logo.png: a link to manuals/b/docs/img/map.png, outside manuals/a/",
    ),
    "folder-links-to-b": (
        lambda a: _link(a / "docs" / "more", "../../b/docs"),
        "manuals/a/docs/more: a link to manuals/b/docs, outside manuals/a/",
    ),
    "manual-yml-links-to-b": (
        lambda a: _link(a / "manual.yml", "../b/manual.yml"),
        "manuals/a/manual.yml: a link to manuals/b/manual.yml, outside manuals/a/",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_link_to_b_fails_as_build_and_leaks_nothing(clients, capsys, attack, tmp_path):
    # Each attack on a copy of the repository: the module's built sites stay as they are.
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(clients, root, symlinks=True)
    site = root / "site" / "a"
    before = snapshot(site)
    make, problem = ATTACKS[attack]
    make(root / "manuals" / "a")
    capsys.readouterr()
    assert build(root, "a", pdf=True) == 1
    err = capsys.readouterr().err
    assert f"{problem} — put a copy of what this manual needs inside manuals/a/ instead of a link" in err
    assert snapshot(site) == before and leaks(site) == []
    assert main(["--root", str(root), "validate", "a"]) == 1
    assert problem in capsys.readouterr().err


def test_a_docs_folder_linking_to_bs_docs_is_refused(clients, capsys, tmp_path):
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(clients, root, symlinks=True)
    docs = root / "manuals" / "a" / "docs"
    shutil.rmtree(docs)
    docs.symlink_to("../b/docs", target_is_directory=True)
    before = snapshot(root / "site" / "a")
    assert build(root, "a", pdf=True) == 1
    assert "manuals/a/docs: a link to manuals/b/docs, outside manuals/a/" in capsys.readouterr().err
    assert snapshot(root / "site" / "a") == before


def test_a_markdown_link_out_of_the_docs_folder_fails_the_build(clients, capsys, tmp_path):
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(clients, root, symlinks=True)
    index = root / "manuals" / "a" / "docs" / "index.md"
    # The second image path reaches B's file from the temporary build folder (site/.a.build-*/).
    index.write_text(
        index.read_text(encoding="utf-8") + "\n![x](../../b/docs/img/map.png) [y](../../b/docs/secret.md)"
        "\n![z](../../manuals/b/docs/img/map.png)\n",
        encoding="utf-8",
    )
    before = snapshot(root / "site" / "a")
    assert build(root, "a", pdf=True) == 1
    assert snapshot(root / "site" / "a") == before


def test_private_and_unlinked_files_are_not_published(clients, capsys, tmp_path):
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(clients, root, symlinks=True)
    docs = root / "manuals" / "a" / "docs"
    (docs / "img" / "unused.png").write_bytes(png(3, 3))
    (docs / "forms").mkdir()
    (docs / "forms" / "contacts.csv").write_text("Pat,403-555-0101\n", encoding="utf-8")
    (docs / "internal-notes.txt").write_text("pay rates\n", encoding="utf-8")
    assert build(root, "a") == 1
    err = capsys.readouterr().err
    assert "manuals/a/docs/internal-notes.txt: .txt files are not published" in err
    assert "manuals/a/docs/forms/contacts.csv: .csv files are not published" in err
    (docs / "internal-notes.txt").unlink()
    yml = root / "manuals" / "a" / "manual.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "publish_files: [forms/contacts.csv]\n", encoding="utf-8")
    assert main(["--root", str(root), "validate", "a"]) == 0
    assert capsys.readouterr().err == (
        "warning: manuals/a/docs/img/unused.png: no page links to it, so it is not "
        "published — link it from a page, list it under publish_files: in manual.yml, "
        "or remove it\n"
    )
    assert build(root, "a") == 0
    site = root / "site" / "a"
    assert (site / "forms" / "contacts.csv").is_file() and (site / "img" / "logo.png").is_file()
    assert not (site / "img" / "unused.png").exists()
    assert "unused.png" not in (site / "sitemap.xml").read_text(encoding="utf-8")
