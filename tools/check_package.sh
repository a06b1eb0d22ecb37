#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
# The package as an adopter gets it: build the sdist and the wheel, check
# them (twine check --strict, check-wheel-contents, one top-level package,
# a long description whose links work on an index page), install the wheel
# alone in a fresh venv outside the repository and run the command line, a
# demo of every built-in format, reports and the examples there, and run the
# test suite of the unpacked sdist in a venv of its own.
#
# usage: tools/check_package.sh PYTHON [PYTEST ARGUMENTS]
#   PYTHON has build, twine and check-wheel-contents (the "dev" group);
#   ./run package calls it with .venv/bin/python. The pytest arguments go to
#   the sdist's test suite (default: -x -p no:cacheprovider).
#   CIRCLEFLOW_PACKAGE_KEEP=1 keeps the working directory and says where.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if [ $# -lt 1 ]; then
  echo "usage: tools/check_package.sh PYTHON [PYTEST ARGUMENTS]" >&2
  exit 2
fi
python=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
pytest_args=("$@")
[ ${#pytest_args[@]} -gt 0 ] || pytest_args=(-x -p no:cacheprovider)

work=$(mktemp -d "${TMPDIR:-/tmp}/circleflow-package.XXXXXX")
if [ "${CIRCLEFLOW_PACKAGE_KEEP:-}" = 1 ]; then
  trap 'echo "kept $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
case "$work" in
  "$repo"/*) echo "the working directory must be outside the repository" >&2; exit 1 ;;
esac

step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "check_package: $*" >&2
  exit 1
}
pip_quiet=(--quiet --disable-pip-version-check)

step "build the sdist and the wheel"
"$python" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "python -m build failed"; }
sdists=("$work"/dist/*.tar.gz)
wheels=("$work"/dist/*.whl)
[ ${#sdists[@]} = 1 ] && [ -f "${sdists[0]}" ] || fail "expected one sdist in $work/dist"
[ ${#wheels[@]} = 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in $work/dist"
sdist=${sdists[0]}
wheel=${wheels[0]}
echo "$(basename "$sdist") $(basename "$wheel")"

step "twine check --strict"
"$python" -m twine check --strict "$sdist" "$wheel"

step "check-wheel-contents"
"$python" -m check_wheel_contents --toplevel circleflow "$wheel"

step "the wheel: one top-level package; the metadata: links that work on an index page"
"$python" - "$wheel" <<'PY'
import re
import sys
import zipfile
from email import message_from_bytes

with zipfile.ZipFile(sys.argv[1]) as wheel:
    names = wheel.namelist()
    tops = {name.split("/")[0] for name in names}
    libraries = {top for top in tops if not top.endswith((".dist-info", ".data"))}
    if libraries != {"circleflow"}:
        sys.exit(f"top-level entries other than circleflow: {sorted(libraries)}")
    [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
    message = message_from_bytes(wheel.read(metadata))
description = message.get_payload()
assert isinstance(description, str) and description.startswith("# circleflow"), (
    "the long description is not the README"
)
links = re.findall(r"\]\(([^)\s]+)\)", description)
relative = [link for link in links if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", link)]
if relative:
    sys.exit(f"relative links in the long description: {relative}")
urls = message.get_all("Project-URL") or []
labels = {url.split(",")[0] for url in urls}
wanted = {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
if not wanted <= labels:
    sys.exit(f"Project-URL lacks {sorted(wanted - labels)}")
print(f"{len(names)} files under circleflow/; {len(links)} links, all absolute")
PY

step "the wheel alone in a fresh venv, used from outside the repository"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install "${pip_quiet[@]}" "$wheel"
mkdir "$work/outside"
cd "$work/outside"
bin="$work/venv/bin"
where=$("$bin/python" -c 'import circleflow; print(circleflow.__file__)')
case "$where" in
  "$work/venv/"*) ;;
  *) fail "circleflow was imported from $where, not from the fresh venv" ;;
esac
"$bin/circleflow" --version
formats=$("$bin/circleflow" formats | awk '{print $1}')
[ "$(echo "$formats" | wc -l)" -ge 4 ] || fail "circleflow formats named fewer than 4 formats: $formats"
uuid='[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}'
for format in $formats; do
  "$bin/circleflow" --db "demo-$format.db" demo --format "$format" >"demo-$format.txt"
  circle=$(grep -o "$uuid" "demo-$format.txt" | tail -n 1)
  [ -n "$circle" ] || fail "circleflow demo --format $format named no circle"
  echo "demo --format $format: $(wc -l <"demo-$format.txt") lines, circle $circle"
  for kind in markdown html json csv; do
    "$bin/circleflow" --db "demo-$format.db" report "$circle" --to "$kind" >"report-$format.$kind"
    [ -s "report-$format.$kind" ] || fail "the $kind report of the $format demo is empty"
  done
  "$bin/python" -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "report-$format.json"
  "$bin/circleflow" --db "demo-$format.db" report "$circle" --to odt -o "report-$format.odt"
  "$bin/python" -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.namelist()[0] == "mimetype" and z.testzip() is None' "report-$format.odt" ||
    fail "the odt report of the $format demo is not a sound OpenDocument package"
  "$bin/circleflow-report" --db "demo-$format.db" "$circle" >"report-$format.md"
  cmp -s "report-$format.md" "report-$format.markdown" ||
    fail "circleflow-report and circleflow report differ for the $format demo"
done
echo "reports: markdown, html, json, csv, odt of each demo"

cp -R "$repo/examples" "$work/examples"
"$bin/python" "$work/examples/own_format.py" intervisie.db >own_format.txt
grep -q "state Slot.Gehouden" own_format.txt || fail "examples/own_format.py did not reach Slot.Gehouden"
"$bin/circleflow" --db intervisie.db --format-file "$work/examples/intervisie.toml" circles >/dev/null
"$bin/python" "$work/examples/own_activity.py" >own_activity.txt
grep -q "state: Casus.Gehouden" own_activity.txt || fail "examples/own_activity.py did not hold its case meeting"
echo "examples: own_format.py, own_activity.py"
cd "$repo"

step "the test suite of the unpacked sdist"
mkdir "$work/sdist"
tar -xzf "$sdist" -C "$work/sdist"
unpacked=("$work"/sdist/*/)
root=${unpacked[0]%/}
"$python" -m venv "$work/sdist-venv"
"$work/sdist-venv/bin/python" -m pip install "${pip_quiet[@]}" --upgrade pip
(
  cd "$root"
  "$work/sdist-venv/bin/python" -m pip install "${pip_quiet[@]}" . --group dev
  "$work/sdist-venv/bin/python" -m pytest "${pytest_args[@]}"
)
step "the package is fine"
