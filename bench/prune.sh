#!/usr/bin/env bash
# How long `warden branch prune --merged --dry-run` takes to classify many
# branches (docs/branch.md, "How a branch's work was merged"). Builds, with
# `git fast-import`, a repository whose main has a 2,000-file tree and
# BRANCHES branches of COMMITS commits each, forked from main at different
# points, a quarter each merged with a merge commit, rebase-merged (each
# commit replayed on main), squash-merged (one commit on main) and left
# unmerged; then times the dry run (the median of RUNS runs) and prints it.
# Timings never live in tests.
#
# Usage: bench/prune.sh [--build DIR] [--branches N] [--commits N] [--runs N]
#   --build     a configured Release build dir (default: build/release)
# Environment: WARDEN_BENCH_DIR keeps the generated repository (reused when
# it exists), else a temporary directory removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build/release"
branches=200
commits=50
runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift ;;
    --branches) branches=$2; shift ;;
    --commits) commits=$2; shift ;;
    --runs) runs=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench/prune.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
warden="$build/stage/bin/warden"
[ -x "$warden" ] || { echo "bench/prune.sh: no $warden: build first (cmake --build $build)" >&2; exit 2; }

if [ -n "${WARDEN_BENCH_DIR:-}" ]; then
  work=$WARDEN_BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/warden-bench-prune.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
repo="$work/prune-$branches-$commits"

# The fast-import stream. Marks: :1 the base; branch b's commit i is
# :(100000 + b*1000 + i); main's commits count up from :2.
generate() {
  local t=1700000000 mark=2 b i lines k
  blob() { printf 'data %d\n%s\n' "$(( ${#1} + 1 ))" "$1"; }
  printf 'commit refs/heads/main\nmark :1\ncommitter B <b@example.com> %d +0000\n' "$t"
  blob "base"
  for k in $(seq 0 1999); do
    printf 'M 100644 inline src/d%d/f%d.txt\n' $((k / 50)) "$k"
    blob "file $k"
  done
  local main=1
  for b in $(seq 0 $((branches - 1))); do
    # main moves on between forks, so the merge bases differ
    printf 'commit refs/heads/main\nmark :%d\ncommitter B <b@example.com> %d +0000\n' "$mark" $((t += 1))
    blob "main step $b"
    printf 'from :%d\nM 100644 inline src/d%d/f%d.txt\n' "$main" $((b % 40)) "$b"
    blob "file $b, edited on main"
    main=$mark; mark=$((mark + 1))
    lines=""
    for i in $(seq 0 $((commits - 1))); do
      lines+="line $i of topic $b"$'\n'
      printf 'commit refs/heads/topic/%d\nmark :%d\ncommitter B <b@example.com> %d +0000\n' "$b" $((100000 + b * 1000 + i)) $((t += 1))
      blob "topic $b part $i"
      [ "$i" = 0 ] && printf 'from :%d\n' "$main"
      printf 'M 100644 inline topics/t%d/work.txt\n' "$b"
      blob "$lines"
    done
  done
  # Land three quarters of them on main, the newest first.
  for b in $(seq $((branches - 1)) -1 0); do
    local tip=$((100000 + b * 1000 + commits - 1))
    case $((b % 4)) in
      0) # a merge commit
        printf 'commit refs/heads/main\nmark :%d\ncommitter B <b@example.com> %d +0000\n' "$mark" $((t += 1))
        blob "Merge topic/$b"
        printf 'from :%d\nmerge :%d\n' "$main" "$tip"
        printf 'M 100644 inline topics/t%d/work.txt\n' "$b"
        lines=""; for i in $(seq 0 $((commits - 1))); do lines+="line $i of topic $b"$'\n'; done
        blob "$lines"
        main=$mark; mark=$((mark + 1)) ;;
      1) # rebase-merged: every commit replayed on main
        lines=""
        for i in $(seq 0 $((commits - 1))); do
          lines+="line $i of topic $b"$'\n'
          printf 'commit refs/heads/main\nmark :%d\ncommitter B <b@example.com> %d +0000\n' "$mark" $((t += 1))
          blob "topic $b part $i (rebased)"
          printf 'from :%d\nM 100644 inline topics/t%d/work.txt\n' "$main" "$b"
          blob "$lines"
          main=$mark; mark=$((mark + 1))
        done ;;
      2) # squash-merged
        lines=""; for i in $(seq 0 $((commits - 1))); do lines+="line $i of topic $b"$'\n'; done
        printf 'commit refs/heads/main\nmark :%d\ncommitter B <b@example.com> %d +0000\n' "$mark" $((t += 1))
        blob "topic $b (#$b)"
        printf 'from :%d\nM 100644 inline topics/t%d/work.txt\n' "$main" "$b"
        blob "$lines"
        main=$mark; mark=$((mark + 1)) ;;
      3) ;; # unmerged
    esac
  done
}

if [ ! -d "$repo/.git" ]; then
  echo "building $repo ($branches branches of $commits commits)..." >&2
  rm -rf "$repo"
  git init -q -b main "$repo"
  generate | git -C "$repo" fast-import --quiet
  git -C "$repo" checkout -q -f main
fi

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  (cd "$repo" && "$warden" branch prune --merged --dry-run >"$work/out.txt" 2>"$work/err.txt") ||
    { echo "bench/prune.sh: warden failed:" >&2; cat "$work/err.txt" >&2; exit 1; }
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
for class in merged rebase-merged squash-merged "partly merged" unmerged; do
  printf '%-14s %d\n' "$class" "$(grep -c "^would delete topic/[0-9]* ($class\|^left topic/[0-9]* ($class" "$work/out.txt" || true)"
done
echo "warden branch prune --merged --dry-run, $branches branches of $commits commits: median ${median} ms of $runs runs (${times[*]})"
