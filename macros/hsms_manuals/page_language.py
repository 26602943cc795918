"""The language a page may write between ``{{ }}``, and its sandbox.

Pages are untrusted input (client staff send pull requests; builds run in CI with secrets), so
a page has two walls between it and the machine:

1. ``template_problems`` parses the page and accepts only a tiny language: ``{{ variable.field }}``,
   ``{{ macro("literal", …) }}``, ``{% raw %}`` and ``{# comments #}``. Anything else (other names,
   attributes of text, filters, operators, loops, ``{% include %}`` …) is reported as ``line:
   problem — fix`` before anything runs. `hsms validate` and every build run it.
2. ``PageSandbox``, an ``ImmutableSandboxedEnvironment`` with no loader, no globals, filters or
   tests but ours, ``StrictUndefined``, attribute access only to the fields of our ``Fields``
   objects, calls only to our macros and no operators: the backstop, should the first wall ever
   let something by. ``page_env`` renders pages with it.

A leaf of the page machinery: it knows the macros by name only (``page_env`` binds the functions),
so ``validate`` can check pages without importing the build."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .text import esc

# The variables a page may print, and their fields (README.md, "Macros a page can use").
VARIABLES: dict[str, tuple[str, ...]] = {
    "company": ("name", "province", "employees", "industry", "address"),
    "document": (
        "title",
        "number",
        "revision",
        "effective",
        "next_review",
        "review_months",
        "approved_by.name",
        "approved_by.title",
    ),
    "partner": ("id", "name", "short_name"),
    "program": ("id", "name"),
    "page": ("title", "owner"),
}

# The macros a page may call, and their arguments (page_env checks these against the functions).
MACRO_PARAMS: dict[str, tuple[str, ...]] = {
    "emergency_contacts": (),
    "emergency_page": (),
    "responsibilities": (),
    "forms_index": (),
    "legislation_refs": (),
    "crosswalk": (),
    "audit_element": ("element_id",),
    "coverage_summary": (),
}

DOCS = "see README.md, 'Macros a page can use'"
_STARTS = ("{{", "{%", "{#")


def macro_usage(name: str) -> str:
    """How README.md and error messages show a macro: ``audit_element(element_id)``."""
    return f"{name}({', '.join(MACRO_PARAMS[name])})"


ALLOWED = ", ".join(VARIABLES) + " and the macros " + ", ".join(macro_usage(name) for name in MACRO_PARAMS)


@dataclass(frozen=True)
class Fields:
    """A page variable: escaped text fields, some of them nested (``document.approved_by.name``)."""

    path: str  # "document", "document.approved_by"
    values: Mapping[str, str | Fields]

    def __str__(self) -> str:  # printed whole: template_problems refuses it before it gets here
        raise SecurityError(f"write one of the fields of {self.path}")


def fields(name: str, values: Mapping[str, object]) -> Fields:
    """``fields("document", {"title": …, "approved_by.name": …})``: every value escaped with ``esc``
    (None prints as nothing), dotted keys nested."""
    flat: dict[str, object] = {}
    nested: dict[str, dict[str, object]] = {}
    for key, value in values.items():
        head, dot, rest = key.partition(".")
        if dot:
            nested.setdefault(head, {})[rest] = value
        else:
            flat[key] = value
    out: dict[str, str | Fields] = {k: "" if v is None else esc(v) for k, v in flat.items()}
    out |= {k: fields(f"{name}.{k}", v) for k, v in nested.items()}
    return Fields(name, MappingProxyType(out))


def _no_macro(*args: object) -> str:
    return ""


def names_for_checking() -> dict[str, object]:
    """The allowed globals without a build's values: what `hsms validate` checks pages against."""
    values: dict[str, object] = {name: fields(name, dict.fromkeys(keys, "")) for name, keys in VARIABLES.items()}
    return values | dict.fromkeys(MACRO_PARAMS, _no_macro)


# --- wall 1: what a page may write -----------------------------------------------------------

_STATEMENTS: dict[type[nodes.Node], str] = {  # node type → how the page wrote it
    nodes.For: "{% for %}",
    nodes.If: "{% if %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.FilterBlock: "{% filter %}",
    nodes.With: "{% with %}",
    nodes.Block: "{% block %}",
    nodes.Extends: "{% extends %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from … import %}",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.ScopedEvalContextModifier: "{% autoescape %}",
}
_FILES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def has_jinja(markdown: str) -> bool:
    return any(s in markdown for s in _STARTS)


