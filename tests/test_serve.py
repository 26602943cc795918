"""`hsms serve` really serves the manual and rebuilds it when a page is saved."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
    proc = subprocess.Popen([HSMS, "--root", str(root), "serve", "m", "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        base = f"http://127.0.0.1:{port}/"
        home = fetch_until(base, "Servetest Co.")
        assert "Download PDF" not in home          # previews skip the PDF
        policy = mdir / "docs" / "01-policy.md"
        policy.write_text(policy.read_text() + "\nFreshly saved sentence.\n")
        fetch_until(base + "01-policy/", "Freshly saved sentence.")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
