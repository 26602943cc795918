"""`hsms serve MANUAL`: MkDocs' live-reloading server on the manual's docs/, strict unless
--drafts, MkDocs' progress shown; an address that cannot be served on (taken, malformed) is a usage
error before the first build. MkDocs' ``serve`` is replaced by a recorder: no server starts."""

from __future__ import annotations

import errno
import logging
import socket
from pathlib import Path
from typing import Any

import pytest

from conftest import write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import serve
from hsms_manuals.errors import UsageError


def run(root: Path, *argv: str) -> int:
    return serve.run(root, build_parser().parse_args(["serve", *argv]))


@pytest.fixture
def served(monkeypatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake(**kwargs: Any) -> None:
        calls.append(kwargs)
        logging.getLogger("mkdocs.commands.serve").info("Serving on http://%s/", kwargs["dev_addr"])

    import mkdocs.commands.serve

    monkeypatch.setattr(mkdocs.commands.serve, "serve", fake)
    return calls


@pytest.fixture
def free_addr() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


def test_serves_the_manuals_docs_strictly_and_shows_progress(repo, served, free_addr, capsys):
    mroot = write_manual(repo)
    assert run(repo, "tiny", "--dev-addr", free_addr) == 0
    (call,) = served
    assert (call["docs_dir"], call["dev_addr"], call["strict"], call["livereload"]) == (
        str(mroot / "docs"),
        free_addr,
        True,
        True,
    )
    assert call["config_file"] == str(repo / "mkdocs.yml")
    assert str(mroot / "manual.yml") in call["watch"] and str(repo / "partners") in call["watch"]
    assert "plugins" not in call
    assert capsys.readouterr().err == f"INFO    -  Serving on http://{free_addr}/\n"


def test_drafts_preview_is_not_strict(repo, served, free_addr):
    (repo / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - search\n  - hsms\n", encoding="utf-8")
    write_manual(repo)
    assert run(repo, "tiny", "--dev-addr", free_addr, "--drafts") == 0
    (call,) = served
    assert call["strict"] is False and "plugins" in call


def test_an_address_in_use_is_refused_before_serving(repo, served):
    write_manual(repo)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError) as exc:
            run(repo, "tiny", "--dev-addr", f"127.0.0.1:{port}")
    assert str(exc.value) == (
        f"cannot serve on 127.0.0.1:{port} (address already in use) — choose another --dev-addr, "
        f"e.g. 127.0.0.1:{port + 1}"
    )
    assert served == []


@pytest.mark.parametrize("addr", ["localhost", "127.0.0.1:99999", "127.0.0.1:http"])
def test_a_malformed_address_is_refused_before_serving(repo, served, addr):
    write_manual(repo)
    with pytest.raises(UsageError, match=rf"^cannot serve on {addr} \(.+\) — choose another --dev-addr, e\.g\. "):
        run(repo, "tiny", "--dev-addr", addr)
    assert served == []


def test_a_port_taken_after_the_check_is_still_a_usage_error(repo, monkeypatch, free_addr):
    write_manual(repo)

    def taken(**kwargs: Any) -> None:
        raise OSError(errno.EADDRINUSE, "Address already in use")

    import mkdocs.commands.serve

    monkeypatch.setattr(mkdocs.commands.serve, "serve", taken)
    with pytest.raises(UsageError, match=rf"^cannot serve on {free_addr} \(address already in use\)"):
        run(repo, "tiny", "--dev-addr", free_addr)


def test_an_unknown_manual_is_a_usage_error(repo, served, free_addr):
    write_manual(repo)
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "nope", "--dev-addr", free_addr)
    assert served == []
