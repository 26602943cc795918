"""Benchmark: `hsms build` of a large synthetic manual against a plain `mkdocs build` of the
same Markdown with the same theme and no macros, measured side by side in one run.

Two plain builds are timed: (a) the manual's own pages only, and (b) the same page set hsms
publishes — the manual's pages plus its audit guide written out as static Markdown (the
macros already expanded). (b) isolates the cost of the machinery (validation, macros,
document control); (a) also charges hsms for the extra guide pages.

    python scripts/bench_site.py [--pages 150] [--repeat 3]

Prints both times (best of N), the ratio (goal ≤ 1.25), the site size, and the gzipped
transfer size of one page as a phone first loads it: HTML + CSS + JS + search index
(goal < 200 KB). The PDF is left out of both builds (see bench_pdf.py)."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo  # noqa: E402

PLAIN = """\
site_name: Plain build of the same manual
docs_dir: {docs}
site_dir: {site}
strict: true
theme:
  name: material
  custom_dir: overrides
  font: false
  palette: {{scheme: default, primary: custom, accent: custom}}
  features: [navigation.top, navigation.footer, search.highlight, toc.follow]
extra_css: [assets/hsms.css]
extra: {{generator: false}}
markdown_extensions:
  toc: {{permalink: false}}
  admonition: {{}}
  attr_list: {{}}
  md_in_html: {{}}
  tables: {{}}
  def_list: {{}}
  pymdownx.details: {{}}
  pymdownx.superfences: {{}}
plugins:
  search: {{}}
"""


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if res.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{res.stderr[-3000:]}")
    return elapsed


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def first_load(site: Path, page: str) -> tuple[int, int, list[str]]:
    """Raw and gzipped bytes a browser fetches for one page (HTML, local CSS/JS, search index)."""
    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    assets = re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"', html)
    files = [html_path] + [(html_path.parent / a).resolve() for a in assets]
    files += [site / "search" / "search_index.json"]
    files += sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    files += [f for f in [site / "hsms-sw.js"] if f.is_file()]  # the offline worker it registers
    raw = sum(f.stat().st_size for f in files)
    return raw, sum(gz(f.read_bytes()) for f in files), [str(f.relative_to(site)) for f in files]


def write_expanded_docs(root: Path, dest: Path) -> None:
    """The manual's pages plus the audit guide as static Markdown: what hsms publishes, no macros."""
    import shutil

    from hsms_manuals import audit_guide
    from hsms_manuals.state import AUDIT_DIR, element_src, load_state

    shutil.copytree(root / "manuals" / "big" / "docs", dest)
    state = load_state(root, "big")
    (dest / AUDIT_DIR).mkdir()
    here = f"{AUDIT_DIR}/index.md"
    (dest / here).write_text("---\ntitle: Audit guide\n---\n\n" + audit_guide.coverage_summary(state, here))
    for e in state.coverage.elements:
        src = element_src(e.element)
        (dest / src).write_text(
            f'---\ntitle: "{e.element.label}"\n---\n\n' + audit_guide.audit_element(state, e.element.id, src)
        )


def offline_copy(site: Path) -> tuple[int, int]:
    """What the offline worker saves in the background after the first visit: (files, gzipped bytes)."""
    worker = site / "hsms-sw.js"
    if not worker.is_file():
        return 0, 0
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker.read_text(encoding="utf-8"), re.S).group(1))
    paths = [site / u / "index.html" if u.endswith("/") or u in ("", "./") else site / u for u in urls]
    return len(paths), sum(gz(p.read_bytes()) for p in paths if p.is_file())


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp), pages=args.pages)
        write_expanded_docs(root, root / "expanded-docs")
        (root / "plain.yml").write_text(PLAIN.format(docs="manuals/big/docs", site=str(root / "plain-site")))
        (root / "same.yml").write_text(PLAIN.format(docs="expanded-docs", site=str(root / "same-site")))
        hsms_cmd = [str(bindir / "hsms"), "--root", str(root), "build", "big", "--no-pdf"]
        plain_cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "plain.yml")]
        same_cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "same.yml")]
        hsms_t, plain_t, same_t = [], [], []
        for _ in range(args.repeat):  # interleaved, so all see the same machine state
            hsms_t.append(timed(hsms_cmd, root, env))
            plain_t.append(timed(plain_cmd, root, env))
            same_t.append(timed(same_cmd, root, env))
        site = root / "site" / "big"
        pages = len(list(site.rglob("index.html")))
        raw, gzipped, files = first_load(site, "p075")
        plain_raw, plain_gz, _ = first_load(root / "plain-site", "p075")
        index_gz = gz((site / "search" / "search_index.json").read_bytes())
        size = du(site)
        offline_files, offline_gz = offline_copy(site)

    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
        f"{args.pages} Markdown pages; best of {args.repeat} interleaved runs"
    )
    w = 52
    print(f"{'':{w}}{'seconds':>9}")
    print(
        f"{'(a) plain mkdocs, the manual pages only':{w}}{min(plain_t):9.2f}   all: {', '.join(f'{t:.2f}' for t in plain_t)}"
    )
    print(
        f"{'(b) plain mkdocs, same pages incl. static guide':{w}}{min(same_t):9.2f}   all: {', '.join(f'{t:.2f}' for t in same_t)}"
    )
    print(f"{'hsms build --no-pdf':{w}}{min(hsms_t):9.2f}   all: {', '.join(f'{t:.2f}' for t in hsms_t)}")
    print(
        f"ratio hsms / (b) same pages: {min(hsms_t) / min(same_t):.2f}  (goal ≤ 1.25);  "
        f"hsms / (a) manual pages only: {min(hsms_t) / min(plain_t):.2f}"
    )
    print(f"hsms site: {pages} HTML pages (incl. audit guide), {size / 1e6:.1f} MB on disk")
    print(
        f"first load of one page (p075): {raw / 1024:.0f} KB raw, {gzipped / 1024:.0f} KB gzipped "
        f"(goal < 200 KB); search index alone {index_gz / 1024:.0f} KB gzipped; plain build: {plain_gz / 1024:.0f} KB"
    )
    print("  files: " + ", ".join(files))
    print(
        f"saved for offline reading in the background after that first visit: {offline_files} files, "
        f"{offline_gz / 1024:.0f} KB gzipped"
    )


if __name__ == "__main__":
    main()
