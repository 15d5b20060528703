#!/usr/bin/env bash
# Hostile and odd repositories: every hook run ends cleanly (an exit code and
# a message, never a crash), within time and memory, and leaves the repository
# exactly as it found it (index bytes, status, HEAD).
source "$(dirname "$0")/lib.sh"

HOOKS_BIN=$WARDEN_STAGE/libexec/warden

# hooks_dir DIR: the hooks folder git uses for DIR.
hooks_dir() { (cd "$1" && git rev-parse --path-format=absolute --git-path hooks); }

# setup DIR [install-hooks args...]: install warden's hooks into DIR (a
# repository). When install-hooks fails, link the hooks by hand so the hook
# tests still run; the failure itself is reported.
setup() {
  local d=$1; shift
  install_hooks "$d" "$@"
  local hd; hd=$(hooks_dir "$d")
  mkdir -p "$hd"
  for h in pre-commit pre-push post-merge; do
    [ -e "$hd/$h" ] || ln -sf "$HOOKS_BIN/$h" "$hd/$h"
  done
}

# snapshot DIR: what a hook must not change. The index is hashed before
# `git status` runs, and status runs without optional locks so that it never
# rewrites the index itself.
snapshot() {
  (cd "$1" && {
    sha1sum "$(git rev-parse --git-path index)" 2>/dev/null | cut -d' ' -f1
    staged_snapshot .
  })
}

# staged_snapshot DIR: the same without the index bytes, for runs through
# `git commit`, which refreshes the index's stat data itself.
staged_snapshot() {
  (cd "$1" && {
    git ls-files --stage -z 2>/dev/null | sha1sum
    GIT_OPTIONAL_LOCKS=0 git status --porcelain=v1 -z --untracked-files=all 2>/dev/null | sha1sum
    git rev-parse -q --verify HEAD || echo unborn
    git for-each-ref --format='%(refname) %(objectname)' | sha1sum
  })
}

# no_crash: the last `run` ended with an exit code, not a signal or an abort.
no_crash() {
  [ "$status" -lt 128 ] || fail "killed by signal $((status - 128)); stderr: ${err:0:1000}"
  case "$err" in
  *Sanitizer* | *"terminate called"* | *"Segmentation fault"* | *"core dumped"* | *"Assertion"*)
    fail "crash reported on stderr: ${err:0:1000}" ;;
  esac
}

# pre_commit DIR: run DIR's installed pre-commit exactly as `git commit` does
# (in the worktree root, GIT_INDEX_FILE set), then check it left no trace.
pre_commit() {
  local d=$1 before after
  before=$(snapshot "$d")
  local start=$(date +%s%N)
  run_in "$d" env GIT_INDEX_FILE=.git/index "$(hooks_dir "$d")/pre-commit"
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  after=$(snapshot "$d")
  no_crash
  expect_eq "$after" "$before" "(the hook changed the repository)"
}

# stage_blob DIR PATH [CONTENT]: stage PATH with CONTENT without touching the
# working tree (for names the file system cannot hold).
stage_blob() {
  local d=$1 path=$2 content=${3:-x}
  local oid; oid=$(printf '%s\n' "$content" | git -C "$d" hash-object -w --stdin)
  git -C "$d" update-index --add --cacheinfo "100644,$oid,$path"
}

TEST "names with newlines and tabs are reported escaped, on one line"
new_repo nl; setup nl
stage_blob nl $'line\nbreak.txt'
stage_blob nl $'tab\there.txt'
pre_commit nl
expect_status 1
expect_err_contains 'error[portable-name]'
expect_err_contains 'line\nbreak.txt'
expect_err_contains 'tab\there.txt'
# Every finding is one line: the raw newline never reaches the output.
[[ "$err" != *$'line\nbreak'* ]] || fail "raw newline in the output: $err"

TEST "a name that is not valid UTF-8 is compared by ASCII folding, no crash"
new_repo utf; setup utf
stage_blob utf $'bad\xff\xfename.txt'
stage_blob utf $'BAD\xff\xfeNAME.txt'
stage_blob utf $'ok\xc3(.txt'
pre_commit utf
expect_status 1
expect_err_contains 'error[case-collision]'

TEST "a 4,000-byte path is refused by path-length, quickly"
new_repo long; setup long
comp=$(printf 'd%.0s' {1..99})
long_path=""
for _ in $(seq 40); do long_path+="$comp/"; done
long_path+="file.txt"
expect_eq "${#long_path}" 4008
stage_blob long "$long_path"
pre_commit long
expect_status 1
expect_err_contains 'error[path-length]'

