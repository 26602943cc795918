"""Benchmark `hsms validate` against the floor: reading the same files and parsing their YAML.

    python scripts/bench_validate.py [--manuals 100 --pages 60] [--repeat 3] [--keep]

Generates N synthetic manuals x P pages in a temporary folder (with a copy of partners/),
then measures, best of --repeat runs each:

  floor      read every manual.yml and page, split the front matter with the same regex as
             hsms, yaml.load(..., Loader=yaml.CSafeLoader): the least any validator must do
  validate   hsms_manuals.validate.validate(root) in-process, split into its phases
  hsms       the `hsms validate` console script as a subprocess (interpreter start included)

and prints where the time goes (explicit phase timers, then cProfile by function group).
In-process times are CPU time of this process unless `--clock wall` (see ``now``). The goal
is validate <= 5x the floor.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hsms_manuals import clock  # noqa: E402
from hsms_manuals import validate as validate_mod  # noqa: E402
from hsms_manuals.library import load_library  # noqa: E402
from hsms_manuals.manual import PageReader, load_manual, manual_ids  # noqa: E402
from hsms_manuals.yamlio import _FRONT_MATTER  # noqa: E402  (the very regex hsms uses)

GOAL = 5.0  # validate() may cost at most this many times the floor
EFFECTIVE = dt.date(2026, 9, 1)
TODAY = "2026-12-01"  # pinned so no synthetic manual is overdue

PARTNER_SETUPS = [  # (partner, program, company size lines)
    ("acsa", "COR", "employees: 24\n  fte: null"),
    ("esc", "SECOR", "employees: 6\n  fte: null"),
    ("bccsa", "LARGE", "employees: 31\n  fte: 27.5"),
    ("ab-ohs", "20+", "employees: 45\n  fte: null"),
]

BODY_WORDS = (
    "crew foreman hazard control ladder harness inspection record toolbox talk site first aid muster "
    "supervisor worker training competency equipment guard lockout vehicle report near miss"
).split()


COMMITTEES = {  # what Alberta law asks of the company at its size (validate checks it)
    "acsa": "committee:\n  members:\n    - {name: Worker Member, represents: workers}\n"
    "    - {name: Employer Member, represents: employer}\n",
    "esc": 'representative: {name: Safety Rep, phone: "403-555-0170"}\n',
    "bccsa": "",
    "ab-ohs": "committee:\n  members:\n    - {name: Worker Member, represents: workers}\n"
    "    - {name: Employer Member, represents: employer}\n",
}


def manual_yml(i: int, rng: random.Random, topic_ids: list[str]) -> str:
    partner, program, size = PARTNER_SETUPS[i % len(PARTNER_SETUPS)]
    roles = "  - role: Safety Coordinator\n    duties: [Keep this manual current]\n" + "\n".join(
        f"  - role: Role {r}\n    duties:\n"
        + "\n".join(f"      - Duty {r}.{d} - check the {rng.choice(BODY_WORDS)} every shift" for d in range(5))
        for r in range(5)
    )
    forms = "\n".join(
        f'  - {{id: F-{f:02d}, title: "Form {f} {rng.choice(BODY_WORDS)}", use: "Every {rng.choice(BODY_WORDS)}"}}'
        for f in range(1, 13)
    )
    return f"""\
# Synthetic manual {i} for the validate benchmark.
company:
  name: Synthetic Company {i} Ltd.
  province: {"BC" if partner == "bccsa" else "AB"}
  {size}
  industry: Construction and maintenance
  address: {100 + i} Industrial Road, Red Deer, AB
certification:
  partner: {partner}
  program: {program}
document:
  title: Health and Safety Manual
  number: SC{i:03d}-HSMS-001
  revision: "{1 + i % 7}"
  effective: {EFFECTIVE.isoformat()}
  approved_by: {{name: Owner {i}, title: President}}
  review_months: 12
  changes:
    - Added the working-alone check-in procedure.
    - Reviewed the policy and re-signed it.
