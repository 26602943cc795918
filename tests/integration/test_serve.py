"""`hsms serve` really serves the manual and rebuilds it when a page is saved, and an address
it cannot serve on is a usage error (exit 2), not a traceback."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hsms_manuals.cli import main
from sitekit import make_repo, write_manual

HSMS = str(Path(sys.executable).with_name("hsms"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 40) -> str:
    deadline, last = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            last = urllib.request.urlopen(url, timeout=5).read().decode()
            if wanted in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{wanted!r} not served at {url} within {seconds} s")


def test_serve_previews_and_reloads_on_save(tmp_path):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m", company="Servetest Co.")
    port = free_port()
    proc = subprocess.Popen(
        [HSMS, "--root", str(root), "serve", "m", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        home = fetch_until(base, "Servetest Co.")
        assert "Download PDF" not in home  # previews skip the PDF
        policy = mdir / "docs" / "01-policy.md"
        policy.write_text(policy.read_text() + "\nFreshly saved sentence.\n")
        fetch_until(base + "01-policy/", "Freshly saved sentence.")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_a_port_in_use_is_a_usage_error(tmp_path):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [HSMS, "--root", str(root), "serve", "m", "--dev-addr", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    assert "Traceback" not in proc.stderr
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        2,
        "",
        (
            f"error: cannot serve on 127.0.0.1:{port} (address already in use) — choose another --dev-addr, "
            f"e.g. 127.0.0.1:{port + 1}\n"
        ),
    )


@pytest.mark.parametrize(
    "addr, reason",
    [
        ("127.0.0.1:99999", "port 99999 is not between 1 and 65535"),
        ("127.0.0.1:0", "port 0 is not between 1 and 65535"),
        ("bad", "must be a string of format 'IP:PORT'"),
        ("localhost:http", "'http' is not a valid port"),
        ("example.com:8000", "'example.com' does not appear to be an IPv4 or IPv6 address"),
    ],
)
def test_an_invalid_address_is_a_usage_error(tmp_path, capsys, addr, reason):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    assert main(["--root", str(root), "serve", "m", "--dev-addr", addr]) == 2
    assert capsys.readouterr().err == (
        f"error: cannot serve on {addr} ({reason}) — choose another --dev-addr, e.g. 127.0.0.1:8001\n"
    )


def test_a_port_taken_after_the_check_is_a_usage_error_too(tmp_path, capsys, monkeypatch):
    import mkdocs.commands.serve

    def taken_meanwhile(**options):
        raise OSError(errno.EADDRINUSE, "Address already in use")

    root = make_repo(tmp_path)
    write_manual(root, "m")
    monkeypatch.setattr(mkdocs.commands.serve, "serve", taken_meanwhile)
    port = free_port()
    assert main(["--root", str(root), "serve", "m", "--dev-addr", f"127.0.0.1:{port}"]) == 2
    assert capsys.readouterr().err == (
        f"error: cannot serve on 127.0.0.1:{port} (address already in use) — choose "
        f"another --dev-addr, e.g. 127.0.0.1:{port + 1}\n"
    )
