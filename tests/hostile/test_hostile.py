"""The hostile-input corpus: every case in ``tests/hostile/cases/*.yml`` is a fresh repository with
something hostile or broken in it and one `hsms` command, run by the one test below. Every case
must end in exit 1 or 2 with a one-line message (``file:line: …``, ``error: …`` or argparse's
``hsms: error: …``), no traceback, and nothing written anywhere: the whole temporary folder —
the repository, the previous site in ``site/tiny/``, a folder ``outside/`` beside the repository,
and the temporary-files folder (``TMPDIR``) — is byte-for-byte as it was.

The fresh repository: ``mkdocs.yml``, ``overrides/`` and ``partners/`` of the project, the manual
``manuals/tiny`` (``manual.yml`` = MANUAL_YML and ``docs/index.md`` = INDEX_MD of
tests/conftest.py) and an earlier build of it in ``site/tiny/``. Beside it, ``outside/`` holds
``secret.md`` and ``secret.png`` for cases that reach out of the repository.

A case (a mapping in a case file, under its id; ids are unique across files)::

    page-links-out:                       # the case id
      about: A page that is a link to a file outside the repository.   # one line: what it tries
      copy: {manuals/other: manuals/tiny}             # copy a folder or file first (optional)
      remove: [manuals/tiny/docs/index.md]            # delete files or folders
      edit: {manuals/tiny/manual.yml: {"employees: 24": "employees: 0"}}   # replace text once each
      append: {manuals/tiny/manual.yml: "colour: blue\\n"}        # (new text may be parts, as below)
      write:                                           # write files (text, or !!binary bytes)
        manuals/tiny/docs/p.md: "---\\ntitle: P\\n…"
        manuals/tiny/docs/big.md: [ "weight: ", {repeat: "9", times: 5000}, "\\n" ]  # parts, joined
      encoding: {manuals/tiny/docs/p.md: latin-1}      # re-encode a written text file
      link: {manuals/tiny/docs/zz.md: "@OUTSIDE@/secret.md"}   # symlinks: path → target
      fifo: [manuals/tiny/docs/pipe.md]                # named pipes
      deny: [manuals/tiny/docs/private]                # folders that cannot be read (EACCES)
      git: true                                        # `git init`, commit everything (for publish)
      run: [validate]                                  # hsms arguments (after --root REPO)
      exit: 1                                          # 1 or 2
      says: "manuals/tiny/docs/zz.md: a link to "      # a line of stderr starts with this
      first: true                                      # … and it is the first line (optional)
      contains: "outside manuals/tiny/"                # … and that line contains this (optional)
      also: [coverage, tiny]                           # another command on the same input: exit 1
                                                       # or 2, well-formed lines, nothing written

``@REPO@``, ``@OUTSIDE@`` and ``@TMP@`` in any string stand for those folders. Cases run in this
process (fast), with a 120-second alarm so a case that would hang fails instead."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import INDEX_MD, MANUAL_YML
from hsms_manuals.cli import main
from sitekit import make_repo

CASES_DIR = Path(__file__).resolve().with_name("cases")
# A real 1×1 PNG, so that a case reaching it would succeed in embedding it, not fail to decode it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8cfc000000301010018dd8db00000000049454e44ae426082"
)
KEYS = {
    "about",
    "copy",
    "remove",
    "edit",
    "append",
    "write",
    "encoding",
    "link",
    "fifo",
    "deny",
    "git",
    "run",
    "exit",
    "says",
    "first",
    "contains",
    "also",
}

# What hsms may print on stderr when it refuses: located problems, one error line, summaries,
# MkDocs' log lines of a failed build, argparse's usage message.
LINE = re.compile(
    r"""^(?:
      (?:warning:\ )?[^\s:][^:]*?(?::\d+)?:\ .+\ —\ .+   # file[:line]: [field:] problem — fix
    | error:\ .+
    | \d+\ problem\(s\)\ found;\ .+
    | …\ and\ \d+\ more\ problem\(s\)\ not\ shown
    | \d+\ of\ \d+\ manual\(s\)\ failed\ \(\d+\ built,\ \d+\ unchanged\):
    | (?:ERROR|WARNING)\ +-\ \ .+
    | usage:\ hsms\ .+ | \ {2,}.+ | hsms(?:\ \w+)?:\ error:\ .+
)$""",
    re.X,
)


def load_cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    for path in sorted(CASES_DIR.glob("*.yml")):
        for cid, case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            assert cid not in cases, f"{path.name}: case id {cid} is used twice"
            unknown = set(case) - KEYS
            assert not unknown, f"{path.name}: {cid}: unknown keys {unknown}"
            assert {"about", "run", "exit", "says"} <= set(case), f"{path.name}: {cid}: about, run, exit, says needed"
            assert case["exit"] in (1, 2), f"{path.name}: {cid}: exit must be 1 or 2"
            cases[cid] = {**case, "file": path.name}
    return cases


CASES = load_cases()


def test_the_corpus_has_at_least_100_cases():
    assert len(CASES) >= 100


class Folders:
    def __init__(self, top: Path):
        self.top, self.repo, self.outside, self.tmp = top, top / "repo", top / "outside", top / "tmp"

    def sub(self, value: Any) -> Any:
        if isinstance(value, str):
            return (
                value.replace("@REPO@", str(self.repo))
                .replace("@OUTSIDE@", str(self.outside))
                .replace("@TMP@", str(self.tmp))
            )
        if isinstance(value, list):
            return [self.sub(v) for v in value]
        if isinstance(value, dict) and set(value) == {"repeat", "times"}:
            return self.sub(value["repeat"]) * value["times"]
        if isinstance(value, dict):
            return {self.sub(k): self.sub(v) for k, v in value.items()}
        return value


def content(value: Any) -> str | bytes:
    """A file's content: text, bytes, or a list of parts joined."""
    if isinstance(value, list):
        parts = [content(v) for v in value]
        return (
            b"".join(p if isinstance(p, bytes) else p.encode() for p in parts)
            if any(isinstance(p, bytes) for p in parts)
            else "".join(parts)
        )  # type: ignore[arg-type]
    assert isinstance(value, (str, bytes)), value
    return value


