"""plugin: the MkDocs plugin's events called one by one on a config loaded from the project's
mkdocs.yml (MkDocs' own dispatch, as a build calls them), without `mkdocs build`: what on_config
refuses and sets, what on_files keeps and adds, how a page's Markdown and HTML are rendered,
checked and routed to the PDF. tests/integration/test_site.py builds real sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from conftest import MANUAL_YML, PROJECT, page, write_manual
from hsms_manuals.build import load_manual_config
from hsms_manuals.icons import ICONS_DIR
from hsms_manuals.plugin import HsmsPlugin
from hsms_manuals.text import esc

PAGES = {
    "index.md": page("Home", body="Welcome to {{ company.name }}.\n"),
    "01-policy.md": page("Policy <b>1</b>", body="Our promise.\n"),
    "02-draft.md": page("Unfinished", status="draft"),
}


@pytest.fixture
def root(repo) -> Path:
    shutil.copy(PROJECT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", repo / "overrides")
    return repo


def configured(root: Path, *, drafts: bool = False, publish: bool = False, command: str = "build"):
    cfg = load_manual_config(root, "tiny", root / "out", pdf=True, drafts=drafts, publish=publish)
    cfg.plugins.on_startup(command=command, dirty=False)
    return cfg.plugins.on_config(cfg)


def hsms(cfg) -> HsmsPlugin:
    return cfg.plugins["hsms"]


def site(root, pages=PAGES, manual_yml=MANUAL_YML, **options):
    mroot = write_manual(root, pages=pages, manual_yml=manual_yml)
    (mroot / "docs" / "unused.png").write_bytes(b"png")  # linked by no page
    (mroot / "docs" / "map.png").write_bytes(b"png")
    cfg = configured(root, **options)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    return cfg, files


def markdown_of(cfg, files: Files, src: str) -> tuple[Page, str]:
    p = Page(None, files.get_file_from_path(src), cfg)
    p.read_source(cfg)
    return p, cfg.plugins.on_page_markdown(p.markdown, page=p, config=cfg, files=files)


def test_on_config_names_the_site_from_the_manual_escaped(root):
    write_manual(root, manual_yml=MANUAL_YML.replace("name: Tiny Test Co.", "name: Tiny <b>Co</b> & Sons"))
    cfg = configured(root)
    assert cfg.site_name == Markup("Tiny &lt;b&gt;Co&lt;/b&gt; &amp; Sons — Health and Safety Manual")
    assert cfg.copyright == Markup("TT-001 · Revision 1 · effective 2026-09-01")
    assert cfg.nav[0] == "index.md" and list(cfg.nav[-1]) == ["Audit guide"]
    assert cfg.theme["favicon"] == f"{ICONS_DIR}/favicon.png" and "logo" not in cfg.theme
    assert "version" not in cfg.extra  # only a published manual has a revision selector


def test_a_drafts_preview_says_so_in_the_site_name(root):
    write_manual(root)
    assert str(configured(root, drafts=True).site_name).startswith("DRAFT")


def test_a_published_revision_lives_under_its_revision(root):
    write_manual(root, manual_yml=MANUAL_YML + "site_url: https://m.example/tiny\n")
    assert configured(root).site_url == "https://m.example/tiny/"
    published = configured(root, publish=True)
    assert published.site_url == "https://m.example/tiny/1/"
    assert published.extra["version"] == {"provider": "mike", "alias": True}


def test_a_broken_manual_fails_with_every_problem_and_the_way_to_preview_it(root):
    write_manual(
        root,
        pages={"index.md": page("Home"), "01-x.md": page("X", ["no.such.topic"]), "02-y.md": page("Y", status="odd")},
    )
    with pytest.raises(PluginError) as error:
        configured(root)
    message = str(error.value)
    assert message.startswith("manual 'tiny' has 2 problem(s); nothing was built (preview it anyway with --drafts):\n")
    assert "manuals/tiny/docs/01-x.md" in message and "manuals/tiny/docs/02-y.md" in message


def test_a_manual_that_does_not_load_cannot_even_be_previewed(root):
    write_manual(root, manual_yml="company: [unclosed\n")
    with pytest.raises(PluginError, match="^manual 'tiny' cannot be previewed: it does not load"):
        configured(root, drafts=True)


def test_docs_dir_must_be_a_manual_of_this_repository(root, tmp_path):
    write_manual(root)
    cfg = load_manual_config(root, "tiny", root / "out")
    cfg.docs_dir = str(root / "manuals" / "tiny" / "pages")
    with pytest.raises(PluginError, match="^docs_dir must be manuals/<manual>/docs under "):
        cfg.plugins.on_config(cfg)


def test_events_before_on_config_are_refused_with_a_reason():
    plugin = HsmsPlugin()
    with pytest.raises(PluginError, match=r"used before its on_config event \(no manual loaded\)"):
        plugin.state  # noqa: B018
    with pytest.raises(PluginError, match=r"used before its on_config event \(no page renderer\)"):
        plugin.renderer  # noqa: B018


def test_on_files_keeps_only_what_is_published_and_adds_the_audit_guide(root):
    cfg, files = site(root, pages={**PAGES, "01-policy.md": page("Policy", body="![Map](map.png)\n")})
    sources = {f.src_uri for f in files}
    assert {"index.md", "01-policy.md", "map.png"} <= sources
    assert not {"02-draft.md", "unused.png"} & sources  # a draft and a file no page links: not built, not copied
    guide = sorted(f.src_uri for f in files if f.src_uri.startswith("audit/"))
    assert guide[0] == "audit/element-1.md" and "audit/index.md" in guide and "audit/interviews.md" in guide
    assert all(files.get_file_from_path(src).generated_by == "hsms" for src in guide)


def test_a_drafts_preview_keeps_draft_pages(root):
    _, files = site(root, drafts=True)
    assert "02-draft.md" in {f.src_uri for f in files}


def test_forms_outside_docs_are_copied_or_built(root):
    yml = MANUAL_YML + (
        "forms:\n"
        "  - {id: F-01, title: Check, use: Daily, file: forms/F-01-check.md}\n"
        "  - {id: F-02, title: Inspection, use: Weekly, file: forms/F-02.pdf}\n"
    )
    mroot = write_manual(root, manual_yml=yml)
    (mroot / "forms").mkdir()
    (mroot / "forms" / "F-01-check.md").write_text("Fill in: {{ company.name }}\n", encoding="utf-8")
    (mroot / "forms" / "F-02.pdf").write_bytes(b"%PDF-1.4")
    cfg = configured(root)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    assert files.get_file_from_path("forms/F-02.pdf").abs_src_path == str(mroot / "forms" / "F-02.pdf")
    form, markdown = markdown_of(cfg, files, "forms/F-01-check.md")
    assert "Fill in: Tiny Test Co." in markdown


def test_page_markdown_is_rendered_and_its_title_escaped(root):
    cfg, files = site(root)
    home, markdown = markdown_of(cfg, files, "index.md")
    assert markdown == "Welcome to Tiny Test Co.."  # the name ends with a dot, the page adds one
    policy, _ = markdown_of(cfg, files, "01-policy.md")
    assert policy.meta["title"] == Markup("Policy &lt;b&gt;1&lt;/b&gt;")
    assert "status" not in policy.meta  # not Material's page-status badge
    assert policy.meta["render_macros"] is False  # mkdocs-macros renders nothing after us


def test_a_jinja_problem_fails_the_build_at_the_line_in_the_file(root):
    cfg, files = site(root)
    # Validation refuses it first; the page changed since (a `serve` reload): the build refuses it too.
    policy = root / "manuals" / "tiny" / "docs" / "01-policy.md"
    policy.write_text(page("Policy", body="One.\n\n{{ secret }}\n"), encoding="utf-8")
    with pytest.raises(PluginError) as error:
        markdown_of(cfg, files, "01-policy.md")
    assert str(error.value).startswith("manuals/tiny/docs/01-policy.md:10: jinja: 'secret' is not allowed here")


def test_a_drafts_preview_shows_the_jinja_problem_in_place(root):
    pages = {**PAGES, "02-draft.md": page("Draft", status="draft", body="{{ audit_element('99') }}\n")}
    cfg, files = site(root, pages=pages, drafts=True)
    _, markdown = markdown_of(cfg, files, "02-draft.md")
    problem = "manuals/tiny/docs/02-draft.md:8: jinja: audit_element('99'): ACSA COR has no element '99'"
    assert markdown.startswith('!!! failure "This page cannot be shown yet"\n\n    ' + esc(problem))
    assert markdown.endswith("    Fix the page; `hsms validate` lists every problem.\n")


def content(cfg, files, src: str, html: str) -> tuple[Page, str]:
    p, _ = markdown_of(cfg, files, src)
    return p, cfg.plugins.on_page_content(html, page=p, config=cfg, files=files)


def test_built_html_that_would_run_in_the_browser_fails_the_build(root):
    cfg, files = site(root)
    with pytest.raises(PluginError) as error:
        content(cfg, files, "01-policy.md", '<p onclick="steal()">x</p><script>alert(1)</script>')
    lines = str(error.value).split("\n")
    assert lines and all(line.startswith("manuals/tiny/docs/01-policy.md: built page: ") for line in lines)


def test_a_drafts_preview_shows_a_notice_instead_of_the_page(root):
    cfg, files = site(root, drafts=True)
    _, html = content(cfg, files, "02-draft.md", "<script>alert(1)</script><p>rest</p>")
    assert html.startswith('<div class="admonition failure"><p class="admonition-title">This page cannot be shown yet')
    assert "<script>" not in html and "rest" not in html


def test_print_only_blocks_leave_the_site_but_reach_the_pdf(root):
    cfg, files = site(root)
    html = '<p>For <b>all</b> &lt;readers&gt;.</p><div class="print-only"><p>Paper only</p></div>'
    policy, shown = content(cfg, files, "01-policy.md", html)
    assert "Paper only" not in shown and "For <b>all</b>" in shown
    assert policy.meta["description"] == Markup("For all &lt;readers&gt;.")
    cfg.plugins.on_post_page("<html></html>", page=policy, config=cfg)
    assert hsms(cfg).sections == [("01-policy.md", html)]


def test_pages_are_routed_to_the_pdf_but_not_the_audit_guide(root):
    cfg, files = site(root)
    for src in ("index.md", "audit/index.md", "01-policy.md"):
        p, _ = markdown_of(cfg, files, src)
        p.content = f"<p>{src}</p>"
        assert cfg.plugins.on_post_page("out", page=p, config=cfg) == "out"
    assert hsms(cfg).sections == [("index.md", "<p>index.md</p>"), ("01-policy.md", "<p>01-policy.md</p>")]


def test_a_live_preview_offers_no_pdf(root):
    write_manual(root)
    assert hsms(configured(root)).pdf is True
    assert hsms(configured(root, command="serve")).pdf is False


def test_templates_get_document_control_and_the_pdf_of_the_build(root):
    from mkdocs.structure.nav import get_navigation

    cfg, files = site(root)
    home, _ = markdown_of(cfg, files, "index.md")
    context = hsms(cfg).on_page_context({}, page=home, config=cfg, nav=get_navigation(files, cfg))
    control = context["hsms"]
    assert (control.company, control.number, control.revision) == ("Tiny Test Co.", "TT-001", "1")
    assert control.pdf_url == "pdf/tiny-rev-1.pdf" and control.home is True
    assert hsms(cfg).on_template_context({}, template_name="404.html", config=cfg)["hsms"].pdf_url == control.pdf_url
    assert "hsms" not in hsms(cfg).on_template_context({}, template_name="sitemap.xml", config=cfg)


def test_a_live_preview_links_no_pdf(root):
    write_manual(root)
    cfg = configured(root, command="serve")
    assert hsms(cfg).on_template_context({}, template_name="404.html", config=cfg)["hsms"].pdf_url is None


def test_on_files_refuses_a_published_file_that_leads_out_of_the_manual(root, tmp_path):
    pages = {**PAGES, "01-policy.md": page("Policy", body="![Map](map.png)\n")}
    mroot = write_manual(root, pages=pages)
    (mroot / "docs" / "map.png").write_bytes(b"png")
    cfg = configured(root)  # validated while map.png was a file
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"not the manual's")
    (mroot / "docs" / "map.png").unlink()
    (mroot / "docs" / "map.png").symlink_to(outside)  # then it became a link out
    with pytest.raises(PluginError) as error:
        cfg.plugins.on_files(get_files(cfg), config=cfg)
    assert str(error.value) == (
        "manuals/tiny/docs/map.png: leads outside manuals/tiny/ — nothing outside the manual is published"
    )


def test_after_the_site_the_build_marker_says_what_was_built(root):
    from hsms_manuals.build_marker import read_marker

    write_manual(root)
    cfg = configured(root, command="serve")  # a live preview: no PDF, no content hash
    out = Path(cfg.site_dir)
    out.mkdir(parents=True)
    hsms(cfg).on_post_build(config=cfg)
    marker = read_marker(out)
    assert marker is not None
    assert (marker.manual, marker.drafts, marker.pdf, marker.content_hash) == ("tiny", False, False, None)
    assert not (out / "pdf").exists()
