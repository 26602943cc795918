"""manual: reading a manual — its id and folder, the navigation order of its pages, what covers:
claims (and the exact fix for a heading id written wrongly), and every problem of manual.yml and
the pages at once, with the pages kept when manual.yml is broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.errors import UsageError
from hsms_manuals.manual import claims_from, load_manual, manual_ids, manual_root, nav_key, read_manual
from hsms_manuals.model import Claim


def test_manual_ids_are_folders_with_a_manual_yml_and_a_valid_id(repo):
    write_manual(repo, "beta")
    write_manual(repo, "alpha")
    write_manual(repo, "no-yml", manual_yml=None)
    write_manual(repo, "Bad_Id")
    assert manual_ids(repo) == ["alpha", "beta"]
    assert manual_ids(repo / "nowhere") == []
    assert manual_root(repo, "alpha") == repo / "manuals" / "alpha"


@pytest.mark.parametrize(
    "manual_id, message",
    [
        ("alpah", "unknown manual 'alpah' — did you mean alpha?"),
        ("zzz", "unknown manual 'zzz' — expected manuals/zzz/manual.yml; manuals here: alpha"),
        ("../alpha", "'../alpha' is not a manual id — manual ids are "),
        ("Alpha", "'Alpha' is not a manual id — manual ids are "),
    ],
)
def test_an_unknown_or_malformed_id_is_a_usage_error(repo, manual_id, message):
    write_manual(repo, "alpha")
    with pytest.raises(UsageError) as err:
        manual_root(repo, manual_id)
    assert str(err.value).startswith(message)


def test_navigation_order_is_mkdocs_order():
    files = ["b.md", "sub/z.md", "a.md", "index.md", "sub/index.md", "README.md", "sub/deeper/a.md", "Z.md"]
    assert sorted(files, key=lambda f: nav_key(Path(f))) == [
        "README.md",
        "index.md",
        "Z.md",
        "a.md",
        "b.md",
        "sub/index.md",
        "sub/z.md",
        "sub/deeper/a.md",
    ]


def test_covers_as_a_list_claims_the_whole_page_and_as_a_mapping_its_sections():
    assert claims_from(["policy.statement", "policy.signed"]) == (
        (Claim("policy.statement"), Claim("policy.signed")),
        [],
    )
    assert claims_from({"policy.statement": "our-promise", "policy.signed": ["sign-off", "sign-off", "dates"]}) == (
        (Claim("policy.statement", ("our-promise",)), Claim("policy.signed", ("sign-off", "dates"))),
        [],
    )


@pytest.mark.parametrize(
    "value, problem, fix",
    [
        (
            None,
            "no heading id",
            "write the id of the heading that answers it, without '#' (in YAML an unquoted ' #' "
            "starts a comment, so '#id' reads as nothing)",
        ),
        ([], "no heading id", None),
        ("#our-promise", "'#our-promise': write heading ids without '#'", "write our-promise"),
        (
            "Our promise to you",
            "'Our promise to you' is a heading title, not its id",
            "write its id: our-promise-to-you",
        ),
        (
            "a/b",
            "'a/b' cannot be a heading id here",
            "use letters, digits, '-', '_', '.' or ':' (set it on the heading as ## Title { #the-id })",
        ),
        (12, "12 is not a heading id", "write the heading id as text, e.g. before-you-work-alone"),
        (["ok-id", "bad id"], "'bad id' is a heading title, not its id", "write its id: bad-id"),
        ("line\nbreak id", "'line break id' is a heading title, not its id", "write its id: line-break-id"),
    ],
)
def test_a_heading_id_written_wrongly_says_how_to_write_it(value, problem, fix):
    claims, bad = claims_from({"policy.statement": value, "policy.signed": "sign-off"})
    assert claims == (Claim("policy.signed", ("sign-off",)),)  # the other claim still counts
    [(at, got_problem, got_fix)] = bad
    assert (at, got_problem) == (("covers", "policy.statement"), problem)
    assert fix is None or got_fix == fix


def test_every_problem_at_once_and_pages_kept_when_manual_yml_is_broken(repo):
    write_manual(
        repo,
        manual_yml=MANUAL_YML.replace("employees: 24", "employees: lots"),
        pages={
            "index.md": INDEX_MD,
            "01-policy.md": page("Policy", "{policy.statement: '#our-promise'}"),
            "02-plan.md": "---\ntitle: Plan\nstatus: approved\n---\n\nNo owner.\n",
            "03-ok.md": page("Fine"),
        },
    )
    loaded = read_manual(repo, "tiny")
    assert loaded.manual is None
    assert [p.src for p in loaded.pages] == ["index.md", "01-policy.md", "03-ok.md"]
    assert sorted(f"{p.file}:{p.line}: {p.field}: {p.problem}" for p in loaded.problems) == [
        "manuals/tiny/docs/01-policy.md:3: covers.policy.statement: '#our-promise': write heading ids without '#'",
        "manuals/tiny/docs/02-plan.md:2: owner: required field",
        "manuals/tiny/manual.yml:4: company.employees: must be of integer type",
    ]


def test_a_manual_without_docs_or_home_page(repo):
    write_manual(repo, "nodocs")
    shutil.rmtree(repo / "manuals" / "nodocs" / "docs")
    _, found = load_manual(repo, "nodocs")
    assert [str(p) for p in found] == ["manuals/nodocs: no docs/ folder — put the manual's Markdown pages in docs/"]
    write_manual(repo, "nohome", pages={"01-a.md": page("A")})
    _, found = load_manual(repo, "nohome")
    assert [str(p) for p in found] == [
        "manuals/nohome/docs: no home page — add docs/index.md (the page workers land on)"
    ]


def test_manual_yml_alone_for_commands_that_read_no_page(repo):
    write_manual(repo, pages={"index.md": INDEX_MD, "01-bad.md": "---\ntitle: [\n---\n"})
    manual, found = load_manual(repo, "tiny", with_pages=False)
    assert found == [] and manual is not None and manual.pages == ()
    assert manual.company.name == "Tiny Test Co."
