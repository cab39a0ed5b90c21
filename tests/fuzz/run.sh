#!/usr/bin/env bash
# Fuzzes src/protocol for SECONDS (default 60) with libFuzzer under ASan+UBSan, on one core.
#
#   tests/fuzz/run.sh [SECONDS]
#
# Configures a clang sanitizer build dir (SLUICE_FUZZ_BUILD_DIR, default build-fuzz), builds
# only the fuzz target and the seed tool, seeds from the public vectors (read in place) and
# tests/data/protocol, runs libFuzzer, then adds to tests/fuzz/corpus only the inputs that
# reach code edges the seeds and the corpus did not. Prints runs, CPU seconds and crashes. Exits
# non-zero on a crash, leak, timeout or OOM, leaving the input in tests/fuzz/crashes/.
set -uo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
build=${SLUICE_FUZZ_BUILD_DIR:-build-fuzz}
die() { echo "tests/fuzz/run.sh: $*" >&2; exit 1; }
[[ "$seconds" =~ ^[0-9]+$ ]] || die "SECONDS must be a number, not '$seconds'"
command -v clang++ >/dev/null || die "clang++ is missing (deploy/install-deps.sh --tests)"

# fuzzer-no-link instruments every library for coverage, not only the target's own file:
# without it libFuzzer is blind to the decoders.
options=(-Dfuzzers=true -Db_sanitize=address,undefined -Db_lundef=false -Dcpp_args=-fsanitize=fuzzer-no-link)
if [[ -f "$build/build.ninja" ]]; then
  grep -q 'clang++' "$build/build.ninja" ||
    die "$build was configured without clang; remove it or set SLUICE_FUZZ_BUILD_DIR"
  meson configure "$build" "${options[@]}" >/dev/null || die "meson configure $build failed"
else
  CXX=clang++ CC=clang meson setup "$build" "${options[@]}" >/dev/null || die "meson setup $build failed"
fi
ninja -C "$build" tests/fuzz/binlog_decoder_fuzz tests/fuzz/binlog_fuzz_seeds >/dev/null ||
  die "building the fuzz target failed (ninja -C $build tests/fuzz/binlog_decoder_fuzz)"
fuzzer="$build/tests/fuzz/binlog_decoder_fuzz"

run_dir="$build/fuzz-run"
rm -rf "$run_dir"
mkdir -p "$run_dir/seeds" "$run_dir/found" tests/fuzz/corpus tests/fuzz/crashes
sources=(tests/data/protocol)
[[ -d ../shared/testdata/binlog-vectors ]] && sources+=(../shared/testdata/binlog-vectors)
"$build/tests/fuzz/binlog_fuzz_seeds" "$run_dir/seeds" "${sources[@]}" || die "writing seeds failed"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
crashes_before=$(find tests/fuzz/crashes -type f | wc -l)
# found/ first: libFuzzer writes the inputs it finds into its first directory.
TIMEFORMAT='%U %S'
cpu=$( { time nice -n 10 "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=tests/fuzz/crashes/ \
  "$run_dir/found" tests/fuzz/corpus "$run_dir/seeds" >"$run_dir/fuzz.log" 2>&1; \
  echo "rc=$?" >"$run_dir/rc"; } 2>&1)
rc=$(sed 's/rc=//' "$run_dir/rc")
cpu_seconds=$(awk '{printf "%.0f", $1 + $2}' <<<"$cpu")
runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$run_dir/fuzz.log")

# Keep only what is new against seeds + corpus: merge found/ into a scratch copy of both and
# copy the files the merge added.
scratch="$run_dir/merge"
mkdir -p "$scratch"
cp tests/fuzz/corpus/* "$run_dir/seeds"/* "$scratch"/ 2>/dev/null
ls "$scratch" >"$run_dir/before"
added=0
if [[ -n "$(ls -A "$run_dir/found")" ]]; then
  nice -n 10 "$fuzzer" -merge=1 -use_counters=0 -max_len=4096 -timeout=10 "$scratch" "$run_dir/found" \
    >"$run_dir/merge.log" 2>&1 || echo "merge failed, see $run_dir/merge.log" >&2
  for f in "$scratch"/*; do
    name=$(basename "$f")
    grep -qxF "$name" "$run_dir/before" && continue
    cp "$f" tests/fuzz/corpus/ && added=$((added + 1))
  done
fi

crashes=$(($(find tests/fuzz/crashes -type f | wc -l) - crashes_before))
echo "fuzz: ${runs:-0} runs in ${cpu_seconds} CPU seconds, $crashes crashes, $added inputs added to tests/fuzz/corpus"
if ((rc != 0)); then
  grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)|^ +#[0-9]+ ' "$run_dir/fuzz.log" | head -30
  echo "fuzz: FAILED (exit $rc); input in tests/fuzz/crashes/, log $run_dir/fuzz.log" >&2
  echo "  minimise: $fuzzer -minimize_crash=1 -runs=100000 -exact_artifact_path=OUT CRASH_FILE" >&2
  exit 1
fi
