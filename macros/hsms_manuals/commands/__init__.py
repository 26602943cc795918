"""One module per `hsms` verb, each with ``run(root, args) -> exit code``. A verb loads what it
needs, calls the model, and prints through ``reporting``; it raises for every failure and
never catches to print (``cli.main`` does). Heavy libraries (MkDocs, mike, WeasyPrint) are
imported inside the verbs that need them, so `hsms validate` starts fast."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from . import (
    audit_pack,
    build,
    changed,
    ci_templates,
    coverage,
    export,
    lint,
    new,
    partners,
    plan,
    posters,
    publish,
    records,
    serve,
    status,
    translate,
    validate,
    versions,
)

Verb = Callable[[Path, argparse.Namespace], int]

VERBS: dict[str, Verb] = {
    "validate": validate.run,
    "coverage": coverage.run,
    "changed": changed.run,
    "ci-templates": ci_templates.run,
    "lint": lint.run,
    "partners": partners.run,
    "new": new.run,
    "build": build.run,
    "serve": serve.run,
    "publish": publish.run,
    "versions": versions.run,
    "export": export.run,
    "records": records.run,
    "audit-pack": audit_pack.run,
    "plan": plan.run,
    "posters": posters.run,
    "status": status.run,
    "translate": translate.run,
}
