"""Benchmark `hsms records` against the floor: reading the same CSV files with the csv module.

    python scripts/bench_records.py [--manuals 100 --records 5000] [--repeat 3] [--clock wall|cpu] [--keep]

Generates N synthetic manuals (a copy of partners/, seven record kinds, two sites) each with a
records log of R rows in two yearly files, in a temporary folder, then measures, best of
--repeat interleaved runs each:

  floor     open every records/*.csv and read every row with csv.reader: the least any reader
            of the log must do
  bare      csv.reader plus only what any reader of the log must keep, with no check at all: each
            record's (kind, reference) for duplicates and a count per date, kind and site
  log       hsms_manuals.records.read_log for every manual: every row checked (date, kind,
            site, duplicates), kept as dates
  records   what `hsms records` does for every manual, in one process: load and check manual.yml
            (no page is read), read and check the log, compute readiness per element and write
            the text report (the partner map and topics are loaded once, as a
            long-running tool would)
  cli       the `hsms records` console script for the first 5 manuals, one process each
            (interpreter start and partner map included), per manual

and prints the ratios to the floor. The goal is records <= 3x the floor. In-process times are
wall time, or CPU time of this process with ``--clock cpu`` (on a machine shared with other jobs,
wall time swings several-fold from run to run, CPU time much less; files come from the page
cache either way).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "macros"))

from hsms_manuals import clock, records_report  # noqa: E402
from hsms_manuals.library import load_library  # noqa: E402
from hsms_manuals.manual import PageReader, load_manual  # noqa: E402
from hsms_manuals.readiness import compute_readiness  # noqa: E402
from hsms_manuals.records import read_log  # noqa: E402
from hsms_manuals.validate import check_audit_settings, resolve_program  # noqa: E402

GOAL = 3.0
TODAY = dt.date(2026, 12, 1)
START = dt.date(2024, 12, 2)
SITES = ("Main shop", "Job sites")
KINDS = [  # (kind, every, per_site, topics)
    ("flha", "week", True, "hazard.flha"),
    ("toolbox-talk", "week", False, "communication.meetings"),
    ("site-inspection", "week", True, "inspection.schedule"),
    ("committee-meeting", "month", False, "committee.meetings"),
    ("equipment-service", "quarter", False, "control.preventive_maintenance"),
    ("drill", "year", True, "emergency.drills"),
    ("incident-report", "event", False, "incident.reporting"),
]

MANUAL = """\
company: {{name: Synthetic Company {i} Ltd., province: AB, employees: 24}}
certification: {{partner: acsa, program: COR}}
document:
  number: SC{i:03d}-HSMS-001
  revision: "1"
  effective: 2026-09-01
  approved_by: {{name: Pat Doe, title: President}}
emergency:
  numbers: [{{label: "Fire, ambulance, police", phone: "911"}}]
  report_incident: {{contact: Safety Coordinator, phone: "403-555-0100"}}
  sites:
    - {{name: Main shop, phone: "403-555-0110", muster_point: Front gate, hospital: Red Deer Regional Hospital,
       first_aid: [{{name: Pat Doe, phone: "403-555-0101"}}]}}
    - {{name: Job sites, phone: "403-555-0111", muster_point: Site board, hospital: Named on the site board,
       first_aid: [{{name: Sam Ray, phone: "403-555-0102"}}]}}
committee:
  members: [{{name: Sam Ray, represents: workers}}, {{name: Pat Doe, represents: employer}}]
