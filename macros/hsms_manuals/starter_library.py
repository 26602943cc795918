"""The starter library `hsms new` starts a client manual from: curated, province- and
industry-aware starters shipped as package data (``starters/``), never another client's manual.

A starter (``starters/<id>/``) has ``starter.yml`` (what it is for), ``manual.yml`` (a template:
the generic roles and forms, ``TODO`` for what only the company knows) and its pages, composed
from layers (``starters/_layers/<layer>/docs/``): pages every manual needs (``common``), the
law and the regulator of a province (``alberta``, ``british-columbia``), and the hazards of an
industry (``construction``, ``oil-gas``). A later layer's page replaces an earlier one of the
same name. Pages name the company only through ``{{ company.name }}`` and friends."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from .errors import Problem, UsageError, ValidationFailed
from .model import Partner
from .schemas import SLUG, Schema
from .suggest import did_you_mean
from .yamlio import parse_yaml

INDUSTRIES = ("construction", "oil-and-gas")
LAYERS = "_layers"

STARTER = {
    "id": {"type": "string", "required": True, "regex": SLUG},
    "title": {"type": "string", "required": True, "empty": False},
    "description": {"type": "string", "required": True, "empty": False},
    "province": {"type": "string", "required": True, "regex": r"^[A-Z]{2}$"},
    "industries": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {"type": "string", "allowed": list(INDUSTRIES)},
    },
    "partners": {"type": "list", "required": True, "schema": {"type": "string", "regex": SLUG}},
    "layers": {"type": "list", "required": True, "empty": False, "schema": {"type": "string", "regex": SLUG}},
}


@dataclass(frozen=True)
class Starter:
    id: str
    title: str
    description: str
    province: str
    industries: tuple[str, ...]
    partners: tuple[str, ...]  # partners whose clients it suits (default choice for them)
    layers: tuple[str, ...]

    def pages(self) -> dict[str, str]:
        """The starter's pages: docs path → text, later layers replacing earlier ones."""
        out: dict[str, str] = {}
        for layer in self.layers:
            docs = _folder().joinpath(LAYERS, layer, "docs")
            for rel, item in _walk(docs, ""):
                out[rel] = item.read_text(encoding="utf-8")
        return dict(sorted(out.items()))

    def manual_template(self) -> dict[str, Any]:
        text = _folder().joinpath(self.id, "manual.yml").read_text(encoding="utf-8")
        data = parse_yaml(text, f"starters/{self.id}/manual.yml").data
        if not isinstance(data, dict):
            raise ValidationFailed(
                [
                    Problem(
                        f"starters/{self.id}/manual.yml",
                        1,
                        "",
                        "not a mapping",
                        "fix the starter library (hsms's own data)",
                    )
                ]
            )
        return data

    @property
    def label(self) -> str:
        return f"{self.title} ({self.province}; {', '.join(self.industries)})"


def _folder() -> Traversable:
    return resources.files("hsms_manuals").joinpath("starters")


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name.startswith("."):
            continue
        if item.is_dir():
            out += _walk(item, f"{prefix}{item.name}/")
        elif item.name.endswith(".md"):
            out.append((f"{prefix}{item.name}", item))
    return out


@cache
def load_starters() -> dict[str, Starter]:
    """Every starter of the library, checked (a broken one is hsms's own bug: reported as problems)."""
    schema = Schema(STARTER)
    starters: dict[str, Starter] = {}
    problems: list[Problem] = []
    for item in sorted(_folder().iterdir(), key=lambda t: t.name):
        if not item.is_dir() or item.name.startswith(("_", ".")):
            continue
        shown = f"starters/{item.name}/starter.yml"
        doc, probs = schema.check(parse_yaml(item.joinpath("starter.yml").read_text(encoding="utf-8"), shown))
        problems += probs
        if doc is None:
            continue
        layers = [layer for layer in doc["layers"] if not _folder().joinpath(LAYERS, layer, "docs").is_dir()]
        if doc["id"] != item.name or layers:
            problems.append(
                Problem(
                    shown,
                    1,
                    "id" if layers == [] else "layers",
                    f"id must be the folder name '{item.name}'"
                    if not layers
                    else f"no such layer: {', '.join(layers)}",
                    "fix the starter library (hsms's own data)",
                )
            )
            continue
        starters[doc["id"]] = Starter(
            doc["id"],
            doc["title"],
            " ".join(doc["description"].split()),
            doc["province"],
            tuple(doc["industries"]),
            tuple(doc["partners"]),
            tuple(doc["layers"]),
        )
    if problems:
        raise ValidationFailed(problems)
    return starters


def default_industry(partner: Partner, starters: dict[str, Starter]) -> str | None:
    """The industry of the first starter made for this partner (ACSA → construction, Energy Safety
    Canada → oil and gas, BCCSA → construction)."""
    return next((s.industries[0] for s in starters.values() if partner.id in s.partners), None)


def choose(partner: Partner, province: str, industry: str | None = None, starter_id: str | None = None) -> Starter:
    """The starter for a new client of ``partner`` in ``province``: asked for by id, or by the
    province and the industry (by default the partner's usual industry)."""
    starters = load_starters()
    listing = "; ".join(f"{s.id} ({s.label})" for s in starters.values())
    if starter_id is not None:
        starter = starters.get(starter_id)
        if starter is None:
            raise UsageError(
                f"unknown starter '{starter_id}' — "
                + did_you_mean(starter_id, starters, f"use one of: {listing} (`hsms new --list-starters`)")
            )
        if starter.province != province:
            raise UsageError(
                f"starter {starter.id} is written for {starter.province} law, but the company is in "
                f"{province} — choose a starter for {province} (`hsms new --list-starters`)"
            )
        return starter
    industry = industry or default_industry(partner, starters)
    if industry is None:
        raise UsageError(
            f"no starter is made for {partner.short_name} clients — name the industry with --industry "
            f"({', '.join(INDUSTRIES)}) or a starter with --starter: {listing}"
        )
    fits = [s for s in starters.values() if s.province == province and industry in s.industries]
    if not fits:
        raise UsageError(f"no starter for {industry} in {province} yet — starters: {listing}")
    return next((s for s in fits if partner.id in s.partners), fits[0])
