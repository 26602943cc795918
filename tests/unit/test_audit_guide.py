"""audit_guide: the generated audit guide — the coverage summary with its chart and one page per
element, every question in the partner's order with its status, where it is answered and what is
missing. Values from the partner map and the manual are escaped; links are relative (strict mode
checks them)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml

from conftest import MANUAL_YML, answers, page, write_manual
from hsms_manuals.audit_guide import (
    approximated_note,
    audit_element,
    badge,
    coverage_chart,
    coverage_summary,
    element_page_source,
    interviews_page_source,
    pct,
    summary_page_source,
)
from hsms_manuals.coverage import Status
from hsms_manuals.errors import UsageError
from hsms_manuals.model import Element
from hsms_manuals.state import load_state
from hsms_manuals.text import esc


@pytest.fixture
def state(repo):
    write_manual(
        repo,
        pages={
            "index.md": page("Home"),
            "01-policy.md": page("Policy", ["policy.statement"], body=answers("policy.statement")),
        },
    )
    return load_state(repo, "tiny")


def element_one(state):
    return next(e for e in state.coverage.elements if e.element.id == "1")


def test_badge_and_pct():
    assert badge(Status.MISSING) == '<span class="hsms-status hsms-status--missing">Missing</span>'
    assert (pct(None), pct(0.0), pct(79.6)) == ("not scored", "0%", "80%")


def test_an_unknown_element_is_refused_with_the_ones_that_exist(state):
    known = ", ".join(e.element.id for e in state.coverage.elements)
    with pytest.raises(UsageError) as error:
        audit_element(state, "99", "audit/element-99.md")
    assert str(error.value) == (f"audit_element('99'): ACSA COR has no element '99' — use one of: {known}")


def test_an_element_page_lists_every_question_in_order_with_its_anchor(state):
    e = element_one(state)
    text = audit_element(state, "1", "audit/element-1.md")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {esc(r.question.id)} {{ #q-{r.question.id.replace('.', '-')} }}" for r in e.questions]
    assert headings[0] == "## 1&#46;1 { #q-1-1 }"  # "1.1" at a line start would not become a list
    assert text.startswith(
        f"ACSA {state.partner.instrument_name}, program COR. Documentation readiness of this element: "
        f"**{pct(e.percent)}** (each element needs at least 50%)."
    )
    assert "[Back to the coverage summary](index.md)" in text


def test_a_question_says_where_it_is_answered_and_what_is_missing(state):
    text = audit_element(state, "1", "audit/element-1.md")
    e = element_one(state)
    answered = next(r for r in e.questions if r.answered_in)
    block = text.split(f"## {esc(answered.question.id)} ")[1].split("\n## ")[0]
    assert "**Answered in:** [Policy" in block and "](../01-policy.md" in block  # relative to the guide page
    assert badge(answered.status) in block
    missing = next(r for r in e.questions if r.status is Status.MISSING and r.question.documentary)
    block = text.split(f"## {esc(missing.question.id)} ")[1].split("\n## ")[0]
    assert "**Not yet answered:** " in block and "**Answered in:**" not in block


def test_field_evidence_questions_say_how_the_auditor_checks_them(state):
    element, field = next(
        (e, r) for e in state.coverage.elements for r in e.questions if r.status is Status.FIELD_EVIDENCE
    )
    text = audit_element(state, element.element.id, "audit/x.md")
    evidence = " and ".join(x.value for x in field.question.evidence)
    block = text.split(f"## {esc(field.question.id)} ")[1].split("\n## ")[0]
    assert f"**Needs field evidence:** the auditor checks this by {evidence}, not by reading the manual." in block


def test_the_summary_gives_the_verdict_and_one_row_per_element(state):
    text = coverage_summary(state, "audit/index.md")
    cov = state.coverage
    assert f"Documentation readiness: **{cov.overall:.0f}%**. It does **not** yet meet the pass rule" in text
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert len(rows) == len(cov.elements)
    assert rows[0].startswith(f"| [{cov.elements[0].element.label}](element-1.md) | ")
    assert "[Interview and observation preparation](interviews.md)" in text
    assert '<div class="hsms-chart"><svg ' in text
    ending = f"Source of the audit map: {esc(state.partner.source)}."
    if not state.partner.verified:
        ending += "\n Some parts are not verified against the instrument and are marked on their pages."
    assert text.endswith(ending + "\n")


def test_the_chart_draws_each_element_and_the_overall_bar_with_the_pass_lines():
    def element(label, percent, passes):
        return SimpleNamespace(element=SimpleNamespace(label=label), percent=percent, passes=passes)

    coverage = SimpleNamespace(
        elements=[
            element("1 <Leadership> & commitment", 100.0, True),
            element("2 " + "A very long element title that goes on", None, False),
        ],
        overall=50.0,
        passes=False,
        rule=SimpleNamespace(element_min=50, overall=80),
    )
    svg = coverage_chart(SimpleNamespace(coverage=coverage))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 610 124" role="img"')
    assert ">1 &lt;Leadership&gt; &amp; commitment</text>" in svg
    assert ">2 A very long element title that …</text>" in svg  # 33 characters and an ellipsis
    assert ">Overall</text>" in svg
    bars = [part.split('width="')[1].split('"')[0] for part in svg.split("<rect")[1:] if "hsms-svg-bar " in part]
    assert bars == ["300.0", "0.0", "150.0"]  # unscored draws as 0
    assert svg.count("hsms-svg-bar--ok") == 1 and svg.count("hsms-svg-bar--low") == 2
    assert '<line x1="400.0"' in svg and 'class="hsms-svg-rule hsms-svg-rule--element"' in svg
    assert '<line x1="490.0"' in svg and 'class="hsms-svg-rule hsms-svg-rule--overall"' in svg
    coverage.rule = SimpleNamespace(element_min=None, overall=80)
    assert "hsms-svg-rule--element" not in coverage_chart(SimpleNamespace(coverage=coverage))


def test_generated_page_sources_are_valid_front_matter_and_one_macro_call(state):
    source = element_page_source(state, Element("6", 'Hazard "Control": 100% <sure>', ()))
    front, body = source.split("---\n")[1:]
    assert yaml.safe_load(front) == {"title": '6 Hazard "Control": 100% <sure>'}
    assert body == '\n{{ audit_element("6") }}\n'
    assert summary_page_source(state) == "---\ntitle: Audit guide\n---\n\n{{ coverage_summary() }}\n"


def test_the_interviews_page_is_plain_markdown_with_a_way_back(state):
    source = interviews_page_source(state)
    assert source.startswith("---\ntitle: Interview and observation preparation\n---\n\n")
    assert "[Back to the coverage summary](index.md)" in source
    assert "{{" not in source and "{%" not in source  # nothing left to render


def test_an_approximated_program_says_so(repo):
    yml = MANUAL_YML.replace("program: COR", "program: SECOR").replace("employees: 24", "employees: 8")
    write_manual(repo, manual_yml=yml, pages={"index.md": page("Home")})
    secor = load_state(repo, "tiny")
    note = approximated_note(secor)
    assert note[0] == '!!! warning "Approximated program: SECOR"'
    assert note[1] == "    " + esc(secor.program.approximated) and "only approximates a SECOR" in note[1]
    assert note[0] in coverage_summary(secor, "audit/index.md")
    assert note[0] in audit_element(secor, "1", "audit/element-1.md")


def test_a_real_program_has_no_such_note(state):
    assert approximated_note(state) == []
