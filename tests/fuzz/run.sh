#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan+UBSan) in build/fuzz and run each
# for SECONDS over its seed corpus in tests/fuzz/corpus/<target>/.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]      (default 20 s, all targets)
# Every seed (the regression inputs included) runs first; then libFuzzer
# mutates for SECONDS. New interesting inputs go to build/fuzz/corpus/ (not the
# source tree); a crash, leak or timeout leaves its input in
# build/fuzz/artifacts/<target>/ and fails the run: add that file to the
# target's corpus once it is fixed.
set -euo pipefail
seconds=${1:-20}
shift || true
here=$(cd "$(dirname "$0")/../.." && pwd)
# WARDEN_FUZZ_BUILD: a build directory configured with -DWARDEN_FUZZ=ON
# already (tests/run.sh shares its sanitizer build), else build/fuzz.
build=${WARDEN_FUZZ_BUILD:-$here/build/fuzz}
corpus_src=$here/tests/fuzz/corpus

for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
done

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ -z "${WARDEN_FUZZ_BUILD:-}" ]; then
  CC=clang CXX=clang++ cmake -S "$here" -B "$build" "${generator[@]}" "${launcher[@]}" \
    -DCMAKE_BUILD_TYPE=Debug -DWARDEN_FUZZ=ON >/dev/null
fi
echo "fuzz: building the targets in $build (log: $build/build.log)"
if ! cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_all >"$build/build.log" 2>&1; then
  tail -40 "$build/build.log" >&2
  echo "fuzz: build failed" >&2
  exit 2
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for bin in "$build"/tests/fuzz/bin/fuzz_*; do targets+=("$(basename "$bin")"); done
fi

passed=0
failed=0
for target in "${targets[@]}"; do
  bin=$build/tests/fuzz/bin/$target
  work=$build/corpus/$target
  artifacts=$build/artifacts/$target
  mkdir -p "$work" "$artifacts" "$corpus_src/$target"
  log=$build/$target.log
  # Writable scratch corpus first (libFuzzer adds new inputs to the first
  # directory), the checked-in seeds second. -timeout: one input must not take
  # a second; -rss_limit_mb: nor a huge amount of memory.
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=0 \
      -artifact_prefix="$artifacts/" "$work" "$corpus_src/$target" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   - fuzz $target ($(grep -o 'Done [0-9]* runs' "$log" | tail -1 || true))"
  else
    failed=$((failed + 1))
    echo "FAIL - fuzz $target: see $log; input kept in $artifacts/"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -8 | sed 's/^/    /'
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
