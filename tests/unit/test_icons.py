"""Home-screen icons and the web app manifest: drawn from the company's logo or hsms's shield; a
logo is untrusted input (nothing outside itself, no decompression bombs)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from conftest import INDEX_MD, MANUAL_YML, write_manual
from hsms_manuals import icons
from hsms_manuals.manual import load_manual
from hsms_manuals.validate import validate

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
    '<rect width="200" height="100" fill="#ff0000"/></svg>'
)
LINE = MANUAL_YML.count("\n") + 1  # the logo: line appended to manual.yml


def png(width: int, height: int, colour=(0, 0, 255, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge image (a decompression bomb, if decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def with_logo(repo: Path, logo: str, files: dict[str, str | bytes]) -> list[str]:
    pages: dict[str, str | bytes] = {"index.md": INDEX_MD, **files}
    write_manual(repo, manual_yml=MANUAL_YML + f"logo: {logo}\n", pages=pages)
    return [str(p) for p in validate(repo, ["tiny"])[2]]


def test_a_good_logo_is_no_problem_and_needs_no_page_linking_to_it(repo):
    assert with_logo(repo, "img/logo.svg", {"img/logo.svg": LOGO_SVG}) == []
    from hsms_manuals.validate import unpublished_files

    assert unpublished_files(repo, load_manual(repo, "tiny")[0]) == []  # used, so no "not linked" warning


@pytest.mark.parametrize(
    "logo, files, problem",
    [
        (
            "img/logo.gif",
            {"img/logo.gif": b"GIF89a"},
            "'img/logo.gif' is not a PNG, JPEG, WebP or SVG image — save the logo as one of these",
        ),
        (
            "img/nope.png",
            {},
            "'img/nope.png' is not a file of docs/ — write the path relative to docs/, e.g. logo: img/logo.png",
        ),
        (
            "logo.svg",
            {
                "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/ssl/x.png" width="9" '
                'height="9"/></svg>'
            },
            "docs/logo.svg cannot be used: it refers to '/etc/ssl/x.png' outside itself; an SVG logo must hold all it "
            "draws — save the logo again as a plain PNG or SVG",
        ),
        (
            "logo.svg",
            {"logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>'},
            "docs/logo.svg cannot be used: it refers to '@import' outside itself; an SVG logo must hold all it draws — "
            "save the logo again as a plain PNG or SVG",
        ),
        (
            "logo.svg",
            {"logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"></svg>'},
            "docs/logo.svg cannot be used: it draws nothing (every pixel is transparent) — save the logo again as a plain "
            "PNG or SVG",
        ),
        ("logo.png", {"logo.png": b"\x89PNG not really"}, "docs/logo.png cannot be used: it is not a readable image"),
        (
            "logo.png",
            {"logo.png": bomb_png(8000, 8000)},
            "docs/logo.png cannot be used: it has more than 40 million pixels (a logo needs far fewer) — save the logo "
            "again as a plain PNG or SVG",
        ),
        (
            "logo.png",
            {"logo.png": bomb_png(20000, 20000)},
            "docs/logo.png cannot be used: it has more than 40 million pixels (a logo needs far fewer) — save the logo "
            "again as a plain PNG or SVG",
        ),
    ],
)
def test_a_logo_that_cannot_be_used_is_a_located_problem(repo, logo, files, problem):
    found = [p for p in with_logo(repo, logo, files) if "manual.yml" in p]  # (docs/ SVGs have checks of their own)
    assert len(found) == 1 and found[0].startswith(f"manuals/tiny/manual.yml:{LINE}: logo: {problem}"), found


def corner_and_centre(data: bytes) -> tuple[tuple, tuple]:
    img = Image.open(io.BytesIO(data)).convert("RGB")
    return img.getpixel((1, 1)), img.getpixel((img.width // 2, img.height // 2))


def test_icons_from_a_logo_keep_it_inside_the_maskable_safe_zone():
    logo = icons.load_logo_bytes(png(100, 100, (255, 0, 0, 255)), "logo.png")
    for icon in icons.ICONS:
        data = icons.draw(logo, icon, icons.BACKGROUND_COLOR)
        img = Image.open(io.BytesIO(data)).convert("RGB")
        assert img.size == (icon.size, icon.size)
        corner, centre = corner_and_centre(data)
        assert corner == (255, 255, 255) and centre == (255, 0, 0)
        if icon.purpose == "maskable":  # nothing of the logo outside the middle 80% circle
            r = icon.size * 0.4
            c = icon.size / 2
            for x in range(0, icon.size, 8):
                for y in range(0, icon.size, 8):
                    if (x - c) ** 2 + (y - c) ** 2 > r * r:
                        assert img.getpixel((x, y)) == (255, 255, 255), (x, y)


def test_without_a_logo_the_shield_is_drawn_on_the_theme_colour():
    data = icons.draw(icons.default_icon(), icons.ICONS[1], icons.THEME_COLOR)
    corner, _ = corner_and_centre(data)
    assert corner == (0x00, 0x3B, 0x5C)


def test_a_wide_logo_keeps_its_shape_in_the_header():
    logo = icons.load_logo_bytes(LOGO_SVG.encode(), "logo.svg")
    assert logo.size == (1024, 512)
    header = Image.open(io.BytesIO(icons.header_logo(logo)))
    assert header.size == (192, 96)


def test_install_files_and_manifest(repo, tmp_path):
    write_manual(repo, manual_yml=MANUAL_YML.replace("Tiny Test Co.", "Northfork Wellsite Services Inc."))
    manual = load_manual(repo, "tiny")[0]
    icons.write_install_files(manual, tmp_path, published=False)
    assert sorted(p.name for p in (tmp_path / "icons").iterdir()) == [
        "apple-touch-icon.png",
        "favicon.png",
        "icon-192.png",
        "icon-512.png",
        "icon-maskable-512.png",
    ]
    data = json.loads((tmp_path / "manifest.webmanifest").read_text())
    assert data["name"] == "Northfork Wellsite Services Inc. — Health and Safety Manual"
    assert data["short_name"] == "Northfork"
    assert (data["start_url"], data["scope"], data["display"]) == ("./", "./", "standalone")
    assert data["theme_color"] == "#003b5c"
    assert [(i["src"], i["sizes"], i["purpose"]) for i in data["icons"]] == [
        ("icons/icon-192.png", "192x192", "any"),
        ("icons/icon-512.png", "512x512", "any"),
        ("icons/icon-maskable-512.png", "512x512", "maskable"),
    ]
    # A published revision's manifest opens the manual's stable address: whatever revision is current.
    assert json.loads(icons.manifest(manual, start_url="../"))["start_url"] == "../"


@pytest.mark.parametrize(
    "company, short",
    [
        ("Ridgeline Builders Ltd.", "Ridgeline"),
        ("A B C Trucking", "A B C"),
        ("Supercalifragilistic Co.", "Supercalifra"),
    ],
)
def test_short_name_fits_under_the_icon(company, short):
    assert icons.short_name(company) == short
