"""Synthetic manuals for the benchmarks: realistic page shapes (headings, lists, a table,
an admonition, ~450 words), valid front matter, real topic ids. Deterministic."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WORDS = ("worker supervisor hazard control inspection emergency muster first aid report incident "
         "equipment training record review ladder lockout vehicle check site crew task shift gloves "
         "glasses boots harness radio phone foreman owner contractor visitor permit plan drill "
         "procedure signs guard tool repair tag stop call safe steps before after during").split()


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def page_text(rng: random.Random, i: int, topics: list[str]) -> str:
    covers = ", ".join(rng.sample(topics, 3))
    parts = [f"---\ntitle: \"Procedure {i:03d}: {rng.choice(WORDS)} {rng.choice(WORDS)}\"\n"
             f"covers: [{covers}]\nstatus: approved\nowner: Safety Coordinator\n---\n"]
    for h in range(3):
        parts.append(f"## Step group {h + 1}\n")
        parts.append(" ".join(sentence(rng) for _ in range(4)) + "\n")
        parts.append("\n".join(f"{k + 1}. {sentence(rng, 9)}" for k in range(4)) + "\n")
    parts.append("| What | Who | When |\n|---|---|---|\n" +
                 "\n".join(f"| {sentence(rng, 4)} | {rng.choice(WORDS)} | {rng.choice(WORDS)} |" for _ in range(6)) + "\n")
    parts.append('!!! warning "Stop work"\n    ' + sentence(rng, 16) + "\n")
    return "\n".join(parts)


def make_repo(dest: Path, manual_id: str = "big", pages: int = 150, seed: int = 7) -> Path:
    """A repository with the real config, theme and partners and one synthetic manual."""
    import yaml

    for name in ("mkdocs.yml", "partners", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    mdir = dest / "manuals" / manual_id
    docs = mdir / "docs"
    docs.mkdir(parents=True)
    shutil.copy(REPO / "manuals" / "northfork-wellsite" / "manual.yml", mdir / "manual.yml")
    topics = [t["id"] for t in yaml.safe_load((REPO / "partners" / "topics.yml").read_text())["topics"]]
    rng = random.Random(seed)
    (docs / "index.md").write_text("---\ntitle: Home\nstatus: approved\nowner: Owner\n---\n\n"
                                   + sentence(rng, 20) + "\n", encoding="utf-8")
    for i in range(1, pages):
        (docs / f"p{i:03d}.md").write_text(page_text(rng, i, topics), encoding="utf-8")
    return dest
