"""The emergency information of manual.yml (numbers, the incident contact, sites with their
address, phone, muster point, first aiders and hospital) as a published revision keeps it, and what
changed in it between two revisions — so a new muster point or first aider is on "What changed"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Emergency, Phone, Site
from .text import esc

# --- kept with each published revision (hsms-snapshot.json) ---------------------------------


def to_data(e: Emergency) -> dict[str, Any]:
    def phone(p: Phone) -> dict[str, str]:
        return {"label": p.label, "phone": p.phone}

    return {
        "numbers": [phone(n) for n in e.numbers],
        "report_incident": phone(e.report_incident),
        "sites": [
            {
                "name": s.name,
                "address": s.address,
                "phone": s.phone,
                "muster_point": s.muster_point,
                "first_aid": [phone(f) for f in s.first_aid],
                "hospital": s.hospital,
            }
            for s in e.sites
        ],
    }


def from_data(d: Any) -> Emergency:
    """Raises KeyError, TypeError or ValueError for anything but what to_data writes."""

    def text(v: Any) -> str:
        if not isinstance(v, str):
            raise ValueError(f"expected text, found {type(v).__name__}")
        return v

    def optional(v: Any) -> str | None:
        return None if v is None else text(v)

    def phone(p: Any) -> Phone:
        return Phone(text(p["label"]), text(p["phone"]))

    return Emergency(
        numbers=tuple(phone(n) for n in d["numbers"]),
        report_incident=phone(d["report_incident"]),
        sites=tuple(
            Site(
                text(s["name"]),
                text(s["muster_point"]),
                tuple(phone(f) for f in s["first_aid"]),
                optional(s.get("address")),
                text(s.get("hospital") or ""),
                text(s.get("phone") or ""),
            )
            for s in d["sites"]
        ),
    )


# --- what changed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    what: str  # "Number", "First aider", "Muster point", "Address", "Site phone", "Hospital", "Contact"
    name: str  # whose or which number; "" for a site's muster point, address, hospital
    old: str | None  # None: added
    new: str | None  # None: removed


@dataclass(frozen=True)
class Group:
    title: str  # "Emergency numbers", "Report an incident", or a site's name
    kind: str  # "numbers" | "incident" | "site" | "new site" | "site removed"
    changes: tuple[Change, ...]


def _phones(what: str, old: tuple[Phone, ...], new: tuple[Phone, ...]) -> list[Change]:
    """By label (a name or what the number is for): added, removed, number changed."""
    before, after = {p.label: p.phone for p in old}, {p.label: p.phone for p in new}
    out = [Change(what, p.label, before.get(p.label), p.phone) for p in new if before.get(p.label) != p.phone]
    return out + [Change(what, p.label, p.phone, None) for p in old if p.label not in after]


def _field(what: str, old: str | None, new: str | None) -> list[Change]:
    return [] if old == new else [Change(what, "", old, new)]


def _site(old: Site | None, new: Site) -> list[Change]:
    empty = Site(new.name, "", ()) if old is None else old
    return (
        _field("Address", empty.address or None, new.address or None)
        + _field("Site phone", empty.phone or None, new.phone or None)
        + _field("Muster point", empty.muster_point or None, new.muster_point)
        + _phones("First aider", empty.first_aid, new.first_aid)
        + _field("Hospital", empty.hospital or None, new.hospital or None)
    )


def compare(old: Emergency, new: Emergency) -> list[Group]:
    """What changed, in the order a worker needs it: numbers, the incident contact, then each site."""
    out = []
    if numbers := _phones("Number", old.numbers, new.numbers):
        out.append(Group("Emergency numbers", "numbers", tuple(numbers)))
    if old.report_incident != new.report_incident:
        o, n = old.report_incident, new.report_incident
        out.append(
            Group(
                "Report an incident",
                "incident",
                (Change("Contact", "", f"{o.label}, {o.phone}", f"{n.label}, {n.phone}"),),
            )
        )
    before = {s.name: s for s in old.sites}
    for site in new.sites:
        if changes := _site(before.get(site.name), site):
            out.append(Group(site.name, "site" if site.name in before else "new site", tuple(changes)))
    kept = {s.name for s in new.sites}
    out += [Group(s.name, "site removed", ()) for s in old.sites if s.name not in kept]
    return out


# --- in words, as Markdown -------------------------------------------------------------------


def _quoted(value: str) -> str:
    return f"“{esc(value)}”"


def _line(group: Group, c: Change) -> str:
    if group.kind == "new site":  # everything is new: just say what it is
        return f"- {esc(c.what)}: {esc(c.name) + ', ' if c.name else ''}{esc(c.new)}"
    if c.name:  # a number or a first aider
        if c.old is None:
            return f"- {esc(c.what)} added: {esc(c.name)}, {esc(c.new)}"
        if c.new is None:
            return f"- {esc(c.what)} removed: {esc(c.name)}, {esc(c.old)}"
        return f"- {esc(c.what)} changed: {esc(c.name)}, now {esc(c.new)} (was {esc(c.old)})"
    if c.old is None:
        return f"- {esc(c.what)} added: {_quoted(c.new or '')}"
    if c.new is None:
        return f"- {esc(c.what)} removed (was {_quoted(c.old)})"
    return f"- {esc(c.what)}: now {_quoted(c.new)} (was {_quoted(c.old)})"


def markdown(groups: list[Group]) -> list[str]:
    """One heading per group (level 3: the page's section is level 2), one line per change."""
    out: list[str] = []
    for g in groups:
        prefix = {"new site": "New site: ", "site removed": "Site removed: "}.get(g.kind, "")
        out += [f"### {prefix}{esc(g.title)}", ""]
        if g.kind == "site removed":
            out += ["This site is no longer listed in the emergency information.", ""]
            continue
        out += [_line(g, c) for c in g.changes] + [""]
    return out
