"""located: a problem about a manual points at the line of manual.yml or of a page's front
matter that holds the field, and each file is read once however many problems it has."""

from __future__ import annotations

from conftest import MANUAL_YML, page, write_manual
from hsms_manuals import located
from hsms_manuals.located import Where
from hsms_manuals.manual import load_manual


def _where(repo, pages=None):
    write_manual(repo, pages=pages)
    manual, problems = load_manual(repo, "tiny")
    assert problems == [] and manual is not None
    return Where(repo, manual)


def _line(fragment: str, text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_manual_yml_problem_points_at_the_field(repo):
    w = _where(repo)
    p = w.yml(("emergency", "sites", 0, "hospital"), "too far", "name a closer one")
    assert str(p) == (
        f"manuals/tiny/manual.yml:{_line('hospital:', MANUAL_YML)}: emergency.sites.0.hospital: "
        "too far — name a closer one"
    )


def test_a_missing_field_points_at_its_parent_and_can_be_named(repo):
    w = _where(repo)
    p = w.yml(("company", "employees"), "needs a committee", "add committee:", field="committee")
    assert (p.line, p.field) == (_line("employees:", MANUAL_YML), "committee")
    assert w.yml(("document", "nothing_here"), "p", "f").line == _line("document:", MANUAL_YML)


def test_a_page_problem_points_at_its_front_matter(repo):
    w = _where(repo, {"index.md": page("Home"), "sub/a.md": page("A", owner="Boss")})
    p = w.page("sub/a.md", ("owner",), "not a role", "use one of: Owner")
    assert str(p) == "manuals/tiny/docs/sub/a.md:5: owner: not a role — use one of: Owner"


def test_a_whole_file_problem_has_no_line(repo):
    w = _where(repo)
    assert str(w.file("big.pdf", "too big", "shrink it")) == "manuals/tiny/docs/big.pdf: too big — shrink it"


def test_an_unreadable_file_gives_line_zero_not_an_exception(repo):
    w = _where(repo, {"index.md": page("Home"), "a.md": page("A")})
    (w.manual.docs_dir / "a.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert w.page("a.md", ("title",), "p", "f").line == 0


def test_each_file_is_read_once(repo, monkeypatch):
    w = _where(repo)
    calls = []
    real = located.load_yaml_file
    monkeypatch.setattr(located, "load_yaml_file", lambda f, name: calls.append(f) or real(f, name))
    lines = [w.yml(("company", key), "p", "f").line for key in ("name", "province", "employees")]
    assert lines == [2, 3, 4]
    assert len(calls) == 1
