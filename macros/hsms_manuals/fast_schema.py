"""A cerberus schema compiled into plain Python checks: the fast path for documents that are
plainly valid.

Validating a manual.yml with cerberus costs milliseconds (a child validator, a schema copy and
a rule lookup per field), far more than reading it. Most documents are valid, and a valid
document needs none of cerberus' messages, so ``compile_schema`` turns a schema into nested
closures that normalise a document exactly as cerberus does (defaults, ``coerce``) and accept it
only when every rule plainly holds. Anything else — a broken rule, and also anything merely
unusual that cerberus may accept (``true`` where a number is asked, an empty value under
``allowed``) — raises ``NotPlain``, and the caller asks cerberus, which then explains every
problem. So the fast path may refuse more than cerberus, never accept more; the tests compare
both on every shipped file and on thousands of mutations of them. A schema using a rule not
handled here is not compiled at all (``compile_schema`` returns None)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], Any]  # a value → the value normalised, or NotPlain

# cerberus type name → the exact Python types accepted here (bool is no number; a datetime no date).
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "date": (dt.date,),
    "dict": (dict,),
    "list": (list,),
}
_RULES = {
    "type",
    "required",
    "nullable",
    "default",
    "coerce",
    "empty",
    "allowed",
    "regex",
    "min",
    "max",
    "above",
    "minlength",
    "maxlength",
    "schema",
    "keysrules",
    "valuesrules",
    "readonly",
    "meta",
}
_SIZED = (str, list, dict)
_DROPPED_WHEN_EMPTY = ("allowed", "regex", "minlength", "maxlength")  # cerberus skips them for an empty value


class NotPlain(Exception):
    """The document is not plainly valid: let cerberus check it."""


class _Unsupported(Exception):
    """The schema uses something this module does not compile."""


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """The fast check of documents of ``schema`` (a mapping of fields), or None when the schema
    uses a rule not handled here."""
    try:
        return _mapping(schema)
    except _Unsupported:
        return None


def _mapping(schema: dict[str, Any]) -> Check:
    fields = {name: _field(rules) for name, rules in schema.items()}
    # cerberus fills a default where the field is missing, or null and not nullable.
    defaults = {name: rules["default"] for name, rules in schema.items() if "default" in rules}
    not_nullable = {name for name, rules in schema.items() if not rules.get("nullable", False)}
    required = [name for name, rules in schema.items() if rules.get("required") and name not in defaults]

    def check(doc: Any) -> dict[str, Any]:
        if type(doc) is not dict:
            raise NotPlain
        out = {}
        for key, value in doc.items():
            field = fields.get(key) if type(key) is str else None
            if field is None:
                raise NotPlain  # an unknown field
            if value is None and key in defaults and key in not_nullable:
                value = defaults[key]
            out[key] = field(value)
        for name, default in defaults.items():
            if name not in out:
                out[name] = fields[name](default)
        for name in required:
            if name not in out:
                raise NotPlain
        return out

    return check


def _field(rules: dict[str, Any]) -> Check:
    if not isinstance(rules, dict) or not rules.keys() <= _RULES:
        raise _Unsupported
    if rules.get("readonly"):
        return _never
    kind = rules.get("type")
    names = [kind] if isinstance(kind, str) else list(kind or ())
    if not names or any(n not in _TYPES for n in names):
        raise _Unsupported  # no type (anything goes) or a type not handled here
    types = tuple(t for n in names for t in _TYPES[n])
    coerce = rules.get("coerce")
    if coerce is not None and not callable(coerce):
        raise _Unsupported
    nullable = rules.get("nullable", False)
    empty_ok = rules.get("empty", True)
    dropped_when_empty = any(r in rules for r in _DROPPED_WHEN_EMPTY)
    allowed = frozenset(rules["allowed"]) if "allowed" in rules else None
    regex = rules.get("regex")
    match = re.compile(regex if regex.endswith("$") else regex + "$").match if regex is not None else None
    low, high, above = rules.get("min"), rules.get("max"), rules.get("above")
    if (low, high, above) != (None, None, None) and not set(names) <= {"integer", "number"}:
        raise _Unsupported
    shortest, longest = rules.get("minlength"), rules.get("maxlength")
    if (shortest, longest) != (None, None) and not set(names) <= {"string", "list", "dict"}:
        raise _Unsupported
    inner: Check | None = None
    if "schema" in rules:
        if names == ["dict"]:
            inner = _mapping(rules["schema"])
        elif names == ["list"]:
            inner = _items(_field(rules["schema"]))
        else:
            raise _Unsupported
    if "keysrules" in rules or "valuesrules" in rules:
        if names != ["dict"] or inner is not None:
            raise _Unsupported
        inner = _keys_values(_key(rules.get("keysrules", {"type": "string"})), _field(rules.get("valuesrules", {})))

    def check(value: Any) -> Any:
        if coerce is not None:
            value = coerce(value)
        if value is None:
            if nullable:
                return None
            raise NotPlain
        kind = type(value)
        if kind not in types:
            raise NotPlain
        if kind in _SIZED and not value and (not empty_ok or dropped_when_empty):
            raise NotPlain
        if allowed is not None and (kind is not str or value not in allowed):
            raise NotPlain
        if match is not None and (kind is not str or not match(value)):
            raise NotPlain
        if low is not None and value < low or high is not None and value > high:
            raise NotPlain
        if above is not None and not value > above:
            raise NotPlain
        if shortest is not None and len(value) < shortest or longest is not None and len(value) > longest:
            raise NotPlain
        return inner(value) if inner is not None else value

    return check


def _never(value: Any) -> Any:
    raise NotPlain  # a readonly field that is there


def _items(item: Check) -> Check:
    def check(values: list[Any]) -> list[Any]:
        return [item(v) for v in values]

    return check


def _key(rules: dict[str, Any]) -> Check:
    """Keys of a mapping: text only here (cerberus may coerce others; then it decides)."""
    if rules.get("type") != "string":
        raise _Unsupported
    check = _field(rules)

    def key(k: Any) -> Any:
        if type(k) is not str:
            raise NotPlain
        return check(k)

    return key


def _keys_values(key: Check, value: Check) -> Check:
    def check(mapping: dict[Any, Any]) -> dict[Any, Any]:
        out = {}
        for k, v in mapping.items():
            k2 = key(k)
            if k2 != k:
                raise NotPlain  # a key coerced into another
            out[k] = value(v)
        return out

    return check
