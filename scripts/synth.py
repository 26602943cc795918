"""Synthetic manuals for the benchmarks: realistic page shapes (headings, lists, a table,
an admonition, ~450 words), valid front matter, real topic ids. Deterministic."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WORDS = (
    "worker supervisor hazard control inspection emergency muster first aid report incident "
    "equipment training record review ladder lockout vehicle check site crew task shift gloves "
    "glasses boots harness radio phone foreman owner contractor visitor permit plan drill "
    "procedure signs guard tool repair tag stop call safe steps before after during"
).split()


OWNER = "Owner/Operations Manager"  # a role of the manual.yml copied below (northfork-wellsite)
# policy.signed is left out: its section would have to name the signer.
SKIP = {"policy.signed"}


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def page_text(rng: random.Random, i: int, topics: list[str]) -> str:
    # Each of the three sections answers one topic (claims point at sections, as in real manuals).
    covers = "".join(f"  {t}: step-group-{h + 1}\n" for h, t in enumerate(rng.sample(topics, 3)))
    parts = [
        f'---\ntitle: "Procedure {i:03d}: {rng.choice(WORDS)} {rng.choice(WORDS)}"\n'
        f"covers:\n{covers}status: approved\nowner: {OWNER}\n---\n"
    ]
    for h in range(3):
        parts.append(f"## Step group {h + 1}\n")
        parts.append(" ".join(sentence(rng) for _ in range(4)) + "\n")
        parts.append("\n".join(f"{k + 1}. {sentence(rng, 9)}" for k in range(4)) + "\n")
    parts.append(
        "| What | Who | When |\n|---|---|---|\n"
        + "\n".join(f"| {sentence(rng, 4)} | {rng.choice(WORDS)} | {rng.choice(WORDS)} |" for _ in range(6))
        + "\n"
    )
    parts.append('!!! warning "Stop work"\n    ' + sentence(rng, 16) + "\n")
    return "\n".join(parts)


def make_repo(dest: Path, manual_id: str = "big", pages: int = 150, seed: int = 7) -> Path:
    """A repository with the real config, theme and partners and one synthetic manual."""
    for name in ("mkdocs.yml", "partners", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    add_manual(dest, manual_id, pages, seed)
    return dest


def add_manual(dest: Path, manual_id: str, pages: int, seed: int) -> Path:
    """One synthetic manual under dest/manuals/<id>: Northfork's manual.yml, an index and pages-1 pages."""
    import yaml

    mdir = dest / "manuals" / manual_id
    docs = mdir / "docs"
    docs.mkdir(parents=True)
    shutil.copy(REPO / "manuals" / "northfork-wellsite" / "manual.yml", mdir / "manual.yml")
    if (REPO / "manuals" / "northfork-wellsite" / "forms").is_dir():  # the files its forms: entries name
        shutil.copytree(REPO / "manuals" / "northfork-wellsite" / "forms", mdir / "forms")
    topics = [
        t["id"] for t in yaml.safe_load((REPO / "partners" / "topics.yml").read_text())["topics"] if t["id"] not in SKIP
    ]
    rng = random.Random(seed)
    (docs / "index.md").write_text(
        f"---\ntitle: Home\nstatus: approved\nowner: {OWNER}\n---\n\n" + sentence(rng, 20) + "\n", encoding="utf-8"
    )
    for i in range(1, pages):
        (docs / f"p{i:03d}.md").write_text(page_text(rng, i, topics), encoding="utf-8")
    return mdir
