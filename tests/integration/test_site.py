"""The published site, built for real: what workers, auditors and consultants see."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from hsms_manuals.i18n import t
from sitekit import REPO, build, default_pages, make_repo, page, site_files, write_manual

EXTERNAL = re.compile(r"""^(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """Both shipped example manuals, built once (site only; the PDF has its own tests)."""
    out = tmp_path_factory.mktemp("site")
    assert build(REPO, "ridgeline-builders", "northfork-wellsite", site_dir=out) == 0
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- workers -----------------------------------------------------------------------------


def test_home_page_puts_emergency_essentials_first(shipped):
    home = read(shipped / "ridgeline-builders" / "index.html")
    article = home[home.index("<article") :]
    block = article[article.index('class="hsms-emergency"') :]
    assert article.index('class="hsms-emergency"') < article.index("<h1")  # before anything else
    assert '<a class="hsms-call__button" href="tel:911">' in block
    assert 'href="tel:4035550148"' in block  # company safety line, tap to call
    assert "Report an incident: Safety Coordinator" in block
    assert "<dt>Muster point</dt><dd>Front gate by the flagpole" in block
    assert "Priya Sandhu" in block  # first aider from manual.yml


def test_search_index_has_every_approved_page_and_the_guide(shipped):
    index = json.loads(read(shipped / "ridgeline-builders" / "search" / "search_index.json"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for name in ("", "01-policy/", "04-hazard-assessment/", "13-emergency-response/", "audit/", "audit/element-6/"):
        assert name in locations
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("04-hazard-assessment/"))
    assert "field-level hazard assessment" in text.lower()


def test_nothing_is_fetched_from_the_internet(shipped):
    for site in ("ridgeline-builders", "northfork-wellsite"):
        for f in site_files(shipped / site, ".html"):
            text = read(f)
            for tag, attr in (
                ("script", "src"),
                ("link", "href"),
                ("img", "src"),
                ("source", "src"),
                ("iframe", "src"),
                ("video", "src"),
                ("audio", "src"),
            ):
                for element in re.findall(rf"<{tag}\b[^>]*>", text):
                    if tag == "link" and re.search(r'\brel="(canonical|alternate)"', element):
                        continue  # names this page's address; the browser fetches nothing
                    for url in re.findall(rf'\b{attr}="([^"]*)"', element):
                        assert not EXTERNAL.match(url), f"{f}: {element}"
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for f in site_files(shipped / site, ".css", ".js"):
            for url in re.findall(r"""(?:url\(|@import\s+)['"]?((?:https?:)?//[^'")\s]+)""", read(f)):
                pytest.fail(f"{f} loads {url}")


# --- auditors ----------------------------------------------------------------------------


def test_audit_guide_has_a_page_per_element_in_partner_order(shipped):
    guide = read(shipped / "ridgeline-builders" / "audit" / "index.html")
    labels = list(dict.fromkeys(re.findall(r'href="element-(\w+)/"', guide)))
    assert labels[:10] == [str(i) for i in range(1, 11)]
    for i in range(1, 11):
        assert (shipped / "ridgeline-builders" / "audit" / f"element-{i}" / "index.html").is_file()
    esc = read(shipped / "northfork-wellsite" / "audit" / "index.html")
    assert list(dict.fromkeys(re.findall(r'href="element-(\w)/"', esc)))[:10] == list("abcdefghij")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in guide and "Overall" in guide
    assert "program <strong>COR</strong>" in guide


def test_guide_question_links_to_the_page_that_answers_it_and_back(shipped):
    el6 = read(shipped / "ridgeline-builders" / "audit" / "element-6" / "index.html")
    q = el6[el6.index('id="q-6-9"') :]
    q = q[: q.index("<h3")] if "<h3" in q else q
    assert "Violence" in q or "violence" in q
    assert (
        'href="../../07-violence-harassment/#where-the-risk-is-for-us">Violence and Harassment Prevention › Where the '
        "risk is for us</a>"
    ) in q
    assert "hsms-status--answered" in q
    page = read(shipped / "ridgeline-builders" / "07-violence-harassment" / "index.html")
    trace = page[page.index('class="hsms-trace"') :]
    assert 'href="../audit/element-6/#q-6-9">ACSA 6.9</a>' in trace


def test_field_evidence_questions_are_listed_not_counted(shipped):
    el = read(shipped / "northfork-wellsite" / "audit" / "element-a" / "index.html")
    assert "Needs field evidence" in el and "not by reading the manual" in el


def test_legislation_table_cites_the_register_for_the_province_and_size(shipped):
    """Every law citation hsms prints comes from the register: current Alberta law, with the rows
    for the company's size, linked to the pages that answer them."""
    big = read(shipped / "ridgeline-builders" / "15-program-administration" / "index.html")  # 24 workers
    small = read(shipped / "northfork-wellsite" / "12-administration" / "index.html")  # 6 workers
    row = re.search(r"<tr>\s*<td>OHS Code Part 28</td>.*?</tr>", big, re.S).group(0)
    assert 'href="../08-working-alone/#before-you-work-alone"' in row and "keeps in touch with the worker" in row
    assert "<td>OHS Act s.13</td>" in big and "<td>OHS Act s.14</td>" not in big  # committee at 20+
    assert "<td>OHS Act s.14</td>" in small and "<td>OHS Act s.13</td>" not in small  # representative at 5-19
    for html in (big, small):
        assert "SA 2020 c O-2.2, in force since 2021-12-01" in html
        assert "2017" not in html and "s.37" not in html  # never the repealed Act


def test_audit_guide_flags_an_approximated_program_and_our_own_ids(shipped):
    guide = read(shipped / "northfork-wellsite" / "audit" / "index.html")  # ESC SECOR
    assert '<p class="admonition-title">Approximated program: SECOR</p>' in guide
    assert "separate SECOR audit tool whose questions" in guide
    element = read(shipped / "northfork-wellsite" / "audit" / "element-a" / "index.html")
    assert "separate SECOR audit tool whose questions" in element
    six = read(shipped / "ridgeline-builders" / "audit" / "element-6" / "index.html")  # ACSA COR: not approximated
    assert "Approximated" not in six and "Approximated" not in read(
        shipped / "ridgeline-builders" / "audit" / "index.html"
    )
    assert "Only 6.9, 6.10 and 6.11 (violence prevention plan, harassment prevention plan, review of" in six


def test_every_page_carries_document_control(shipped):
    pages = [f for f in site_files(shipped / "ridgeline-builders", ".html") if f.name != "404.html"]
    assert len(pages) >= 27
    site = shipped / "ridgeline-builders"
    for f in pages:
        text = read(f)
        lang = f.relative_to(site).parts[0] if f.relative_to(site).parts[0] in ("fr", "pa") else "en"
        control = text[text.index('class="hsms-control"') :][:900]
        # A translated page prints the same control in its own words (hsms's catalogues).
        assert "<b>RB-HSMS-001</b> · " + t(lang, "Revision {revision}", revision="4") in control, f
        assert t(lang, "Effective {date}", date="2026-09-01") in control
        assert t(lang, "Approved by {name}", name="Dana Kowalski, President") in control
        assert t(lang, "Next review {date}", date="2027-09-01") in control
        assert "Download PDF" not in control and "PDF" not in control  # built with --no-pdf: no dead link


# --- drafts, escaping, isolation ---------------------------------------------------------


def test_drafts_never_appear_anywhere(tmp_path):
    root = make_repo(tmp_path)
    pages = default_pages() | {
        "03-secret.md": page("Zebradraft procedure", "Zebradraft text.", ("hazard.review",), "draft")
    }
    write_manual(root, "m", pages=pages)
    assert build(root, "m") == 0
    site = root / "site" / "m"
    assert not (site / "03-secret").exists()
    sitemap = read(site / "sitemap.xml")
    assert "<loc>https://manuals.example.ca/m/02-hazards/</loc>" in sitemap  # approved pages are listed
    for f in site_files(site):
        if f.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            assert "zebradraft" not in f.read_text(encoding="utf-8", errors="replace").lower(), f


def test_yaml_values_are_escaped_everywhere(tmp_path):
    root = make_repo(tmp_path)
    evil = "<script>alert(1)</script>"
    pages = default_pages() | {
        "01-policy.md": page(f"Policy {evil}", "## Our promise\n\nCompany: {{ company.name }}.", ("policy.statement",))
    }
    write_manual(
        root,
        "m",
        company=f"{evil} & Sons",
        site=f"Yard {evil}",
        muster="Gate <img src=x onerror=alert(2)>",
        pages=pages,
    )
    assert build(root, "m") == 0
    site = root / "site" / "m"
    for f in site_files(site, ".html", ".json", ".xml"):
        text = read(f)
        assert "<script>alert" not in text, f
        assert "<img src=x" not in text, f
    home = read(site / "index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" in home
    assert "Gate <img src=x onerror=alert(2)>" in unescape(home)  # shown as text (escaped as above)
    policy = read(site / "01-policy" / "index.html")
    assert "<title>Policy &lt;script&gt;alert(1)&lt;/script&gt; - " in policy
    assert "Company: &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons." in policy


def test_two_manuals_are_isolated(tmp_path):
    root = make_repo(tmp_path)
    write_manual(
        root,
        "alpha",
        company="Alphawolf Drilling",
        pages=default_pages() | {"03-a.md": page("Alphaonly page", "Alphaonly words.", ("hazard.review",))},
    )
    write_manual(
        root,
        "beta",
        company="Betafox Hauling",
        pages=default_pages() | {"03-b.md": page("Betaonly page", "Betaonly words.", ("hazard.review",))},
    )
    assert build(root) == 0
    for me, other in (("alpha", ("betaonly", "betafox")), ("beta", ("alphaonly", "alphawolf"))):
        for f in site_files(root / "site" / me):
            if f.suffix in (".html", ".json", ".xml", ".js", ".css"):
                text = f.read_text(encoding="utf-8", errors="replace").lower()
                assert not any(word in text for word in other), f


# --- failures keep the last good site ------------------------------------------------------


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site_files(site)}


@pytest.mark.parametrize(
    "breakage, expected",
    [
        (
            "See [nowhere](99-missing.md).",
            "manuals/m/docs/02-hazards.md:14: link: '99-missing.md' is not a page of this "
            "manual — link to a page of docs/, relative to this page",
        ),
        (
            "See [bad anchor](01-policy.md#no-such-heading).",
            "manuals/m/docs/02-hazards.md:14: link: "
            "'01-policy.md#no-such-heading': no heading or id '#no-such-heading' on 01-policy.md — use one of: #our-promise",
        ),
        (
            "Hello {{ company.nme }}.",
            "manuals/m/docs/02-hazards.md:14: jinja: company has no field 'nme' — use one of company.name, company.province",
        ),
        (
            "{{ audit_element('Z') }}",
            "manuals/m/docs/02-hazards.md:14: jinja: audit_element('Z'): ESC SECOR has no element 'Z'",
        ),
        ("{% if %}", "manuals/m/docs/02-hazards.md:14: jinja: Expected an expression"),
    ],
)
def test_a_broken_page_fails_and_keeps_the_previous_site(tmp_path, capsys, breakage, expected):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    assert build(root, "m") == 0
    before = snapshot(root / "site" / "m")
    hazards = mdir / "docs" / "02-hazards.md"
    hazards.write_text(hazards.read_text() + "\n" + breakage + "\n")
    capsys.readouterr()
    assert build(root, "m") == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert err.splitlines()[-2] == "1 of 1 manual(s) failed (0 built, 0 unchanged):"
    assert err.splitlines()[-1].startswith("  m: ")
    assert snapshot(root / "site" / "m") == before
    assert sorted(p.name for p in (root / "site").iterdir()) == ["m"]  # no temporary folders left


def test_an_invalid_manual_never_builds(tmp_path, capsys):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    text = (mdir / "manual.yml").read_text().replace("employees: 6", "employees: six")
    (mdir / "manual.yml").write_text(text)
    assert build(root, "m") == 1
    err = capsys.readouterr().err
    assert "manuals/m/manual.yml:4: company.employees: must be of integer type — write the peak number" in err
    assert err.splitlines()[-1] == (
        "  m: 1 problem(s), listed above; nothing was built (or preview it with `hsms build m --drafts`)"
    )
    assert not (root / "site" / "m").exists()


def test_unknown_manual_is_a_usage_error(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    assert build(root, "nope") == 2
    assert capsys.readouterr().err.startswith(
        "error: unknown manual 'nope' — expected manuals/nope/manual.yml; manuals here: m"
    )


def test_plain_mkdocs_build_at_the_repo_root_builds_the_first_example(tmp_path):
    out = tmp_path / "plain"
    res = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "HSMS_PDF": "false"},
    )
    assert res.returncode == 0, res.stderr
    assert "Ridgeline Builders Ltd." in read(out / "index.html")
    assert (out / "audit" / "element-6" / "index.html").is_file()


EVIL = "<script>alert(1)</script>"


def test_every_yaml_field_and_front_matter_variable_is_escaped(tmp_path):
    root = make_repo(tmp_path)
    mdir = write_manual(
        root,
        "m",
        pages=default_pages()
        | {
            "03-vars.md": page(
                "Vars",
                "Owner {{ page.owner }}; title {{ page.title }}.\n\n{{ responsibilities() }}\n\n"
                "{{ forms_index() }}\n\n{{ emergency_contacts() }}\n\n{{ crosswalk() }}",
                ("hazard.review",),
            ).replace("owner: Owner", f"owner: '{EVIL}'"),
        },
    )
    yml = (mdir / "manual.yml").read_text()
    yml = yml.replace("name: Sam Ray", f"name: '{EVIL} Sam'").replace(
        "title: Field-Level Hazard Assessment", f"title: '{EVIL} FLHA'"
    )
    yml = yml.replace("{name: Pat Lee, title: Owner}", f"{{name: '{EVIL} Pat', title: Owner}}")
    yml += (
        f"responsibilities:\n  - role: '{EVIL} Lead'\n    duties: ['{EVIL} duty']\n"
        f"  - role: '{EVIL}'\n    duties: [Keep this page]\n  - role: Owner\n    duties: [Keep the manual]\n"
        f"not_applicable:\n  control.fall_protection: '{EVIL} never at height'\n"
    )
    (mdir / "manual.yml").write_text(yml)
    assert build(root, "m") == 0
    site = root / "site" / "m"
    for f in site_files(site, ".html", ".json", ".xml", ".svg"):
        text = read(f)
        assert "<script>alert" not in text, f
    page_html = read(site / "03-vars" / "index.html")
    assert "Owner &lt;script&gt;alert(1)&lt;/script&gt;; title Vars." in page_html
    assert "Page owner: &lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    for text in (
        "&lt;script&gt;alert(1)&lt;/script&gt; Lead",
        "&lt;script&gt;alert(1)&lt;/script&gt; duty",
        "&lt;script&gt;alert(1)&lt;/script&gt; FLHA",
        "&lt;script&gt;alert(1)&lt;/script&gt; Sam",
        "Not applicable: &lt;script&gt;alert(1)&lt;/script&gt; never at height",
    ):
        assert text in page_html, text
    assert "Approved by &lt;script&gt;alert(1)&lt;/script&gt; Pat, Owner" in page_html


