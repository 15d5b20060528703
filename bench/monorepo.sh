#!/usr/bin/env bash
# Scoped policies at scale (docs/monorepo.md): the pre-commit hook in a
# repository of N files, with K scoped .warden.yml files (one per service
# directory, each with its own naming rule and size limit) and without
# them, one staged change. Prints the median of each and their ratio.
# Standalone: needs git and a build with its stage (no hyperfine: a bash
# loop timed with `date +%s%N`, the two repositories interleaved).
#
# Usage: bench/monorepo.sh [--files N] [--scopes K] [--runs R] [--build DIR]
#   --files   files in the tree (default 100000)
#   --scopes  scoped policies (default 100)
#   --runs    timed runs of each repository (default 31)
#   --build   a build directory with stage/ (default build/release)
# WARDEN_BENCH_DIR keeps the generated repositories (reused by the next run).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
files=100000
scopes=100
runs=31
build="$here/build/release"
while [ $# -gt 0 ]; do
  case $1 in
    --files) files=$2; shift ;;
    --scopes) scopes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --build) build=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/monorepo.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for n in "$files" "$scopes" "$runs"; do
  case $n in '' | *[!0-9]* | 0) echo "bench/monorepo.sh: bad number '$n'" >&2; exit 2 ;; esac
done
hook="$build/stage/libexec/warden/pre-commit"
[ -x "$hook" ] || { echo "bench/monorepo.sh: no $hook (build first: cmake --build $build)" >&2; exit 2; }

if [ -n "${WARDEN_BENCH_DIR:-}" ]; then
  work=$(realpath -m "$WARDEN_BENCH_DIR"); mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/warden-monorepo-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main

# make_repo DIR WITH_SCOPES: N files spread over K service directories,
# written by git fast-import, checked out, one change staged.
make_repo() {
  local dir=$1 with=$2
  [ -f "$dir/.ready" ] && return 0
  rm -rf "$dir"; git init -q "$dir"
  {
    echo "commit refs/heads/main"
    echo "committer bench <bench@example.com> 1767225600 +0000"
    echo "data 5"; echo "bench"
    local per=$(( (files + scopes - 1) / scopes )) i=0 s d
    for ((s = 0; s < scopes; s++)); do
      d=$(printf 'services/s%03d' "$s")
      if [ "$with" = 1 ]; then
        local text
        text=$(printf "files:\n  max-file-size: 64KiB\n  naming:\n    - glob: 'src/*.py'\n      pattern: '^[a-z0-9_]+\\\\.py\$'\n")
        echo "M 100644 inline $d/.warden.yml"; echo "data ${#text}"; echo "$text"
      fi
      local k
      for ((k = 0; k < per && i < files; k++, i++)); do
        echo "M 100644 inline $d/src/f$k.py"; echo "data ${#k}"; echo "$k"
      done
    done
    echo "M 100644 inline README.md"; echo "data 7"; echo "# bench"
  } | git -C "$dir" fast-import --quiet
  git -C "$dir" checkout -q -f main
  echo "changed" >> "$dir/services/s042/src/f1.py"
  git -C "$dir" add services/s042/src/f1.py
  touch "$dir/.ready"
}

echo "generating $files files, with and without $scopes scoped policies, in $work" >&2
make_repo "$work/plain" 0
make_repo "$work/scoped" 1
[ "$(git -C "$work/scoped" ls-files '*.warden.yml' | wc -l)" = "$scopes" ] || { echo "bench/monorepo.sh: scoped files missing" >&2; exit 1; }

# time_once DIR: the hook's wall time in microseconds; it must pass.
time_once() {
  local start end
  start=$(date +%s%N)
  (cd "$1" && "$hook" >/dev/null 2>"$work/hook.err") || { echo "bench/monorepo.sh: the hook failed in $1:" >&2; cat "$work/hook.err" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for _ in 1 2 3; do time_once "$work/plain" >/dev/null; time_once "$work/scoped" >/dev/null; done # warm caches
plain=() scoped=()
for ((r = 0; r < runs; r++)); do
  plain+=("$(time_once "$work/plain")")
  scoped+=("$(time_once "$work/scoped")")
done
p=$(printf '%s\n' "${plain[@]}" | median)
s=$(printf '%s\n' "${scoped[@]}" | median)
printf 'files\tscopes\twithout (ms)\twith (ms)\tratio\n'
awk -v n="$files" -v k="$scopes" -v p="$p" -v s="$s" 'BEGIN { printf "%d\t%d\t%.2f\t%.2f\t%.3f\n", n, k, p / 1000, s / 1000, s / p }'
