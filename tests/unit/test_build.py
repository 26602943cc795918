"""build: one manual built into a temporary folder and swapped in only when it succeeded (the last
good site stays, whatever goes wrong); the shared mkdocs.yml pointed at one manual, strict unless it
is a drafts preview; the address `hsms serve` listens on checked before the first build. MkDocs'
own build is replaced here by a fake that writes two files or fails (tests/integration/test_build_site.py
drives the real one)."""

from __future__ import annotations

import errno
import logging
import shutil
import socket
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from conftest import PROJECT, write_manual
from hsms_manuals import build as build_module
from hsms_manuals.build import (
    build,
    cannot_serve,
    check_dev_addr,
    drafts_plugins,
    failure_detail,
    load_manual_config,
)
from hsms_manuals.build_marker import BuildMarker, write_marker
from hsms_manuals.errors import BuildFailed, UsageError


@pytest.fixture
def root(repo) -> Path:
    shutil.copy(PROJECT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", repo / "overrides")
    write_manual(repo)
    return repo


def fake_build(pages: dict[str, str] | None = None, error: BaseException | None = None):
    """A stand-in for build_site: writes ``pages`` into the folder it is given, then raises ``error``."""
    calls: list[dict] = []

    def build_site(root, manual_id, site_dir, pdf=True, **options):
        calls.append({"manual": manual_id, "pdf": pdf, **options})
        write_marker(site_dir, BuildMarker(manual_id, "test", False, pdf, None))  # the plugin writes it
        for name, text in (pages or {"index.html": "new"}).items():
            (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / name).write_text(text, encoding="utf-8")
        if error is not None:
            raise error

    build_site.calls = calls  # type: ignore[attr-defined]
    return build_site


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def test_a_successful_build_replaces_the_site(root, monkeypatch):
    monkeypatch.setattr(build_module, "build_site", fake_build({"index.html": "v1", "old.html": "x"}))
    target = build(root, "tiny", pdf=False)
    assert target == root / "site" / "tiny"
    monkeypatch.setattr(build_module, "build_site", fake_build({"index.html": "v2"}))
    build(root, "tiny", pdf=False)
    assert (target / "index.html").read_text() == "v2"
    assert not (target / "old.html").exists()  # replaced, not merged
    assert leftovers(root / "site") == []
    assert (target.stat().st_mode & 0o777) == 0o755


def test_the_options_reach_the_mkdocs_build(root, monkeypatch):
    fake = fake_build()
    monkeypatch.setattr(build_module, "build_site", fake)
    build(root, "tiny", root / "elsewhere", pdf=False, drafts=True, content_hash="abc")
    assert fake.calls == [{"manual": "tiny", "pdf": False, "drafts": True, "content_hash": "abc"}]
    assert (root / "elsewhere" / "tiny" / "index.html").is_file()


def test_a_failed_build_keeps_the_last_good_site(root, monkeypatch):
    monkeypatch.setattr(build_module, "build_site", fake_build({"index.html": "good"}))
    target = build(root, "tiny", pdf=False)
    failure = BuildFailed("tiny: build failed (see the errors above)")
    monkeypatch.setattr(build_module, "build_site", fake_build({"index.html": "half"}, failure))
    with pytest.raises(BuildFailed) as error:
        build(root, "tiny", pdf=False)
    assert str(error.value) == f"tiny: build failed (see the errors above) — {target} was left as it was"
    assert (target / "index.html").read_text() == "good"
    assert leftovers(root / "site") == []


def test_a_first_failed_build_writes_nothing(root, monkeypatch):
    monkeypatch.setattr(build_module, "build_site", fake_build(error=BuildFailed("tiny: build failed (x)")))
    with pytest.raises(BuildFailed, match=r"^tiny: build failed \(x\) — nothing was written$"):
        build(root, "tiny", pdf=False)
    assert not (root / "site" / "tiny").exists() and leftovers(root / "site") == []


def test_a_write_error_names_the_file_as_it_would_be_in_the_output(root, monkeypatch):
    def disk_full(root_, manual_id, site_dir, pdf=True, **options):
        raise OSError(errno.ENOSPC, "No space left on device", str(site_dir / "pdf" / "tiny-rev-1.pdf"))

    monkeypatch.setattr(build_module, "build_site", disk_full)
    with pytest.raises(BuildFailed) as error:
        build(root, "tiny", pdf=False)
    target = root / "site" / "tiny"
    assert str(error.value) == (
        f"tiny: cannot write {target / 'pdf' / 'tiny-rev-1.pdf'} (No space left on device) — nothing was written"
    )
    assert leftovers(root / "site") == []


def test_our_own_bug_keeps_its_traceback_and_still_cleans_up(root, monkeypatch):
    monkeypatch.setattr(build_module, "build_site", fake_build(error=KeyError("a bug")))
    with pytest.raises(KeyError):
        build(root, "tiny", pdf=False)
    monkeypatch.setattr(build_module, "build_site", fake_build(error=KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build(root, "tiny", pdf=False)
    assert leftovers(root / "site") == [] and not (root / "site" / "tiny").exists()


def test_an_unknown_manual_is_a_usage_error_before_any_work(root, monkeypatch):
    monkeypatch.setattr(build_module, "build_site", fake_build())
    with pytest.raises(UsageError):
        build(root, "nosuch", pdf=False)
    assert not (root / "site").exists()


def test_an_output_folder_that_cannot_be_made_is_a_build_failure(root, monkeypatch):
    monkeypatch.setattr(build_module, "build_site", fake_build())
    (root / "blocked").write_text("a file, not a folder")
    with pytest.raises(BuildFailed) as error:
        build(root, "tiny", root / "blocked" / "site", pdf=False)
    message = str(error.value)
    assert message.startswith(f"tiny: cannot write to {root / 'blocked' / 'site'} (")
    assert message.endswith(") — choose another --site-dir")


def test_the_config_points_at_the_manual_and_is_strict(root):
    cfg = load_manual_config(root, "tiny", root / "out", pdf=False, content_hash="h1")
    assert cfg.docs_dir == str(root / "manuals" / "tiny" / "docs")
    assert cfg.site_dir == str(root / "out")
    assert cfg.strict is True
    hsms = cfg.plugins["hsms"].config
    assert (hsms.pdf, hsms.publish, hsms.drafts, hsms.content_hash) == (False, False, False, "h1")
    assert hsms.branch == "gh-pages"


def test_a_drafts_preview_is_not_strict_but_a_publish_is_never_a_preview(root):
    preview = load_manual_config(root, "tiny", root / "out", drafts=True)
    assert (preview.strict, preview.plugins["hsms"].config.drafts) == (False, True)
    published = load_manual_config(root, "tiny", root / "out", drafts=True, publish=True, branch="pages")
    assert (published.strict, published.plugins["hsms"].config.drafts) == (True, False)
    assert published.plugins["hsms"].config.branch == "pages"


def test_strict_whatever_mkdocs_yml_says(root):
    cfg_file = root / "mkdocs.yml"
    cfg_file.write_text(cfg_file.read_text().replace("strict: true", "strict: false"))
    assert load_manual_config(root, "tiny", root / "out").strict is True


def test_a_config_without_the_hsms_plugin_says_how_to_enable_it(root):
    cfg_file = root / "mkdocs.yml"
    text = cfg_file.read_text(encoding="utf-8")
    start = text.index("\n  hsms:")
    end = text.index("\n", text.index("\n", start + 1) + 1)  # the key and its one option
    cfg_file.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ConfigurationError) as error:
        load_manual_config(root, "tiny", root / "out")
    assert (
        str(error.value) == "mkdocs.yml does not enable the 'hsms' plugin — add `hsms: {}` under plugins:, after macros"
    )


def test_failure_detail():
    assert failure_detail(Abort("Aborted with 3 warnings in strict mode!")) == "see the errors above"
    assert failure_detail(PluginError("  docs/x.md: leads outside  \n")) == "docs/x.md: leads outside"


def test_drafts_plugins_switch_only_the_hsms_plugin(root):
    (root / "mkdocs.yml").write_text("plugins:\n  search: {lang: en}\n  hsms: {pdf: false}\n  macros:\n")
    assert drafts_plugins(root) == {"search": {"lang": "en"}, "hsms": {"pdf": False, "drafts": True}, "macros": None}
    (root / "mkdocs.yml").write_text("plugins:\n  - search\n  - hsms\n  - macros: {x: 1}\n")
    assert drafts_plugins(root) == {"search": {}, "hsms": {"drafts": True}, "macros": {"x": 1}}


def test_a_free_address_is_accepted():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert check_dev_addr(f"127.0.0.1:{port}") == ("127.0.0.1", port)


def test_an_address_in_use_is_refused_with_another_to_try():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError) as error:
            check_dev_addr(f"127.0.0.1:{port}")
    assert str(error.value) == (
        f"cannot serve on 127.0.0.1:{port} (address already in use) — choose another --dev-addr, "
        f"e.g. 127.0.0.1:{port + 1}"
    )


@pytest.mark.parametrize(
    ("addr", "reason"),
    [
        ("127.0.0.1:0", "port 0 is not between 1 and 65535"),
        ("127.0.0.1:70000", "port 70000 is not between 1 and 65535"),
        ("nonsense", None),
        ("999.1.1.1:8000", None),
    ],
)
def test_a_malformed_address_is_a_usage_error(addr, reason):
    with pytest.raises(UsageError) as error:
        check_dev_addr(addr)
    message = str(error.value)
    assert message.startswith(f"cannot serve on {addr} (")
    assert message.endswith(") — choose another --dev-addr, e.g. 127.0.0.1:8001")
    if reason:
        assert f"({reason})" in message


def test_cannot_serve_words_the_reason_as_part_of_a_sentence():
    error = cannot_serve("0.0.0.0:65535", 65535, OSError(errno.EACCES, "Permission denied"))
    assert str(error) == (
        "cannot serve on 0.0.0.0:65535 (permission denied) — choose another --dev-addr, e.g. 127.0.0.1:8001"
    )


def test_mkdocs_messages_show_control_characters_as_escapes(capsys):
    # MkDocs quotes titles and paths from the manual; a terminal must not obey what they hold.
    with build_module.mkdocs_logging():
        logging.getLogger("mkdocs.structure").warning("nav title '\x1b[2Jgone\x9b' in 'p.md'")
    assert capsys.readouterr().err == "WARNING -  nav title '\\u001b[2Jgone\\u009b' in 'p.md'\n"
