"""state: everything one manual's build needs, loaded and checked once. A manual with any problem
is refused with every problem at once; a drafts preview keeps them (it lists what blocks approval)
and is refused only when the manual does not load at all."""

from __future__ import annotations

import pickle

import pytest

from conftest import MANUAL_YML, answers, page, write_manual
from hsms_manuals.errors import ValidationFailed
from hsms_manuals.model import Element
from hsms_manuals.state import (
    NotPreviewable,
    element_src,
    load_state,
    question_anchor,
    section_title,
)

PAGES = {
    "index.md": page("Home"),
    "01-policy.md": page("Policy", ["policy.statement"], body=answers("policy.statement") + "\n![Map](img/map.png)\n"),
    "02-ladders.md": page("Ladders", status="draft", body="[Form](files/ladder.pdf) ![x](img/draft.png)\n"),
}


def tiny(repo, pages=PAGES, manual_yml=MANUAL_YML):
    mroot = write_manual(repo, pages=pages, manual_yml=manual_yml)
    (mroot / "docs" / "img").mkdir(exist_ok=True)
    for name in ("img/map.png", "img/draft.png", "img/unused.png", "files/ladder.pdf"):
        (mroot / "docs" / name).parent.mkdir(exist_ok=True)
        (mroot / "docs" / name).write_bytes(b"x")
    return mroot


@pytest.mark.parametrize(
    ("folder", "title"),
    [
        ("02-safe-work_practices", "Safe work practices"),
        ("procedures", "Procedures"),
        ("10 Forms", "Forms"),
        ("07", "07"),  # nothing but a number: the number
    ],
)
def test_section_title(folder, title):
    assert section_title(folder) == title


def test_guide_addresses():
    assert element_src(Element("6", "Hazard Control", ())) == "audit/element-6.md"
    assert element_src(Element("A", "Annex", ())) == "audit/element-a.md"
    assert question_anchor("6.9") == "q-6-9"


def test_a_valid_manual_builds_its_approved_pages_only(repo):
    tiny(repo)
    state = load_state(repo, "tiny")
    assert [p.src for p in state.pages] == ["index.md", "01-policy.md"]
    assert [p.src for p in state.draft_pages] == ["02-ladders.md"]
    assert (state.pdf_name, state.pdf_src) == ("tiny-rev-1.pdf", "pdf/tiny-rev-1.pdf")
    assert state.problems == ()
    assert (state.partner.id, state.program.id) == ("acsa", "COR")
    assert "img/map.png" in state.files
    assert not {"img/draft.png", "files/ladder.pdf", "img/unused.png"} & set(state.files)  # only a draft links two
    assert state.page_title("01-policy.md") == "Policy"
    assert state.page_title("gone.md") == "gone.md"


def test_the_pages_a_topic_answers_point_to_the_guide(repo):
    tiny(repo)
    state = load_state(repo, "tiny")
    answers = state.answers["01-policy.md"]
    assert answers and all(a.guide_src.startswith("audit/element-") for a in answers)
    assert all(a.anchor == question_anchor(a.result.question.id) for a in answers)
    assert "index.md" not in state.answers


def test_a_drafts_preview_shows_draft_pages_and_what_they_link(repo):
    tiny(repo)
    state = load_state(repo, "tiny", drafts=True)
    assert [p.src for p in state.pages] == ["index.md", "01-policy.md", "02-ladders.md"]
    assert state.pdf_name == "tiny-rev-1-DRAFT.pdf"
    assert {"img/map.png", "img/draft.png", "files/ladder.pdf"} <= set(state.files)
    assert "img/unused.png" not in state.files


def test_every_problem_is_refused_at_once(repo):
    tiny(
        repo,
        pages={**PAGES, "03-x.md": page("X", ["no.such.topic"]), "04-y.md": page("Y", status="finished")},
    )
    with pytest.raises(ValidationFailed) as error:
        load_state(repo, "tiny")
    files = sorted({p.file.rsplit("/", 1)[-1] for p in error.value.problems})
    assert files == ["03-x.md", "04-y.md"]


def test_a_drafts_preview_keeps_the_problems_that_block_approval(repo):
    tiny(repo, pages={**PAGES, "03-x.md": page("X", ["no.such.topic"])})
    state = load_state(repo, "tiny", drafts=True)
    assert [p.file.rsplit("/", 1)[-1] for p in state.problems] == ["03-x.md"]
    assert list(state.problems) == sorted(state.problems)


def test_a_manual_that_does_not_load_cannot_be_previewed(repo):
    tiny(repo, manual_yml="company: [unclosed\n")
    with pytest.raises(NotPreviewable) as error:
        load_state(repo, "tiny", drafts=True)
    message = str(error.value)
    assert message.startswith("manual 'tiny' cannot be previewed: it does not load (manuals/tiny/manual.yml:")
    assert message.endswith("— fix that first; `hsms validate tiny` lists every problem")
    assert isinstance(error.value, ValidationFailed)


def test_an_unknown_partner_cannot_be_previewed(repo):
    tiny(repo, manual_yml=MANUAL_YML.replace("partner: acsa", "partner: nobody"))
    with pytest.raises(NotPreviewable, match="^manual 'tiny' cannot be previewed: it does not load"):
        load_state(repo, "tiny", drafts=True)
    with pytest.raises(ValidationFailed) as error:
        load_state(repo, "tiny")
    assert any("nobody" in str(p) for p in error.value.problems)


def test_a_refusal_survives_the_trip_from_a_worker_process(repo):
    tiny(repo, manual_yml="company: [unclosed\n")
    with pytest.raises(NotPreviewable) as error:
        load_state(repo, "tiny", drafts=True)
    copy = pickle.loads(pickle.dumps(error.value))
    assert (type(copy), str(copy), copy.manual_id) == (NotPreviewable, str(error.value), "tiny")


def test_a_reason_without_problems_is_the_message():
    assert str(NotPreviewable("tiny", [], "no program 'XYZ' for partner acsa")) == (
        "manual 'tiny' cannot be previewed: it does not load (no program 'XYZ' for partner acsa) — fix that first; "
        "`hsms validate tiny` lists every problem"
    )
