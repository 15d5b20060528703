#!/usr/bin/env bash
# warden's benchmark: medians (hyperfine) against the floor (`git ls-files`,
# `git diff --cached`, `git ls-tree`, `git grep`, `/bin/true` as the hook)
# and against the peers users would pick instead (pre-commit 3.0 with
# case-conflict, merge-conflict and large-file hooks; prek 0.5.3 with its
# five builtin file hooks; lefthook 2.2.2 running `true`), for commit (also
# under `git -c`), push, post-merge, pre-receive and `warden check --all`. Prints a table of medians and ratios; timings never live
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
    [ "$(id -u)" = 0 ] && apt-get install -y --no-install-recommends pre-commit >/dev/null || true
  fi
  peer_dir="$work/peers"
  if [ ! -x "$peer_dir/node_modules/.bin/lefthook" ] && command -v npm >/dev/null; then
    mkdir -p "$peer_dir"
    (cd "$peer_dir" && npm install --silent --no-audit --no-fund lefthook@2.2.2 >/dev/null 2>&1) || true
  fi
  if [ ! -x "$peer_dir/node_modules/@j178/prek-linux-x64-gnu/prek" ] && command -v npm >/dev/null; then
    mkdir -p "$peer_dir"
    (cd "$peer_dir" && npm install --silent --no-audit --no-fund @j178/prek-linux-x64-gnu@0.5.3 >/dev/null 2>&1) || true
  fi
  lefthook_bin="$peer_dir/node_modules/.bin/lefthook"
  prek_bin="$peer_dir/node_modules/@j178/prek-linux-x64-gnu/prek"
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

# interleaved PREFIX SIZE COMMAND KIND:HOOKS_DIR...: "PREFIX, hook: KIND" for
# each variant, its runs taken in turn with the others' (a change to README.md
# staged before each), medians like `median`'s.
interleaved() {
  local prefix=$1 size=$2 command=$3; shift 3
  python3 - "$results" "$prefix" "$size" "$command" "${RUNS:-15}" "$@" <<'PY' || echo "bench: '$prefix' failed" >&2
import shlex, statistics, subprocess, sys, time
results, prefix, size, command, runs = sys.argv[1:6]
variants = [v.split(":", 1) for v in sys.argv[6:]]
times = {kind: [] for kind, _ in variants}
for round in range(int(runs) + 3):  # the first three rounds warm up
    for kind, hooks in variants:
        subprocess.run(["git", "config", "core.hooksPath", hooks], check=True)
        subprocess.run("echo $$ >> README.md && git add README.md", shell=True, check=True)
        start = time.perf_counter()
        done = subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = (time.perf_counter() - start) * 1000
        if done.returncode != 0:
            sys.exit(f"bench: {prefix}, hook: {kind} exited {done.returncode}")
        if round >= 3: times[kind].append(elapsed)
with open(results, "a") as out:
    for kind, _ in variants:
        ms = statistics.median(times[kind])
        out.write(f"{prefix}, hook: {kind}\t{size}\t{ms:.2f}\n")
        print(f"  {prefix + ', hook: ' + kind:<34} {ms:8.2f} ms")
PY
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

# hook_variant DIR KIND: KIND (none, true, warden, pre-commit, prek,
# lefthook) as the repository's hooks, selected the way an install selects
# them: core.hooksPath written to the repository's own config (a `git -c
# core.hooksPath=...` run would measure git's -c path instead). The peers
# install into .git/hooks, so their scripts are installed there and moved to
# the variant's directory.
hook_variant() {
  local dir=$1 kind=$2
  local hooks="$work/hooks-$kind"
  git -C "$dir" config --unset core.hooksPath || true
  rm -rf "$dir/.git/hooks" "$hooks"; mkdir -p "$dir/.git/hooks" "$hooks"
  for f in .pre-commit-config.yaml lefthook.yml; do
    if git -C "$dir" ls-files --error-unmatch "$f" >/dev/null 2>&1; then
      git -C "$dir" rm -q "$f" && git -C "$dir" commit -q --no-verify -m "drop $f"
    fi
    rm -f "$dir/$f"
  done
  case $kind in
    none) ;;
    true) for h in pre-commit commit-msg pre-push post-merge; do ln -s /bin/true "$hooks/$h"; done ;;
    # The commit-msg hook alone, against /bin/true alone.
    true-msg) ln -s /bin/true "$hooks/commit-msg" ;;
    warden-msg) ln -s "$stage/libexec/warden/commit-msg" "$hooks/commit-msg" ;;
    warden) git -C "$dir" config core.hooksPath "$hooks"; install-hooks --repo "$dir" >/dev/null; return 0 ;;
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
        pre-commit install -t pre-commit >/dev/null 2>&1) ;;
    prek)
      # prek's builtin hooks (native, no environments to build): the five
      # closest to warden's default file checks.
      cat > "$dir/.pre-commit-config.yaml" <<'YML'
