"""macros/build.py: the one place MkDocs is driven for `hsms build` and `hsms publish`, and
the one translation of MkDocs' exceptions into BuildFailed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from macros import build as build_module
from macros.errors import BuildFailed
from sitekit import build, make_repo, site_files, write_manual


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site_files(site)}


@pytest.fixture
def built(tmp_path) -> Path:
    """A repository whose manual m was built once into site/m."""
    root = make_repo(tmp_path)
    write_manual(root, "m")
    assert build(root, "m") == 0
    return root


def test_build_site_switches_on_the_publish_pages(tmp_path, monkeypatch):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    seen = []

    def record(cfg):  # MkDocs reuses plugin instances across loads: read the options now
        hsms = cfg.plugins["hsms"].config
        seen.append((hsms.pdf, hsms.publish, hsms.previous_snapshot, cfg.site_dir, cfg.strict))

    monkeypatch.setattr(build_module, "mkdocs_build", record)
    previous = tmp_path / "previous-snapshot.json"
    out = str(tmp_path / "out")
    build_module.build_site(root, "m", tmp_path / "out", pdf=False, publish=True, previous_snapshot=previous)
    build_module.build_site(root, "m", tmp_path / "out")
    assert seen == [(False, True, str(previous), out, True), (True, False, None, out, True)]


@pytest.mark.parametrize("raised, detail", [
    (Abort("Aborted with 1 warnings in strict mode!"), "see the errors above"),
    (Abort("Aborted with a BuildError!"), "see the errors above"),
    (Abort("Aborted with a configuration error!"), "see the errors above"),
    (ConfigurationError("Config file 'x/mkdocs.yml' does not exist."), "Config file 'x/mkdocs.yml' does not exist."),
    (PluginError("manuals/m/manual.yml: broken"), "manuals/m/manual.yml: broken"),
])
def test_mkdocs_errors_become_one_build_failed(tmp_path, monkeypatch, raised, detail):
    root = make_repo(tmp_path)
    write_manual(root, "m")

    def fail(cfg):
        raise raised

    monkeypatch.setattr(build_module, "mkdocs_build", fail)
    with pytest.raises(BuildFailed) as exc:
        build_module.build_site(root, "m", tmp_path / "out")
    assert str(exc.value) == f"m: build failed ({detail})"


def test_a_strict_warning_says_see_the_errors_above(built, capsys):
    page = built / "manuals" / "m" / "docs" / "01-policy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [nowhere](99-missing.md).\n", encoding="utf-8")
    capsys.readouterr()
    assert build(built, "m") == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-2] == f"error: m: build failed (see the errors above) — {built / 'site' / 'm'} was left as it was"


def test_a_config_without_the_hsms_plugin_is_a_build_failure(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    start = text.index("\n  hsms:")
    end = text.index("\n", text.index("\n", start + 1) + 1)  # the key and its one option
    cfg.write_text(text[:start] + text[end:], encoding="utf-8")
    assert build(root, "m") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[0] == ("error: m: build failed (mkdocs.yml does not enable the 'hsms' plugin — add "
                                   "`hsms: {}` under plugins:, after macros) — nothing was written")


def test_our_own_bug_keeps_its_traceback_but_not_the_temporary_folder(built, monkeypatch):
    before = snapshot(built / "site" / "m")

    def buggy(root, manual_id, site_dir, pdf=True, **options):
        (site_dir / "index.html").write_text("half a site", encoding="utf-8")
        raise RuntimeError("a bug in hsms")

    monkeypatch.setattr(build_module, "build_site", buggy)
    with pytest.raises(RuntimeError, match="a bug in hsms"):
        build_module.build(built, "m")
    assert snapshot(built / "site" / "m") == before
    assert sorted(p.name for p in (built / "site").iterdir()) == ["m"]


def test_a_failed_swap_puts_the_previous_site_back(built, monkeypatch):
    before = snapshot(built / "site" / "m")
    rename = os.rename

    def failing_rename(src, dst):
        if ".build-" in str(src):  # moving the new build into place
            raise OSError(28, "No space left on device")
        rename(src, dst)

    monkeypatch.setattr(build_module.os, "rename", failing_rename)
    with pytest.raises(OSError):
        build_module.build(built, "m", pdf=False)
    assert snapshot(built / "site" / "m") == before
    assert sorted(p.name for p in (built / "site").iterdir()) == ["m"]


def test_a_site_dir_that_is_a_file_is_reported(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    assert build(root, "m", site_dir=tmp_path / "afile") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (f"error: m: cannot write to {tmp_path / 'afile'} ({tmp_path / 'afile'} is a file) — "
                                   "choose another --site-dir")
