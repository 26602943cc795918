"""One module per `hsms` verb, each with ``run(root, args) -> exit code``. A verb loads what it
needs, calls the model, and prints through ``reporting``; it raises for every failure and
never catches to print (``cli.main`` does). A run imports only the module of its own verb, and
heavy libraries (MkDocs, mike, WeasyPrint) are imported inside the verbs that need them, so a
command starts fast."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

Verb = Callable[[Path, argparse.Namespace], int]

# Verb → its module in this package, imported when the verb runs: importing all eighteen (and
# what they import) cost about 0.2 s at every start.
MODULES = {
    "validate": "validate",
    "coverage": "coverage",
    "changed": "changed",
    "ci-templates": "ci_templates",
    "lint": "lint",
    "partners": "partners",
    "new": "new",
    "build": "build",
    "serve": "serve",
    "publish": "publish",
    "versions": "versions",
    "export": "export",
    "records": "records",
    "audit-pack": "audit_pack",
    "plan": "plan",
    "posters": "posters",
    "status": "status",
    "translate": "translate",
}


def _on_first_use(module: str) -> Verb:
    def run(root: Path, args: argparse.Namespace) -> int:
        verb: Verb = importlib.import_module(f"{__name__}.{module}").run
        return verb(root, args)

    return run


VERBS: dict[str, Verb] = {verb: _on_first_use(module) for verb, module in MODULES.items()}
