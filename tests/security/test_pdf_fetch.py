"""The PDF reads only the manual's built site, the shipped fonts and data: URIs (issue 8): a page
cannot embed /etc/passwd, a file of the repository or anything from the network."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from pypdf import PdfReader

from hsms_manuals.errors import BuildFailed
from hsms_manuals.pdf import PrintDocument, PrintSection, write_pdf
from hsms_manuals.pdf.confine import ConfinedFetcher, OutsideFetch, embedded, leaves_site, outside_embeds
from sitekit import build, default_pages, make_repo, page, write_manual

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "map.png").write_bytes(PNG)
    (tmp_path / "secret.txt").write_text("client B's phone list")
    (site / "img" / "link.png").symlink_to(tmp_path / "secret.txt")  # a symlink out of the site
    return site


def test_the_fetcher_serves_the_site_fonts_and_data_only(site, tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "a.woff").write_bytes(b"x")
    fetcher = ConfinedFetcher(site, fonts)
    for url in (
        site.as_uri() + "/img/map.png",
        fonts.as_uri() + "/a.woff",
        "data:image/png;base64,AAAA",
        "file://localhost" + str(site / "img" / "map.png"),
    ):
        assert fetcher.allows(url), url
    for url in (
        "file:///etc/passwd",
        (tmp_path / "secret.txt").as_uri(),
        site.as_uri() + "/../secret.txt",
        site.as_uri() + "/img/%2e%2e/%2e%2e/secret.txt",
        site.as_uri() + "/img/link.png",
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
        site.as_uri() + "-evil/x.png",
    ):
        assert not fetcher.allows(url), url
        with pytest.raises(OutsideFetch):
            fetcher.fetch(url)
    assert fetcher.fetch(site.as_uri() + "/img/map.png").read() == PNG


@pytest.mark.parametrize(
    "value, page_url, outside",
    [
        ("img/map.png", "", False),
        ("../img/map.png", "02-hazards/", False),
        ("data:image/png;base64,AA", "", False),
        ("#top", "", False),
        ("/etc/passwd", "02-hazards/", True),
        ("file:///etc/passwd", "", True),
        ("http://example.com/a.png", "", True),
        ("//example.com/a.png", "", True),
        ("../../manual.yml", "", True),
        ("../../../manual.yml", "a/b/", True),
        ("%2e%2e/x", "", True),
        ("../x.png", "a/b/", False),
    ],
)
def test_which_addresses_leave_the_site(value, page_url, outside):
    assert leaves_site(value, page_url) is outside


def test_embedded_addresses_are_what_is_drawn_not_what_is_linked():
    page_html = (
        '<p><img alt="a > b" src="img/a.png"> <a href="/etc/passwd">link</a> '
        '<a rel="attachment" href="/etc/hosts">file</a> <object data="x.svg"></object> '
        '<svg><image xlink:href="/etc/shadow"/></svg> <link rel="stylesheet" href="&#47;s.css"></p>'
    )
    assert list(embedded(page_html)) == ["img/a.png", "/etc/hosts", "x.svg", "/etc/shadow", "/s.css"]


def doc(site: Path, body: str) -> PrintDocument:
    return PrintDocument(
        company="Tiny Test Co.",
        title="Manual",
        number="T-1",
        revision="1",
        effective="2026-09-01",
        approved_by_name="Pat Lee",
        approved_by_title="Owner",
        partner="ESC",
        program="SECOR",
        site_url="https://manuals.example.ca/t/",
        crosswalk=(),
        base_url=str(site),
        sections=(
            PrintSection("p000-index", "Welcome", "<p>Hi</p>", source="manuals/t/docs/index.md"),
            PrintSection("p001-x", "Hazards", body, url="02-hazards/", source="manuals/t/docs/02-hazards.md"),
        ),
    )


def test_write_pdf_names_the_page_and_each_outside_address(site, tmp_path):
    body = '<p><img src="/etc/passwd"><img src="../../../secret.txt"><img src="../img/map.png"></p>'
    with pytest.raises(BuildFailed) as exc:
        write_pdf(doc(site, body), tmp_path / "out.pdf")
    assert str(exc.value).splitlines() == [
        "PDF: manuals/t/docs/02-hazards.md: embeds '/etc/passwd', which is outside the manual — put the file in "
        "docs/ and link it relatively (e.g. ![Muster point](images/muster.png))",
        "PDF: manuals/t/docs/02-hazards.md: embeds '../../../secret.txt', which is outside the manual — put the "
        "file in docs/ and link it relatively (e.g. ![Muster point](images/muster.png))",
    ]
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize(
    "body",
    [
        '<p style="background: url(file:///etc/hostname)">x</p>',  # not an embed the pre-check knows
        '<p><img src="../img/link.png"></p>',  # inside the site, but a symlink out of it
    ],
)
def test_the_fetcher_stops_what_the_page_check_cannot_see(site, tmp_path, body):
    with pytest.raises(
        BuildFailed,
        match=r"^PDF: the document asks for 'file:///.*', which is outside the manual "
        "and was not read — put the file in docs/ and link it relatively$",
    ):
        write_pdf(doc(site, body), tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_images_inside_the_site_and_data_uris_still_print(site, tmp_path):
    body = (
        '<p>Map <img src="../img/map.png" alt="map"> and '
        f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}" alt="dot"></p>'
    )
    assert write_pdf(doc(site, body), tmp_path / "out.pdf") >= 1
    assert "Map" in "".join(p.extract_text() for p in PdfReader(tmp_path / "out.pdf").pages)
    assert outside_embeds(doc(site, body).sections) == []


DRAWN = "manuals/m/docs/index.md:10: html: '{}' is drawn from outside the manual (each reader's browser would fetch it"


@pytest.mark.parametrize(
    "html_in_page, expected",
    [
        # Links the page checks already refuse (validate = what the build checks) never reach the PDF.
        ('<img src="/etc/passwd" alt="x">', "manuals/m/docs/index.md:10: link: '/etc/passwd' is an absolute address"),
        ('<img src="file:///etc/hostname" alt="x">', DRAWN.format("file:///etc/hostname")),
        ('<img src="http://example.com/track.png" alt="x">', DRAWN.format("http://example.com/track.png")),
        (
            '<img src="data:image/png;base64,iVBORw0KGgo=" srcset="//example.com/t.png 2x" alt="x">',
            DRAWN.format("//example.com/t.png"),
        ),
        (
            '<a rel="attachment" href="../../manual.yml">manual</a>',
            "manuals/m/docs/index.md:10: link: '../../manual.yml' points outside the manual's docs/ folder",
        ),
    ],
)
def test_a_page_embedding_a_file_outside_its_manual_fails_the_pdf_build(tmp_path, capsys, html_in_page, expected):
    root = make_repo(tmp_path)
    write_manual(
        root,
        "m",
        pages=default_pages()
        | {"index.md": page("Welcome", f"Read the [policy](01-policy.md).\n\n<p>{html_in_page}</p>")},
    )
    assert build(root, "m", pdf=True) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert not (root / "site" / "m").exists()