def test_pages_in_hidden_folders_are_neither_built_nor_counted(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(
        root,
        "m",
        pages=default_pages() | {".archive/old.md": page("Old archived page", "Oldarchive words.", ("hazard.review",))},
    )
    assert build(root, "m") == 0
    site = root / "site" / "m"
    assert not any("oldarchive" in f.read_text(errors="replace").lower() for f in site_files(site, ".html", ".json"))
    from hsms_manuals.cli import main

    capsys.readouterr()
    main(["--root", str(root), "coverage", "m", "--format", "json"])
    assert ".archive/old.md" not in capsys.readouterr().out


def test_folders_become_nested_sections_in_the_navigation(tmp_path):
    root = make_repo(tmp_path)
    write_manual(
        root,
        "m",
        pages=default_pages()
        | {
            "procedures/index.md": page("Procedures overview", "All procedures."),
            "procedures/01-lifting.md": page("Lifting", "Lift with your legs."),
            "procedures/driving/01-winter.md": page("Winter driving", "Slow down."),
        },
    )
    assert build(root, "m") == 0
    html = read(root / "site" / "m" / "index.html")
    start = html.index('class="md-nav md-nav--primary"')
    nav = html[start : html.index("</nav>", start)]
    entries = [e.strip() for e in re.findall(r'<span class="md-ellipsis">([^<]*)</span>', nav)]
    # One "Procedures" section holding its pages, then its "Driving" subsection (not three top-level sections).
    assert entries[:8] == [
        "Welcome",
        "Health and Safety Policy",
        "Hazard Assessment",
        "Procedures",
        "Procedures overview",
        "Lifting",
        "Driving",
        "Winter driving",
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda d: (d / "index.md").write_text((d / "index.md").read_text().replace("approved", "draft")),
            "manuals/m/docs/index.md:4: status: the home page is a draft",
        ),
        (
            lambda d: (d / "01-Policy.md").write_text(page("Policy again", "Copy.")),
            "manuals/m/docs/01-policy.md:2: same web address '01-policy/' as 01-Policy.md — rename one of the two files",
        ),
    ],
)
def test_pages_that_would_break_the_site_fail_validation(tmp_path, capsys, change, expected):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    change(mdir / "docs")
    assert build(root, "m") == 1
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("call", ["context()", "macros_info()", "now()", "lipsum()"])
def test_mkdocs_macros_own_helpers_are_not_available_to_pages(tmp_path, capsys, call):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    hazards = mdir / "docs" / "02-hazards.md"
    hazards.write_text(hazards.read_text() + "\n{{ " + call + " }}\n")
    assert build(root, "m") == 1
    name = call[:-2]
    assert (
        f"manuals/m/docs/02-hazards.md:14: jinja: '{name}' is not allowed here — only these are allowed: company, "
        in capsys.readouterr().err
    )
