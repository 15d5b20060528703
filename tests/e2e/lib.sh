# Shared helpers for end-to-end tests: real git, real repositories in a fresh
# temporary directory, the staged warden binaries first on PATH.
#
#   source "$(dirname "$0")/lib.sh"
#   TEST "what it checks"
#   run git commit -m x        # sets $status, $out (stdout), $err (stderr)
#   expect_status 1; expect_err_contains 'error[case-collision]'
#   ...
#   finish                     # prints "N passed, M failed", exits non-zero on failure
set -uo pipefail
: "${WARDEN_STAGE:?WARDEN_STAGE must point at the build stage directory}"
export PATH="$WARDEN_STAGE/bin:$PATH"
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/warden-e2e.XXXXXX")
export HOME="$WORK/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE WARDEN_SKIP NO_COLOR WARDEN_DISCORD_WEBHOOK
git config --global user.name "Test User"
git config --global user.email "test@example.com"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
git config --global protocol.file.allow always

E2E_PASSED=0
E2E_FAILED=0
E2E_CURRENT=""
E2E_CURRENT_FAILED=0

_e2e_close() {
  [ -z "$E2E_CURRENT" ] && return 0
  if [ "$E2E_CURRENT_FAILED" = 0 ]; then
    E2E_PASSED=$((E2E_PASSED + 1)); echo "ok   - $E2E_CURRENT"
  else
    E2E_FAILED=$((E2E_FAILED + 1)); echo "FAIL - $E2E_CURRENT"
  fi
  E2E_CURRENT=""
}

# TEST NAME: start a test case (closes the previous one).
TEST() { _e2e_close; E2E_CURRENT=$1; E2E_CURRENT_FAILED=0; cd "$WORK"; }

fail() { echo "  $E2E_CURRENT: $*" >&2; E2E_CURRENT_FAILED=1; }

# run CMD...: run and capture $status, $out, $err (never aborts the script).
run() {
  local o="$WORK/.out" e="$WORK/.err"
  "$@" >"$o" 2>"$e" </dev/null
  status=$?
  out=$(cat "$o"); err=$(cat "$e")
}
# run_in DIR CMD...: run inside DIR.
run_in() { local d=$1; shift; pushd "$d" >/dev/null || return; run "$@"; popd >/dev/null || return; }

expect_status() {
  [ "$status" = "$1" ] || fail "expected exit $1, got $status; stderr: ${err:0:2000}; stdout: ${out:0:600}"
}
expect_err_contains() { [[ "$err" == *"$1"* ]] || fail "stderr lacks '$1'; stderr: ${err:0:2000}"; }
expect_err_lacks() { [[ "$err" != *"$1"* ]] || fail "stderr unexpectedly has '$1'; stderr: ${err:0:2000}"; }
expect_out_contains() { [[ "$out" == *"$1"* ]] || fail "stdout lacks '$1'; stdout: ${out:0:2000}"; }
expect_out_lacks() { [[ "$out" != *"$1"* ]] || fail "stdout unexpectedly has '$1'; stdout: ${out:0:2000}"; }
expect_eq() { [ "$1" = "$2" ] || fail "expected '$2', got '$1' ${3:-}"; }
expect_file() { [ -e "$1" ] || fail "missing file $1"; }
expect_no_file() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "file should not exist: $1"; }

# new_repo DIR: a fresh repository on main with one commit (README.md).
new_repo() {
  git init -q -b main "$1"
  (cd "$1" && echo "# test" > README.md && git add README.md && git commit -q -m "initial" --no-verify)
}

# new_repo_with_remote NAME: $WORK/NAME (clone) and $WORK/NAME.git (bare), main pushed,
# origin/HEAD set.
new_repo_with_remote() {
  local name=$1
  git init -q --bare -b main "$WORK/$name.git"
  new_repo "$WORK/$name"
  (cd "$WORK/$name" && git remote add origin "$WORK/$name.git" && git push -q -u origin main --no-verify 2>/dev/null \
    && git remote set-head origin main >/dev/null)
}

# install_hooks DIR [args...]: install warden's hooks, failing the test if it fails.
install_hooks() {
  local d=$1; shift
  run install-hooks --repo "$d" "$@"
  [ "$status" = 0 ] || fail "install-hooks failed ($status): $err"
}

# expect_no_libgit2 BINARY: BINARY neither loads libgit2 (ldd) nor carries
# it (nm: a static link would have it inside).
expect_no_libgit2() {
  [ -x "$1" ] || { fail "missing binary $1"; return; }
  run ldd "$1"
  if [ "$status" != 0 ]; then
    [[ "$out$err" == *"not a dynamic executable"* ]] || fail "ldd $1 failed ($status): $err"
  else
    [[ "$out" != *libgit2* ]] || fail "$1 links libgit2: $out"
  fi
  run nm "$1"
  if [ "$status" = 0 ]; then
    [[ "$out" != *" git_libgit2_init"* ]] || fail "$1 carries libgit2"
  else
    [[ "$err" == *"no symbols"* ]] || fail "nm $1 failed ($status): $err"
  fi
}

finish() {
  _e2e_close
  echo "$E2E_PASSED passed, $E2E_FAILED failed"
  if [ "$E2E_FAILED" = 0 ]; then rm -rf "$WORK"; exit 0; fi
  echo "kept $WORK for inspection" >&2
  exit 1
}
