"""Facts that are data, checked as data: the committee or representative the law asks for at
the company's size, and page owners that are real roles. (Each site's muster point, first
aider, hospital and phone are required by the manual.yml schema; the policy's signer is
checked with the claims.)"""

from __future__ import annotations

from .errors import Problem
from .located import Where
from .model import Committee, Manual
from .sections import PageText
from .text import one_line
from .yamlio import page_body

# Alberta OHS Act: a health and safety representative at 5 to 19 workers, a joint committee at 20 or more.
REPRESENTATIVE_FROM = {"AB": 5}
COMMITTEE_FROM = {"AB": 20}
SIDES = ("workers", "employer")


def check_facts(where: Where, manual: Manual) -> list[Problem]:
    return _check_committee(where, manual) + _check_owners(where, manual)


def _check_committee(where: Where, manual: Manual) -> list[Problem]:
    out: list[Problem] = []
    if manual.committee is not None:
        out += _check_committee_data(where, manual, manual.committee)
    province, n = manual.company.province, manual.company.employees
    if province in COMMITTEE_FROM and n >= COMMITTEE_FROM[province] and manual.committee is None:
        out.append(
            where.yml(
                ("company", "employees"),
                f"an employer in {province} with {n} workers must have a joint health and "
                f"safety committee ({COMMITTEE_FROM[province]} or more workers)",
                "add committee: with its members ({name: ..., represents: workers} and {name: ..., represents: employer}) "
                "or terms_of_reference: page.md#heading-id",
                field="committee",
            )
        )
    elif (
        province in REPRESENTATIVE_FROM
        and n >= REPRESENTATIVE_FROM[province]
        and manual.committee is None
        and manual.representative is None
    ):
        out.append(
            where.yml(
                ("company", "employees"),
                f"an employer in {province} with {n} workers must have a health and safety "
                f"representative ({REPRESENTATIVE_FROM[province]} to {COMMITTEE_FROM[province] - 1} workers)",
                'add representative: {name: ..., phone: "..."} (or a committee:)',
                field="representative",
            )
        )
    return out


def _check_committee_data(where: Where, manual: Manual, c: Committee) -> list[Problem]:
    out = []
    if c.terms_of_reference:
        problem = _terms_problem(where, manual, c.terms_of_reference)
        if problem:
            out.append(where.yml(("committee", "terms_of_reference"), *problem))
    if c.members or not c.terms_of_reference:
        sides = {m.represents for m in c.members}
        if len(c.members) < 2 or sides != set(SIDES):
            lacking = " and ".join(s for s in SIDES if s not in sides)
            out.append(
                where.yml(
                    ("committee", "members") if c.members else ("committee",),
                    f"a joint committee has members for the workers and for the employer (none for the {lacking})"
                    if lacking
                    else "a joint committee has at least two members",
                    "list its members as {name: ..., represents: workers} and {name: ..., represents: employer}, "
                    "or give terms_of_reference: page.md#heading-id",
                )
            )
    return out


def _terms_problem(where: Where, manual: Manual, ref: str) -> tuple[str, str] | None:
    src, _, hid = ref.partition("#")
    page = manual.page_by_src.get(src)
    if page is None:
        return (
            f"no page '{src}' in docs/",
            "name an approved page of this manual, e.g. 09-committee.md#terms-of-reference",
        )
    if not page.approved:
        return f"{src} is a draft", "approve it (status: approved) or point at an approved page"
    # A page that claims nothing had its sections left unread: read them from its text now.
    text = page.sections or PageText(*page_body(page.text))
    if text.heading(hid) is None:
        ids = ", ".join(f"#{i}" for i in text.ids) or "none"
        return f"no heading '#{hid}' on {src}", f"headings there: {ids}"
    return None


def _check_owners(where: Where, manual: Manual) -> list[Problem]:
    roles = {r.role.casefold(): r.role for r in manual.responsibilities}
    if not roles:
        return []
    listed = ", ".join(one_line(r, 40) for r in roles.values())
    return [
        where.page(
            p.src,
            ("owner",),
            f"'{one_line(p.owner)}' is not a role in manual.yml's responsibilities",
            f"use one of: {listed} (or add the role to responsibilities)",
        )
        for p in manual.pages
        if p.owner.casefold() not in roles
    ]
