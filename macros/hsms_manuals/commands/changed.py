"""`hsms changed [--since REF] [--format text|json] [--shard K/N]`: the manuals a branch changes,
for CI matrices (one job per changed manual)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import reporting
from ..changed import changed_since, shard, touched
from ..errors import ExitCode
from ..manual import manual_ids


def run(root: Path, args: argparse.Namespace) -> int:
    ids = touched(root, changed_since(root, args.since)) if args.since else manual_ids(root)
    ids = shard(ids, args.shard)
    if args.format == "json":
        reporting.out(json.dumps(ids))
    elif ids:
        reporting.out("\n".join(ids))
    return ExitCode.OK
