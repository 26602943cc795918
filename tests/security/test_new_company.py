"""`hsms new`: a company name is data, never a regex replacement template."""

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


@pytest.mark.parametrize("company", [
    r"Acme \1 Ltd",          # was: re.error (invalid group reference) and a traceback
    r"Acme \g<0> Ltd",       # was: the starter's name spliced in
    r"C:\new Ltd",           # was: a line break
    r"Back\\slash & $1 Co.",
])
def test_the_company_name_is_written_as_typed(starter_repo, capsys, company):
    assert main(["--root", str(starter_repo), "new", "acme", "--company", company, "--partner", "acsa",
                 "--employees", "12"]) == 0
    data = yaml.safe_load((starter_repo / "manuals" / "acme" / "manual.yml").read_text(encoding="utf-8"))
    assert data["company"]["name"] == company
    # The starter's roles and forms name the company: renamed to exactly this name, nothing else.
    texts = [d for r in data["responsibilities"] for d in [r["role"], *r["duties"]]]
    texts += [t for f in data["forms"] for t in (f["title"], f["use"])]
    assert not any("Ridgeline" in t for t in texts)
    assert f"Act for {company} as prime contractor and coordinate all employers on our sites" in texts
    assert f"Attend the {company} site orientation and sign in every day" in texts


def test_a_starter_with_a_link_out_of_it_is_not_copied(starter_repo, capsys, tmp_path):
    (tmp_path / "secret.md").write_text("---\ntitle: S\nstatus: approved\ncovers: []\nowner: O\n---\nsecret\n",
                                        encoding="utf-8")
    docs = starter_repo / "manuals" / "ridgeline-builders" / "docs"
    (docs / "zz.md").symlink_to(tmp_path / "secret.md")
    assert main(["--root", str(starter_repo), "new", "acme", "--company", "Acme", "--partner", "acsa",
                 "--employees", "12"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the starter manual ridgeline-builders cannot be copied: "
                          "manuals/ridgeline-builders/docs/zz.md: a link to ")
    assert not (starter_repo / "manuals" / "acme").exists()
    assert not [p for p in os.listdir(starter_repo / "manuals") if p.startswith(".")]
