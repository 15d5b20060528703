#!/usr/bin/env bash
# warden's benchmark: medians (hyperfine) against the floor (`git ls-files`,
# `git diff --cached`, `/bin/true` as the hook) and against the peers users
# would pick instead (pre-commit with a check-case-conflict hook, lefthook
# running `true`). Prints a table of medians and ratios; timings never live
# in tests.
#
# Nothing is written into the source tree: the generated repositories, the
# peers' installs and configs, HOME and the raw results live in a work
# directory ($WARDEN_BENCH_DIR, else a fresh temporary one, removed at the
# end); the build is a build directory. bench/RESULTS.md is written by hand.
#
# Usage: bench/run.sh [--quick] [--sizes "N ..."] [--no-peers] [--build DIR] [--real PATH] [--out FILE]
#   --quick     1k and 10k files only (a few minutes)
#   --sizes     the tree sizes to measure (default: 1000 10000 100000)
#   --no-peers  skip pre-commit and lefthook (no package installs)
#   --build     a configured Release build dir (default: build/bench, built here)
#   --real      also measure a copy of this local repository's tree (e.g. a git.git clone)
#   --out       also save the medians (TSV) and the ratios to FILE
# Environment: WARDEN_BENCH_DIR keeps the work directory (and reuses its
# trees on the next run); RUNS sets hyperfine's runs (default 15).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sizes=(1000 10000 100000)
peers=1
build="$here/build/bench"
real=""
out_file=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) sizes=(1000 10000) ;;
    --sizes) read -r -a sizes <<<"$2"; shift ;;
    --no-peers) peers=0 ;;
    --build) build=$2; shift ;;
    --real) real=$2; shift ;;
    --out) out_file=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || { echo "bench/run.sh: --sizes needs at least one size" >&2; exit 2; }
for n in "${sizes[@]}"; do
  case $n in '' | *[!0-9]* | 0) echo "bench/run.sh: bad size '$n'" >&2; exit 2 ;; esac
