#!/usr/bin/env bash
# No lost work: install-hooks interrupted at any step leaves the hooks
# directory in its old or its new state (a foreign hook is never lost),
# --uninstall gives the directory back byte for byte, and no hook writes to
# the working tree or the index.
source "$(dirname "$0")/lib.sh"

HOOKS_BIN=$WARDEN_STAGE/libexec/warden

# dir_state DIR: names, types, modes, link targets and contents of every
# entry of DIR (a hooks directory), one line each, sorted. Leftover temporary
# files (".<name>.tmp.<pid>.<hex>", what an interrupted atomic write may
# leave) are listed apart, so a caller can tell them from real changes.
dir_state() {
  local d=$1
  [ -d "$d" ] || { echo "(no directory)"; return; }
  (cd "$d" && find . -mindepth 1 -printf '%P\t%y\t%m\t%l\n' | LC_ALL=C sort | while IFS=$'\t' read -r name type mode target; do
    case "$name" in .*.tmp.*) echo "TEMP $name"; continue ;; esac
    if [ "$type" = f ]; then sum=$(sha1sum <"$name" | cut -d' ' -f1); else sum=-; fi
    printf '%s %s %s %s %s\n' "$name" "$type" "$mode" "$target" "$sum"
  done)
}

# A repository with a foreign pre-commit hook (a secret scanner a user relies
# on), git's samples, and a policy with commands (so installing also trusts).
make_fixture() {
  new_repo "$1"
  (cd "$1" && cat >.warden.yml <<'EOF'
version: 1
commands:
  pre-commit:
    - name: lint
      run: "true"
EOF
    printf '#!/bin/sh\necho foreign-scanner >&2\nexit 0\n' >.git/hooks/pre-commit && chmod 755 .git/hooks/pre-commit)
}

TEST "install then --uninstall returns the hooks directory byte for byte"
make_fixture fx
orig=$(dir_state fx/.git/hooks)
install_hooks "$WORK/fx"
expect_eq "$(readlink fx/.git/hooks/pre-commit)" "$HOOKS_BIN/pre-commit"
expect_file fx/.git/hooks/pre-commit.local
installed=$(dir_state fx/.git/hooks)
run install-hooks --repo "$WORK/fx"
expect_status 0
expect_eq "$(dir_state fx/.git/hooks)" "$installed" "(a second install changed something)"
run install-hooks --repo "$WORK/fx" --uninstall
expect_status 0
expect_eq "$(dir_state fx/.git/hooks)" "$orig" "(uninstall did not restore the hooks directory)"
run install-hooks --repo "$WORK/fx" --uninstall
expect_status 0
expect_eq "$(dir_state fx/.git/hooks)" "$orig" "(a second uninstall changed something)"

TEST "--dry-run changes nothing"
make_fixture dry
orig=$(dir_state dry/.git/hooks)
conf=$(sha1sum <dry/.git/config)
run install-hooks --repo "$WORK/dry" --dry-run
expect_status 0
expect_eq "$(dir_state dry/.git/hooks)" "$orig"
expect_eq "$(sha1sum <dry/.git/config)" "$conf"

# The reference states: before and after a complete install.
make_fixture ref
OLD_STATE=$(dir_state ref/.git/hooks)
cp -a ref ref-done
# Outside any TEST: a failure here must stop the script, not be forgotten.
install-hooks --repo "$WORK/ref-done" >"$WORK/ref-done.log" 2>&1 ||
  { cat "$WORK/ref-done.log" >&2; echo "setup: install-hooks on the reference repository failed" >&2; exit 1; }
NEW_STATE=$(dir_state ref-done/.git/hooks)
FOREIGN=$(sha1sum <ref/.git/hooks/pre-commit | cut -d' ' -f1)

# group STATE HOOK: the lines of STATE (dir_state output) for HOOK and HOOK.local.
group() { grep -E "^$2(\.local)? " <<<"$1" || true; }
# others STATE: the lines for every other entry.
others() { grep -vE '^(pre-commit|commit-msg|pre-push|post-merge)(\.local)? ' <<<"$1" || true; }

# check_interrupted DIR HOW: after an interrupted install in DIR, the foreign
# hook's contents still exist (as pre-commit or pre-commit.local); every hook
# is in its old or its new state (installing several hooks is several steps,
# but each hook, with its .local, moves from old to new in one step, so git
# always finds either the user's hook or warden's); nothing else changed
# (leftover temporary files aside); and a plain rerun completes the install.
check_interrupted() {
  local d=$1 how=$2 state
  state=$(dir_state "$d/.git/hooks" | grep -v '^TEMP ')
  local kept=no
  for f in pre-commit pre-commit.local; do
    [ -f "$d/.git/hooks/$f" ] && [ "$(sha1sum <"$d/.git/hooks/$f" | cut -d' ' -f1)" = "$FOREIGN" ] && kept=yes
  done
  [ "$kept" = yes ] || fail "$how: the foreign pre-commit hook was lost"
  for hook in pre-commit commit-msg pre-push post-merge; do
    local now; now=$(group "$state" "$hook")
    if [ "$now" != "$(group "$OLD_STATE" "$hook")" ] && [ "$now" != "$(group "$NEW_STATE" "$hook")" ]; then
      fail "$how: $hook is neither as before nor installed: $(tr '\n' ';' <<<"$now")"
    fi
  done
  expect_eq "$(others "$state")" "$(others "$OLD_STATE")" "($how: other entries changed)"
  run install-hooks --repo "$d"
  [ "$status" = 0 ] || fail "$how: the rerun of install-hooks exited $status: ${err:0:1000}"
  expect_eq "$(dir_state "$d/.git/hooks" | grep -v '^TEMP ')" "$NEW_STATE" "($how: a rerun did not complete the install)"
}

