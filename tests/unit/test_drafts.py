"""drafts: the banner of a drafts preview — what still blocks approval (problems, at most SHOWN
listed and the rest counted; draft pages), and whether the page shown is itself a draft."""

from __future__ import annotations

from types import SimpleNamespace

from hsms_manuals.drafts import SHOWN, DraftNotice, DraftPage, draft_notice
from hsms_manuals.errors import Problem


def state(problems: int, drafts: tuple[str, ...], preview: bool = True) -> SimpleNamespace:
    """What draft_notice reads of a build's state (state.ManualState)."""
    return SimpleNamespace(
        drafts=preview,
        manual=SimpleNamespace(id="tiny"),
        problems=[
            Problem(f"manuals/tiny/docs/{i:03}.md", i + 1, "covers", f"problem {i}", "fix it") for i in range(problems)
        ],
        draft_pages=[SimpleNamespace(title=f"Draft {src}", src=src, url=src[:-3] + "/") for src in drafts],
    )


def test_a_real_build_has_no_banner():
    assert draft_notice(state(3, ("02-plan.md",), preview=False)) is None


def test_the_banner_lists_problems_as_validate_prints_them_and_counts_the_rest():
    notice = draft_notice(state(SHOWN + 7, ("02-plan.md", "sub/03-more.md")))
    assert notice.manual == "tiny"
    assert len(notice.problems) == SHOWN and notice.more == 7 and notice.problem_count == SHOWN + 7
    assert notice.problems[0] == "manuals/tiny/docs/000.md:1: covers: problem 0 — fix it"
    assert notice.draft_pages == (
        DraftPage("Draft 02-plan.md", "02-plan.md", "02-plan/"),
        DraftPage("Draft sub/03-more.md", "sub/03-more.md", "sub/03-more/"),
    )
    assert notice.summary == f"{SHOWN + 7} problem(s) and 2 draft page(s) block approval"


def test_the_summary_names_only_what_blocks():
    assert draft_notice(state(1, ())).summary == "1 problem(s) block approval"
    assert draft_notice(state(0, ("a.md",))).summary == "1 draft page(s) block approval"
    assert (
        draft_notice(state(0, ())).summary
        == "nothing blocks approval any more: build without --drafts to make the real manual"
    )
    assert draft_notice(state(SHOWN, ())).more == 0


def test_each_page_knows_whether_it_is_a_draft():
    notice = draft_notice(state(0, ("02-plan.md",)))
    assert notice.this_page_is_draft is False
    assert notice.for_page("02-plan.md").this_page_is_draft is True
    assert notice.for_page("index.md").this_page_is_draft is False
    assert notice.for_page("02-plan.md") == DraftNotice("tiny", (), 0, notice.draft_pages, True)
