"""pdf.confine: the PDF reads the manual's built site, the shipped fonts and data: URIs — nothing else.
A page that embeds a file from outside is named before rendering; WeasyPrint's fetcher refuses
anything else (and the refusal stops the rendering instead of leaving a hole in the PDF)."""

from __future__ import annotations

import pytest
from weasyprint.urls import FatalURLFetchingError

from hsms_manuals.pdf import PrintSection
from hsms_manuals.pdf.confine import ConfinedFetcher, OutsideFetch, embedded, leaves_site, outside_embeds


@pytest.fixture
def site(tmp_path):
    (tmp_path / "site" / "img").mkdir(parents=True)
    (tmp_path / "site" / "img" / "map.png").write_bytes(b"png")
    (tmp_path / "secret.yml").write_text("token: x", encoding="utf-8")
    return tmp_path / "site"


def test_files_inside_the_allowed_folders_and_data_uris_are_allowed(site):
    fetcher = ConfinedFetcher(site)
    assert fetcher.allows((site / "img" / "map.png").as_uri())
    assert fetcher.allows("file://localhost" + str(site / "img" / "map.png"))
    assert fetcher.allows("data:image/png;base64,iVBORw0KGgo=")
    assert fetcher.allows("DATA:text/plain,x")


def test_a_second_folder_is_allowed_too(site, tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    assert not ConfinedFetcher(site).allows((fonts / "a.woff").as_uri())
    assert ConfinedFetcher(site, fonts).allows((fonts / "a.woff").as_uri())


@pytest.mark.parametrize(
    "url",
    [
        "https://example.ca/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.ca/x",
        "file:///etc/passwd",
        "file://fileserver/share/x.png",  # another machine's share
        "{site}/img/map.png",  # no scheme at all
    ],
)
def test_anything_else_is_refused(site, url):
    assert not ConfinedFetcher(site).allows(url.format(site=site))


def test_climbing_out_of_the_folder_is_refused(site):
    assert not ConfinedFetcher(site).allows(site.as_uri() + "/img/../../secret.yml")
    assert not ConfinedFetcher(site).allows(site.as_uri() + "-other/x.png")  # a sibling sharing the prefix


def test_a_symlink_is_judged_by_where_it_leads(site):
    (site / "img" / "inside.png").symlink_to(site.parent / "secret.yml")
    (site.parent / "elsewhere").mkdir()
    (site.parent / "elsewhere" / "ok.png").write_bytes(b"png")
    (site.parent / "elsewhere" / "back.png").symlink_to(site / "img" / "map.png")
    fetcher = ConfinedFetcher(site)
    assert not fetcher.allows((site / "img" / "inside.png").as_uri())
    assert fetcher.allows((site.parent / "elsewhere" / "back.png").as_uri())


def test_a_refused_fetch_stops_the_rendering_and_names_the_address(site):
    fetcher = ConfinedFetcher(site)
    with pytest.raises(OutsideFetch) as error:
        fetcher.fetch((site.parent / "secret.yml").as_uri())
    assert isinstance(error.value, FatalURLFetchingError)  # WeasyPrint does not swallow it
    assert error.value.url == (site.parent / "secret.yml").as_uri()


def test_an_allowed_fetch_reads_the_file(site):
    response = ConfinedFetcher(site).fetch((site / "img" / "map.png").as_uri())
    try:
        assert response.read() == b"png"
    finally:
        response.close()


def test_embedded_lists_what_is_drawn_and_not_what_is_followed():
    page = """<p><img alt="a > b" src="img/a.png"> <a href="../other/">read on</a>
<object data='files/plan.pdf'></object><video poster=thumb.png src="v.mp4"></video>
<link rel="stylesheet" href="/etc/style.css"><svg><image xlink:href="../../manual.yml"/></svg>
<a rel="nofollow attachment" href="forms/F-01.docx">attached</a> <A REL="Attachment" HREF="big.zip">x</A>
<img src="&#47;etc&#47;passwd"> <img src=""></p>"""
    assert list(embedded(page)) == [
        "img/a.png",
        "files/plan.pdf",
        "thumb.png",
        "v.mp4",
        "/etc/style.css",
        "../../manual.yml",
        "forms/F-01.docx",
        "big.zip",
        "/etc/passwd",  # entities are decoded as a browser would
        "",
    ]


def test_text_that_looks_like_a_tag_inside_code_is_not_read_as_one():
    assert list(embedded('<pre><code>&lt;img src="/etc/passwd"&gt;</code></pre>')) == []


@pytest.mark.parametrize(
    ("value", "page_url", "leaves"),
    [
        ("img/map.png", "02-hazards/", False),
        ("../img/map.png", "02-hazards/", False),
        ("../../img/map.png", "02-hazards/", True),  # above the site root
        ("../img/map.png", "", True),  # the home page is the root
        ("../img/map.png", "02-hazards/page.html", False),  # relative to the file's folder
        ("../../img/map.png", "02-hazards/page.html", True),
        ("../secret.yml", "page.html", True),  # a page file at the root (use_directory_urls: false)
        ("img/map.png", "page.html", False),
        ("%2e%2e/%2e%2e/manual.yml", "a/", True),  # escaped dots are still dots
        ("..", "", True),
        ("/etc/passwd", "a/", True),
        ("\\\\server\\share\\x.png", "a/", True),
        ("file:///etc/passwd", "a/", True),
        ("https://example.ca/x.png", "a/", True),
        ("  https://example.ca/x.png", "a/", True),
        ("data:image/png;base64,AAAA", "a/", False),
        ("#top", "a/", False),
        ("", "a/", False),
    ],
)
def test_leaves_site(value, page_url, leaves):
    assert leaves_site(value, page_url) is leaves


def test_outside_embeds_names_each_page_and_address_once_with_the_fix():
    sections = (
        PrintSection(
            "p-a",
            "Policy",
            '<img src="/etc/passwd"><img src="/etc/passwd"><img src="ok.png"><a href="/elsewhere/">link</a>',
            url="01-policy/",
            source="manuals/tiny/docs/01-policy.md",
        ),
        PrintSection("p-b", "Untitled source", '<object data="../../secret.yml"></object>', url="b/"),
        PrintSection("p-c", "Clean", '<img src="../img/map.png">', url="c/"),
    )
    assert outside_embeds(sections) == [
        "manuals/tiny/docs/01-policy.md: embeds '/etc/passwd', which is outside the manual — put the file in "
        "docs/ and link it relatively (e.g. ![Muster point](images/muster.png))",
        "Untitled source: embeds '../../secret.yml', which is outside the manual — put the file in docs/ and "
        "link it relatively (e.g. ![Muster point](images/muster.png))",
    ]
