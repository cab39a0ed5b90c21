#!/usr/bin/env bash
# The whole test run: installs what is missing, builds, runs the unit tests, then starts its own
# upstream and downstream MariaDB under tests/.run/ and runs every tests/integration/*.sh against
# them. Stops everything it started, also on failure. Exits non-zero on any failure.
#
#   tests/run.sh                 everything
#   tests/run.sh seed kill       only the integration tests whose file name contains a word given
#   SKIP_UNIT=1 tests/run.sh     no unit tests (integration only)
#   SKIP_FUZZ=1 tests/run.sh     no fuzz stage (default: FUZZ_SECONDS=30 of tests/fuzz/run.sh)
#   SKIP_BUILD=1 tests/run.sh    use the binaries as they are (SLUICE_BUILD_DIR, default build/)
#
# Ports (override with env): UP_PORT 23306, DOWN_PORT 24000, SLUICE_PORT_BASE 28261; a busy port
# is skipped for the next free one.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
# shellcheck source=tests/lib/mariadb.sh
source tests/lib/mariadb.sh

export RUN_DIR="${RUN_DIR:-$root/tests/.run}"
test_timeout=${TEST_TIMEOUT:-300}
started=$SECONDS

step() { printf '\n==== %s (%ds)\n' "$*" $((SECONDS - started)); }
die() { echo "tests/run.sh: $*" >&2; exit 1; }

step "dependencies"
deploy/install-deps.sh --tests || die "installing dependencies failed"

step "build"
# SLUICE_BUILD_DIR: a build directory other than build/ (tests use its binaries too).
export SLUICE_BUILD_DIR=${SLUICE_BUILD_DIR:-build}
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
  echo "SKIP_BUILD=1: using the binaries already in $SLUICE_BUILD_DIR"
else
  if [[ ! -f "$SLUICE_BUILD_DIR/build.ninja" ]]; then
    meson setup "$SLUICE_BUILD_DIR" || die "meson setup failed"
  fi
  meson compile -C "$SLUICE_BUILD_DIR" || die "build failed"
fi

unit_passed=0
unit_failed=0
if [[ "${SKIP_UNIT:-0}" != 1 ]]; then
  step "unit tests"
  unit_log=$(mktemp)
  meson test -C "$SLUICE_BUILD_DIR" --print-errorlogs 2>&1 | tee "$unit_log"
  unit_rc=${PIPESTATUS[0]}
  unit_passed=$(awk '/^Ok:/ {print $2}' "$unit_log")
  unit_failed=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {n += $NF} END {print n + 0}' "$unit_log")
  rm -f "$unit_log"
  : "${unit_passed:=0}"
  if ((unit_rc != 0 && unit_failed == 0)); then unit_failed=1; fi
fi

fuzz_failed=0
if [[ "${SKIP_FUZZ:-0}" != 1 ]]; then
  step "fuzz (${FUZZ_SECONDS:-30} s)"
  tests/fuzz/run.sh "${FUZZ_SECONDS:-30}" || fuzz_failed=1
fi

step "servers"
servers_dir="$RUN_DIR/servers"
stop_servers() {
  mariadb_stop "$servers_dir/up"
  mariadb_stop "$servers_dir/down"
}
trap stop_servers EXIT
# A previous run that was killed may have left its servers behind.
stop_servers
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"

pick_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}
export UP_PORT DOWN_PORT SLUICE_PORT_BASE
UP_PORT=$(pick_port "${UP_PORT:-23306}")
mariadb_start "$servers_dir/up" "$UP_PORT" upstream || die "upstream MariaDB did not start"
DOWN_PORT=$(pick_port "${DOWN_PORT:-24000}")
mariadb_start "$servers_dir/down" "$DOWN_PORT" downstream || die "downstream MariaDB did not start"
SLUICE_PORT_BASE=${SLUICE_PORT_BASE:-28261}
echo "upstream 127.0.0.1:$UP_PORT (binlog ROW), downstream 127.0.0.1:$DOWN_PORT"

selected() {
  local name=$1 word
  (($# == 1)) && return 0
  shift
  for word in "$@"; do [[ "$name" == *"$word"* ]] && return 0; done
  return 1
}

results=()
it_passed=0
it_failed=0
for t in tests/integration/*.sh; do
  name=$(basename "$t" .sh)
  selected "$name" "$@" || continue
  step "integration: $name"
  log="$RUN_DIR/$name.log"
  timeout --kill-after=10 "$test_timeout" bash "$t" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  ((rc == 124 || rc == 137)) && echo "FAIL $name: timed out after ${test_timeout}s"
  # A test that died hard may have left its sluice behind.
  if [[ -f "$RUN_DIR/$name/sluice.pid" ]]; then
    pid=$(cat "$RUN_DIR/$name/sluice.pid")
    if grep -qF "$RUN_DIR/$name/" "/proc/$pid/cmdline" 2>/dev/null; then
      kill -9 "$pid" && echo "killed sluice $pid left behind by $name"
    fi
  fi
  if ((rc == 0)); then
    results+=("PASS  $name")
    it_passed=$((it_passed + 1))
  else
    results+=("FAIL  $name (exit $rc, log $log)")
    it_failed=$((it_failed + 1))
  fi
done

step "summary"
echo "unit test executables: $unit_passed passed, $unit_failed failed"
((fuzz_failed)) && echo "FAIL  fuzz (see tests/fuzz/crashes/)"
printf '%s\n' "${results[@]}"
echo "took $((SECONDS - started)) s"
passed=$((unit_passed + it_passed))
failed=$((unit_failed + it_failed + fuzz_failed))
echo "$passed passed, $failed failed"
((failed == 0))
