"""Benchmark: translations cost only the pages they add. A manual of 40 English pages plus two
translations of 8 pages each (French and Punjabi: 56 pages in all) against an untranslated
manual of 56 English pages, both built by `hsms build` side by side, interleaved, in one run.

    python scripts/bench_languages.py [--repeat 3] [--pdf]

Prints the best time of each and the ratio translated ÷ untranslated (goal ≤ 1.2). Without
--pdf the PDF is left out of both builds (the site is what translations add to; the English
PDF of the translated manual has 16 fewer pages)."""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_repo, sentence  # noqa: E402

GURMUKHI = (
    "ਕਾਮਾ ਫੋਰਮੈਨ ਖ਼ਤਰਾ ਸੁਰੱਖਿਆ ਜਾਂਚ ਐਮਰਜੈਂਸੀ ਮੁੱਢਲੀ ਸਹਾਇਤਾ ਰਿਪੋਰਟ ਘਟਨਾ ਸਮਾਨ ਸਿਖਲਾਈ ਰਿਕਾਰਡ "
    "ਪੌੜੀ ਗੱਡੀ ਸਾਈਟ ਕਰੂ ਕੰਮ ਸ਼ਿਫਟ ਦਸਤਾਨੇ ਐਨਕਾਂ ਬੂਟ ਹਾਰਨੈੱਸ ਫ਼ੋਨ ਮਾਲਕ ਮਹਿਮਾਨ ਯੋਜਨਾ ਅਭਿਆਸ ਵਿਧੀ ਰੁਕੋ "
    "ਸੁਰੱਖਿਅਤ ਪਹਿਲਾਂ ਬਾਅਦ"
).split()
LANGS = ("fr", "pa")
TRANSLATED_PAGES = 8


def translated_repo(dest: Path) -> None:
    """40 English pages, and French and Punjabi translations of 8 of them, marked as current."""
    make_repo(dest, "translated", pages=40)
    mdir = dest / "manuals" / "translated"
    with (mdir / "manual.yml").open("a", encoding="utf-8") as fh:
        fh.write(f"languages: {{controlled: en, translations: [{', '.join(LANGS)}]}}\n")
    rng = random.Random(11)
    docs = mdir / "docs"
    for lang in LANGS:
        for i in range(1, TRANSLATED_PAGES + 1):
            original = (docs / f"p{i:03d}.md").read_text(encoding="utf-8")
            body = original.split("\n---\n", 1)[1]
            if lang == "pa":  # the same shape, Gurmukhi words
                body = re.sub(r"[A-Za-z]+", lambda m: rng.choice(GURMUKHI), body)
            (docs / f"p{i:03d}.{lang}.md").write_text(
                f'---\ntitle: "{sentence(rng, 3)[:-1]}"\ntranslation: {{status: draft}}\n---\n{body}', encoding="utf-8"
            )
    pages = [f"p{i:03d}.{lang}.md" for lang in LANGS for i in range(1, TRANSLATED_PAGES + 1)]
    subprocess.run(
        [sys.executable, "-m", "hsms_manuals.cli", "--root", str(dest), "translate", "mark", "translated", *pages],
        check=True,
        capture_output=True,
    )


def timed(root: Path, manual: str, pdf: bool, env: dict[str, str]) -> float:
    cmd = [
        sys.executable,
        "-m",
        "hsms_manuals.cli",
        "--root",
        str(root),
        "build",
        manual,
        "--site-dir",
        str(root / "site"),
    ] + ([] if pdf else ["--no-pdf"])
    start = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if res.returncode != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{res.stderr[-3000:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pdf", action="store_true", help="build the PDF too")
    args = ap.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        plain, translated = Path(tmp, "plain"), Path(tmp, "translated")
        plain.mkdir()
        translated.mkdir()
        make_repo(plain, "plain", pages=56)
        translated_repo(translated)
        times: dict[str, list[float]] = {"plain": [], "translated": []}
        for _ in range(args.repeat):  # interleaved: both see the same machine load
            times["plain"].append(timed(plain, "plain", args.pdf, env))
            times["translated"].append(timed(translated, "translated", args.pdf, env))
        built = len(list((translated / "site" / "translated").rglob("index.html")))
    a, b = min(times["plain"]), min(times["translated"])
    what = "site + PDF" if args.pdf else "site, no PDF"
    print(f"untranslated manual, 56 English pages ({what}):           best of {args.repeat}: {a:6.2f} s")
    print(
        f"translated manual, 40 English + 2 × {TRANSLATED_PAGES} translated ({what}): best of {args.repeat}: {b:6.2f} s"
        f"  ({built} HTML pages)"
    )
    print(f"ratio translated ÷ untranslated: {b / a:.2f} (goal ≤ 1.20)")


if __name__ == "__main__":
    main()
