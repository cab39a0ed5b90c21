#!/usr/bin/env bash
# The randomized correctness workload of tests/integration/78_random_workload.sh at scale (issue 5
# item 4): primary-key changes, unique-key swaps, delete + re-insert, multi-table transactions and a
# keyless table on 4 upstream connections, half replicated live and half as a backlog, with
# worker-count 16; downstream compared with upstream row by row afterwards. Prints the test's
# lines and the wall time. Not part of tests/run.sh (it takes minutes).
#
#   bench/random_workload.sh [TRANSACTIONS] [KEYS]     (default 100000 transactions, 900 keys;
#                                                        the workload tool takes 4-900 keys)
#   SLUICE_BUILD_DIR=DIR                                 binaries to use (default build)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

export WORKLOAD_TRANSACTIONS=${1:-100000}
export WORKLOAD_KEYS=${2:-900}
export WORKLOAD_SYNCER=${WORKLOAD_SYNCER:-$'safe-mode: false\nsafe-mode-duration: "0s"\nworker-count: 16\nbatch: 100'}
export WORKLOAD_CATCHUP_SECONDS=${WORKLOAD_CATCHUP_SECONDS:-1800}
export TEST_TIMEOUT=${TEST_TIMEOUT:-3600}
export RUN_DIR=${RUN_DIR:-/tmp/sluice-random-workload}

started=$SECONDS
SKIP_UNIT=1 SKIP_FUZZ=1 tests/run.sh random_workload 2>&1 |
  grep -E "PASS|FAIL|workload:|compared|summary|passed|failed"
rc=${PIPESTATUS[0]}
echo "random_workload at scale: $WORKLOAD_TRANSACTIONS transactions, $WORKLOAD_KEYS keys:" \
  "exit $rc, $((SECONDS - started)) s wall (build and servers included)"
exit "$rc"
