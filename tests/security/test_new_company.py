"""`hsms new`: a company name is data, never a regex replacement template, and nothing of another
client's manual (here: a shipped example in the repository) is ever copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT
from hsms_manuals.cli import main


@pytest.fixture
def starter_repo(repo: Path) -> Path:
    shutil.copytree(PROJECT / "manuals" / "ridgeline-builders", repo / "manuals" / "ridgeline-builders")
    return repo


@pytest.mark.parametrize(
    "company",
    [
        r"Acme \1 Ltd",  # was: re.error (invalid group reference) and a traceback
        r"Acme \g<0> Ltd",  # was: the starter's name spliced in
        r"C:\new Ltd",  # was: a line break
        r"Back\\slash & $1 Co.",
    ],
)
def test_the_company_name_is_written_as_typed(starter_repo, capsys, company):
    assert (
        main(
            ["--root", str(starter_repo), "new", "acme", "--company", company, "--partner", "acsa", "--employees", "12"]
        )
        == 0
    )
    data = yaml.safe_load((starter_repo / "manuals" / "acme" / "manual.yml").read_text(encoding="utf-8"))
    assert data["company"]["name"] == company
    # Pages and roles name the company only through {{ company.name }}: nothing is spliced in.
    texts = [d for r in data["responsibilities"] for d in [r["role"], *r["duties"]]]
    texts += [t for f in data["forms"] for t in (f["title"], f["use"])]
    docs = starter_repo / "manuals" / "acme" / "docs"
    pages = [p.read_text(encoding="utf-8") for p in docs.rglob("*.md")]
    assert not any(company in t for t in texts + pages)
    assert any("{{ company.name }}" in p for p in pages)


def test_no_manual_of_the_repository_is_copied(starter_repo, capsys, tmp_path):
    # Even a starter-looking manual with a link out of it: `hsms new` never reads client manuals.
    (tmp_path / "secret.md").write_text(
        "---\ntitle: S\nstatus: approved\ncovers: []\nowner: O\n---\nsecret\n", encoding="utf-8"
    )
    (starter_repo / "manuals" / "ridgeline-builders" / "docs" / "zz.md").symlink_to(tmp_path / "secret.md")
    assert (
        main(
            ["--root", str(starter_repo), "new", "acme", "--company", "Acme", "--partner", "acsa", "--employees", "12"]
        )
        == 0
    )
    new = starter_repo / "manuals" / "acme"
    text = "\n".join(p.read_text(encoding="utf-8") for p in new.rglob("*") if p.is_file())
    assert "secret" not in text and "Ridgeline" not in text and "Kowalski" not in text
    assert not [p for p in os.listdir(starter_repo / "manuals") if p.startswith(".")]
