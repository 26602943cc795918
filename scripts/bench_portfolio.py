"""Benchmark: `hsms build` of a whole portfolio, measured in one run on one generated tree.

    python scripts/bench_portfolio.py [--manuals 60] [--pages 30] [--repeat 3]

Generates N synthetic manuals of P pages (scripts/synth.py) in a temporary repository, then times
the `hsms` command (a child process each time, interpreter start included):

  (a) a cold `hsms build --no-pdf -j 1`     every manual built, one at a time
  (b) a cold `hsms build --no-pdf -j 2`     the same, two processes (another, empty site folder)
  (c) `hsms build --no-pdf -j 2` again       nothing changed: every manual checked, none built
  (d) `hsms validate`                        the same manuals checked, nothing else

(c) and (d) are run --repeat times, interleaved, best kept. Goals: (a)/(b) ≥ 1.6 on 2 cores;
(c)/(d) ≤ 1.5. The machine's load average is printed before and after: other work on the same
cores slows (b) most."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import add_manual, make_repo  # noqa: E402

GOAL_PARALLEL = 1.6
GOAL_NO_CHANGE = 1.5


def timed(cmd: list[str], env: dict[str, str], expect: str) -> float:
    start = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if res.returncode != 0 or expect not in res.stdout:
        sys.exit(f"command failed or said something else: {' '.join(cmd)}\n{res.stdout[-2000:]}\n{res.stderr[-3000:]}")
    return elapsed


def load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manuals", type=int, default=60)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    hsms = str(Path(sys.executable).with_name("hsms"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "true"}  # CI: only the summary line is printed
    n = args.manuals
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp), "client-001", pages=args.pages, seed=1)
        for i in range(2, n + 1):
            add_manual(root, f"client-{i:03d}", args.pages, seed=i)
        base = [hsms, "--root", str(root)]
        print(
            f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {n} manuals × {args.pages} pages; "
            f"load average before: {load()}",
            flush=True,
        )
        built = f"{n} manual(s): {n} built, 0 unchanged"
        a = timed(base + ["build", "--no-pdf", "-j", "1", "--site-dir", str(root / "site-a")], env, built)
        print(f"(a) cold build -j 1 done in {a:.1f} s", flush=True)
        b = timed(base + ["build", "--no-pdf", "-j", "2", "--site-dir", str(root / "site-b")], env, built)
        print(f"(b) cold build -j 2 done in {b:.1f} s", flush=True)
        c_times, d_times = [], []
        for _ in range(args.repeat):
            c_times.append(
                timed(
                    base + ["build", "--no-pdf", "-j", "2", "--site-dir", str(root / "site-b")],
                    env,
                    f"{n} manual(s): 0 built, {n} unchanged",
                )
            )
            d_times.append(timed(base + ["validate"], env, f"ok: {n} manual(s)"))
    c, d = min(c_times), min(d_times)
    w = 46
    print(f"{'':{w}}{'seconds':>9}")
    print(f"{'(a) cold hsms build --no-pdf -j 1':{w}}{a:9.2f}")
    print(f"{'(b) cold hsms build --no-pdf -j 2':{w}}{b:9.2f}")
    print(f"{'(c) hsms build, nothing changed':{w}}{c:9.2f}   all: {', '.join(f'{t:.2f}' for t in c_times)}")
    print(f"{'(d) hsms validate':{w}}{d:9.2f}   all: {', '.join(f'{t:.2f}' for t in d_times)}")
    ok_b = "meets" if a / b >= GOAL_PARALLEL else "MISSES"
    ok_c = "meets" if c / d <= GOAL_NO_CHANGE else "MISSES"
    print(f"(a)/(b) = {a / b:.2f}  ({ok_b} the goal ≥ {GOAL_PARALLEL}: -j 2 on 2 cores)")
    print(f"(c)/(d) = {c / d:.2f}  ({ok_c} the goal ≤ {GOAL_NO_CHANGE}: a no-change rebuild vs validate)")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