def base(top: Path) -> Folders:
    f = Folders(top)
    f.repo.mkdir()
    make_repo(f.repo)
    docs = f.repo / "manuals" / "tiny" / "docs"
    docs.mkdir(parents=True)
    (docs.parent / "manual.yml").write_text(MANUAL_YML, encoding="utf-8")
    (docs / "index.md").write_text(INDEX_MD, encoding="utf-8")
    site = f.repo / "site" / "tiny"  # the previous build, which no failure may touch
    site.mkdir(parents=True)
    (site / ".hsms-build").write_text('{"manual": "tiny", "hsms": "0.2.0"}\n', encoding="utf-8")
    (site / "index.html").write_text("<h1>Tiny Test Co.</h1>\n", encoding="utf-8")
    (site / "404.html").write_text("<h1>Not found</h1>\n", encoding="utf-8")
    f.outside.mkdir()
    (f.outside / "secret.md").write_text(INDEX_MD.replace("Welcome.", "Another client's secret."), encoding="utf-8")
    (f.outside / "secret.png").write_bytes(PNG)
    f.tmp.mkdir()
    return f


def apply(f: Folders, case: dict[str, Any]) -> list[Path]:
    """Make the case's repository; returns the folders to deny."""
    case = f.sub({k: v for k, v in case.items() if k not in ("about", "file")})
    at = f.repo.joinpath
    for dst, src in case.get("copy", {}).items():
        (shutil.copytree if at(src).is_dir() else shutil.copy)(at(src), at(dst))
    for path in case.get("remove", []):
        shutil.rmtree(at(path)) if at(path).is_dir() and not at(path).is_symlink() else at(path).unlink()
    for path, changes in case.get("edit", {}).items():
        text = at(path).read_text(encoding="utf-8")
        for old, new in changes.items():
            assert old in text, f"{path}: {old!r} not found"
            text = text.replace(old, str(content(new)), 1)
        at(path).write_text(text, encoding="utf-8")
    for path, text in case.get("append", {}).items():
        with open(at(path), "a", encoding="utf-8") as fh:
            fh.write(str(content(text)))
    for path, value in case.get("write", {}).items():
        at(path).parent.mkdir(parents=True, exist_ok=True)
        data = content(value)
        at(path).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    for path, encoding in case.get("encoding", {}).items():
        at(path).write_bytes(at(path).read_text(encoding="utf-8").encode(encoding))
    for path, target in case.get("link", {}).items():
        at(path).parent.mkdir(parents=True, exist_ok=True)
        if at(path).is_dir() and not at(path).is_symlink():
            shutil.rmtree(at(path))
        elif os.path.lexists(at(path)):
            at(path).unlink()
        at(path).symlink_to(target)
    for path in case.get("fifo", []):
        at(path).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(at(path))
    if case.get("git"):
        for args in (
            ["init", "-q", "-b", "main"],
            ["config", "user.name", "Pat Doe"],
            ["config", "user.email", "pat@example.ca"],
            ["add", "-A"],
            ["commit", "-q", "-m", "manuals"],
        ):
            subprocess.run(["git", *args], cwd=f.repo, check=True, capture_output=True)
    return [at(p) for p in case.get("deny", [])]