repos:
  - repo: builtin
    hooks:
      - id: check-case-conflict
      - id: check-merge-conflict
      - id: check-added-large-files
      - id: detect-private-key
      - id: check-illegal-windows-names
YML
      (cd "$dir" && git add .pre-commit-config.yaml && git commit -q --no-verify -m "prek config" &&
        "$prek_bin" install -t pre-commit -t pre-push >/dev/null 2>&1) ;;
    lefthook)
      printf 'pre-commit:\n  commands:\n    trivial:\n      run: "true"\npre-push:\n  commands:\n    trivial:\n      run: "true"\n' > "$dir/lefthook.yml"
      (cd "$dir" && "$lefthook_bin" install >/dev/null 2>&1) ;;
  esac
  if [ "$kind" != none ] && [ "$kind" != true ]; then
    find "$dir/.git/hooks" -maxdepth 1 -type f ! -name '*.sample' -exec mv {} "$hooks/" \;
  fi
  git -C "$dir" config core.hooksPath "$hooks"
}

# peer_available KIND: whether KIND can be measured in this run.
peer_available() {
  case $1 in
    pre-commit) [ "$peers" = 1 ] && command -v pre-commit >/dev/null ;;
    prek) [ "$peers" = 1 ] && [ -x "${prek_bin:-}" ] ;;
    lefthook) [ "$peers" = 1 ] && [ -x "${lefthook_bin:-}" ] ;;
    *) true ;;
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

