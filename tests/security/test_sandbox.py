"""Nothing a page says may run code, read a file or hang the build (issue 8).

Each payload is tried three ways: against the syntax check (``template_problems``, what every
build and `hsms validate` run first), against the sandbox alone (the backstop, with the syntax
check bypassed), and in a real `hsms build` (one `file:line` error, exit 1, nothing written)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from hsms_manuals.page_env import MACROS, params
from hsms_manuals.page_language import MACRO_PARAMS, PageSandbox, fields, names_for_checking, template_problems
from sitekit import build, make_repo, write_manual

ALLOWED = "only these are allowed: company, document, partner, program, page and the macros emergency_contacts(), emergency_page()"

# payload → the start of its one problem line (after "jinja: ")
PAYLOADS = {
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}": f"'cycler' is not allowed here — {ALLOWED}",
    "{{ namespace.__init__.__globals__.__builtins__.open('PWNED', 'w').write('x') }}": f"'namespace' is not allowed here — {ALLOWED}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}": "'.__class__' is not allowed here — only the fields of the variables",
    "{{ company.__class__.__init__.__globals__ }}": "company has no field '__class__' — use one of company.name",
    "{{ company.name.upper() }}": "'company.name' is text: '.upper' is not allowed here",
    "{{ company.name.__class__ }}": "'company.name' is text: '.__class__' is not allowed here",
    "{{ self }}": f"'self' is not allowed here — {ALLOWED}",
    "{{ self._TemplateReference__context }}": f"'self' is not allowed here — {ALLOWED}",
    "{{ config }}": f"'config' is not allowed here — {ALLOWED}",
    "{{ lipsum() }}": f"'lipsum' is not allowed here — {ALLOWED}",
    "{{ joiner() }}": f"'joiner' is not allowed here — {ALLOWED}",
    "{{ dict(a=1) }}": f"'dict' is not allowed here — {ALLOWED}",
    "{{ range(10**9) | list }}": f"'range' is not allowed here — {ALLOWED}",
    "{{ range(10**9) }}": f"'range' is not allowed here — {ALLOWED}",
    "{% for i in 'x' * 100000 %}{% for j in 'y' * 100000 %}.{% endfor %}{% endfor %}": "'{% for %}' is not allowed in a page: pages may only print variables and call macros",
    "{{ 9 ** 9 ** 9 }}": "arithmetic and formatting: not allowed in a page",
    "{{ 'x' * 1000000000 }}": "arithmetic and formatting: not allowed in a page",
    "{{ '%s' % company }}": "arithmetic and formatting: not allowed in a page",
    "{{ '{0.__class__}'.format(company) }}": "'.format' is not allowed here — only the fields of the variables",
    "{{ company.name | attr('__class__') }}": "filters (|…): not allowed in a page",
    "{{ company.name | center(1000000000) }}": "filters (|…): not allowed in a page",
    "{% include '../manual.yml' %}": "'{% include %}' is not allowed in a page: pages cannot read other files",
    "{% import 'x' as y %}": "'{% import %}' is not allowed in a page: pages cannot read other files",
    "{% from 'x' import y %}": "'{% from … import %}' is not allowed in a page: pages cannot read other files",
    "{% extends '/etc/passwd' %}": "'{% extends %}' is not allowed in a page: pages cannot read other files",
    "{% set x = company %}": "'{% set %}' is not allowed in a page",
    "{% macro m() %}{{ m() }}{% endmacro %}": "'{% macro %}' is not allowed in a page",
    "{{ emergency_contacts(*company) }}": "emergency_contacts() takes plain values one after another (no name=value or *…)",
    "{{ audit_element(company.__class__) }}": "the arguments of audit_element() must be written as plain text",
    "{{ company }}": "'company' is not a field — write one of company.name",
    "{{ crosswalk }}": "'crosswalk' is a macro — call it: {{ crosswalk() }}",
    "{{ company['name'] }}": "indexing ([…]): not allowed in a page",
}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_syntax_check_refuses_each_payload_with_one_line(payload):
    problems = template_problems(f"Text.\n\n{payload}\n", names_for_checking())
    assert [(line, p[: len(PAYLOADS[payload])]) for line, p in problems] == [(3, PAYLOADS[payload])]


def test_what_pages_may_write_passes_the_syntax_check():
    page = (
        "{{ company.name }} {{ document.approved_by.name }} {{ page.title }} {{ audit_element('6') }}\n"
        "{{ emergency_contacts() }} {# a note #} {% raw %}{{ shown as is }}{% endraw %} {{ '{{' }}\n"
        "{{- document.revision -}}"
    )
    assert template_problems(page, names_for_checking()) == []


@pytest.fixture
def sandbox():
    """The sandbox on its own, with one harmless macro, as the backstop sees a page."""

    def shout(text: str) -> str:
        return str(text).upper()

    env = PageSandbox((shout,))
    env.globals.update(company=fields("company", {"name": "Acme"}), shout=shout)
    return env


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__ }}",
        "{{ company.name.upper() }}",
        "{{ company.name.__class__.__mro__ }}",
        "{{ '{0.__class__}'.format(company) }}",
        "{{ 'x' * 1000000000 }}",
        "{{ 9 ** 9 ** 9 }}",
        "{{ '%s' % company }}",
        "{{ -company.name }}",
        "{{ company['__class__'] }}",
        "{{ company.values }}",
        "{{ company.path }}",
        "{{ shout.__globals__ }}",
        "{{ company.name.format_map(company) }}",
        "{{ company }}",
    ],
)
def test_the_sandbox_alone_refuses_what_the_syntax_check_refuses(sandbox, payload):
    with pytest.raises(SecurityError):
        sandbox.from_string(payload).render()


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler }}",
        "{{ range(3) }}",
        "{{ lipsum() }}",
        "{{ namespace() }}",
        "{{ self.__init__ }}",
        "{{ dict() }}",
        "{{ 'a' | upper }}",
    ],
)
def test_the_sandbox_has_no_globals_filters_or_tests_of_its_own(sandbox, payload):
    with pytest.raises((jinja2.UndefinedError, jinja2.TemplateSyntaxError, SecurityError, TypeError)):
        sandbox.from_string(payload).render()


@pytest.mark.parametrize("payload", ["{% include 'x.md' %}", "{% import 'x' as y %}{{ y }}", "{% extends 'x' %}"])
def test_the_sandbox_cannot_read_files(sandbox, payload, tmp_path, monkeypatch):
    (tmp_path / "x.md").write_text("secret")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match="no loader"):
        sandbox.from_string(payload).render()


def test_the_sandbox_calls_only_our_macros(sandbox):
    assert sandbox.from_string("{{ company.name }}: {{ shout('ok') }}").render() == "Acme: OK"
    sandbox.globals["evil"] = os.getcwd  # a callable that is not one of the build's macros
    with pytest.raises(SecurityError):
        sandbox.from_string("{{ evil() }}").render()


def test_the_documented_macros_are_the_functions_the_build_binds():
    assert {fn.__name__: params(fn) for fn in MACROS} == MACRO_PARAMS


# --- real builds --------------------------------------------------------------------------------


def files_under(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
        "{{ namespace.__init__.__globals__.__builtins__.open('PWNED', 'w').write('x') }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self }}",
        "{{ config }}",
        "{{ lipsum() }}",
        "{{ range(10**9) }}",
        "{% include '../manual.yml' %}",
        "{% import 'x' as y %}",
        "{% for i in 'x' * 100000 %}{% for j in 'y' * 100000 %}.{% endfor %}{% endfor %}",
        "{{ '{0.__class__}'.format(company) }}",
        "{{ '%999999999s' % company.name }}",
    ],
)
def test_a_hostile_page_fails_the_build_with_one_line_and_runs_nothing(tmp_path, capsys, monkeypatch, payload):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    monkeypatch.chdir(root)  # where a relative 'PWNED' would land
    hazards = mdir / "docs" / "02-hazards.md"
    hazards.write_text(hazards.read_text() + "\n" + payload + "\n")
    before = files_under(tmp_path)
    capsys.readouterr()
    assert build(root, "m") == 1
    err = capsys.readouterr().err
    jinja_lines = [line for line in err.splitlines() if ": jinja: " in line]
    assert len(jinja_lines) == 1, err
    assert jinja_lines[0].split("-  ", 1)[-1].startswith("manuals/m/docs/02-hazards.md:14: jinja: "), err
    assert "Traceback" not in err
    assert files_under(tmp_path) == before  # nothing written (no PWNED, no site, no temp folder)


def test_a_main_py_in_the_repository_is_never_imported(tmp_path, monkeypatch):
    """mkdocs-macros imports main.py (or a main/ package) from the project folder by default."""
    root = make_repo(tmp_path)
    write_manual(root, "m")
    marker = tmp_path / "IMPORTED"
    code = (
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('main.py ran')\ndef define_env(env):\n    pass\n"
    )
    (root / "main.py").write_text(code)
    (root / "main").mkdir()
    (root / "main" / "__init__.py").write_text(code)
    monkeypatch.chdir(root)
    assert build(root, "m") == 0
    assert not marker.exists()
    assert "Tiny Test Co." in (root / "site" / "m" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "setting",
    [
        "module_name: my_macros",
        "modules: [evil_pluglet]",
        "include_yaml: [secrets.yml]",
        "include_dir: manuals",
        "j2_extensions: [jinja2.ext.do]",
        "j2_variable_start_string: '[['",
    ],
)
def test_mkdocs_macros_settings_that_import_or_read_are_refused(tmp_path, capsys, setting):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("    on_undefined: strict", f"    {setting}\n    on_undefined: strict")
    )
    assert build(root, "m") == 1
    key = setting.split(":")[0]
    assert (
        f"mkdocs.yml: plugins.macros.{key}: not allowed — hsms renders pages itself in a sandbox and "
        "mkdocs-macros may not import or read files; remove the setting"
    ) in capsys.readouterr().err
    assert not (root / "site" / "m").exists()


def test_validate_reports_every_refused_jinja_line_at_once(tmp_path, capsys):
    from hsms_manuals.cli import main

    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    hazards = mdir / "docs" / "02-hazards.md"
    hazards.write_text(
        hazards.read_text() + "\n{{ cycler.__init__ }}\n\nFine: {{ company.name }}.\n\n{% include 'index.md' %}\n"
    )
    capsys.readouterr()
    assert main(["--root", str(root), "validate", "m"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"manuals/m/docs/02-hazards.md:14: jinja: 'cycler' is not allowed here — {ALLOWED}, responsibilities(), "
        "forms_index(), legislation_refs(), crosswalk(), audit_element(element_id), coverage_summary() "
        "(see README.md, 'Macros a page can use')",
        "manuals/m/docs/02-hazards.md:18: jinja: '{% include %}' is not allowed in a page: pages cannot read other "
        "files — use only {{ variable.field }} and {{ macro() }} (see README.md, 'Macros a page can use')",
        "2 problem(s) found; nothing is published until they are fixed.",
    ]