def tree(top: Path) -> dict[str, str]:
    """Everything under top, without reading special files or following links."""
    out = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(top).as_posix()
            if rel.endswith("/.git/index"):  # git refreshes it on `git status`: not an output
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                out[rel] = "link " + os.readlink(path)
            elif stat.S_ISREG(mode):
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISDIR(mode):
                out[rel] = "folder"
            else:
                out[rel] = f"special {stat.S_IFMT(mode)}"
    return out


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the command was still running after {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(f: Folders, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    with alarm(120):
        try:
            code = main(["--root", str(f.repo), *args])
        except SystemExit as exc:  # argparse: usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


# What a terminal would obey instead of showing: escape sequences, C1 controls, a carriage return
# that prints over the line. hsms shows them as escapes (\\u001b).
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def check_output(code: int, out: str, err: str) -> list[str]:
    assert "Traceback" not in out + err, err
    assert not TERMINAL_CONTROL.search(out + err), (out, err)
    assert code in (1, 2), (code, out, err)
    lines = err.splitlines()
    assert lines, "no message at all"
    odd = [line for line in lines if not LINE.match(line)]
    assert not odd, f"lines that are not one-line messages: {odd}"
    return lines


@pytest.mark.parametrize("cid", CASES, ids=str)
def test_hostile_input(cid, tmp_path, capsys, monkeypatch):
    case = CASES[cid]
    f = base(tmp_path)
    denied = apply(f, case)
    if denied:  # as root (CI), chmod 000 would not stop hsms: refuse these folders the way the OS would
        listdir = os.listdir

        def refusing(path: Any = ".") -> list[str]:
            if Path(os.fsdecode(path)) in denied:
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return listdir(path)

        monkeypatch.setattr(os, "listdir", refusing)
    monkeypatch.chdir(f.repo)
    monkeypatch.setenv("TMPDIR", str(f.tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(f.tmp))
    before = tree(tmp_path)

    code, out, err = run(f, f.sub(case["run"]), capsys)
    lines = check_output(code, out, err)
    assert code == case["exit"], err
    says = f.sub(case["says"])
    hits = [line for line in lines if line.startswith(says)]
    assert hits, f"no line starts with {says!r}:\n{err}"
    if case.get("first"):
        assert lines[0].startswith(says), err
    if "contains" in case:
        assert any(f.sub(case["contains"]) in line for line in (lines[:1] if case.get("first") else hits)), err
    assert tree(tmp_path) == before, "something was written, changed or removed"

    if "also" in case:
        code, out, err = run(f, f.sub(case["also"]), capsys)
        check_output(code, out, err)
        assert tree(tmp_path) == before, "something was written, changed or removed"