site_url: https://manuals.example.ca/synthetic-{i}/
emergency:
  numbers:
    - {{label: "Fire, ambulance, police", phone: "911"}}
    - {{label: "Safety line (24 hours)", phone: "403-555-{i % 10000:04d}"}}
    - {{label: "OHS Contact Centre", phone: "1-866-415-8690"}}
  report_incident: {{contact: "Safety Coordinator", phone: "403-555-0148"}}
  sites:
    - name: Main shop and yard
      address: {100 + i} Industrial Road
      phone: "403-555-0140"
      muster_point: Front gate by the flagpole
      first_aid:
        - {{name: "First Aider A", phone: "403-555-0162"}}
        - {{name: "First Aider B", phone: "403-555-0163"}}
      hospital: Regional Hospital, 3942 50A Ave
    - name: Active job sites
      phone: "403-555-0155"
      muster_point: Set by the foreman on day one and posted on the site board
      first_aid:
        - {{name: "Foreman", phone: "403-555-0155"}}
      hospital: Nearest hospital named on the site board
{COMMITTEES[partner]}responsibilities:
{roles}
forms:
{forms}
not_applicable: {{}}
"""


def page_md(i: int, j: int, rng: random.Random, topic_ids: list[str]) -> str:
    # Claims point at sections ("## Section 2" → section-2); policy.signed would need the signer named.
    topics = rng.sample([t for t in topic_ids if t != "policy.signed"], rng.randint(2, 4)) if j else []
    covers = "".join(f"  {t}: section-{k + 1}\n" for k, t in enumerate(topics))
    status = "draft" if j and rng.random() < 0.1 else "approved"
    body = []
    for k in range(40):
        if k % 10 == 0:
            body.append(f"## Section {k // 10 + 1}\n")
        elif k % 10 in (4, 5, 6):
            body.append(f"- {rng.choice(BODY_WORDS).capitalize()} {' '.join(rng.choices(BODY_WORDS, k=8))}.")
        else:
            body.append(" ".join(rng.choices(BODY_WORDS, k=14)).capitalize() + ".")
    title = "Home" if j == 0 else f"Page {j}: {rng.choice(BODY_WORDS).capitalize()} procedures"
    return (
        f'---\ntitle: "{title}"\ncovers:{chr(10) + covers if covers else " []" + chr(10)}status: {status}\n'
        f"owner: Safety Coordinator\n---\n\n" + "\n".join(body) + "\n"
    )


def generate(root: Path, manuals: int, pages: int, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    shutil.copytree(REPO / "partners", root / "partners")
    topic_ids = [
        t["id"]
        for t in yaml.load((root / "partners/topics.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)[
            "topics"
        ]
    ]
    files = 0
    for i in range(manuals):
        mroot = root / "manuals" / f"synthetic-{i:03d}"
        (mroot / "docs").mkdir(parents=True)
        (mroot / "manual.yml").write_text(manual_yml(i, rng, topic_ids), encoding="utf-8")
        for j in range(pages):
            name = "index.md" if j == 0 else f"{j:02d}-page.md"
            (mroot / "docs" / name).write_text(page_md(i, j, rng, topic_ids), encoding="utf-8")
        files += 1 + pages
    return files, manuals * pages


# --- measurements ------------------------------------------------------------------------------

# In-process measurements use this process's CPU time by default: on a machine shared with other
# jobs, wall time swings several-fold from run to run, CPU time hardly (reading files from the page
# cache is CPU time too). `--clock wall` measures wall time instead.
now: Callable[[], float] = time.process_time


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = now()
        fn()
        times.append(now() - t0)
    return min(times)


def floor(root: Path, with_partners: bool = False) -> int:
    """Read every input file and parse its YAML with the C loader: nothing else."""
    n = 0
    paths = sorted((root / "partners").glob("*.yml")) if with_partners else []
    for path in paths:
        yaml.load(path.read_bytes().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
        n += 1
    for mdir in sorted((root / "manuals").iterdir()):
        yaml.load((mdir / "manual.yml").read_bytes().decode("utf-8-sig"), Loader=yaml.CSafeLoader)
        n += 1
        for page in sorted((mdir / "docs").rglob("*.md")):
            m = _FRONT_MATTER.match(page.read_bytes().decode("utf-8-sig"))
            yaml.load(m.group(1) or "", Loader=yaml.CSafeLoader)
            n += 1
    return n


def phases(root: Path) -> dict[str, float]:
    """The same work as validate(), with a timer around each phase."""
    out: dict[str, float] = defaultdict(float)
    t0 = now()
    library, problems = load_library(root)
    out["load_library (partners/, topics)"] += now() - t0
    reader = PageReader(root)
    on = clock.today()
    for mid in manual_ids(root):
        t0 = now()
        manual, probs = load_manual(root, mid, reader)
        t1 = now()
        validate_mod.check_manual(root, manual, library, on)
        t2 = now()
        out["load_manual (read, parse, schema, model)"] += t1 - t0
        out["check_manual (cross-references)"] += t2 - t1
    return out


GROUPS = [  # (group, test on the profiled function's file name and function name)
    ("cerberus (schema checks)", lambda f, n: "cerberus" in f),
    ("YAML parse (libyaml + constructor)", lambda f, n: "/yaml/" in f or "_yaml" in f or "yaml." in n),
    (
        "files and paths (read, decode, pathlib, realpath)",
        lambda f, n: (
            n
            in (
                "<method 'read' of '_io.BufferedReader' objects>",
                "<method 'decode' of 'bytes' objects>",
                "<built-in method io.open>",
            )
            or "pathlib" in f
            or f.endswith(("/os.py", "/posixpath.py", "/genericpath.py", "/fnmatch.py"))
        ),
    ),
    ("front matter split (regex)", lambda f, n: "re.Pattern" in n or f.endswith(("/re/__init__.py", "/re.py"))),
    ("hsms yamlio", lambda f, n: f.endswith("hsms_manuals/yamlio.py")),
    ("hsms schemas (problem translation)", lambda f, n: f.endswith("hsms_manuals/schemas.py")),
    ("hsms model construction", lambda f, n: f.endswith("hsms_manuals/model.py") or "<string>" in f),
    ("hsms manual/library loading", lambda f, n: f.endswith(("hsms_manuals/manual.py", "hsms_manuals/library.py"))),
    ("hsms cross-references", lambda f, n: f.endswith("hsms_manuals/validate.py")),
]


def profile_groups(root: Path) -> list[tuple[str, float, int]]:
    """Own time per function group; builtins (isinstance, dict.get, …) count for the group that called them."""
    prof = cProfile.Profile()
    prof.enable()
    validate_mod.validate(root)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]

    def own_group(func: tuple) -> str | None:
        filename, _line, name = func
        return next((g for g, test in GROUPS if test(filename, name)), None)

    def shares(func: tuple, depth: int = 0) -> dict[str, float]:
        """Group -> fraction of this function's time, following callers of ungrouped functions."""
        group = own_group(func)
        if group or depth > 4:
            return {group or OTHER: 1.0}
        callers = stats[func][4]
        total = sum(v[2] for v in callers.values())
        if not total:
            return {OTHER: 1.0}
        out: dict[str, float] = defaultdict(float)
        for caller, v in callers.items():
            for g, f in shares(caller, depth + 1).items():
                out[g] += f * v[2] / total
        return out

    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    for func, (_cc, nc, tottime, _ct, _callers) in stats.items():
        for group, fraction in shares(func).items():
            totals[group] += tottime * fraction
            calls[group] += round(nc * fraction)
    return sorted(((g, t, calls[g]) for g, t in totals.items()), key=lambda x: -x[1])