if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
  # LeakSanitizer cannot run under ptrace: in a sanitizer build, the traced
  # runs check memory errors only.
  saved_asan_options=${ASAN_OPTIONS-}
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  TEST "install-hooks with a failing file-system call at every step (strace fault injection)"
  for sc in rename symlink unlink mkdir; do
    for n in 1 2 3 4 5; do
      rm -rf "$WORK/inj"; cp -a "$WORK/ref" "$WORK/inj"
      run strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:error=EIO:when=$n" \
        install-hooks --repo "$WORK/inj"
      [ "$status" -lt 128 ] || fail "$sc #$n: install-hooks died with signal $((status - 128))"
      check_interrupted "$WORK/inj" "EIO on $sc #$n"
    done
  done

  TEST "install-hooks killed at every file-system step (SIGKILL before the call)"
  for sc in rename symlink unlink; do
    for n in 1 2 3 4; do
      rm -rf "$WORK/kill"; cp -a "$WORK/ref" "$WORK/kill"
      run strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:error=EIO:signal=KILL:when=$n" \
        install-hooks --repo "$WORK/kill"
      check_interrupted "$WORK/kill" "SIGKILL at $sc #$n"
    done
  done
else
  TEST "install-hooks killed at varying points (SIGKILL)"
  for delay in 0.001 0.005 0.01 0.02 0.05; do
    rm -rf "$WORK/kill"; cp -a "$WORK/ref" "$WORK/kill"
    install-hooks --repo "$WORK/kill" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"; kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    check_interrupted "$WORK/kill" "SIGKILL after ${delay}s"
  done
fi
export ASAN_OPTIONS=${saved_asan_options-${ASAN_OPTIONS-}}

# worktree_state DIR: every file of the working tree (not .git) and the
# index bytes.
worktree_state() {
  (cd "$1" && find . -path ./.git -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha1sum; sha1sum .git/index)
}

TEST "no hook writes to the working tree or the index: pre-commit, blocked and passing"
new_repo_with_remote clean
install_hooks "$WORK/clean" --no-trust
echo "conflict" >clean/ok.txt && git -C clean add ok.txt
printf '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n' >clean/bad.txt && git -C clean add bad.txt
echo "untracked" >clean/untracked.txt
before=$(worktree_state clean)
run_in clean env GIT_INDEX_FILE=.git/index .git/hooks/pre-commit
expect_status 1
expect_err_contains 'error[conflict-marker]'
expect_eq "$(worktree_state clean)" "$before" "(a blocked pre-commit wrote something)"
git -C clean rm -q --cached bad.txt && rm clean/bad.txt
before=$(worktree_state clean)
run_in clean env GIT_INDEX_FILE=.git/index .git/hooks/pre-commit
expect_status 0
expect_eq "$(worktree_state clean)" "$before" "(a passing pre-commit wrote something)"

TEST "no hook writes to the working tree or the index: pre-push and post-merge"
git -C clean commit -q -m "ok" --no-verify
before=$(worktree_state clean)
line="refs/heads/main $(git -C clean rev-parse HEAD) refs/heads/main $(git -C clean rev-parse origin/main)"
(cd clean && printf '%s\n' "$line" | .git/hooks/pre-push origin "$WORK/clean.git" >"$WORK/.out" 2>"$WORK/.err")
status=$? err=$(cat "$WORK/.err")
expect_status 0
expect_eq "$(worktree_state clean)" "$before" "(pre-push wrote something)"
git -C clean checkout -q -b Bad_Branch
before=$(worktree_state clean)
(cd clean && printf 'refs/heads/Bad_Branch %s refs/heads/Bad_Branch %s\n' "$(git rev-parse HEAD)" \
  0000000000000000000000000000000000000000 | .git/hooks/pre-push origin "$WORK/clean.git" >/dev/null 2>&1)
pp=$?
[ "$pp" = 1 ] || fail "pre-push of a badly named branch exited $pp"
expect_eq "$(worktree_state clean)" "$before" "(a blocked pre-push wrote something)"
git -C clean checkout -q main
before=$(worktree_state clean)
run_in clean .git/hooks/post-merge 0
expect_status 0
expect_eq "$(worktree_state clean)" "$before" "(post-merge wrote something)"

finish
