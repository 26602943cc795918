#!/usr/bin/env bash
# Set up hsms on a fresh Debian/Ubuntu machine or in CI: system libraries, a virtualenv in
# .venv, the locked dependencies (exact versions, checked against their hashes), and this package.
#   bash scripts/setup.sh          # build and publish manuals   (requirements.txt)
#   bash scripts/setup.sh --test   # + run the tests and linters (requirements-dev.txt, Chromium)
# Under CI=true a system package that cannot be installed is an error, not a note.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# WeasyPrint needs Pango (and HarfBuzz for font subsetting); mike needs git; the phone tests a real browser.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 git)
[ $want_test = 1 ] && packages+=(chromium)
# The browser tests run axe-core, from the npm registry (tests/browser/package-lock.json).
[ $want_test = 1 ] && ! command -v npm >/dev/null && packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" != 0 ] && sudo="sudo"
    echo "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  elif [ "${CI:-}" = "true" ]; then
    echo "error: cannot install ${missing[*]} (no apt-get) — CI needs them (Debian package names)" >&2
    exit 1
  else
    echo "please install: ${missing[*]} (Debian package names)" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
lock=requirements.txt
[ $want_test = 1 ] && lock=requirements-dev.txt
.venv/bin/python -m pip install -q --require-hashes -r "$lock"
# The package itself, editable, built with the locked setuptools (no unpinned build environment).
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
if [ $want_test = 1 ]; then
  if command -v npm >/dev/null; then  # exact versions, checked against the lock's integrity hashes
    npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
  elif [ "${CI:-}" = "true" ]; then
    echo "error: npm is missing — CI's browser tests need axe-core (tests/browser)" >&2
    exit 1
  else
    echo "note: npm is missing, so the accessibility tests (axe-core) will be skipped" >&2
  fi
fi
echo "hsms is set up in .venv ($(.venv/bin/hsms --version))"
