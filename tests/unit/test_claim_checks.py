"""claim_checks: what a page's ``covers`` claims — known topics, once each, headings that exist,
no whole-page claim on a long page, the policy's signer named — and the build's check that a
claimed heading id is still the author's heading in the rendered page."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import page, write_manual
from hsms_manuals.answers import PAGE_CLAIM_MAX_WORDS
from hsms_manuals.claim_checks import check_claims, claims_not_built, toc_ids
from hsms_manuals.located import Where
from hsms_manuals.manual import load_manual
from hsms_manuals.model import Topic

TOPICS = {t: Topic(t, t, "") for t in ("policy.signed", "policy.statement", "hazard.formal")}


def load(repo, body: str, covers: str, status: str = "approved"):
    write_manual(repo, pages={"index.md": page("Home"), "a.md": page("A", covers=covers, status=status, body=body)})
    manual, problems = load_manual(repo, "tiny")
    assert problems == [] and manual is not None, problems
    return manual


def claims(repo, body: str, covers: str, status: str = "approved") -> list[str]:
    manual = load(repo, body, covers, status)
    return [str(p) for p in check_claims(Where(repo, manual), manual, TOPICS)]


def test_unknown_and_repeated_topics(repo):
    assert claims(repo, "Text.\n", "[hazard.formal, nope.topic, hazard.formal]") == [
        "manuals/tiny/docs/a.md:3: covers.1: unknown topic 'nope.topic' — use a topic id from partners/topics.yml",
        "manuals/tiny/docs/a.md:3: covers.2: topic 'hazard.formal' listed twice — remove the duplicate",
    ]


def test_a_claimed_heading_must_exist(repo):
    body = "## Hazards { #hazards }\n\nText.\n\n## Controls\n\nMore.\n"
    assert claims(repo, body, "\n  hazard.formal: nowhere") == [
        "manuals/tiny/docs/a.md:4: covers.hazard.formal: no heading '#nowhere' on this page — "
        "headings here: #hazards, #controls"
    ]
    assert claims(repo, body, "\n  hazard.formal: hazards") == []


def test_a_page_without_headings_says_so(repo):
    assert claims(repo, "Just text.\n", "\n  hazard.formal: x")[0].endswith(
        "— this page has no headings: put a heading (## Title) above the text that answers it"
    )


def test_a_long_page_cannot_be_claimed_whole(repo):
    long_body = "word " * PAGE_CLAIM_MAX_WORDS + "\n"
    assert claims(repo, long_body, "[hazard.formal]") == [
        f"manuals/tiny/docs/a.md:3: covers: this page has {PAGE_CLAIM_MAX_WORDS} words: name the section that answers "
        "each topic — write covers as topic: heading-id"
    ]
    assert claims(repo, "word " * (PAGE_CLAIM_MAX_WORDS - 1), "[hazard.formal]") == []


def test_the_signed_policy_names_its_signer(repo):
    got = claims(repo, "## Signed { #signed }\n\nSigned by the owner.\n", "\n  policy.signed: signed")
    assert got == [
        "manuals/tiny/docs/a.md:4: covers.policy.signed: the text that answers it does not name the "
        "signer, Pat Doe (document.approved_by in manual.yml) — write {{ document.approved_by.name }}, "
        "{{ document.approved_by.title }} in it"
    ]


def test_the_signer_by_name_or_variable(repo):
    assert claims(repo, "## Signed { #signed }\n\nSigned by PAT\n  DOE.\n", "\n  policy.signed: signed") == []
    assert claims(repo, "Signed by {{ document.approved_by.name }}.\n", "[policy.signed]") == []
    # A longer name that only starts with the signer's is not the signer.
    assert len(claims(repo, "Signed by Pat Doella.\n", "[policy.signed]")) == 1
    # Drafts are not checked yet.
    assert claims(repo, "Signed.\n", "[policy.signed]", status="draft") == []


def _toc(*items):
    return [SimpleNamespace(id=i, children=_toc(*kids)) for i, kids in items]


def test_toc_ids_in_order_with_children():
    assert toc_ids(_toc(("a", [("b", []), ("c", [("d", [])])]), ("e", []))) == ["a", "b", "c", "d", "e"]


def test_a_macro_heading_that_takes_the_claimed_id(repo):
    manual = load(repo, "## Shop\n\nText.\n", "\n  hazard.formal: shop")
    page_a = manual.page_by_src["a.md"]
    assert claims_not_built(page_a, ["shop"]) == []
    # A macro printed a "Shop" heading first: it took 'shop', the author's heading became 'shop_1'.
    assert claims_not_built(page_a, ["shop", "shop_1"]) == [
        "covers.hazard.formal: '#shop' is not the id of your heading in the built page (a heading printed by a macro "
        "has the same words) — give your heading its own id (## Title { #shop-here }) and claim that id"
    ]
    assert len(claims_not_built(page_a, [])) == 1


def test_an_explicit_id_is_kept_by_the_build(repo):
    manual = load(repo, "## Shop { #shop }\n\nText.\n", "\n  hazard.formal: shop")
    assert claims_not_built(manual.page_by_src["a.md"], ["shop", "shop_1"]) == []