done
# --out relative to where the user is, not to the directories we cd into.
if [ -n "$out_file" ]; then
  case $out_file in /*) ;; *) out_file="$PWD/$out_file" ;; esac
fi
case $build in /*) ;; *) build="$PWD/$build" ;; esac

if [ -n "${WARDEN_BENCH_DIR:-}" ]; then
  work=$(realpath -m "$WARDEN_BENCH_DIR")
  case $work/ in
    "$here"/build/*) ;;
    "$here"/*) echo "bench/run.sh: WARDEN_BENCH_DIR must not be inside the source tree (build/ excepted)" >&2; exit 2 ;;
  esac
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/warden-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

source "$here/install/deps.sh"
warden_install_deps build
if ! command -v hyperfine >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "bench: hyperfine missing (apt-get install hyperfine)" >&2; exit 1; }
  apt-get install -y --no-install-recommends hyperfine >/dev/null
fi
if [ "$peers" = 1 ]; then
  if ! command -v pre-commit >/dev/null; then
    [ "$(id -u)" = 0 ] && apt-get install -y --no-install-recommends pre-commit >/dev/null || peers=0
  fi
  peer_dir="$work/peers"
  if [ ! -x "$peer_dir/node_modules/.bin/lefthook" ] && command -v npm >/dev/null; then
    mkdir -p "$peer_dir"
    (cd "$peer_dir" && npm install --silent --no-audit --no-fund lefthook@2.2.2 >/dev/null 2>&1) || true
  fi
  lefthook_bin="$peer_dir/node_modules/.bin/lefthook"
fi

if [ ! -x "$build/stage/libexec/warden/pre-commit" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DWARDEN_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" >/dev/null
fi
stage="$build/stage"
export PATH="$stage/bin:$PATH"
results="$work/results.tsv"
: > "$results"

export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
git config --global user.name bench; git config --global user.email bench@example.com
git config --global init.defaultBranch main

# median NAME SIZE CMD...: hyperfine median in ms, appended to results.
median() {
  local name=$1 size=$2; shift 2
  local json="$work/h.json"
  hyperfine --style none --warmup 3 --runs "${RUNS:-15}" --export-json "$json" "$@" >/dev/null 2>&1 || {
    echo "bench: '$name' failed: $*" >&2; printf '%s\t%s\tNA\n' "$name" "$size" >> "$results"; return 0; }
  local ms
  ms=$(python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$json")
  printf '%s\t%s\t%s\n' "$name" "$size" "$ms" >> "$results"
  printf '  %-34s %8s ms\n' "$name" "$ms"
}

# make_repo N DIR: deterministic tree of N files, nested like real projects
# (src/<module>/<sub>/file.ext, 2-4 levels), one commit, a bare remote.
make_repo() {
  local n=$1 dir=$2
  [ -d "$dir/.git" ] && return 0
  rm -rf "$dir" "$dir.git"
  mkdir -p "$dir"
  python3 - "$n" "$dir" <<'PY'
import os, sys
n, root = int(sys.argv[1]), sys.argv[2]
exts = ["c", "h", "py", "md", "txt", "json", "cpp", "hpp"]
for i in range(n):
    top = ["src", "lib", "tests", "docs", "tools"][i % 5]
    parts = [top, f"module{(i // 7) % 97}", f"part{(i // 3) % 13}"]
    if i % 4 == 0: parts.append(f"deep{i % 5}")
    d = os.path.join(root, *parts)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file_{i}.{exts[i % len(exts)]}"), "w") as f:
        f.write(f"line {i}\n")
with open(os.path.join(root, "README.md"), "w") as f: f.write("# bench\n")
PY
  (cd "$dir" && git init -q && git add -A && git commit -qm initial --no-verify)
  git init -q --bare "$dir.git"
  (cd "$dir" && git remote add origin "$dir.git" && git push -q origin main --no-verify && git remote set-head origin main)
}

# hook_variant DIR KIND: install KIND (none, true, warden, pre-commit, lefthook) as the hooks.
hook_variant() {
  local dir=$1 kind=$2 hooks="$1/.git/hooks"
  rm -rf "$hooks"; mkdir -p "$hooks"
  if [ -e "$dir/.pre-commit-config.yaml" ]; then
    git -C "$dir" rm -q .pre-commit-config.yaml && git -C "$dir" commit -q --no-verify -m "drop pre-commit config"
  fi
  rm -f "$dir/lefthook.yml"
  git -C "$dir" config --unset core.hooksPath || true
  case $kind in
    none) ;;
    true) ln -s /bin/true "$hooks/pre-commit" ;;
    warden) install-hooks --repo "$dir" >/dev/null ;;
    pre-commit)
      # The same checks as warden's defaults, as pre-commit-hooks would run them.
      cat > "$dir/.pre-commit-config.yaml" <<'YML'
repos:
  - repo: local
    hooks:
      - id: check-case-conflict
        name: check-case-conflict
        entry: python3 -c "import subprocess,sys; names=subprocess.run(['git','ls-files','-z'],capture_output=True).stdout.split(b'\0'); low=[n.lower() for n in names if n]; sys.exit(1 if len(low)!=len(set(low)) else 0)"
        language: system
        pass_filenames: false
      - id: check-merge-conflict
        name: check-merge-conflict
        entry: sh -c '! grep -l -E "^(<<<<<<< |>>>>>>> |=======$)" "$@"' --
        language: system
      - id: check-added-large-files
        name: check-added-large-files
        entry: python3 -c "import os,sys; sys.exit(any(os.path.getsize(f)>5<<20 for f in sys.argv[1:]))"
        language: system
YML
      # pre-commit refuses to run while its configuration is unstaged.
      (cd "$dir" && git add .pre-commit-config.yaml && git commit -q --no-verify -m "pre-commit config" &&
        pre-commit install >/dev/null 2>&1) ;;
    lefthook)
      printf 'pre-commit:\n  commands:\n    trivial:\n      run: "true"\n' > "$dir/lefthook.yml"
      (cd "$dir" && "$lefthook_bin" install >/dev/null 2>&1) ;;
  esac
}

# real_repo SRC DIR: the tree at SRC's HEAD as a fresh one-commit repository.
real_repo() {
  local src=$1 dir=$2
  [ -d "$dir/.git" ] && return 0
  rm -rf "$dir" "$dir.git"
  mkdir -p "$dir"
  git -C "$src" archive HEAD | tar -x -C "$dir"
  [ -f "$dir/README.md" ] || echo "# bench" > "$dir/README.md"
  (cd "$dir" && git init -q && git add -A && git commit -qm initial --no-verify)
  git init -q --bare "$dir.git"
  (cd "$dir" && git remote add origin "$dir.git" && git push -q origin main --no-verify && git remote set-head origin main)
}

# measure LABEL DIR: every measurement on the repository DIR.
measure() {
  local n=$1 dir=$2
  echo "== $([ "$n" = 0 ] && echo "real tree" || echo "$n") ($(git -C "$dir" ls-files | wc -l) files)"
  cd "$dir"
  echo "x$RANDOM" >> README.md && git add README.md
  median "git ls-files -z" "$n" "git ls-files -z"
  median "git diff --cached --name-only -z" "$n" "git diff --cached --name-only -z"
  hook_variant "$dir" warden
  median "warden pre-commit (standalone)" "$n" "$stage/libexec/warden/pre-commit"
  median "warden check --all" "$n" "warden check --all --exit-zero"
  git reset -q
  for kind in none true warden pre-commit lefthook; do
    { [ "$kind" = pre-commit ] || [ "$kind" = lefthook ]; } && [ "$peers" = 0 ] && continue
    [ "$kind" = lefthook ] && [ ! -x "${lefthook_bin:-}" ] && continue
    hook_variant "$dir" "$kind"
    median "git commit, hook: $kind" "$n" --prepare "echo \$RANDOM >> README.md && git add README.md" \
      "git commit -q -m bench"
  done
  hook_variant "$dir" none
  median "git push --dry-run, hook: none" "$n" --prepare "git commit -q --allow-empty -m push-bench" \
    "git push -q --dry-run origin main"
  hook_variant "$dir" warden
  median "git push --dry-run, hook: warden" "$n" --prepare "git commit -q --allow-empty -m push-bench" \
    "git push -q --dry-run origin main"
  git push -q origin main --no-verify
  median "post-merge, webhook unreachable" "$n" \
    "env WARDEN_DISCORD_WEBHOOK=http://127.0.0.1:9/api/webhooks/1/x $stage/libexec/warden/post-merge 0"
  hook_variant "$dir" none
  cd "$here"
}

echo "warden benchmark — $(date -u +%Y-%m-%d) — $(nproc) cores, $(git --version)"
for n in "${sizes[@]}"; do
  make_repo "$n" "$work/repo-$n"
  measure "$n" "$work/repo-$n"
done
if [ -n "$real" ]; then
  real_repo "$real" "$work/repo-real"
  measure 0 "$work/repo-real" # size 0 labels the real tree in the table
fi

summary=$(python3 - "$results" <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    name, size, ms = line.rstrip("\n").split("\t")
    rows[int(size)][name] = None if ms == "NA" else float(ms)
print("\nratios (medians)")
for size in sorted(rows):
    r = rows[size]
    def get(k): return r.get(k)
    none = get("git commit, hook: none")
    def added(kind):
        v = get(f"git commit, hook: {kind}")
        return None if v is None or none is None else v - none
    out = [f"{size:>7} files:" if size else "   real tree:"]
    ls = get("git ls-files -z"); pc = get("warden pre-commit (standalone)")
    if ls and pc: out.append(f"pre-commit binary / ls-files = {pc/ls:.2f}")
    diff = get("git diff --cached --name-only -z")
    if ls and diff and pc: out.append(f"/ (ls-files+diff) = {pc/(ls+diff):.2f}")
    w, t = added("warden"), added("true")
    if w is not None and t: out.append(f"commit added: warden {w:+.1f} ms, /bin/true {t:+.1f} ms (ratio {w/t if t > 0 else float('nan'):.2f})")
    for peer in ("pre-commit", "lefthook"):
        p = added(peer)
        if p is not None and w: out.append(f"{peer}/warden added = {p/max(w,0.1):.1f}x")
    pn, pw = get("git push --dry-run, hook: none"), get("git push --dry-run, hook: warden")
    if pn and pw: out.append(f"push added {pw-pn:+.1f} ms")
    print("  " + out[0] + " " + "; ".join(out[1:]))
PY
)
printf '%s\n' "$summary"
if [ -n "$out_file" ]; then
  { echo "# warden benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(git --version)"
    printf 'name\tsize\tmedian_ms\n'
    cat "$results"
    printf '%s\n' "$summary"; } >"$out_file"
  echo "saved to $out_file"
fi
