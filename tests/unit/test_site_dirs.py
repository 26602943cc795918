"""site_dirs: before `hsms build` writes anything — which manuals, which output folder, and
whether an existing <site-dir>/<manual> folder may be replaced (only an earlier build may: a
folder that merely looks like a site may be someone's work)."""

from __future__ import annotations

import os

import pytest

from conftest import write_manual
from hsms_manuals.build_marker import MARKER_FILE
from hsms_manuals.errors import UsageError
from hsms_manuals.site_dirs import not_a_build, plan


def test_absent_empty_or_marked_folders_may_be_replaced(tmp_path):
    assert not_a_build(tmp_path / "absent") is None
    (tmp_path / "empty").mkdir()
    assert not_a_build(tmp_path / "empty") is None
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("<p>old build</p>", encoding="utf-8")
    (built / MARKER_FILE).write_text("", encoding="utf-8")
    assert not_a_build(built) is None


def test_anything_else_is_someones_work(tmp_path):
    looks_built = tmp_path / "looks-built"
    looks_built.mkdir()
    (looks_built / "index.html").write_text("<p>my notes</p>", encoding="utf-8")
    (looks_built / "404.html").write_text("x", encoding="utf-8")
    assert not_a_build(looks_built) == f"it has no {MARKER_FILE} marker"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert not_a_build(tmp_path / "file") == "it is a file"
    os.symlink(tmp_path / "absent", tmp_path / "dangling")
    assert not_a_build(tmp_path / "dangling") == "it is a link"
    built = tmp_path / "built"
    built.mkdir()
    (built / MARKER_FILE).write_text("", encoding="utf-8")
    os.symlink(built, tmp_path / "link-to-build")
    assert not_a_build(tmp_path / "link-to-build") == "it is a link"


@pytest.mark.parametrize(
    "make_marker",
    [
        lambda folder: (folder / MARKER_FILE).mkdir(),  # a folder named like the marker
        lambda folder: os.symlink(folder.parent / "elsewhere", folder / MARKER_FILE),  # a link named like it
    ],
)
def test_only_a_real_marker_file_counts(tmp_path, make_marker):
    folder = tmp_path / "site"
    folder.mkdir()
    (tmp_path / "elsewhere").write_text("", encoding="utf-8")
    make_marker(folder)
    assert not_a_build(folder) == f"it has no {MARKER_FILE} marker"


def test_plan_builds_every_manual_or_those_named_once_each_in_order(repo):
    for mid in ("beta", "alpha"):
        write_manual(repo, mid)
    assert plan(repo, []) == (["alpha", "beta"], (repo / "site").resolve())
    assert plan(repo, ["beta", "alpha", "beta"]) == (["beta", "alpha"], (repo / "site").resolve())
    assert plan(repo, ["alpha"], repo / "out" / ".." / "public") == (["alpha"], (repo / "public").resolve())


def test_plan_refuses_unknown_manuals_and_an_empty_repository(repo):
    with pytest.raises(UsageError, match="^no manuals found under manuals/ — create one with `hsms new`$"):
        plan(repo, [])
    assert plan(repo, [], allow_none=True) == ([], (repo / "site").resolve())
    write_manual(repo, "alpha")
    with pytest.raises(UsageError, match="^unknown manual 'alpah' — did you mean alpha\\?$"):
        plan(repo, ["alpah"])
    with pytest.raises(UsageError, match="^'../alpha' is not a manual id"):
        plan(repo, ["../alpha"])


@pytest.mark.parametrize(
    "site_dir, problem",
    [
        (".", "holds the repository"),
        ("..", "holds the repository"),
        ("manuals", "is inside the repository's manuals/ folder, which hsms reads"),
        ("manuals/alpha/docs", "is inside the repository's manuals/ folder, which hsms reads"),
        ("partners/x", "is inside the repository's partners/ folder, which hsms reads"),
    ],
)
def test_plan_refuses_an_output_folder_that_would_replace_what_hsms_reads(repo, site_dir, problem):
    write_manual(repo, "alpha")
    with pytest.raises(UsageError) as err:
        plan(repo, ["alpha"], repo / site_dir)
    assert problem in str(err.value) and str(err.value).endswith(
        "— choose another --site-dir, e.g. site/ (the default)"
    )


def test_plan_refuses_to_replace_a_folder_it_did_not_build_before_building_anything(repo):
    write_manual(repo, "alpha")
    write_manual(repo, "beta")
    (repo / "site" / "beta").mkdir(parents=True)
    (repo / "site" / "beta" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        plan(repo, ["alpha", "beta"])
    target = (repo / "site" / "beta").resolve()
    assert str(err.value) == (
        f"{target} exists and was not written by `hsms build` (it has no {MARKER_FILE} marker), and building beta "
        "would replace it — move it away (or, if an older hsms built it, delete it once), or choose another --site-dir"
    )
    assert (repo / "site" / "beta" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (repo / "site" / "alpha").exists()
