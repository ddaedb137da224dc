#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need, builds, runs every test
# and ends with one summary line "N passed, N failed". Exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n== %s\n' "$*"; }

# System libraries the build links (present on this project's machines; installed if missing).
missing=()
for pkg in libsqlite3-dev zlib1g-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}" || exit 1
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" || exit 1; fi
fi

# Independent oracles: botocore/boto3/moto (AWS wire compatibility; on these machines already, installed
# from PyPI if not) and pyarrow (Parquet) in a project venv.
if ! python3 -c 'import botocore, boto3, moto' >/dev/null 2>&1; then
  step "installing boto3 and moto[server]"
  python3 -m pip install -q --disable-pip-version-check boto3 'moto[server]' || exit 1
fi
if ! .venv-test/bin/python -c 'import pyarrow' >/dev/null 2>&1; then
  step "creating .venv-test with pyarrow"
  python3 -m venv --system-site-packages .venv-test || exit 1
  .venv-test/bin/pip install -q --disable-pip-version-check pyarrow || exit 1
fi
export QUARRY_TEST_PYTHON="$root/.venv-test/bin/python"

step "building (debug, with tests)"
buildlog=$(mktemp)
swift build --build-tests >"$buildlog" 2>&1
bstatus=$?
grep -E 'error|warning: .*(Quarry|quarry|Parquet|AWSSigning)|Build complete' "$buildlog" | grep -v 'unhandled files' | tail -40
rm -f "$buildlog"
if [ "$bstatus" -ne 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

step "running tests"
log=$(mktemp)
swift test --skip-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Swift Testing prints "✔ Test run with N tests ..." last; count failures from its per-test lines.
total=$(grep -oE 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -cE '^✘ Test [^r].* failed' "$log" || true)
failed=${failed:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
passed=$(( total - failed ))
[ $passed -lt 0 ] && passed=0
rm -f "$log"
echo
echo "$passed passed, $failed failed"
exit "$status"