# measure LABEL DIR: every measurement on the repository DIR, each row
# beside its floor in the same run.
measure() {
  local n=$1 dir=$2
  echo "== $([ "$n" = 0 ] && echo "real tree" || echo "$n") ($(git -C "$dir" ls-files | wc -l) files)"
  cd "$dir"
  echo "x$RANDOM" >> README.md && git add README.md
  median "git ls-files -z" "$n" "git ls-files -z"
  median "git diff --cached --name-only -z" "$n" "git diff --cached --name-only -z"
  median "git ls-tree -r -l HEAD" "$n" "git ls-tree -r -l HEAD"
  # Every blob read and searched: a pattern that matches nothing (exit 1).
  median "git grep over every blob" "$n" -i "git grep -q -e warden-bench-no-such-text HEAD"
  hook_variant "$dir" warden
  median "warden pre-commit (standalone)" "$n" "$stage/libexec/warden/pre-commit"
  median "warden check --all" "$n" "warden check --all --exit-zero"
  median "warden check --all, content checks skipped" "$n" \
    "env WARDEN_SKIP=conflict-marker,secret,large-file warden check --all --exit-zero"
  git reset -q
  # git's own commit cost drifts by more than a hook adds (at 10k files and
  # up, the index is rewritten every time): the variants compared with one
  # another run interleaved, one commit each in turn.
  local variants=()
  for kind in none true warden true-msg warden-msg; do
    hook_variant "$dir" "$kind"
    variants+=("$kind:$(git config core.hooksPath || echo "$dir/.git/hooks")")
  done
  interleaved "git commit" "$n" "git commit -q -m bench" "${variants[@]}"
  interleaved "git -c commit" "$n" "git -c bench.key=1 commit -q -m bench" "${variants[@]:0:3}"
  for kind in pre-commit prek lefthook; do
    peer_available "$kind" || continue
    hook_variant "$dir" "$kind"
    median "git commit, hook: $kind" "$n" --prepare "echo \$RANDOM >> README.md && git add README.md" \
      "git commit -q -m bench"
  done
  for kind in none true warden prek lefthook; do
    peer_available "$kind" || continue
    hook_variant "$dir" "$kind"
    # Exactly one commit new to the remote in every run: a dry run leaves the
    # remote where it was, so main is put back on origin/main first.
    median "git push --dry-run, hook: $kind" "$n" \
      --prepare "git reset -q --soft origin/main && git commit -q --allow-empty -m push-bench" \
      "git push -q --dry-run origin main"
  done
  # A new branch of 1,000 commits the remote lacks: every commit's message
  # and author judged (the commit rules), the files against the default branch.
  # (Pushed under its own name: upstream-match wants the names equal.)
  git rev-parse -q --verify refs/heads/bench-long >/dev/null || long_branch "$dir"
  git branch -f feature/bench-long bench-long
  # (A reused WARDEN_BENCH_DIR keeps the pre-receive rows' last push.)
  git -C "$dir.git" update-ref -d refs/heads/feature/bench-long 2>/dev/null || true
  git update-ref -d refs/remotes/origin/feature/bench-long 2>/dev/null || true
  for kind in none warden; do
    hook_variant "$dir" "$kind"
    median "git push --dry-run of 1000 new commits, hook: $kind" "$n" \
      "git push -q --dry-run origin feature/bench-long"
  done
  hook_variant "$dir" warden
  git push -q origin main --no-verify
  median "post-merge, webhook unreachable" "$n" \
    "env WARDEN_DISCORD_WEBHOOK=http://127.0.0.1:9/api/webhooks/1/x $stage/libexec/warden/post-merge 0"
  hook_variant "$dir" none
  # pre-receive in the bare remote: a one-commit push, and a new branch of
  # 1,000 commits the remote does not have (its ref removed before each run,
  # so every run sends and judges all of them).
  local bare="$dir.git"
  for kind in none true warden; do
    rm -rf "$work/bare-hooks"; mkdir -p "$work/bare-hooks"
    case $kind in
      true) ln -s /bin/true "$work/bare-hooks/pre-receive" ;;
      warden) ln -s "$stage/libexec/warden/pre-receive" "$work/bare-hooks/pre-receive" ;;
    esac
    git -C "$bare" config core.hooksPath "$work/bare-hooks"
    median "pre-receive, one commit: $kind" "$n" --prepare "git commit -q --allow-empty -m receive-bench" \
      "git push -q --no-verify origin HEAD:main"
    median "pre-receive, new branch of 1000 commits: $kind" "$n" \
      --prepare "git -C '$bare' update-ref -d refs/heads/feature/bench-long; true" \
      "git push -q --no-verify origin bench-long:refs/heads/feature/bench-long"
  done
  git -C "$bare" config --unset core.hooksPath || true
  git fetch -q origin
  cd "$here"
}

