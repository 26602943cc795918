"""Benchmark: `hsms validate` on a manual.yml with many problems grows linearly with them.

    python scripts/bench_problems.py [--sizes 2000 4000 8000 16667] [--repeat 3]

For each size N, a manual.yml of 2·N + 21 lines holds N forms, each missing its `use:` (a schema
problem) and sharing one id (a duplicate, found by the cross-checks): N problems of each kind
would be reported, so N = 16,667 is the issue's 33k-line case. Measured in this process, best of
--repeat, all sizes interleaved in one run; printed: seconds, microseconds per problem, and the
ratio of each size's time to the first size's, beside the ratio of their sizes. Linear means the
two ratios stay close (before the fix, 16,667 problems did not finish in 180 s: each line number
re-parsed the file, and cerberus re-sorted its error list on every error)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import INDEX_MD, MANUAL_YML, TODAY  # noqa: E402


def make(root: Path, n: int, schema_problems: bool) -> None:
    import shutil

    if not (root / "partners").exists():
        shutil.copytree(REPO / "partners", root / "partners")
    mdir = root / "manuals" / "big"
    (mdir / "docs").mkdir(parents=True, exist_ok=True)
    (mdir / "docs" / "index.md").write_text(INDEX_MD, encoding="utf-8")
    form = "  - {id: F-1, title: T}\n" if schema_problems else "  - {id: F-1, title: T, use: U}\n"
    # n duplicates need n + 1 forms; n schema problems need n forms
    count = n if schema_problems else n + 1
    (mdir / "manual.yml").write_text(MANUAL_YML + "forms:\n" + form * count, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16667])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from hsms_manuals import clock
    from hsms_manuals.validate import validate

    clock.today = lambda: TODAY  # the fixture manual is in force on the tests' date
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for kind in ("schema", "duplicate"):
            for n in args.sizes:
                root = Path(tmp) / f"{kind}-{n}"
                make(root, n, kind == "schema")
                roots[kind, n] = root
        best: dict[tuple[str, int], float] = {}
        for _ in range(args.repeat):  # interleaved: a slower moment of the machine hits every size
            for key, root in roots.items():
                began = time.perf_counter()
                problems = validate(root, ["big"])[2]
                took = time.perf_counter() - began
                assert len(problems) == key[1], (key, len(problems))
                best[key] = min(best.get(key, took), took)
    print(f"{'problems':>9} {'kind':<10} {'seconds':>8} {'µs/problem':>11} {'time ratio':>11} {'size ratio':>11}")
    for kind in ("schema", "duplicate"):
        first = args.sizes[0]
        for n in args.sizes:
            t = best[kind, n]
            print(f"{n:>9} {kind:<10} {t:>8.2f} {t / n * 1e6:>11.0f} {t / best[kind, first]:>11.2f} {n / first:>11.2f}")


if __name__ == "__main__":
    main()
