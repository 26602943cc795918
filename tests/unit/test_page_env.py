"""page_env: a page's ``{{ … }}`` rendered for one build — the manual's values escaped, the macros
bound to the build's state and the page they are on, and every refusal or failure one
``file:line: jinja: problem — fix`` line (the line in the page's file, front matter counted)."""

from __future__ import annotations

import pytest

from conftest import MANUAL_YML, page, write_manual
from hsms_manuals import audit_guide, page_blocks
from hsms_manuals.page_env import MACROS, PageRenderer, TemplateProblem, bind, page_fields, params, variables
from hsms_manuals.page_language import MACRO_PARAMS
from hsms_manuals.state import load_state

SHOWN = "manuals/tiny/docs/01-policy.md"


@pytest.fixture
def state(repo):
    yml = MANUAL_YML.replace("name: Tiny Test Co.", 'name: "Tiny <b>Test</b> & *Co*"')
    write_manual(repo, manual_yml=yml, pages={"index.md": page("Home")})
    return load_state(repo, "tiny")


@pytest.fixture
def renderer(state):
    return PageRenderer(state, lambda: "01-policy.md")


def render(renderer, markdown, offset=6):
    return renderer.render(markdown, page_fields("Policy <1>", None), SHOWN, offset)


def test_the_manual_values_print_escaped(renderer):
    out = render(renderer, "{{ company.name }} · {{ document.number }} rev {{ document.revision }}")
    assert out == "Tiny &lt;b&gt;Test&lt;/b&gt; &amp; &#42;Co&#42; · TT-001 rev 1"
    assert render(renderer, "{{ document.approved_by.name }}, {{ document.approved_by.title }}") == "Pat Doe, Owner"
    assert render(renderer, "{{ partner.short_name }} {{ program.id }}") == "ACSA COR"


def test_the_page_gets_its_own_fields(renderer):
    assert render(renderer, "# {{ page.title }}\nby {{ page.owner }}.") == "# Policy &lt;1&gt;\nby ."


def test_variables_hold_every_documented_field(state):
    values = variables(state)
    assert set(values) == {"company", "document", "partner", "program"}  # page comes from page_fields
    assert set(values["document"].values) == {
        "title",
        "number",
        "revision",
        "effective",
        "next_review",
        "review_months",
        "approved_by",
    }
    assert str(values["document"].values["effective"]) == "2026-09-01"


def test_a_refused_page_runs_nothing_and_names_each_line(renderer, monkeypatch):
    ran = []
    monkeypatch.setitem(renderer.env.globals, "coverage_summary", lambda: ran.append(1) or "")
    with pytest.raises(TemplateProblem) as error:
        render(renderer, "Hello\n{{ coverage_summary() }}\n{{ secrets }}\n{{ ''.__class__ }}", offset=6)
    lines = str(error.value).split("\n")
    assert [line.split(": jinja: ")[0] for line in lines] == [f"{SHOWN}:9", f"{SHOWN}:10"]
    assert lines[0].startswith(f"{SHOWN}:9: jinja: 'secrets' is not allowed here — only these are allowed: ")
    assert ran == []


def test_a_syntax_error_is_located(renderer):
    with pytest.raises(TemplateProblem) as error:
        render(renderer, "one\ntwo\n{{ company.name ", offset=5)
    assert str(error.value).startswith(f"{SHOWN}:8: jinja: ")


def test_a_macro_failure_is_located_and_says_how_to_fix_it(renderer, state):
    known = ", ".join(e.element.id for e in state.coverage.elements)
    with pytest.raises(TemplateProblem) as error:
        render(renderer, 'Intro\n\n{{ audit_element("99") }}\n', offset=6)
    assert str(error.value) == (
        f"{SHOWN}:9: jinja: audit_element('99'): ACSA COR has no element '99' — use one of: {known}"
    )


def test_a_macro_error_without_a_fix_gets_one(renderer):
    with pytest.raises(TemplateProblem) as error:
        render(renderer, "{{ responsibilities() }}", offset=0)  # the tiny manual has no responsibilities
    assert str(error.value) == (
        f"{SHOWN}:1: jinja: responsibilities() needs a 'responsibilities:' list in manual.yml — fix the macro call"
    )


def test_bad_macro_arguments_point_to_the_readme(renderer):
    with pytest.raises(TemplateProblem) as error:
        render(renderer, "x\n{{ audit_element() }}", offset=0)
    message = str(error.value)
    assert message.startswith(f"{SHOWN}:2: jinja: ")
    assert "README.md, 'Macros a page can use'" in message


def test_macros_get_the_page_they_are_on_and_its_language(state):
    seen = []

    def macro(state_, element_id, here, lang):
        seen.append((state_ is state, element_id, here, lang))
        return "ok"

    where = iter(["a/b.md", "a/b.md", "c.md", "c.md"])
    bound = bind(state, macro, lambda: next(where))
    assert bound("6") == "ok" and bound("7") == "ok"
    assert seen == [(True, "6", "a/b.md", "en"), (True, "7", "c.md", "en")]
    assert bound.__name__ == "macro"


def test_a_macro_that_asks_for_neither_gets_only_the_state(state):
    calls = []
    bound = bind(state, lambda s: calls.append(s) or "x", lambda: pytest.fail("here() asked for nothing"))
    assert bound() == "x" and calls == [state]


def test_the_documented_macros_are_the_ones_bound_with_their_arguments():
    assert {fn.__name__: params(fn) for fn in MACROS} == MACRO_PARAMS
    assert params(audit_guide.audit_element) == ("element_id",)
    assert params(page_blocks.forms_index) == ()
