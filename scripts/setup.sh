#!/usr/bin/env bash
# Set up hsms on a fresh Debian/Ubuntu machine or in CI: system libraries, a virtualenv in
# .venv, and the package. `--test` also installs the test tools and Chromium.
#   bash scripts/setup.sh          # build manuals
#   bash scripts/setup.sh --test   # + run the tests
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# WeasyPrint needs Pango; mike needs git; the phone tests need a real browser.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 git)
[ $want_test = 1 ] && packages+=(chromium)
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
  else
    echo "please install: ${missing[*]} (Debian package names)" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ $want_test = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "hsms is set up in .venv ($(.venv/bin/hsms --version 2>/dev/null || echo ok))"
