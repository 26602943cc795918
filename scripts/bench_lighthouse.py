"""Benchmark (not a CI gate): Lighthouse 12, mobile, on the four pages a worker and an auditor
open most — the home page, a content page, an audit element page and "What changed" — of the
shipped Ridgeline manual, published twice (revision 4, then a revision 5 with a new first aider
at the shop) and served from a loopback server that gzips like a real host. Three runs per
page, taken round by round (every page once per round); prints the medians next to the goals.

    npm i -E --prefix .lighthouse lighthouse@12        # once; .lighthouse/ is git-ignored
    CHROME_PATH=/usr/bin/chromium python scripts/bench_lighthouse.py [--runs 3]

"First load" is what the phone downloads to show the page (gzipped, as transferred): the page's
requests, its search worker's included. What the offline worker saves in the background after
the page has loaded is not in it: Lighthouse's run ends before the worker starts saving."""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / ".lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
MID = "ridgeline-builders"
PAGES = {
    "home": "",
    "content page": "08-working-alone/",
    "audit element": "audit/element-6/",
    "what changed": "changes/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {
    "performance": ">= 98",
    "accessibility": "100",
    "best-practices": "100",
    "seo": "100",
    "first load": "<= 150 KB",
}
# The performance score's inputs (simulated slow 4G and a 4× slower CPU), ms except CLS.
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".webmanifest", ".xml", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text types gzipped when the browser accepts it (as a real host does)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if (
            not path.is_file()
            or not path.name.endswith(COMPRESS)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def hsms(root: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "hsms_manuals.cli", "--root", str(root), *args],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
    )


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: '{old}' not found — update bench_lighthouse.py's revision 5 edit")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def published_site(work: Path) -> Path:
    """The shipped manual published as revision 4, then 5, and exported: the folder to serve."""
    root = work / "repo"
    root.mkdir()
    for part in ("partners", "mkdocs.yml", "overrides"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    shutil.copytree(ROOT / "manuals" / MID, root / "manuals" / MID)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "add", "-A")
    git(root, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "-qm", "manual")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.com")
    hsms(root, "publish", MID)
    yml = root / "manuals" / MID / "manual.yml"
    edit(yml, 'revision: "4"', 'revision: "5"')
    edit(yml, "effective: 2026-09-01", "effective: 2026-11-15")
    edit(yml, "  changes:\n", "  changes:\n    - Omar Haddad is a first aider at the shop.\n")
    edit(
        yml,
        '        - {name: "Jenna Whitford (Safety Coordinator)", phone: "403-555-0148"}\n',
        '        - {name: "Jenna Whitford (Safety Coordinator)", phone: "403-555-0148"}\n'
        '        - {name: "Omar Haddad (Shop Hand)", phone: "403-555-0177"}\n',
    )
    git(root, "commit", "-qam", "rev 5")
    hsms(root, "publish", MID)
    www = work / "www"
    hsms(root, "export", str(www))
    return www


def run_lighthouse(url: str, out: Path) -> dict:
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--only-categories=" + ",".join(CATEGORIES),
        ],
        check=True,
        env=os.environ | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    return json.loads(out.read_text(encoding="utf-8"))


def first_load(report: dict) -> float:
    """KB transferred to show the page (the page's requests and its search worker's)."""
    items = report["audits"]["network-requests"]["details"]["items"]
    return sum(i.get("transferSize") or 0 for i in items) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also write every Lighthouse report (JSON) into this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        print("Lighthouse is missing: npm i -E --prefix .lighthouse lighthouse@12", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        www = published_site(work)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(www)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/{MID}/5/"
        rows = []
        reports: dict[str, list[dict]] = {name: [] for name in PAGES}
        try:
            # Round by round, every page once per round: a burst of load on the machine then slows
            # one run of every page instead of all the runs of one page.
            for i in range(args.runs):
                for name, rel in PAGES.items():
                    reports[name].append(run_lighthouse(base + rel, work / f"lh-{i}.json"))
            for name, runs in reports.items():
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    for i, r in enumerate(runs):
                        (args.keep / f"{name.replace(' ', '-')}-{i + 1}.json").write_text(
                            json.dumps(r), encoding="utf-8"
                        )
                timing = {m: statistics.median(r["audits"][m]["numericValue"] for r in runs) for m in METRICS}
                scores = {c: statistics.median(r["categories"][c]["score"] * 100 for r in runs) for c in CATEGORIES}
                first = statistics.median(first_load(r) for r in runs)
                rows.append((name, scores, first, timing))
                failed = sorted(
                    {
                        a["id"]
                        for r in runs
                        for c in ("accessibility", "best-practices", "seo")
                        for a in (
                            r["audits"][ref["id"]] for ref in r["categories"][c]["auditRefs"] if ref.get("weight")
                        )
                        if a.get("score") is not None and a["score"] < 1
                    }
                )
                rows[-1] += (failed,)
        finally:
            httpd.shutdown()
    print(f"Lighthouse 12 mobile, median of {args.runs} runs per page (loopback gzip server, {base.split('/')[2]})")
    print(f"{'page':<15}{'perf':>6}{'a11y':>6}{'b.p.':>6}{'seo':>6}{'first load':>12}")
    print(f"{'goal':<15}{'>=98':>6}{'100':>6}{'100':>6}{'100':>6}{'<=150 KB':>12}")
    ok = True
    for name, s, first, timing, failed in rows:
        print(
            f"{name:<15}{s['performance']:>6.0f}{s['accessibility']:>6.0f}{s['best-practices']:>6.0f}{s['seo']:>6.0f}"
            f"{first:>9.0f} KB" + (f"   below 100: {', '.join(failed)}" if failed else "")
        )
        print(
            f"{'':<15}"
            + " · ".join(
                f"{short} {timing[m]:.{2 if m == 'cumulative-layout-shift' else 0}f}" for m, short in METRICS.items()
            )
        )
        ok &= s["performance"] >= 98 and min(s["accessibility"], s["best-practices"], s["seo"]) == 100 and first <= 150
    print("all goals met" if ok else "some goals not met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
