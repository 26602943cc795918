"""`hsms partners`: the partner maps — instruments, programs, size and pass rules."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .. import reporting
from ..errors import ExitCode, ValidationFailed
from ..library import load_library
from ..model import Partner


def describe(p: Partner) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "short_name": p.short_name,
        "kind": p.kind,
        "province": p.province,
        "provinces": list(p.certifies_in),
        "instrument": {
            "name": p.instrument_name,
            "version": p.instrument_version,
            "effective": p.instrument_effective.isoformat() if p.instrument_effective else None,
        },
        "verified": p.verified,
        "replaced_by": p.replaced_by,
        "programs": [
            {
                "id": g.id,
                "name": g.name,
                "audit": g.audit,
                "size_rule": g.size_rule.describe(),
                "approximated": g.approximated,
            }
            for g in p.programs
        ],
        "pass_rules": p.pass_rule.describe(),
        "maintenance_rules": p.maintenance_rule.describe() if p.maintenance_rule else None,
        "maintenance_basis": p.maintenance_rule.basis if p.maintenance_rule else None,
        "elements": len(p.elements),
        "questions": sum(len(e.questions) for e in p.elements),
    }


def run(root: Path, args: argparse.Namespace) -> int:
    library, problems = load_library(root)
    if problems:
        raise ValidationFailed(problems)
    rows = [describe(p) for p in sorted(library.partners.values(), key=lambda x: (x.kind, x.province, x.id))]
    if args.format == "json":
        reporting.out(json.dumps(rows, indent=2, ensure_ascii=False))
        return ExitCode.OK
    for r in rows:
        flag = "" if r["verified"] else "  [not fully verified]"
        reporting.out(f"{r['id']:<8} {r['short_name']} — {r['name']} ({', '.join(r['provinces'])}, {r['kind']}){flag}")
        i = r["instrument"]
        reporting.out(
            f"         {i['name']} {i['version'] or '(version not public)'}, effective "
            f"{i['effective'] or 'unknown'}: {r['elements']} elements, {r['questions']} questions"
        )
        if r["replaced_by"]:
            reporting.out(f"         REPLACED by the newer instrument in {r['replaced_by']} (see `hsms status`)")
        for g in r["programs"]:
            reporting.out(f"         {g['id']:<6} {g['name']} — {g['size_rule']}, {g['audit']} audit")
            if g["approximated"]:
                reporting.out(f"                APPROXIMATED: {g['approximated']}")
        basis = f" ({r['maintenance_basis']})" if r["maintenance_basis"] else ""
        maintenance = f"; maintenance: {r['maintenance_rules']}{basis}" if r["maintenance_rules"] else ""
        reporting.out(f"         pass: {r['pass_rules']}{maintenance}")
    return ExitCode.OK
