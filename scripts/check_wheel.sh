#!/usr/bin/env bash
# Build the wheel, install it (not editable) into a fresh virtualenv with the locked dependencies,
# and build an example manual with it from a copy of the repository that has no macros/ folder:
# a module or a data file (CSS, fonts, templates) missing from the wheel fails here, not for a user.
#   bash scripts/check_wheel.sh        (needs .venv from scripts/setup.sh; CI runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.venv/bin/python -m pip wheel -q --no-deps --no-build-isolation -w "$work/dist" .
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
"$work/venv/bin/python" -m pip install -q --require-hashes -r requirements.txt
"$work/venv/bin/python" -m pip install -q --no-deps "$work"/dist/*.whl

mkdir "$work/repo"
cp -r mkdocs.yml partners overrides "$work/repo/"
mkdir "$work/repo/manuals"
cp -r manuals/ridgeline-builders "$work/repo/manuals/"
cd "$work"  # nothing of the source tree on the path
where=$("$work/venv/bin/python" -c "import hsms_manuals, pathlib; print(pathlib.Path(hsms_manuals.__file__).parent)")
case "$where" in "$work/venv/"*) ;; *) echo "error: hsms_manuals imported from $where, not the wheel" >&2; exit 1;; esac
NO_MKDOCS_2_WARNING=1 "$work/venv/bin/hsms" --root "$work/repo" build ridgeline-builders
pdfs=("$work/repo/site/ridgeline-builders/pdf/ridgeline-builders-rev-"*.pdf)
for pdf in "${pdfs[@]}"; do test -s "$pdf"; done
# The English PDF and one per translation (French, Punjabi: the catalogues and the Gurmukhi font are package data).
[ ${#pdfs[@]} -eq 3 ] || { echo "error: expected 3 PDFs (en, fr, pa), got ${#pdfs[@]}" >&2; exit 1; }
# The starter library and the CI templates are package data too.
"$work/venv/bin/hsms" --root "$work/repo" new wheel-check --company "Wheel Check Ltd." --partner bccsa --employees 5 >/dev/null
test -s "$work/repo/manuals/wheel-check/docs/03-worker-rights.md"
"$work/venv/bin/hsms" --root "$work/repo" ci-templates "$work/repo" >/dev/null
test -s "$work/repo/.github/workflows/hsms.yml"
echo "wheel ok: $(basename "$work"/dist/*.whl) builds ridgeline-builders (site and PDFs) from $repo's data"