def template_problems(source: str, names: Mapping[str, object]) -> list[tuple[int, str]]:
    """(line in ``source``, problem — fix) for everything the page may not write; [] if it may
    be rendered. ``names``: the allowed globals (``Fields`` variables and macro functions)."""
    try:
        tree = _PARSER.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [
            (
                exc.lineno or 1,
                f"{exc.message} — check the {{{{ … }}}} / {{% … %}} syntax; to show braces "
                "literally wrap them in {% raw %}…{% endraw %}, and write heading ids as { #id } not {#id}",
            )
        ]
    out: list[tuple[int, str]] = []
    for stmt in tree.body:
        if isinstance(stmt, nodes.Output):
            for expr in stmt.nodes:
                if not isinstance(expr, nodes.TemplateData) and (problem := _output_problem(expr, names)):
                    out.append((expr.lineno, problem))
        else:
            what = _STATEMENTS.get(type(stmt), "this statement")
            why = (
                "pages cannot read other files"
                if isinstance(stmt, _FILES)
                else "pages may only print variables and call macros"
            )
            out.append(
                (
                    stmt.lineno,
                    f"'{what}' is not allowed in a page: {why} — use only {{{{ variable.field }}}} "
                    f"and {{{{ macro() }}}} ({DOCS})",
                )
            )
    return out


def _output_problem(expr: nodes.Expr, names: Mapping[str, object]) -> str | None:
    base, access = _base(expr)
    if isinstance(base, nodes.Name) and base.name not in names:
        return f"'{base.name}' is not allowed here — only these are allowed: {ALLOWED} ({DOCS})"
    if access is not None and not isinstance(base, nodes.Name):  # ''.__class__, ("a" ~ b).x …
        return _not_allowed(access)
    if isinstance(expr, nodes.Call):
        return _call_problem(expr, names)
    if isinstance(expr, (nodes.Name, nodes.Getattr)):
        path = _dotted(expr)
        if path is None:
            return _not_allowed(expr)
        value = _lookup(path, names)
        if isinstance(value, str):
            return None
        if isinstance(value, Fields):
            return f"'{'.'.join(path)}' is not a field — write one of " + ", ".join(
                f"{value.path}.{k}" for k in value.values
            )
        if path[0] in MACRO_PARAMS and callable(value):
            return f"'{path[0]}' is a macro — call it: {{{{ {macro_usage(path[0])} }}}}"
        return _unknown(path, names)
    if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
        return None  # {{ "{{" }}: a literal
    return _not_allowed(expr)


def _base(expr: nodes.Node) -> tuple[nodes.Node, nodes.Node | None]:
    """What an access chain starts from (cycler in cycler.__init__.__globals__…), and the first
    attribute, index or filter applied to it."""
    access = None
    while isinstance(expr, (nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter, nodes.Test)):
        if not isinstance(expr, nodes.Call):
            access = expr
        if expr.node is None:  # a filter block's filter
            break
        expr = expr.node
    return expr, access


def _call_problem(call: nodes.Call, names: Mapping[str, object]) -> str | None:
    path = _dotted(call.node)
    if path is None:
        return _not_allowed(call.node)
    target = _lookup(path, names)
    if len(path) != 1 or path[0] not in MACRO_PARAMS or not callable(target):
        return (
            _unknown(path, names)
            if target is None
            else f"'{'.'.join(path)}' is not a macro — only these are allowed: {ALLOWED} ({DOCS})"
        )
    if call.kwargs or call.dyn_args or call.dyn_kwargs:
        return f"{path[0]}() takes plain values one after another (no name=value or *…) — write {{{{ {macro_usage(path[0])} }}}} ({DOCS})"
    wanted = len(MACRO_PARAMS[path[0]])
    if len(call.args) != wanted:  # the build would fail on it: say so before
        return (
            f"{path[0]}() takes {wanted or 'no'} argument{'' if wanted == 1 else 's'}, not {len(call.args)} — "
            f"write {{{{ {macro_usage(path[0])} }}}} ({DOCS})"
        )
    for arg in call.args:
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, (str, int, float))):
            return (
                f"the arguments of {path[0]}() must be written as plain text or numbers, "
                f"e.g. {{{{ {macro_usage(path[0])} }}}}"
            )
    return None


