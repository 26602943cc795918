"""A real git repository with a real published branch, made without MkDocs: `hsms publish`'s
build is replaced by ``fake_build_site`` (a two-page site, a PDF, the build marker and a snapshot,
as build_site writes them), so the plan, the refusals and the commit run for real in well under
a second. For the unit tests of publish, gitbranch, releases, export, revision_history and the
publishing verbs."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import yaml

from hsms_manuals import build
from hsms_manuals.build_marker import BuildMarker, write_marker
from hsms_manuals.changes import Snapshot
from hsms_manuals.offline import WORKER


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def commit_all(root: Path, message: str = "manuals") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def init_repo(root: Path) -> str:
    """``git init`` with an identity, everything committed on main; returns the commit."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Casey Consultant")
    git(root, "config", "user.email", "casey@example.com")
    return commit_all(root)


def set_document(root: Path, manual_id: str = "tiny", **fields: Any) -> None:
    """Change document: fields of manual.yml (revision, effective, changes, …)."""
    path = root / "manuals" / manual_id / "manual.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["document"].update(
        {k: dt.date.fromisoformat(v) if k == "effective" and isinstance(v, str) else v for k, v in fields.items()}
    )
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def fake_build_site(root: Path, manual_id: str, site_dir: Path, pdf: bool = True, **_: Any) -> None:
    """What build_site leaves for publishing, for a manual whose pages are index.md and a/b.md."""
    doc = yaml.safe_load((root / "manuals" / manual_id / "manual.yml").read_text(encoding="utf-8"))["document"]
    rev = str(doc["revision"])
    who = doc["approved_by"]
    (site_dir / "a" / "b").mkdir(parents=True)
    (site_dir / "pdf").mkdir()
    (site_dir / "index.html").write_text(f"<p>{manual_id} rev {rev}</p>", encoding="utf-8")
    (site_dir / "a" / "b" / "index.html").write_text("<p>b</p>", encoding="utf-8")
    (site_dir / "search.json").write_text("{}", encoding="utf-8")
    (site_dir / WORKER).write_text("// worker", encoding="utf-8")
    (site_dir / "pdf" / f"{manual_id}-rev-{rev}.pdf").write_bytes(b"%PDF-1.7 rev " + rev.encode())
    (site_dir / "hsms-snapshot.json").write_text(
        Snapshot(
            manual_id,
            rev,
            str(doc["effective"]),
            {},
            tuple(doc.get("changes") or ()),
            f"{who['name']}, {who['title']}",
        ).to_json(),
        encoding="utf-8",
    )
    write_marker(site_dir, BuildMarker(manual_id, "test", drafts=False, pdf=True, content_hash=None))


def fake_builds(monkeypatch) -> None:
    monkeypatch.setattr(build, "build_site", fake_build_site)