TEST "100,000 files in one directory (index only)"
new_repo many; setup many
blob=$(echo same | git -C many hash-object -w --stdin)
awk -v b="$blob" 'BEGIN { for (i = 0; i < 100000; i++) printf "100644 %s 0\tbig/f%06d.txt\n", b, i }' |
  git -C many update-index --index-info
expect_eq "$(git -C many ls-files | wc -l)" 100001
pre_commit many
expect_status 0
[ "$elapsed_ms" -lt 30000 ] || fail "pre-commit took ${elapsed_ms} ms on 100,000 files"
echo "  (100,000 new files: pre-commit took ${elapsed_ms} ms)"

TEST "symlinks to outside the repository and to .git are not followed"
new_repo links; setup links
kind='RSA PRIVATE KEY' # spelled apart so this file holds no key header itself
printf -- '-----BEGIN %s-----\nAAAA\n-----END %s-----\n' "$kind" "$kind" >"$WORK/outside-key.pem"
(cd links && ln -s "$WORK/outside-key.pem" outside && ln -s .git dotgit && ln -s /etc/passwd passwd &&
  ln -s ../../../../../../../../etc/shadow climb && git add outside dotgit passwd climb)
pre_commit links
expect_status 0
expect_err_lacks 'error['

TEST "a submodule (gitlink) whose commit is not in the object store"
new_repo sub; setup sub
git -C sub update-index --add --cacheinfo "160000,$(printf '1%.0s' {1..40}),vendor/lib"
pre_commit sub
expect_status 0
run_in sub git commit -q -m "add gitlink"
expect_status 0

TEST "a 1 GiB sparse file is judged by size, never read into memory"
new_repo huge; setup huge
truncate -s 1G huge/zeros.bin
git -C huge add zeros.bin
if [ -x /usr/bin/time ]; then
  before=$(snapshot huge)
  run_in huge env GIT_INDEX_FILE=.git/index /usr/bin/time -v "$(hooks_dir huge)/pre-commit"
  after=$(snapshot huge)
  no_crash
  expect_eq "$after" "$before" "(the hook changed the repository)"
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<<"$err")
  [ -n "$rss_kb" ] && [ "$rss_kb" -lt 262144 ] || fail "peak RSS ${rss_kb:-?} KiB for a 1 GiB blob"
  echo "  (1 GiB blob: peak RSS ${rss_kb:-?} KiB)"
else
  pre_commit huge
fi
expect_status 1
expect_err_contains 'error[large-file]'
expect_err_contains 'zeros.bin'

TEST "binary files with conflict-marker-like bytes are not flagged"
new_repo bin; setup bin
printf 'PNG\0\0\0\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n' >bin/image.dat
git -C bin add image.dat
pre_commit bin
expect_status 0
expect_err_lacks 'conflict-marker'
printf '<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n' >bin/text.txt
git -C bin add text.txt
pre_commit bin
expect_status 1
expect_err_contains 'error[conflict-marker]'

TEST "an unborn branch: the first commit"
git init -q -b main unborn; setup unborn
echo "# new" >unborn/README.md
git -C unborn add README.md
pre_commit unborn
expect_status 0
run_in unborn git commit -q -m "first"
expect_status 0

TEST "detached HEAD"
new_repo detached; setup detached
git -C detached checkout -q --detach
echo x >detached/a.txt && git -C detached add a.txt
pre_commit detached
expect_status 0
run_in detached git commit -q -m "on a detached head"
expect_status 0

TEST "a shallow clone"
new_repo deep
for i in 1 2 3; do (cd deep && echo "$i" >"f$i.txt" && git add . && git commit -q -m "c$i" --no-verify); done
git clone -q --depth 1 "file://$WORK/deep" shallow
expect_eq "$(git -C shallow rev-parse --is-shallow-repository)" true
setup shallow
echo y >shallow/b.txt && git -C shallow add b.txt
pre_commit shallow
expect_status 0
run_in shallow git commit -q -m "in a shallow clone"
expect_status 0

TEST "a linked worktree runs the common directory's hooks"
new_repo mainwt; setup mainwt
git -C mainwt worktree add -q -b feature/linked "$WORK/linked"
echo z >linked/ok.txt && git -C linked add ok.txt
run_in linked git commit -q -m "in a linked worktree"
expect_status 0
echo z >linked/bad.orig && git -C linked add bad.orig
before=$(staged_snapshot linked)
run_in linked git commit -q -m "forbidden"
no_crash
expect_status 1
expect_err_contains 'error[forbidden-path]'
expect_eq "$(staged_snapshot linked)" "$before" "(a blocked commit changed the worktree)"