OTHER = "other"


def top_functions(root: Path, limit: int) -> str:
    prof = cProfile.Profile()
    prof.enable()
    validate_mod.validate(root)
    prof.disable()
    import io

    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(limit)
    return "\n".join(line for line in buf.getvalue().splitlines() if line.strip())[-(limit + 2) * 200 :]


# `hsms` in a child process with the clock pinned (hsms reads the date only through clock.today()).
_RUNNER = (
    "import sys, datetime; import hsms_manuals.clock as c; day = datetime.date.fromisoformat(sys.argv[1]); "
    "c.today = lambda: day; from hsms_manuals.cli import main; sys.exit(main(sys.argv[2:]))"
)


def subprocess_wall(args: list[str], repeat: int) -> float:
    """Best wall time of a child process (its CPU time is not this process's)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run(args, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manuals", type=int, default=100)
    ap.add_argument("--pages", type=int, default=60, help="pages per manual, index.md included")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--top", type=int, default=0, help="also print the N most expensive functions")
    ap.add_argument("--keep", action="store_true", help="keep the generated folder")
    ap.add_argument(
        "--clock",
        choices=["cpu", "wall"],
        default="cpu",
        help="in-process time measured as CPU time of this process (default) or wall time",
    )
    args = ap.parse_args(argv)
    global now
    now = time.process_time if args.clock == "cpu" else time.perf_counter
    pinned = dt.date.fromisoformat(TODAY)
    clock.today = lambda: pinned  # type: ignore[assignment]  # no synthetic manual is overdue

    tmp = Path(tempfile.mkdtemp(prefix="hsms-bench-"))
    try:
        t0 = time.perf_counter()
        files, pages = generate(tmp, args.manuals, args.pages)
        gen = time.perf_counter() - t0
        _, manuals, problems = validate_mod.validate(tmp)
        if problems:
            print("\n".join(map(str, problems[:10])), file=sys.stderr)
            raise SystemExit(f"the synthetic manuals should validate; {len(problems)} problem(s)")

        rows: list[tuple[str, float]] = []
        t_floor = best(lambda: floor(tmp), args.repeat)
        t_floor_p = best(lambda: floor(tmp, with_partners=True), args.repeat)
        t_validate = best(lambda: validate_mod.validate(tmp), args.repeat)
        phase_runs = [phases(tmp) for _ in range(args.repeat)]
        phase_best = {k: min(run[k] for run in phase_runs) for k in phase_runs[0]}
        t_cli = subprocess_wall([sys.executable, "-c", _RUNNER, TODAY, "--root", str(tmp), "validate"], args.repeat)
        t_start = subprocess_wall([sys.executable, "-c", "import hsms_manuals.cli"], args.repeat)
        t_python = subprocess_wall([sys.executable, "-c", "pass"], args.repeat)

        rows = [
            ("floor: read + split + CSafeLoader (manual.yml, pages)", t_floor),
            ("floor incl. partners/*.yml", t_floor_p),
            ("validate() in-process", t_validate),
            *((f"  {name}", t) for name, t in phase_best.items()),
            ("hsms validate (subprocess, wall time)", t_cli),
            ("  of which: python -c 'import hsms_manuals.cli'", t_start),
            ("  of which: python -c pass", t_python),
        ]
        print(
            f"hsms validate benchmark: {args.manuals} manuals x {args.pages} pages = {pages} pages, "
            f"{files} files (generated in {gen:.1f} s); best of {args.repeat}; Python {sys.version.split()[0]}, "
            f"PyYAML {yaml.__version__} ({'C' if hasattr(yaml, 'CSafeLoader') else 'pure Python'} loader)"
        )
        print()
        print(f"in-process: {'CPU' if args.clock == 'cpu' else 'wall'} time; subprocesses: wall time")
        print(f"{'measurement':<56} {'seconds':>9} {'ms/file':>8} {'x floor':>8}")
        for name, t in rows:
            print(f"{name:<56} {t:>9.3f} {1000 * t / files:>8.3f} {t / t_floor:>8.2f}")
        ratio = t_validate / t_floor
        print()
        print(f"ratio validate/floor: {ratio:.2f}x (goal <= {GOAL:g}x) — {'OK' if ratio <= GOAL else 'TOO SLOW'}")
        print(
            f"ratio validate/(floor incl. partners/): {t_validate / t_floor_p:.2f}x "
            "(the fixed cost of checking partners/ matters only for small runs)"
        )
        print(f"ratio (hsms validate subprocess)/floor: {t_cli / t_floor:.2f}x")
        print()
        groups = profile_groups(tmp)
        total = sum(t for _, t, _ in groups)
        print(
            f"cProfile of validate() by function group (own time, builtins counted for their caller; "
            f"profiling overhead included, total {total:.3f} s)"
        )
        for g, t, n in groups:
            print(f"  {g:<50} {t:>8.3f} s {100 * t / total:>5.1f}%  {n:>9,} calls")
        if args.top:
            print()
            print(top_functions(tmp, args.top))
        return 0 if ratio <= GOAL else 1
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