def literal_calls(source: str, name: str) -> list[tuple[int, list[object]]]:
    """(line in ``source``, arguments) of each call of macro ``name`` written with plain values
    (anything else is a problem of ``template_problems``)."""
    try:
        tree = _PARSER.parse(source)
    except jinja2.TemplateSyntaxError:
        return []
    out: list[tuple[int, list[object]]] = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == name:
            values = [a.value for a in call.args if isinstance(a, nodes.Const)]
            if len(values) == len(call.args):
                out.append((call.lineno, values))
    return out


def _dotted(expr: nodes.Node) -> tuple[str, ...] | None:
    """name.a.b as ("name", "a", "b"); None if it is anything else."""
    parts: list[str] = []
    while isinstance(expr, nodes.Getattr):
        parts.append(expr.attr)
        expr = expr.node
    if not isinstance(expr, nodes.Name):
        return None
    return (expr.name, *reversed(parts))


def _lookup(path: tuple[str, ...], names: Mapping[str, object]) -> object | None:
    value = names.get(path[0])
    for part in path[1:]:
        if not isinstance(value, Fields):
            return None
        value = value.values.get(part)
    return value


def _unknown(path: tuple[str, ...], names: Mapping[str, object]) -> str:
    """Why ``path`` cannot be read, naming the fields that do exist."""
    head: object = names.get(path[0])
    i = 1
    while i < len(path) and isinstance(head, Fields) and path[i] in head.values:
        head = head.values[path[i]]
        i += 1
    if isinstance(head, Fields):
        return (
            f"{head.path} has no field '{path[i]}' — use one of "
            + ", ".join(f"{head.path}.{k}" for k in head.values)
            + f" ({DOCS})"
        )
    if isinstance(head, str):
        return (
            f"'{'.'.join(path[:i])}' is text: '.{path[i]}' is not allowed here — "
            f"print it as {{{{ {'.'.join(path[:i])} }}}} ({DOCS})"
        )
    return f"'{'.'.join(path)}' is not allowed here — only these are allowed: {ALLOWED} ({DOCS})"


_KINDS = {  # expression node → how to name it in a message
    nodes.Filter: "filters (|…)",
    nodes.Test: "tests (is …)",
    nodes.Getitem: "indexing ([…])",
    nodes.Slice: "slices",
    nodes.CondExpr: "if/else expressions",
    nodes.Compare: "comparisons",
    nodes.Concat: "joining text (~)",
    nodes.List: "lists",
    nodes.Tuple: "lists",
    nodes.Dict: "dictionaries",
    nodes.And: "and/or",
    nodes.Or: "and/or",
    nodes.Not: "not",
    nodes.BinExpr: "arithmetic and formatting",
    nodes.UnaryExpr: "arithmetic",
}


def _not_allowed(expr: nodes.Node) -> str:
    if isinstance(expr, nodes.Getattr):  # ''.__class__: attributes of anything but a variable
        return (
            f"'.{expr.attr}' is not allowed here — only the fields of the variables "
            f"{', '.join(VARIABLES)} can be read ({DOCS})"
        )
    kind = next((label for cls, label in _KINDS.items() if isinstance(expr, cls)), "this expression")
    return f"{kind}: not allowed in a page — use only {{{{ variable.field }}}} and {{{{ macro() }}}} ({DOCS})"


# --- wall 2: the sandbox -------------------------------------------------------------------------


class PageSandbox(ImmutableSandboxedEnvironment):
    """No loader (no file can be read), no globals but ours, only our fields and our macros."""

    # Every operator is refused at run time too: no '9**9**9', no "x" * 10**9, no '%s' formatting.
    intercepted_binops = frozenset(("+", "-", "*", "/", "//", "%", "**"))
    intercepted_unops = frozenset(("+", "-"))

    def __init__(self, macros: Iterable[Callable[..., str]] = ()):
        super().__init__(loader=None, undefined=jinja2.StrictUndefined, autoescape=False, extensions=(), cache_size=0)
        self.globals.clear()  # range, lipsum, dict, cycler, joiner, namespace
        self.filters.clear()
        self.tests.clear()
        self.macro_ids = frozenset(id(m) for m in macros)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return id(obj) in self.macro_ids

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Fields) and attribute in obj.values:
            return obj.values[attribute]
        raise SecurityError(f"'.{attribute}' is not allowed here")

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Fields) and isinstance(argument, str) and argument in obj.values:
            return obj.values[argument]
        raise SecurityError("indexing ([…]) is not allowed here")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"the operator '{operator}' is not allowed here")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError(f"the operator '{operator}' is not allowed here")


_PARSER = PageSandbox()  # parsing only; never renders, never changes
