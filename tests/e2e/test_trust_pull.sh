#!/usr/bin/env bash
# Trust (SPEC section 7): commands from a policy that changed after
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
  post-merge:
    - name: mark-merge
      run: touch "\$HOME/$1-merge"
EOF
}

TEST "a pull that changes the commands: the new commands do not run until trusted"
new_repo_with_remote me
policy_with trusted >me/.warden.yml
git -C me add .warden.yml && git -C me commit -q -m "policy" --no-verify && git -C me push -q origin main --no-verify
install_hooks "$WORK/me" # installing trusts the commands as they stand
echo a >me/a.txt && git -C me add a.txt
run_in me git commit -q -m "a"
expect_status 0
expect_file "$HOME/trusted"

# A teammate (or an attacker with push access) changes the commands.
git clone -q "$WORK/me.git" mate
policy_with evil >mate/.warden.yml
git -C mate add .warden.yml && git -C mate commit -q -m "innocent-looking change" --no-verify
git -C mate push -q origin main --no-verify

run_in me git pull -q --no-rebase origin main
no_evil() {
  expect_no_file "$HOME/evil"
  expect_no_file "$HOME/evil-merge"
}
no_evil
echo b >me/b.txt && git -C me add b.txt
run_in me git commit -q -m "b"
expect_status 0 # untrusted commands are skipped with a warning, never run
expect_err_contains 'warn[command]'
expect_err_contains 'warden trust'
no_evil

TEST "hooks run directly, pre-push, and warden check do not run untrusted commands either"
line="refs/heads/main $(git -C me rev-parse HEAD) refs/heads/main $(git -C me rev-parse origin/main)"
(cd me && printf '%s\n' "$line" | .git/hooks/pre-push origin "$WORK/me.git" >/dev/null 2>&1)
(cd me && .git/hooks/post-merge 0 >/dev/null 2>&1)
(cd me && warden check --all >/dev/null 2>&1)
no_evil

TEST "editing the commands locally also needs trust again"
policy_with local-edit >me/.warden.yml
echo c >me/c.txt && git -C me add c.txt
run_in me git commit -q -m "c"
expect_err_contains 'warn[command]'
expect_no_file "$HOME/local-edit"

TEST "warden trust approves them; then they run"
run_in me warden trust
expect_status 0
echo d >me/d.txt && git -C me add d.txt
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
[ "$status" = 0 ] || [ "$status" = 2 ] || fail "policy check exited $status"
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
echo x >files/x.txt && git -C files add x.txt .warden.yml
run_in files git commit -q -m "files only"
for f in pwned-glob pwned-backtick pwned-semi pwned-canonical pwned-required pwned-naming; do
  expect_no_file "$HOME/$f"
done
expect_no_file /tmp/warden-pwned-glob

finish
