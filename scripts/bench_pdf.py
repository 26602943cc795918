"""Benchmark: the PDF step of `hsms build` for a large synthetic manual against WeasyPrint
alone rendering the same combined HTML with the same stylesheets, in one run.

    python scripts/bench_pdf.py [--pages 150] [--repeat 3]

The site is built once (without PDF); then, interleaved: (a) our PDF step exactly as the
build runs it (`edition.write_edition`: assemble sections and crosswalk, combine HTML,
render, write atomically) and (b) the floor: `weasyprint.HTML(string=…).write_pdf()` of that
same combined HTML with the same options (tagged, PDF/UA-1); and (c) that floor untagged, to
show what tagging costs. Best of N. Goal: (a) ≤ 1.3 × (b)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    from mkdocs.commands.build import build as mkdocs_build
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from hsms_manuals.build import load_manual_config
    from hsms_manuals.edition import print_document, write_edition
    from hsms_manuals.pdf import combined_html
    from hsms_manuals.pdf.print_html import PAGE_SIZES
    from hsms_manuals.pdf.weasy import FONTS_CSS, PDF_OPTIONS, PRINT_CSS

    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp), pages=args.pages)
        site = Path(tmp) / "out"
        cfg = load_manual_config(root, "big", site, pdf=False)
        mkdocs_build(cfg)
        plugin = cfg.plugins["hsms"]
        state, sections, forms = plugin.state, plugin.sections, plugin.form_sections
        doc = print_document(state, dict(sections), site, form_html=dict(forms))
        html = combined_html(doc)

        def ours() -> int:
            return write_edition(state, sections, site, forms=forms)  # the page count WeasyPrint laid out

        def floor(**options: object) -> None:
            fonts = FontConfiguration()
            sheets = [
                CSS(filename=FONTS_CSS, font_config=fonts),
                CSS(filename=PRINT_CSS, font_config=fonts),
                CSS(string=f"@page {{ size: {PAGE_SIZES[doc.page_size]}; }}", font_config=fonts),
            ]
            HTML(string=html, base_url=site.as_uri() + "/").write_pdf(
                str(site / "floor.pdf"), stylesheets=sheets, font_config=fonts, **options
            )

        t_ours, t_floor, t_untagged, pages = [], [], [], 0
        for _ in range(args.repeat):  # interleaved so all see the same machine state
            t = time.perf_counter()
            pages = ours()
            t_ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            floor(**PDF_OPTIONS)
            t_floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            floor()
            t_untagged.append(time.perf_counter() - t)
        size = (site / state.pdf_src).stat().st_size
        floor()
        untagged_size = (site / "floor.pdf").stat().st_size

    best_ours, best_floor, best_untagged = min(t_ours), min(t_floor), min(t_untagged)
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.pages} Markdown pages; "
        f"best of {args.repeat} interleaved runs"
    )
    print(f"{'':40}{'seconds':>9}")
    print(f"{'WeasyPrint alone, untagged':40}{best_untagged:9.2f}   all: {', '.join(f'{t:.2f}' for t in t_untagged)}")
    print(
        f"{'WeasyPrint alone, tagged (PDF/UA-1)':40}{best_floor:9.2f}   all: {', '.join(f'{t:.2f}' for t in t_floor)}"
    )
    print(f"{'hsms PDF step (assemble + render)':40}{best_ours:9.2f}   all: {', '.join(f'{t:.2f}' for t in t_ours)}")
    print(f"ratio hsms / WeasyPrint alone, same HTML and options: {best_ours / best_floor:.2f}  (goal ≤ 1.3)")
    print(
        f"tagging costs: {best_floor / best_untagged:.2f}× the untagged render; "
        f"file {size / 1e6:.2f} MB tagged vs {untagged_size / 1e6:.2f} MB untagged"
    )
    print(f"PDF: {pages} pages, {pages / best_ours:.1f} pages/s; combined HTML {len(html) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