TEST "a bare repository: pre-receive judges pushes, pre-commit there fails cleanly"
git init -q --bare -b main bare.git
install_hooks "$WORK/bare.git"
[ -e bare.git/hooks/pre-receive ] || ln -sf "$HOOKS_BIN/pre-receive" bare.git/hooks/pre-receive
new_repo pusher
git -C pusher remote add origin "$WORK/bare.git"
run_in pusher git push -q origin main --no-verify
no_crash
expect_status 0
git -C pusher checkout -q -b Bad_Name
run_in pusher git push -q origin Bad_Name --no-verify
no_crash
expect_status 1
expect_err_contains 'branch-name'
# git never runs pre-commit in a bare repository; by hand it must still end cleanly.
run_in bare.git "$HOOKS_BIN/pre-commit"
no_crash

TEST "a SHA-256 repository: a clear message and exit 2, never a crash"
git init -q -b main --object-format=sha256 sha
(cd sha && echo "# s" >README.md && git add README.md && git commit -q -m first --no-verify)
run install-hooks --repo "$WORK/sha"
no_crash
[ "$status" != 0 ] || fail "install-hooks claims success on a repository it cannot read"
[[ "${err,,}" == *objectformat* || "${err,,}" == *sha256* ]] || fail "install-hooks does not say why: $err"
mkdir -p sha/.git/hooks && ln -sf "$HOOKS_BIN/pre-commit" sha/.git/hooks/pre-commit
echo t >sha/t.txt && git -C sha add t.txt
before=$(staged_snapshot sha)
run_in sha git commit -q -m "sha256 commit"
no_crash
expect_status 1 # git's own status for a refused commit
after=$(staged_snapshot sha)
expect_eq "$after" "$before"
run_in sha env GIT_INDEX_FILE=.git/index .git/hooks/pre-commit
no_crash
expect_status 2
[[ "${err,,}" == *sha256* || "${err,,}" == *objectformat* || "${err,,}" == *"object format"* ]] ||
  fail "the message does not name the object format: $err"

TEST "core.hooksPath, absolute"
new_repo abs
mkdir -p "$WORK/shared-hooks"
git -C abs config core.hooksPath "$WORK/shared-hooks"
setup abs
expect_file "$WORK/shared-hooks/pre-commit"
expect_no_file abs/.git/hooks/pre-commit
echo z >abs/bad.orig && git -C abs add bad.orig
run_in abs git commit -q -m "forbidden"
no_crash
expect_status 1
expect_err_contains 'error[forbidden-path]'

TEST "core.hooksPath, relative to the worktree root"
new_repo rel
git -C rel config core.hooksPath .githooks
setup rel
expect_file rel/.githooks/pre-commit
echo z >rel/bad.orig && git -C rel add bad.orig
run_in rel git commit -q -m "forbidden"
no_crash
expect_status 1
expect_err_contains 'error[forbidden-path]'
mkdir -p rel/sub/dir
git -C rel rm -q --cached bad.orig && echo ok >rel/sub/dir/fine.txt && git -C rel add sub/dir/fine.txt
run_in rel/sub/dir git commit -q -m "from a subdirectory"
no_crash
expect_status 0

TEST "a policy built to backtrack catastrophically finishes well under a second"
new_repo regex; setup regex
cat >regex/.warden.yml <<'EOF'
version: 1
files:
  max-path-length: 0
  forbidden: ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"]
  naming:
    - glob: "**"
      pattern: '^(a+)+$'
    - glob: "**"
      pattern: '^(a|aa)+(b|c)?(x+x+)+y$'
EOF
name=$(printf 'a%.0s' {1..3000})c
stage_blob regex "$name"
stage_blob regex "dir/$(printf 'a%.0s' {1..200})!"
pre_commit regex
expect_status 1
expect_err_contains 'error[file-naming]'
[ "$elapsed_ms" -lt 1000 ] || fail "pre-commit took ${elapsed_ms} ms"
echo "  (catastrophic patterns: ${elapsed_ms} ms)"

TEST "a policy glob with too many brace alternatives is a clear policy error"
new_repo braces; setup braces
{
  printf 'files:\n  forbidden: ["'
  for _ in $(seq 12); do printf '{a,b}'; done
  printf '"]\n'
} >braces/.warden.yml
echo x >braces/x.txt && git -C braces add x.txt
pre_commit braces
expect_status 2
expect_err_contains '.warden.yml:2:'

finish
