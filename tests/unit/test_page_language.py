"""page_language: what a page may write between {{ }} — the messages that say what to write
instead (a field that does not exist, a variable printed whole, a macro not called or called with
the wrong number of arguments), and the escaped fields. The attack corpus and the sandbox are in
tests/security/test_sandbox.py."""

from __future__ import annotations

import pytest

from hsms_manuals.page_env import MACROS, params
from hsms_manuals.page_language import (
    ALLOWED,
    DOCS,
    MACRO_PARAMS,
    fields,
    has_jinja,
    macro_usage,
    names_for_checking,
    template_problems,
)

NAMES = names_for_checking()


def problems(source: str) -> list[tuple[int, str]]:
    return template_problems(source, NAMES)


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "{{ company.nmae }}",
            "company has no field 'nmae' — use one of company.name, company.province, "
            f"company.employees, company.industry, company.address ({DOCS})",
        ),
        (
            "{{ document.approved_by }}",
            "'document.approved_by' is not a field — write one of document.approved_by.name, "
            "document.approved_by.title",
        ),
        (
            "{{ document.approved_by.email }}",
            "document.approved_by has no field 'email' — use one of "
            f"document.approved_by.name, document.approved_by.title ({DOCS})",
        ),
        (
            "{{ company.name.first }}",
            f"'company.name' is text: '.first' is not allowed here — print it as {{{{ company.name }}}} ({DOCS})",
        ),
        ("{{ emergency_contacts }}", "'emergency_contacts' is a macro — call it: {{ emergency_contacts() }}"),
        ("{{ company.name() }}", f"'company.name' is not a macro — only these are allowed: {ALLOWED} ({DOCS})"),
        (
            "{{ audit_element('6', 2) }}",
            f"audit_element() takes 1 argument, not 2 — write {{{{ audit_element(element_id) }}}} ({DOCS})",
        ),
        (
            "{{ audit_element() }}",
            f"audit_element() takes 1 argument, not 0 — write {{{{ audit_element(element_id) }}}} ({DOCS})",
        ),
        (
            "{{ emergency_contacts('Shop') }}",
            f"emergency_contacts() takes no arguments, not 1 — write {{{{ emergency_contacts() }}}} ({DOCS})",
        ),
        (
            "{{ audit_element(id='6') }}",
            f"audit_element() takes plain values one after another (no name=value or *…) — write {{{{ audit_element(element_id) }}}} "
            f"({DOCS})",
        ),
    ],
)
def test_each_mistake_says_what_to_write_instead(source, message):
    assert problems(f"Intro.\n\n{source}\n") == [(3, message)]


def test_every_problem_of_a_page_at_once_on_its_line():
    assert [line for line, _ in problems("{{ company.nmae }}\n\n{{ x }} {{ page.title }}\n{% if x %}y{% endif %}")] == [
        1,
        3,
        4,
    ]


def test_a_syntax_error_gives_its_line_and_the_two_usual_causes():
    [(line, message)] = problems("Text\n\n## Title {#id}\n")
    assert line == 3 and message.endswith(
        "— check the {{ … }} / {% … %} syntax; to show braces literally wrap "
        "them in {% raw %}…{% endraw %}, and write heading ids as { #id } not {#id}"
    )


def test_what_a_page_may_write():
    assert (
        problems(
            "{{ company.name }} {{ document.approved_by.title }} {{ page.owner }} {{ program.name }}\n"
            "{{ audit_element('6') }} {{ audit_element(6) }} {{ coverage_summary() }} {# note #}\n"
            "{% raw %}{{ anything | goes }}{% endraw %} {{ '{{' }}"
        )
        == []
    )


def test_the_documented_usage_of_each_macro():
    assert macro_usage("audit_element") == "audit_element(element_id)"
    assert macro_usage("crosswalk") == "crosswalk()"
    assert ALLOWED.startswith("company, document, partner, program, page and the macros emergency_contacts(), ")
    assert all(f"{macro_usage(m)}" in ALLOWED for m in MACRO_PARAMS)


def test_the_documented_macros_are_the_functions_pages_call():
    # validate checks calls against MACRO_PARAMS; a build binds page_env.MACROS: they must agree.
    assert {fn.__name__: params(fn) for fn in MACROS} == MACRO_PARAMS


def test_fields_are_escaped_text_and_nested_by_dots():
    doc = fields(
        "document", {"title": "<b>T</b> *x*", "approved_by.name": "Pat & Co", "approved_by.title": None, "revision": 4}
    )
    assert doc.values["title"] == "&lt;b&gt;T&lt;/b&gt; &#42;x&#42;"
    assert doc.values["revision"] == "4"
    nested = doc.values["approved_by"]
    assert nested.path == "document.approved_by"
    assert dict(nested.values) == {"name": "Pat &amp; Co", "title": ""}  # None prints as nothing
    with pytest.raises(TypeError):
        doc.values["title"] = "changed"  # read-only: a page cannot change what another page prints


def test_printing_a_whole_variable_is_refused():
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError, match="write one of the fields of document"):
        str(fields("document", {"title": "T"}))


@pytest.mark.parametrize(
    "text, jinja",
    [
        ("{{ x }}", True),
        ("{% raw %}", True),
        ("{# c #}", True),
        ("a {x} b", False),
        ("## Title { #id }", False),
        ("", False),
    ],
)
def test_has_jinja(text, jinja):
    assert has_jinja(text) is jinja
