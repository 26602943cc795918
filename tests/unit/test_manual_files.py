"""manual_files: a manual is read only inside manuals/<id>/, only regular files, never hanging."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import write_manual
from hsms_manuals.manual_files import check_manual_folder, scan_docs, shown_unresolved


def scan(repo: Path, mid: str = "tiny") -> tuple[tuple[str, ...] | None, list[str]]:
    found, problems = scan_docs(repo, repo / "manuals" / mid)
    return (found.all if found else None), [str(p) for p in problems]


OUTSIDE = (
    "put a copy of what this manual needs inside manuals/tiny/ instead of a link (a manual may only use its own files)"
)


def test_regular_files_are_found_in_order_dot_folders_too(repo):
    mroot = write_manual(repo, pages={"index.md": "x", "b/a.md": "x", ".drafts/n.md": "x", "img/logo.png": "x"})
    found, problems = scan_docs(repo, mroot)
    assert problems == []
    assert found.all == (".drafts/n.md", "b/a.md", "img/logo.png", "index.md")
    assert found.published == ("b/a.md", "img/logo.png", "index.md")


def test_links_inside_the_manual_are_followed(repo):
    mroot = write_manual(repo, pages={"index.md": "x", "shared/p.md": "x"})
    (mroot / "docs" / "alias.md").symlink_to("shared/p.md")
    (mroot / "docs" / "again").symlink_to("shared", target_is_directory=True)
    (mroot / "notes.md").write_text("x", encoding="utf-8")  # beside docs/, still inside the manual
    (mroot / "docs" / "up.md").symlink_to("../notes.md")
    assert scan(repo) == (("again/p.md", "alias.md", "index.md", "shared/p.md", "up.md"), [])


def test_a_page_linking_to_another_client_is_refused(repo):
    write_manual(repo, "other", pages={"index.md": "x", "secret.md": "B's text"})
    mroot = write_manual(repo)
    (mroot / "docs" / "leak.md").symlink_to("../../other/docs/secret.md")
    (mroot / "docs" / "passwd.md").symlink_to("/etc/passwd")
    assert scan(repo) == (
        ("index.md",),
        [
            f"manuals/tiny/docs/leak.md: a link to manuals/other/docs/secret.md, outside manuals/tiny/ — {OUTSIDE}",
            f"manuals/tiny/docs/passwd.md: a link to /etc/passwd, outside manuals/tiny/ — {OUTSIDE}",
        ],
    )


def test_a_docs_folder_linking_to_another_clients_docs_is_refused(repo):
    write_manual(repo, "other")
    mroot = write_manual(repo, pages={})
    (mroot / "docs").rmdir()
    (mroot / "docs").symlink_to("../other/docs", target_is_directory=True)
    assert scan(repo) == (None, [f"manuals/tiny/docs: a link to manuals/other/docs, outside manuals/tiny/ — {OUTSIDE}"])


def test_a_folder_link_out_of_the_manual_is_refused_even_in_a_dot_folder(repo):
    mroot = write_manual(repo)
    (mroot / "docs" / ".cache").mkdir()
    (mroot / "docs" / ".cache" / "root").symlink_to("/", target_is_directory=True)
    assert scan(repo) == (
        ("index.md",),
        [f"manuals/tiny/docs/.cache/root: a link to /, outside manuals/tiny/ — {OUTSIDE}"],
    )


def test_loops_and_dangling_links_are_reported_not_followed(repo):
    mroot = write_manual(repo, pages={"index.md": "x", "a/p.md": "x"})
    docs = mroot / "docs"
    (docs / "a" / "up").symlink_to("..", target_is_directory=True)
    (docs / "a" / "self").symlink_to("self")
    (docs / "gone.md").symlink_to("nowhere.md")
    (docs / "ping").symlink_to("pong")
    (docs / "pong").symlink_to("ping")
    assert scan(repo) == (
        ("a/p.md", "index.md"),
        [
            "manuals/tiny/docs/gone.md: a link to nowhere.md, which does not exist — remove the link, or put the file there",
            "manuals/tiny/docs/ping: a link (pong) that loops back on itself — replace the link with the file it means",
            "manuals/tiny/docs/pong: a link (ping) that loops back on itself — replace the link with the file it means",
            "manuals/tiny/docs/a/self: a link (self) that loops back on itself — replace the link with the file it means",
            "manuals/tiny/docs/a/up: a link back to manuals/tiny/docs, a folder that holds it (a loop) — remove the link",
        ],
    )


def test_two_folders_linking_to_each_other_are_a_loop(repo):
    mroot = write_manual(repo, pages={"index.md": "x", "a/p.md": "x", "b/q.md": "x"})
    (mroot / "docs" / "a" / "to-b").symlink_to("../b", target_is_directory=True)
    (mroot / "docs" / "b" / "to-a").symlink_to("../a", target_is_directory=True)
    found, problems = scan(repo)
    assert set(found) == {"a/p.md", "a/to-b/q.md", "b/q.md", "b/to-a/p.md", "index.md"}
    assert problems == [  # each link named where it really is (b/to-a/to-b is a/to-b)
        "manuals/tiny/docs/a/to-b: a link back to manuals/tiny/docs/b, a folder that holds it (a loop) — remove the link",
        "manuals/tiny/docs/b/to-a: a link back to manuals/tiny/docs/a, a folder that holds it (a loop) — remove the link",
    ]


def test_a_fifo_or_socket_is_reported_never_opened(repo):
    import socket

    mroot = write_manual(repo)
    os.mkfifo(mroot / "docs" / "pipe.md")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(mroot / "docs" / "s.sock"))
        assert scan(repo) == (
            ("index.md",),
            [
                "manuals/tiny/docs/pipe.md: a named pipe (FIFO), not a file — remove it: docs/ may only hold files and folders",
                "manuals/tiny/docs/s.sock: a socket, not a file — remove it: docs/ may only hold files and folders",
            ],
        )
    finally:
        sock.close()


def test_an_unreadable_folder_is_reported_not_skipped(repo, monkeypatch):
    mroot = write_manual(repo, pages={"index.md": "x", "private/p.md": "x"})
    private = mroot / "docs" / "private"
    listdir = os.listdir

    def denied(path):  # tests run as root, for whom chmod 000 changes nothing
        if Path(path) == private:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", denied)
    assert scan(repo) == (
        ("index.md",),
        [
            "manuals/tiny/docs/private: cannot read this folder (Permission denied) — make it readable (chmod u+rx) or "
            "remove it: its pages would be left out silently"
        ],
    )


def test_a_docs_that_is_a_file_is_reported(repo):
    mroot = write_manual(repo, pages={})
    (mroot / "docs").rmdir()
    (mroot / "docs").write_text("x", encoding="utf-8")
    assert scan(repo) == (
        None,
        ["manuals/tiny/docs: docs/ is a file, not a folder — make docs/ a folder holding the manual's pages"],
    )


def test_a_manual_folder_or_manual_yml_that_is_a_link_is_refused(repo, tmp_path):
    other = write_manual(repo, "other")
    (repo / "manuals" / "linked").symlink_to(other, target_is_directory=True)
    assert [str(p) for p in check_manual_folder(repo, repo / "manuals" / "linked")] == [
        f"manuals/linked: the manual folder is a link to {other} — make manuals/linked a real folder (a manual may "
        "only use its own files)"
    ]
    mroot = write_manual(repo, manual_yml=None)
    (mroot / "manual.yml").symlink_to("../other/manual.yml")
    assert [str(p) for p in check_manual_folder(repo, mroot)] == [
        f"manuals/tiny/manual.yml: a link to manuals/other/manual.yml, outside manuals/tiny/ — {OUTSIDE}"
    ]


def test_shown_unresolved_names_the_link_itself(repo):
    mroot = write_manual(repo)
    (mroot / "docs" / "l.md").symlink_to("index.md")
    assert shown_unresolved(mroot / "docs" / "l.md", repo) == "manuals/tiny/docs/l.md"
    assert shown_unresolved(Path("/etc/passwd"), repo) == "/etc/passwd"


def test_reading_a_fifo_page_fails_at_once(repo):
    from hsms_manuals.yamlio import SourceError, read_text

    mroot = write_manual(repo)
    os.mkfifo(mroot / "docs" / "p.md")
    with pytest.raises(SourceError) as exc:
        read_text(mroot / "docs" / "p.md", "p.md")
    assert (exc.value.problem, exc.value.fix) == (
        "not a regular file (a named pipe (FIFO))",
        "replace it with an ordinary file, or remove it",
    )
