"""site_nav: the navigation users see — approved pages in manual order, folders as sections with
escaped titles, "What changed" right after the home page, the audit guide last."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import page, write_manual
from hsms_manuals.changes import CHANGES_SRC, CHANGES_TITLE
from hsms_manuals.manual import load_manual
from hsms_manuals.site_nav import navigation


def state(repo, pages, elements=("1", "6.9")):
    write_manual(repo, pages=pages)
    manual, problems = load_manual(repo, "tiny")
    assert problems == [] and manual is not None, problems
    coverage = SimpleNamespace(elements=[SimpleNamespace(element=SimpleNamespace(id=e)) for e in elements])
    return SimpleNamespace(manual=manual, coverage=coverage, pages=manual.approved_pages)  # as a real build has them


GUIDE = {"Audit guide": ["audit/index.md", "audit/element-1.md", "audit/element-6-9.md", "audit/interviews.md"]}


def test_pages_folders_and_the_guide(repo):
    s = state(
        repo,
        {
            "index.md": page("Home"),
            "01-policy.md": page("P"),
            "02-draft.md": page("D", status="draft"),
            "03-safe_work/01-ladders.md": page("L"),
            "03-safe_work/tools/saws.md": page("S"),
        },
    )
    nav = navigation(s)
    assert nav == [
        "index.md",
        "01-policy.md",
        {"Safe work": ["03-safe_work/01-ladders.md", {"Tools": ["03-safe_work/tools/saws.md"]}]},
        GUIDE,
    ]


def test_what_changed_comes_right_after_home(repo):
    s = state(repo, {"index.md": page("Home"), "a.md": page("A")})
    assert navigation(s, with_changes=True) == ["index.md", {CHANGES_TITLE: CHANGES_SRC}, "a.md", GUIDE]
    assert navigation(s) == ["index.md", "a.md", GUIDE]


def test_a_folder_name_is_text_not_markup(repo):
    s = state(repo, {"index.md": page("Home"), "<img src=x onerror=alert(1)>/a.md": page("A")})
    (section,) = [item for item in navigation(s) if isinstance(item, dict) and "Audit guide" not in item]
    (title,) = section
    assert str(title) == "&lt;img src=x onerror=alert(1)&gt;"
