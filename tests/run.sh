#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite through CTest:
# once in Release (with warnings as errors), once under ASan+UBSan.
# Usage: tests/run.sh [--no-sanitize]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
sanitize=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=0

source "$here/install/deps.sh"
warden_install_deps test
# The generated GitHub workflow is validated with action-validator (npm);
# without npm the test says it skipped that step.
if command -v npm >/dev/null && ! command -v action-validator >/dev/null; then
  npm install -g --silent --no-audit --no-fund @action-validator/cli@0.6.0 >/dev/null 2>&1 ||
    echo "tests/run.sh: could not install @action-validator/cli; workflow validation will be skipped" >&2
fi
# prek (the .pre-commit-hooks.yaml test) is a binary in an npm package;
# installed under build/tools, where tests/e2e/test_prek.sh looks.
if command -v npm >/dev/null && ! command -v prek >/dev/null &&
   [ ! -x "$here/build/tools/node_modules/@j178/prek-linux-x64-gnu/prek" ]; then
  mkdir -p "$here/build/tools"
  npm install --prefix "$here/build/tools" --silent --no-audit --no-fund @j178/prek-linux-x64-gnu@0.5.3 >/dev/null 2>&1 ||
    echo "tests/run.sh: could not install prek; the prek test will be skipped" >&2
fi

jobs=$(nproc 2>/dev/null || echo 2)
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

build() { # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$here" -B "$dir" "${generator[@]}" -DWARDEN_DEV=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

status=0
build "$here/build/release" -DCMAKE_BUILD_TYPE=Release
ctest --test-dir "$here/build/release" --output-on-failure -j "$jobs" || status=1

# warden keeps its own tree to its own policy.
if git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$here" && "$here/build/release/stage/bin/warden" check --all) || status=1
fi

# Without the sanitizer run, the fuzz targets get a build of their own.
if [ "$sanitize" = 0 ]; then
  bash "$here/tests/fuzz/run.sh" "${WARDEN_FUZZ_SECONDS:-5}" || status=1
fi

# Say what was not checked, near the end of the run where it shows (the
# sanitizer run's summary stays the last line).
if ! command -v action-validator >/dev/null; then
  echo "tests/run.sh: skipped: validating the generated GitHub workflow and action.yml (action-validator comes from npm: apt-get install npm)"
fi
if ! command -v prek >/dev/null && [ ! -x "$here/build/tools/node_modules/@j178/prek-linux-x64-gnu/prek" ]; then
  echo "tests/run.sh: skipped: running .pre-commit-hooks.yaml with prek (prek comes from npm: apt-get install npm)"
fi

if [ "$sanitize" = 1 ]; then
  # One clang build serves the sanitizer run of the suite and the libFuzzer
  # targets (the library carries the fuzzers' coverage instrumentation, which
  # the other binaries ignore): one build of the library instead of two.
  build "$here/build/sanitize" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    -DWARDEN_SANITIZE=ON -DWARDEN_FUZZ=ON
  # Every fuzz target: its seeds and regression inputs, then a short smoke run.
  WARDEN_FUZZ_BUILD="$here/build/sanitize" bash "$here/tests/fuzz/run.sh" "${WARDEN_FUZZ_SECONDS:-5}" || status=1
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$here/tests/lsan.supp":print_suppressions=0 \
    ctest --test-dir "$here/build/sanitize" --output-on-failure -j "$jobs" || status=1
fi
exit $status
