"""The hsms MkDocs plugin: one manual per build.

on_config validates the manual (a broken manual fails the build with every problem listed)
and sets the site name and navigation; on_files drops drafts entirely and adds the
generated audit guide; on_page_context gives templates document control and the audit
questions a page answers; the PDF edition and the build marker are written after the site.
A drafts preview (``drafts: true``) keeps draft pages and builds an unfinished manual, with
what blocks approval on every page (``drafts``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import __version__
from .active_content import html_findings
from .audit_guide import element_page_source, interviews_page_source, summary_page_source
from .build_marker import BuildMarker, write_marker
from .changes import CHANGES_SRC, SNAPSHOT_FILE, Snapshot, changes_page_source, read_snapshot, snapshot
from .claim_checks import claims_not_built, toc_ids
from .drafts import WATERMARK, DraftNotice, draft_notice
from .errors import HsmsError, ValidationFailed
from .forms import form_page_source
from .gitbranch import BRANCH
from .icons import HEADER_LOGO, ICONS_DIR, LogoError, write_install_files
from .macros_guard import disarm
from .manual_files import inside
from .media import PRINT_ONLY, drop_marked, prune_toc
from .model import Form
from .offline import fill_offline_worker
from .page_context import page_control
from .page_env import PageRenderer, TemplateProblem, page_fields
from .page_language import has_jinja
from .paths import MANUALS_DIR
from .site_nav import navigation
from .state import AUDIT_DIR, INTERVIEWS_SRC, ManualState, NotPreviewable, element_src, load_state
from .text import esc, first_paragraph
from .translated_nav import translated_nav
from .translation_site import localise_links
from .yamlio import SourceError, body_line_offset, read_text

# Search with translations: one lunr index, language English (Material drops lunr's stemmer and
# trimmer; lunr's multi-language mode would add a trimmer that deletes every Gurmukhi or Arabic
# word), and words split at spaces, hyphens and punctuation, the Devanagari/Gurmukhi danda too.
SEARCH_SEPARATOR = r"[\s\-,:;!?()\[\]\"'’/।॥،؛]+|\.(?!\d)"


class HsmsConfig(base.Config):
    pdf = c.Type(bool, default=True)  # `hsms serve` and `hsms build --no-pdf` turn it off
    # Set by `hsms publish` only: the "What changed" page, the superseded banner, the source snapshot.
    publish = c.Type(bool, default=False)
    previous_snapshot = c.Optional(c.Type(str))  # hsms-snapshot.json of the previous revision; none = first
    branch = c.Type(str, default=BRANCH)  # the published branch the PDF's revision history is read from
    replace_reason = c.Optional(c.Type(str))  # `hsms publish --replace --reason`: printed in the history
    # A preview of draft pages and unfinished manuals, watermarked; never publishable (`--drafts`).
    drafts = c.Type(bool, default=False)
    content_hash = c.Optional(c.Type(str))  # set by `hsms build`: recorded in the build marker


class HsmsPlugin(BasePlugin[HsmsConfig]):
    def __init__(self) -> None:
        self._state: ManualState | None = None
        self.sections: list[tuple[str, str]] = []  # (src, rendered html) of manual pages, in build order
        self.printed: dict[str, str] = {}  # src → the page's HTML for the PDF (print-only blocks kept)
        self.translated_sections: list[tuple[str, str]] = []  # the same for translated pages (their PDFs)
        self.form_sections: list[tuple[str, str]] = []  # (src, rendered html) of the Markdown forms
        self.current_src = ""  # the page being rendered, for macros that link relative to it
        self.serving = False  # set by on_startup
        self._renderer: PageRenderer | None = None  # the page sandbox of this build
        self.snapshot: Snapshot | None = None  # what `hsms publish` records for this revision
        self._notice: DraftNotice | None = None  # a drafts preview's banner

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Live previews skip the PDF: it takes seconds on every reload. (Defining on_startup
        # also makes MkDocs keep this instance across `serve` rebuilds; on_config resets it.)
        self.serving = command == "serve"

    @property
    def state(self) -> ManualState:
        """The manual of this build, loaded and checked by on_config."""
        if self._state is None:
            raise PluginError("the hsms plugin was used before its on_config event (no manual loaded)")
        return self._state

    @property
    def renderer(self) -> PageRenderer:
        """The page sandbox of this build, made by on_config."""
        if self._renderer is None:
            raise PluginError("the hsms plugin was used before its on_config event (no page renderer)")
        return self._renderer

    @property
    def _form_pages(self) -> dict[str, Form]:
        return {f.file: f for f in self.state.manual.form_pages if f.file}

    @property
    def pdf(self) -> bool:
        return self.config.pdf and not self.serving

    # --- configuration: load and validate the manual --------------------------------
    @event_priority(100)  # before mkdocs-macros configures itself (and would import main.py)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if (macros_plugin := config.plugins.get("macros")) is not None:
            disarm(macros_plugin)
        root = Path(config.config_file_path).resolve().parent
        # Resolve links only up to manuals/: a manual folder or docs/ that is a link (to another
        # client's) must be judged, and refused, as what it is named, not as what it points to.
        given = Path(os.path.abspath(config.docs_dir))
        mdir = given.parent.parent.resolve() / given.parent.name
        docs = mdir / given.name
        if mdir.parent != (root / MANUALS_DIR).resolve() or docs.name != "docs":
            raise PluginError(f"docs_dir must be {MANUALS_DIR}/<manual>/docs under {root}, got {docs}")
        drafts = self.config.drafts and not self.config.publish
        try:
            self._state = load_state(root, mdir.name, drafts=drafts)
        except NotPreviewable as exc:
            raise PluginError(str(exc)) from exc
        except ValidationFailed as exc:
            raise PluginError(
                f"manual '{mdir.name}' has {len(exc.problems)} problem(s); nothing was built "
                f"(preview it anyway with --drafts):\n{exc}"
            ) from exc
        except HsmsError as exc:
            raise PluginError(str(exc)) from exc
        self.sections = []
        self.printed = {}
        self.translated_sections = []
        self._notice = draft_notice(self.state)
        self.form_sections = []
        self._renderer = PageRenderer(self.state, lambda: self.current_src)
        m = self.state.manual
        if m.site_url:  # sitemap and canonical links; a published revision lives at <site_url><revision>/
            config.site_url = m.site_url.rstrip("/") + "/" + (f"{m.document.revision}/" if self.config.publish else "")
        # Markup(escape(...)): Material prints site_name both raw and with |e; this is safe in both.
        draft = f"{WATERMARK} — " if drafts else ""  # in every page's header and browser tab
        config.site_name = Markup(escape(f"{draft}{m.company.name} — {m.document.title}"))
        config.copyright = Markup(
            escape(f"{m.document.number} · Revision {m.document.revision} · effective {m.document.effective}")
        )
        config.nav = navigation(self.state, with_changes=self.config.publish)
        if m.languages.translations:
            # Material shows its language menu when extra.alternate is set; ours
            # (overrides/partials/alternate.html) lists each page's own translations.
            config.extra["alternate"] = True
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and not search.config.get("separator"):
                search.config["separator"] = SEARCH_SEPARATOR
        # The home-screen icons (icons.py, drawn after the build) are the favicon; a company logo the header's.
        config.theme["favicon"] = f"{ICONS_DIR}/favicon.png"
        if m.logo:
            config.theme["logo"] = f"{ICONS_DIR}/{HEADER_LOGO}"
        if self.config.publish:
            # Material's revision selector reads <manual>/versions.json, which only a published
            # manual has; a plain build would request it in vain.
            config.extra["version"] = {"provider": "mike", "alias": True}
        return config

    # --- files: only what is published stays, the audit guide appears ----------------
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        m = self.state.manual
        translations = {t.src: t for t in m.published_translations}
        # Approved pages (every page that loaded, in a preview), the files they may show, translations.
        keep = {p.src for p in self.state.pages} | set(self.state.files) | set(translations)
        docs = os.path.abspath(config.docs_dir)
        boundary = os.path.realpath(m.root)
        for f in list(files):
            if f.generated_by or not f.abs_src_path or not inside(os.path.abspath(f.abs_src_path), docs):
                continue  # the theme's files and generated pages
            if f.src_uri not in keep:
                files.remove(f)  # drafts, unlisted files: not built, not copied, not in nav, search or sitemap
            elif f.src_uri in translations:  # 03-x.pa.md → pa/03-x/, reached through the language switcher
                f.dest_uri = translations[f.src_uri].url + "index.html"
                f.url = translations[f.src_uri].url or "./"
                f.inclusion = InclusionLevel.NOT_IN_NAV
            elif not inside(os.path.realpath(f.abs_src_path), boundary):  # validation refuses such links first
                raise PluginError(
                    f"{MANUALS_DIR}/{m.id}/docs/{f.src_uri}: leads outside {MANUALS_DIR}/{m.id}/ — "
                    "nothing outside the manual is published"
                )
        for form in m.forms:  # forms/ is outside docs/: the files MkDocs copies, the pages it builds
            if form.file and form.is_page:
                files.append(File.generated(config, form.file, content=form_page_source(form)))
            elif form.file:
                files.append(
                    File(
                        form.file,
                        src_dir=str(m.root),
                        dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls,
                    )
                )
        files.append(File.generated(config, f"{AUDIT_DIR}/index.md", content=summary_page_source(self.state)))
        for e in self.state.coverage.elements:
            files.append(
                File.generated(config, element_src(e.element), content=element_page_source(self.state, e.element))
            )
        files.append(File.generated(config, INTERVIEWS_SRC, content=interviews_page_source(self.state)))
        if self.config.publish:
            files.append(self._changes_file(files, config))
        return files

    def _changes_file(self, files: Files, config: Any) -> File:
        m = self.state.manual
        try:
            previous = read_snapshot(Path(self.config.previous_snapshot)) if self.config.previous_snapshot else None
        except HsmsError as exc:
            raise PluginError(str(exc)) from exc
        self.snapshot = snapshot(m)
        return File.generated(
            config, CHANGES_SRC, content=changes_page_source(self.snapshot, m.document.changes, previous)
        )

    @event_priority(50)  # before mkdocs-macros (priority 0), which must not render the page again
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.current_src = page.file.src_uri
        generated_changes = self.config.publish and page.file.src_uri == CHANGES_SRC  # escaped text, no Jinja
        if has_jinja(markdown) and not generated_changes:
            model_page = self.state.manual.page_by_src.get(page.file.src_uri)
            fields = page_fields(page.meta.get("title", ""), model_page.owner if model_page else None)
            path = Path(page.file.abs_src_path) if page.file.abs_src_path else None
            shown = f"{MANUALS_DIR}/{self.state.manual.id}/docs/{page.file.src_uri}" if path else page.file.src_uri
            form = self._form_pages.get(page.file.src_uri)
            try:
                offset = body_line_offset(read_text(path, shown)) if path else 0
            except SourceError as exc:  # changed since it was validated
                raise PluginError(f"{exc.path}: {exc.problem} — {exc.fix}") from None
            if form is not None:  # a Markdown form: its own file's lines
                shown = f"{MANUALS_DIR}/{self.state.manual.id}/{form.file}"
                offset = len(form.text) - len(form.text.lstrip("\n"))
            try:
                markdown = self.renderer.render(markdown, fields, shown, offset)
            except TemplateProblem as exc:
                if not self.state.drafts:
                    raise PluginError(str(exc)) from exc
                markdown = _unrenderable(str(exc))  # a preview shows the problem in place
        trans = self.state.manual.translation_by_src.get(page.file.src_uri)
        if trans is not None:
            markdown = localise_links(markdown, self.state.manual, trans)
        page.meta["render_macros"] = False
        # Our `status: approved` is not Material's page-status feature (it would draw a badge).
        page.meta.pop("status", None)
        # Titles come from YAML: escape once here so every template and the nav show text.
        if "title" in page.meta:
            page.meta["title"] = Markup(escape(str(page.meta["title"])))
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The backstop of `hsms validate`'s page checks: the built HTML (print-only blocks
        included), parsed as a browser would, holds nothing that runs in the reader's browser.
        Then the site drops print-only blocks (from the page, its table of contents and so the
        search index); the PDF gets the whole page and drops the web-only ones (media.py).
        Last, the page's meta description."""
        form = self._form_pages.get(page.file.src_uri)
        shown = (
            f"{MANUALS_DIR}/{self.state.manual.id}/{form.file}"
            if form
            else f"{MANUALS_DIR}/{self.state.manual.id}/docs/{page.file.src_uri}"
        )
        found = html_findings(html)
        site, removed = drop_marked(html, PRINT_ONLY)
        if not found and site != html:
            # The cut is made by another parser than the check's: markup it took for a comment's
            # end could join what the check read as text into live HTML. What is published is
            # checked as it is published.
            found = html_findings(site)
        if found:
            lines = [f"{shown}: built page: {f.problem} — {f.fix}" for f in found]
            if not self.state.drafts:
                raise PluginError("\n".join(lines))
            # A preview shows the problem instead of the page: nothing of it reaches the browser.
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            return (
                f'<div class="admonition failure"><p class="admonition-title">This page cannot be shown yet</p>'
                f"<ul>{items}</ul></div>"
            )
        model_page = self.state.manual.page_by_src.get(page.file.src_uri)
        if model_page is not None and model_page.claims:  # each claimed heading is there, under its id
            problems = claims_not_built(model_page, toc_ids(page.toc))
            if problems:
                raise PluginError("\n".join(f"{shown}: {p}" for p in problems))
        self.printed[page.file.src_uri] = html
        if removed and page.toc:
            prune_toc(page.toc.items, removed)
        # The meta description (search results, shared links): the page's `description:`, else its
        # first paragraph. Material prints it unescaped: it is text from the page, escaped here.
        text = (model_page.description if model_page else None) or first_paragraph(site)
        page.meta.pop("description", None)
        if text:
            page.meta["description"] = Markup(escape(text))
        return site

    # --- templates: document control, the emergency component, the audit trace ------------
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Our own key for the theme (overrides/): TemplateContext lists only MkDocs' keys.
        src = page.file.src_uri
        cast(dict[str, Any], context)["hsms"] = page_control(
            self.state,
            src,
            page.file.url,
            pdf_url=self._pdf_url(src),
            draft=self._notice.for_page(src) if self._notice else None,
            sidebar=translated_nav(nav.items, self.state.manual, src),
        )
        return context

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        # The 404 page is no page of the manual, but it has the Emergency control too.
        if template_name == "404.html":
            cast(dict[str, Any], context)["hsms"] = page_control(
                self.state,
                None,
                "404.html",
                pdf_url=self.state.pdf_src if self.pdf else None,
                draft=self._notice.for_page("404.html") if self._notice else None,
            )
        return context

    def _pdf_url(self, src: str) -> str | None:
        """The PDF a page offers: its language's edition for a translation, else the English one."""
        if not self.pdf:
            return None
        trans = self.state.manual.translation_by_src.get(src)
        if trans is None:
            return self.state.pdf_src
        from .translated_edition import translated_pdf_src

        return translated_pdf_src(self.state, trans.lang)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        src = page.file.src_uri
        html = self.printed.pop(src, page.content or "")
        if src in self.state.manual.translation_by_src:
            self.translated_sections.append((src, html))
        elif src in self._form_pages:  # printed in the PDF's forms appendix, not as a section of the manual
            self.form_sections.append((src, html))
        elif not src.startswith(AUDIT_DIR + "/"):
            self.sections.append((src, html))
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        try:
            write_install_files(self.state.manual, site, published=self.config.publish)
        except LogoError as exc:  # validated, so only when the file changed meanwhile
            raise PluginError(f"{MANUALS_DIR}/{self.state.manual.id}/docs/{self.state.manual.logo}: {exc}") from exc
        if self.pdf:
            from .edition import write_edition  # WeasyPrint is slow to import: only when needed
            from .revision_history import history_rows

            # A published revision's PDF may link to its own site pages (the audit guide).
            published_url = (config.site_url or "") if self.config.publish else ""
            try:
                history = history_rows(
                    self.state.root,
                    self.state.manual,
                    branch=self.config.branch,
                    publishing=self.config.publish,
                    reissue_reason=self.config.replace_reason,
                )
            except HsmsError as exc:  # a hand-edited published branch: the history would be wrong
                raise PluginError(f"the PDF's revision history cannot be read: {exc}") from exc
            write_edition(
                self.state, self.sections, site, published_url=published_url, history=history, forms=self.form_sections
            )
            from .translated_edition import write_translated_editions

            write_translated_editions(
                self.state, self.translated_sections, Path(config.site_dir), published_url=published_url
            )
        if self.config.publish and self.snapshot:
            (site / SNAPSHOT_FILE).write_text(self.snapshot.to_json(), encoding="utf-8")
        # Then the offline worker lists what the site holds now, the PDFs included.
        fill_offline_worker(self.state.manual, site, published=self.config.publish)
        # Last: a folder with a marker is a whole build (`hsms build` may skip or replace it).
        write_marker(
            site,
            BuildMarker(
                self.state.manual.id,
                __version__,
                self.state.drafts,
                self.pdf,
                self.config.content_hash if not self.serving else None,
            ),
        )


def _unrenderable(problem: str) -> str:
    """What a drafts preview shows instead of a page whose macros cannot be rendered."""
    return (
        f'!!! failure "This page cannot be shown yet"\n\n    {esc(problem)}\n\n'
        "    Fix the page; `hsms validate` lists every problem.\n"
    )
