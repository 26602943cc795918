#!/usr/bin/env bash
# Refresh the locked, hashed dependency files from pyproject.toml (run after changing a bound):
#   bash scripts/lock.sh            # keeps versions that still fit
#   bash scripts/lock.sh --upgrade  # moves every package to the newest version that fits
# requirements.txt: what `hsms` needs to build and publish (setup.sh; the wheel check in CI).
# requirements-dev.txt: that plus the test and lint tools (setup.sh --test; CI).
set -euo pipefail
cd "$(dirname "$0")/.."
uv=(.venv/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet "$@")
"${uv[@]}" --group build -o requirements.txt
"${uv[@]}" --group build --group test --group dev -o requirements-dev.txt