records:
{kinds}
"""


def make(base: Path, manuals: int, records: int) -> list[str]:
    shutil.copytree(REPO / "partners", base / "partners")
    kinds = "\n".join(
        f"  - {{kind: {k}, title: {k.replace('-', ' ').capitalize()}, every: {e}, per_site: "
        f"{str(p).lower()}, topics: [{t}]}}"
        for k, e, p, t in KINDS
    )
    days = (TODAY - START).days
    ids = []
    for i in range(manuals):
        rng = random.Random(i)
        mid = f"synthetic-{i:03d}"
        mdir = base / "manuals" / mid
        (mdir / "docs").mkdir(parents=True)
        (mdir / "records").mkdir()
        (mdir / "manual.yml").write_text(MANUAL.format(i=i, kinds=kinds), encoding="utf-8")
        for name, covers in (
            ("index.md", ""),
            ("01-policy.md", "policy.statement, policy.signed"),
            ("02-inspections.md", "inspection.schedule"),
        ):
            (mdir / "docs" / name).write_text(
                f"---\ntitle: {name[:-3]}\ncovers: [{covers}]\nstatus: approved\n"
                "owner: Safety Coordinator\n---\n\nText.\n",
                encoding="utf-8",
            )
        rows = []
        for n in range(records):
            kind = KINDS[n % len(KINDS)][0]
            day = START + dt.timedelta(days=rng.randrange(days))
            rows.append((day.isoformat(), kind, SITES[n % 2], f"{kind}-{n:05d}", f"Worker {rng.randrange(40)}"))
        rows.sort()
        for year in (2024, 2025, 2026):
            part = [r for r in rows if r[0].startswith(str(year))]
            with (mdir / "records" / f"{year}.csv").open("w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["date", "kind", "site", "reference", "name"])
                w.writerows(part)
        ids.append(mid)
    return ids


def floor(base: Path, ids: list[str]) -> int:
    n = 0
    for mid in ids:
        for path in sorted((base / "manuals" / mid / "records").glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as f:
                for _ in csv.reader(f):
                    n += 1
    return n


def bare(base: Path, ids: list[str]) -> int:
    n = 0
    for mid in ids:
        seen: set[tuple[str, str]] = set()
        counts: Counter[tuple[str, str, str]] = Counter()
        for path in sorted((base / "manuals" / mid / "records").glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows = csv.reader(f)
                next(rows)
                for day, kind, site, reference, _name in rows:
                    seen.add((kind, reference.casefold()))
                    counts[day, kind, site] += 1
                    n += 1
    return n


def log_only(base: Path, ids: list[str], manuals: dict) -> int:
    library = manuals["library"]
    return sum(read_log(base, manuals[mid], library.topics, TODAY).rows for mid in ids)


def records(base: Path, ids: list[str]) -> int:
    library, problems = load_library(base, only="acsa")
    assert not problems, problems
    partner = library.partners["acsa"]
    reader = PageReader(base)
    n = 0
    for mid in ids:
        manual, probs = load_manual(base, mid, reader, with_pages=False)
        assert manual is not None and not probs, probs
        probs = check_audit_settings(base, manual, library, TODAY)
        assert not probs, probs
        log = read_log(base, manual, library.topics, TODAY)
        assert not log.problems, log.problems[:3]
        readiness = compute_readiness(manual, partner, resolve_program(manual, partner), library.topics, log, TODAY)
        n += len(records_report.as_text(readiness))
    return n


now = time.perf_counter  # --clock cpu: time.process_time


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = now()
        fn()
        times.append(now() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--manuals", type=int, default=100)
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the generated repository")
    ap.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="in-process time measured as wall time (default) or CPU time of this process",
    )
    args = ap.parse_args()
    global now
    now = time.perf_counter if args.clock == "wall" else time.process_time
    clock.today = lambda: TODAY  # type: ignore[assignment]  # the synthetic logs end before it
    base = Path(tempfile.mkdtemp(prefix="hsms-bench-records-"))
    try:
        t = time.perf_counter()
        ids = make(base, args.manuals, args.records)
        print(f"generated {len(ids)} manuals x {args.records} records in {time.perf_counter() - t:.1f} s ({base})")
        library, _ = load_library(base, only="acsa")
        loaded = {"library": library} | {mid: load_manual(base, mid)[0] for mid in ids}
        rows = floor(base, ids)
        results: dict[str, list[float]] = {"floor": [], "bare": [], "log": [], "records": []}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits every measure alike
            results["floor"].append(best(lambda: floor(base, ids), 1))
            results["bare"].append(best(lambda: bare(base, ids), 1))
            results["log"].append(best(lambda: log_only(base, ids, loaded), 1))
            results["records"].append(best(lambda: records(base, ids), 1))
        low = min(results["floor"])
        print(f"{rows} CSV rows (headers included) in {len(ids) * 3} files; in-process: {args.clock} time")
        for name, times in results.items():
            print(
                f"  {name:<8} {min(times):7.3f} s   {min(times) / low:5.2f}x the floor   "
                f"({1e6 * min(times) / rows:.2f} us a row)"
            )
        cli = []
        hsms = Path(sys.executable).with_name("hsms")
        runner = (
            "import sys, datetime; import hsms_manuals.clock as c; c.today = lambda: datetime.date(2026, 12, 1); "
            "from hsms_manuals.cli import main; sys.exit(main(sys.argv[1:]))"
        )
        # As installed: Python may cache compiled modules (a machine that forbids it compiles the
        # whole package at every start, about 0.1 s more); the best of 5 runs is a cached one. (In
        # a source tree, that writes the git-ignored __pycache__ folders of macros/.)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for mid in ids[:5]:
            t = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", runner, "--root", str(base), "records", mid],
                capture_output=True,
                text=True,
                check=False,
                env=env,
            )
            cli.append(time.perf_counter() - t)
            if run.returncode not in (0, 1) or f"{mid}: records readiness on" not in run.stdout:  # 1: not ready yet
                raise SystemExit(f"hsms records {mid} failed (exit {run.returncode}):\n{run.stderr}")
        print(f"  cli      {min(cli):7.3f} s a manual ({hsms.name} records, one process, interpreter start included)")
        ratio = min(results["records"]) / low
        print(f"records / floor = {ratio:.2f}x (goal <= {GOAL:g}x): {'ok' if ratio <= GOAL else 'OVER THE GOAL'}")
    finally:
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
