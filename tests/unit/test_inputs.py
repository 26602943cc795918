"""inputs: the fingerprint `hsms audit-pack` uses to tell whether a built PDF is of the current
sources — it changes with the manual, the shared configuration, theme and partner maps, and not
with another manual."""

from __future__ import annotations

from conftest import page, write_manual
from hsms_manuals.inputs import STAMP, fingerprint, is_current, stamp


def test_same_sources_same_fingerprint(repo):
    write_manual(repo)
    first = fingerprint(repo, "tiny")
    assert len(first) == 64 and first == fingerprint(repo, "tiny")


def test_what_changes_the_fingerprint(repo):
    mroot = write_manual(repo)
    seen = {fingerprint(repo, "tiny")}
    changes = [
        lambda: (mroot / "docs" / "index.md").write_text(page("Home", body="Changed.\n"), encoding="utf-8"),
        lambda: (mroot / "docs" / "logo.png").write_bytes(b"\x89PNG"),
        lambda: (mroot / "manual.yml").write_text((mroot / "manual.yml").read_text() + "# note\n"),
        lambda: (repo / "mkdocs.yml").write_text("site_name: x\n"),
        lambda: (repo / "overrides").mkdir() or (repo / "overrides" / "extra.css").write_text("a{}"),
        lambda: (repo / "partners" / "topics.yml").write_text((repo / "partners" / "topics.yml").read_text() + "\n"),
        lambda: (mroot / "docs" / "logo.png").rename(mroot / "docs" / "logo2.png"),  # a rename alone
    ]
    for change in changes:
        change()
        now = fingerprint(repo, "tiny")
        assert now not in seen
        seen.add(now)


def test_another_manual_does_not_change_it(repo):
    write_manual(repo)
    before = fingerprint(repo, "tiny")
    write_manual(repo, "other", pages={"index.md": page("Other home")})
    (repo / "site" / "tiny").mkdir(parents=True)
    (repo / "site" / "tiny" / "index.html").write_text("built")  # built output is not an input
    assert fingerprint(repo, "tiny") == before


def test_stamp_and_is_current(repo, tmp_path):
    mroot = write_manual(repo)
    site = tmp_path / "built"
    site.mkdir()
    assert not is_current(site, repo, "tiny")  # never stamped
    stamp(site, repo, "tiny")
    assert (site / STAMP).read_text(encoding="utf-8") == fingerprint(repo, "tiny") + "\n"
    assert is_current(site, repo, "tiny")
    (mroot / "docs" / "index.md").write_text(page("Home", body="Edited after the build.\n"), encoding="utf-8")
    assert not is_current(site, repo, "tiny")
