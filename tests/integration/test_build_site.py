"""hsms_manuals/build.py: the one place MkDocs is driven for `hsms build` and `hsms publish`, and
the one translation of MkDocs' exceptions into BuildFailed."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from hsms_manuals import build as build_module
from hsms_manuals import fsutil, site_dirs
from hsms_manuals.errors import BuildFailed, UsageError
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
        seen.append(
            (hsms.pdf, hsms.publish, hsms.previous_snapshot, hsms.branch, hsms.replace_reason, cfg.site_dir, cfg.strict)
        )

    monkeypatch.setattr(build_module, "mkdocs_build", record)
    previous = tmp_path / "previous-snapshot.json"
    out = str(tmp_path / "out")
    build_module.build_site(
        root,
        "m",
        tmp_path / "out",
        pdf=False,
        publish=True,
        previous_snapshot=previous,
        branch="published",
        replace_reason="Wrong number",
    )
    build_module.build_site(root, "m", tmp_path / "out")
    assert seen == [
        (False, True, str(previous), "published", "Wrong number", out, True),
        (True, False, None, "gh-pages", None, out, True),
    ]


@pytest.mark.parametrize(
    "raised, detail",
    [
        (Abort("Aborted with 1 warnings in strict mode!"), "see the errors above"),
        (Abort("Aborted with a BuildError!"), "see the errors above"),
        (Abort("Aborted with a configuration error!"), "see the errors above"),
        (
            ConfigurationError("Config file 'x/mkdocs.yml' does not exist."),
            "Config file 'x/mkdocs.yml' does not exist.",
        ),
        (PluginError("manuals/m/manual.yml: broken"), "manuals/m/manual.yml: broken"),
    ],
)
def test_mkdocs_errors_become_one_build_failed(tmp_path, monkeypatch, raised, detail):
    root = make_repo(tmp_path)
    write_manual(root, "m")

    def fail(cfg):
        raise raised

    monkeypatch.setattr(build_module, "mkdocs_build", fail)
    with pytest.raises(BuildFailed) as exc:
        build_module.build_site(root, "m", tmp_path / "out")
    assert str(exc.value) == f"m: build failed ({detail})"


def test_a_strict_warning_says_see_the_errors_above(built, capsys, monkeypatch):
    # validate now finds what MkDocs used to warn about (links, anchors); a warning only the build
    # can give stands in here: strict mode turns any warning into a failed build.
    import logging

    from hsms_manuals import plugin

    def warn_then(*args, **kwargs):
        logging.getLogger("mkdocs.plugins.hsms").warning("something only the build sees")
        return real(*args, **kwargs)

    real = plugin.navigation
    monkeypatch.setattr(plugin, "navigation", warn_then)
    capsys.readouterr()
    assert build(built, "m", force=True) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-3:] == [
        f"error: m: build failed (see the errors above) — {built / 'site' / 'm'} was left as it was",
        "1 of 1 manual(s) failed (0 built, 0 unchanged):",
        f"  m: build failed (see the errors above) — {built / 'site' / 'm'} was left as it was",
    ]


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
    assert err.splitlines()[0] == (
        "error: m: build failed (mkdocs.yml does not enable the 'hsms' plugin — add "
        "`hsms: {}` under plugins:, after macros) — nothing was written"
    )


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


def test_a_failed_exchange_keeps_the_previous_site(built, monkeypatch):
    before = snapshot(built / "site" / "m")

    def failing_exchange(new, target):
        raise OSError(errno.EIO, "Input/output error", str(target))

    monkeypatch.setattr(fsutil, "_exchange", failing_exchange)
    with pytest.raises(BuildFailed) as exc:
        build_module.build(built, "m", pdf=False)
    site = built / "site" / "m"
    assert str(exc.value) == f"m: cannot write {site} (Input/output error) — {site} was left as it was"
    assert snapshot(site) == before
    assert sorted(p.name for p in (built / "site").iterdir()) == ["m"]


def test_without_an_atomic_exchange_a_failed_rename_puts_the_previous_site_back(built, monkeypatch):
    before = snapshot(built / "site" / "m")
    rename = os.rename

    def failing_rename(src, dst):
        if ".build-" in str(src):  # moving the new build into place
            raise OSError(errno.ENOSPC, "No space left on device")
        rename(src, dst)

    monkeypatch.setattr(fsutil, "_exchange", lambda new, target: False)  # e.g. not Linux
    monkeypatch.setattr(fsutil.os, "rename", failing_rename)
    with pytest.raises(BuildFailed, match=r"^m: cannot write .*site/m \(No space left on device\) — .*site/m was left"):
        build_module.build(built, "m", pdf=False)
    assert snapshot(built / "site" / "m") == before
    assert sorted(p.name for p in (built / "site").iterdir()) == ["m"]


def test_the_swap_is_one_atomic_exchange(built):
    # renameat2(RENAME_EXCHANGE): at no instant is site/m missing or half-written.
    site = built / "site"
    other = site / ".m.build-0-x"
    other.mkdir()
    (other / "new.txt").write_text("new", encoding="utf-8")
    assert fsutil._exchange(other, site / "m")
    assert (site / "m" / "new.txt").is_file() and (other / "index.html").is_file()


def test_a_site_dir_that_is_a_file_is_reported(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    assert build(root, "m", site_dir=tmp_path / "afile") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"error: m: cannot write to {tmp_path / 'afile'} ({tmp_path / 'afile'} is a file) — choose another --site-dir"
    )


# --- where a build may write -----------------------------------------------------------------


def mkdir(folder: Path) -> Path:
    folder.mkdir()
    return folder


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under folder (folders as None)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


SOURCE_REFUSALS = [
    ("manuals", "{out} is inside the repository's manuals/ folder, which hsms reads"),
    ("manuals/m/docs", "{out} is inside the repository's manuals/ folder, which hsms reads"),
    ("partners", "{out} is inside the repository's partners/ folder, which hsms reads"),
    ("overrides/assets", "{out} is inside the repository's overrides/ folder, which hsms reads"),
    (".git", "{out} is inside the repository's .git/ folder, which hsms reads"),
    (".", "{out} holds the repository {root}"),
    ("..", "{out} holds the repository {root}"),  # the repository folder is named like the manual
]


@pytest.mark.parametrize("site_dir, message", SOURCE_REFUSALS)
def test_a_site_dir_in_the_sources_is_refused_before_anything_is_written(tmp_path, site_dir, message):
    root = make_repo(mkdir(tmp_path / "m"))
    write_manual(root, "m")
    (root / ".git").mkdir()
    before = tree(tmp_path)
    out = (root / site_dir).resolve()
    with pytest.raises(UsageError) as exc:
        build_module.build(root, "m", root / site_dir, pdf=False)
    assert (
        str(exc.value) == message.format(out=out, root=root) + " — choose another --site-dir, e.g. site/ (the default)"
    )
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    "files",
    [
        {"index.html": "my home page", "404.html": "", "thesis.docx": "four years of work"},  # looks like a site
        {"manual.yml": "", "index.html": "", "404.html": ""},
        {"notes.txt": "mine"},
        {".hsms-build/x": "a folder named like the marker"},
    ],
)
def test_a_folder_without_the_build_marker_is_not_replaced(tmp_path, files):
    root = make_repo(mkdir(tmp_path / "repo"))
    write_manual(root, "m")
    for name, text in files.items():
        (tmp_path / "www" / "m" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "www" / "m" / name).write_text(text, encoding="utf-8")
    before = tree(tmp_path)
    with pytest.raises(UsageError) as exc:
        build_module.build(root, "m", tmp_path / "www", pdf=False)
    assert str(exc.value) == (
        f"{tmp_path / 'www' / 'm'} exists and was not written by `hsms build` (it has no "
        ".hsms-build marker), and building m would replace it — move it away (or, if an older "
        "hsms built it, delete it once), or choose another --site-dir"
    )
    assert tree(tmp_path) == before


def test_a_file_or_link_in_the_way_is_not_replaced(tmp_path):
    root = make_repo(mkdir(tmp_path / "repo"))
    write_manual(root, "m")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "m").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match=r"\(it is a file\)"):
        build_module.build(root, "m", tmp_path / "www", pdf=False)
    (tmp_path / "www" / "m").unlink()
    (tmp_path / "www" / "m").symlink_to(root / "manuals" / "m")
    with pytest.raises(UsageError, match=r"\(it is a link\)"):
        build_module.build(root, "m", tmp_path / "www", pdf=False)
    assert (root / "manuals" / "m" / "manual.yml").is_file()


def test_an_empty_folder_or_an_earlier_build_is_replaced_and_carries_the_marker(built, tmp_path):
    (tmp_path / "www" / "m").mkdir(parents=True)
    assert build_module.build(built, "m", tmp_path / "www", pdf=False) == tmp_path / "www" / "m"
    assert build_module.build(built, "m", tmp_path / "www", pdf=False) == tmp_path / "www" / "m"
    assert (tmp_path / "www" / "m" / "404.html").is_file()
    from hsms_manuals import __version__

    marker = json.loads((tmp_path / "www" / "m" / ".hsms-build").read_text(encoding="utf-8"))
    assert (marker["manual"], marker["hsms_version"], marker["drafts"], marker["pdf"]) == (
        "m",
        __version__,
        False,
        False,
    )


def test_plan_names_each_manual_once_in_order_and_checks_the_site_dir(tmp_path):
    root = make_repo(tmp_path)
    for mid in ("a", "b"):
        write_manual(root, mid)
    assert site_dirs.plan(root, ["b", "a", "b"]) == (["b", "a"], root / "site")
    assert site_dirs.plan(root, []) == (["a", "b"], root / "site")
    with pytest.raises(UsageError, match="inside the repository's manuals/ folder"):
        site_dirs.plan(root, ["a"], root / "manuals")
    (root / "site" / "b").mkdir(parents=True)
    (root / "site" / "b" / "manual.yml").write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match=r"site/b exists and was not written by `hsms build` \(it has no .hsms-build"):
        site_dirs.plan(root, ["a", "b"])


@pytest.mark.parametrize("site_dir, message", SOURCE_REFUSALS[:1] + SOURCE_REFUSALS[-1:])
def test_hsms_build_refuses_a_site_dir_in_the_sources_with_a_usage_error(tmp_path, capsys, site_dir, message):
    root = make_repo(mkdir(tmp_path / "m"))
    write_manual(root, "m")
    before = tree(tmp_path)
    assert build(root, "m", site_dir=root / site_dir) == 2
    out = (root / site_dir).resolve()
    assert capsys.readouterr().err == (
        "error: " + message.format(out=out, root=root) + " — choose another --site-dir, e.g. site/ (the default)\n"
    )
    assert tree(tmp_path) == before


def test_hsms_build_builds_a_manual_named_twice_once(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # CI=true prints only failures and the summary
    root = make_repo(tmp_path)
    write_manual(root, "m")
    assert build(root, "m", "m") == 0
    assert capsys.readouterr().out == f"built m → {root / 'site' / 'm'}\n1 manual(s): 1 built, 0 unchanged\n"


def test_a_claimed_heading_whose_id_a_macro_took_fails_the_build(tmp_path, capsys):
    """validate reads heading ids from the source; a macro printing a heading with the same words
    above it takes the id in the built page. The build says so instead of linking the wrong section."""
    from sitekit import default_pages, page

    root = make_repo(tmp_path)
    text = (
        "Go to the muster point and wait for the head count. The foreman counts everyone against the sign-in "
        "sheet and tells the fire department who is missing. Nobody goes back in until the foreman says so, "
        "even for a phone or a jacket."
    )
    write_manual(
        root,
        "m",
        site="Shop",
        pages=default_pages()
        | {
            "05-emergency.md": page(
                "Emergency",
                "## Numbers\n\n{{ emergency_contacts() }}\n\n### Shop\n\n" + text,
                {"emergency.muster": "shop"},
            )
        },
    )
    assert build(root, "m") == 1
    err = capsys.readouterr().err
    assert (
        "manuals/m/docs/05-emergency.md: covers.emergency.muster: '#shop' is not the id of your heading in the "
        "built page (a heading printed by a macro has the same words) — give your heading its own id "
        "(## Title { #shop-here }) and claim that id"
    ) in err
    page_md = root / "manuals" / "m" / "docs" / "05-emergency.md"
    page_md.write_text(
        page_md.read_text()
        .replace("### Shop\n", "### Shop { #shop-here }\n")
        .replace("emergency.muster: shop", "emergency.muster: shop-here")
    )
    assert build(root, "m") == 0