# long_branch DIR: a branch bench-long of 1,000 commits on top of main, each
# changing one of 50 files (git fast-import: seconds, not minutes).
long_branch() {
  python3 - "$1" <<'PY'
import subprocess, sys
d = sys.argv[1]
tip = subprocess.run(["git", "-C", d, "rev-parse", "main"], capture_output=True, text=True, check=True).stdout.strip()
out = []
for i in range(1000):
    msg = f"bench commit {i}\n".encode()
    body = f"{i}\n".encode()
    out.append(b"commit refs/heads/bench-long\n")
    out.append(f"committer b <b@example.com> {1700000000 + i} +0000\n".encode())
    out.append(f"data {len(msg)}\n".encode() + msg)
    if i == 0:
        out.append(f"from {tip}\n".encode())
    out.append(f"M 100644 inline bench/long_{i % 50}.txt\n".encode())
    out.append(f"data {len(body)}\n".encode() + body + b"\n")
subprocess.run(["git", "-C", d, "fast-import", "--quiet"], input=b"".join(out), check=True)
PY
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
def fmt_ratio(a, b):
    return "n/a" if a is None or b is None or b <= 0 else f"{a / b:.2f}"
print("\nagainst the targets (added time = the same git command with no hook subtracted)")
for size in sorted(rows):
    r = rows[size]
    g = r.get
    label = f"{size:>7} files" if size else "  real tree"
    def added(prefix, kind):
        v, none = g(f"{prefix}, hook: {kind}"), g(f"{prefix}, hook: none")
        return None if v is None or none is None else v - none
    lines = []
    for prefix, what in (("git commit", "commit"), ("git -c commit", "commit under git -c")):
        w, t = added(prefix, "warden"), added(prefix, "true")
        if w is not None and t is not None:
            lines.append(f"{what}: warden {w:+.1f} ms, /bin/true {t:+.1f} ms, ratio {fmt_ratio(w, t)} (target <= 2)")
    w = added("git commit", "warden")
    for peer in ("pre-commit", "prek", "lefthook"):
        p = added("git commit", peer)
        if p is not None and w is not None:
            lines.append(f"commit: {peer} adds {p:+.1f} ms = {p / max(w, 0.1):.1f}x warden's")
    wp, tp = added("git push --dry-run", "warden"), added("git push --dry-run", "true")
    if wp is not None:
        lines.append(f"pre-push: warden {wp:+.1f} ms, /bin/true {tp if tp is None else round(tp, 1):+} ms (target <= +10 at 1k/10k, +15 at 100k)")
    w1, w1000 = added("git push --dry-run", "warden"), added("git push --dry-run of 1000 new commits", "warden")
    if w1 is not None and w1000 is not None:
        lines.append(f"pre-push of 1000 new commits: warden {w1000:+.1f} ms, {w1000 - w1:+.1f} ms more than one (target <= +100)")
    m, mt = added("git commit", "warden-msg"), added("git commit", "true-msg")
    if m is not None and mt is not None:
        lines.append(f"commit-msg alone: warden {m:+.1f} ms, /bin/true {mt:+.1f} ms, ratio {fmt_ratio(m, mt)} (target <= 2)")
    for peer in ("prek", "lefthook"):
        p = added("git push --dry-run", peer)
        if p is not None and wp is not None:
            lines.append(f"pre-push: {peer} adds {p:+.1f} ms = {p / max(wp, 0.1):.1f}x warden's")
    pm = g("post-merge, webhook unreachable")
    if pm is not None:
        lines.append(f"post-merge: {pm:.1f} ms (target <= 30 at 100k)")
    ca, gg = g("warden check --all"), g("git grep over every blob")
    if ca is not None:
        lines.append(f"check --all: {ca:.1f} ms, git grep {gg} ms, ratio {fmt_ratio(ca, gg)} (target <= 1)")
    cs, lt = g("warden check --all, content checks skipped"), g("git ls-tree -r -l HEAD")
    if cs is not None:
        lines.append(f"check --all without content checks: {cs:.1f} ms, ls-tree {lt} ms, ratio {fmt_ratio(cs, lt)} (target <= 2)")
    for what, target in (("one commit", 50), ("new branch of 1000 commits", 1000)):
        v, none = g(f"pre-receive, {what}: warden"), g(f"pre-receive, {what}: none")
        if v is not None and none is not None:
            lines.append(f"pre-receive, {what}: warden {v - none:+.1f} ms (target <= {target})")
    pc, ls = g("warden pre-commit (standalone)"), g("git ls-files -z")
    if pc is not None:
        lines.append(f"pre-commit binary standalone / ls-files = {fmt_ratio(pc, ls)}")
    print(f"  {label}:")
    for line in lines:
        print(f"    {line}")
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
