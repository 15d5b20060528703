#!/usr/bin/env bash
# Trust (docs/push-checks.md): commands from a policy that changed after
# `warden trust` never run, whoever changed it (here: a teammate's commit
# arriving with `git pull`), until the user trusts again; and a policy cannot
# make the file checks run code.
source "$(dirname "$0")/lib.sh"

# A policy whose commands leave a mark file when they run.
policy_with() { # policy_with MARK_NAME
  cat <<EOF
version: 1
commands:
  pre-commit:
    - name: mark
      run: touch "\$HOME/$1"
  pre-push:
    - name: mark-push
      run: touch "\$HOME/$1-push"
  post-merge:
    - name: mark-merge
      run: touch "\$HOME/$1-merge"
EOF
}

# must CMD...: run a setup step and fail the test when it fails.
must() {
  run "$@"
  [ "$status" = 0 ] || fail "setup step failed ($status): $*; stderr: ${err:0:1000}"
}

# run_with_input INPUT DIR CMD...: like run_in, with INPUT on stdin.
run_with_input() {
  local input=$1 d=$2; shift 2
  pushd "$d" >/dev/null || return
  printf '%s\n' "$input" | "$@" >"$WORK/.out" 2>"$WORK/.err"
  status=$?
  out=$(cat "$WORK/.out"); err=$(cat "$WORK/.err")
  popd >/dev/null || return
}

no_evil() {
  expect_no_file "$HOME/evil"
  expect_no_file "$HOME/evil-merge"
  expect_no_file "$HOME/evil-push"
}

TEST "a pull that changes the commands: the new commands do not run until trusted"
new_repo_with_remote me
policy_with trusted >me/.warden.yml
must git -C me add .warden.yml
must git -C me commit -q -m "policy" --no-verify
must git -C me push -q origin main --no-verify
install_hooks "$WORK/me" # installing trusts the commands as they stand
echo a >me/a.txt
must git -C me add a.txt
run_in me git commit -q -m "a"
expect_status 0
expect_file "$HOME/trusted"

# A teammate (or an attacker with push access) changes the commands.
must git clone -q "$WORK/me.git" mate
policy_with evil >mate/.warden.yml
must git -C mate add .warden.yml
must git -C mate commit -q -m "innocent-looking change" --no-verify
must git -C mate push -q origin main --no-verify

run_in me git pull -q --no-rebase origin main
expect_status 0
expect_err_contains 'warn[command]' # post-merge skipped the untrusted command
grep -q 'touch "$HOME/evil"' me/.warden.yml || fail "the pull did not bring the changed policy"
no_evil
echo b >me/b.txt
must git -C me add b.txt
run_in me git commit -q -m "b"
expect_status 0 # untrusted commands are skipped with a warning, never run
expect_err_contains 'warn[command]'
expect_err_contains 'warden trust'
no_evil

TEST "hooks run directly, pre-push, and warden check do not run untrusted commands either"
line="refs/heads/main $(git -C me rev-parse HEAD) refs/heads/main $(git -C me rev-parse origin/main)"
run_with_input "$line" me .git/hooks/pre-push origin "$WORK/me.git"
expect_status 0
expect_err_contains 'warn[command]'
run_in me .git/hooks/post-merge 0
expect_status 0
expect_err_contains 'warn[command]'
run_in me warden check --all
expect_status 0
expect_eq "$out" "warden check: no findings"
no_evil

TEST "editing the commands locally also needs trust again"
policy_with local-edit >me/.warden.yml
echo c >me/c.txt
must git -C me add c.txt
run_in me git commit -q -m "c"
expect_status 0
expect_err_contains 'warn[command]'
expect_no_file "$HOME/local-edit"

TEST "warden trust approves them; then they run"
run_in me warden trust
expect_status 0
echo d >me/d.txt
must git -C me add d.txt
run_in me git commit -q -m "d"
expect_status 0
expect_file "$HOME/local-edit"

TEST "a policy cannot make the file checks run code"
new_repo files
cat >files/.warden.yml <<'EOF'
version: 1
files:
  forbidden: ["$(touch /tmp/warden-pwned-glob)", "`touch $HOME/pwned-backtick`"]
  naming:
    - glob: "*;touch $HOME/pwned-naming"
      pattern: '(?{system("touch pwned")})'
EOF
run_in files warden policy check
expect_status 2 # RE2 has no code callouts: the pattern is refused, never run
expect_err_contains ".warden.yml:6:16: bad pattern in 'files.naming.pattern'"
expect_no_file "$WORK/files/pwned"
expect_no_file /tmp/warden-pwned-glob
cat >files/.warden.yml <<'EOF'
version: 1
files:
  forbidden: ["$(touch $HOME/pwned-glob)", "`touch $HOME/pwned-backtick`", "x;touch $HOME/pwned-semi"]
  canonical-names: ["$(touch $HOME/pwned-canonical)"]
  required: ["README.md", "$(touch $HOME/pwned-required)"]
  naming:
    - glob: "*|touch $HOME/pwned-naming"
      pattern: '^.*$'
EOF
install_hooks "$WORK/files"
echo x >files/x.txt
must git -C files add x.txt .warden.yml
run_in files git commit -q -m "files only"
expect_status 0
for f in pwned-glob pwned-backtick pwned-semi pwned-canonical pwned-required pwned-naming; do
  expect_no_file "$HOME/$f"
done
expect_no_file /tmp/warden-pwned-glob

finish
