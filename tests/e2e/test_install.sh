#!/usr/bin/env bash
# install-hooks (docs/install-hooks.md): where links go, foreign hooks kept and
# chained, idempotence, --dry-run, --force, --uninstall restoring the
# directory byte for byte.
source "$(dirname "$0")/lib.sh"

LIBEXEC="$WARDEN_STAGE/libexec/warden"

# snapshot DIR: names, types, modes, sizes, times, link targets and the hash
# of every file in DIR: equal snapshots mean an identical directory.
snapshot() {
  (cd "$1" && ls -la --time-style=full-iso . | grep -v ' \.\.\?$' | tail -n +2
   find . -maxdepth 1 -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

# foreign_hook PATH MARKER STATUS: a shell hook that records its arguments and
# stdin in MARKER and exits with STATUS.
foreign_hook() {
  printf '#!/bin/sh\necho "args: $*" > "%s"\ncat >> "%s"\nexit %s\n' "$2" "$2" "$3" > "$1"
  chmod +x "$1"
}

TEST "install links the policy's hooks to the installed binaries"
new_repo "$WORK/r1"
install_hooks "$WORK/r1"
expect_out_contains "linked pre-commit -> $LIBEXEC/pre-commit"
expect_out_contains "linked pre-push -> $LIBEXEC/pre-push"
expect_out_contains "linked post-merge -> $LIBEXEC/post-merge"
expect_eq "$(readlink "$WORK/r1/.git/hooks/pre-commit")" "$LIBEXEC/pre-commit"
expect_eq "$(readlink "$WORK/r1/.git/hooks/pre-push")" "$LIBEXEC/pre-push"
expect_eq "$(readlink "$WORK/r1/.git/hooks/post-merge")" "$LIBEXEC/post-merge"
expect_no_file "$WORK/r1/.git/hooks/pre-receive"
expect_no_file "$WORK/r1/.git/hooks/reference-transaction"

TEST "a clean commit passes through the installed pre-commit hook"
echo "hello" > "$WORK/r1/hello.txt"
git -C "$WORK/r1" add hello.txt
run_in "$WORK/r1" git commit -q -m "add hello"
expect_status 0
expect_eq "$(git -C "$WORK/r1" log -1 --format=%s)" "add hello"

TEST "the installed hook blocks a case collision"
printf 'x\n' > "$WORK/r1/Hello.txt"
git -C "$WORK/r1" add Hello.txt
run_in "$WORK/r1" git commit -q -m "collide"
expect_status 1
expect_err_contains "error[case-collision]"
git -C "$WORK/r1" rm -q --cached Hello.txt

TEST "a second run changes nothing and says so"
before=$(snapshot "$WORK/r1/.git/hooks")
install_hooks "$WORK/r1"
expect_out_contains "already installed: pre-commit"
expect_out_contains "already installed: pre-push"
expect_out_contains "nothing to change"
expect_out_lacks "linked"
expect_eq "$(snapshot "$WORK/r1/.git/hooks")" "$before"

TEST "run from inside the repository without --repo"
new_repo "$WORK/r2"
mkdir -p "$WORK/r2/sub/dir"
run_in "$WORK/r2/sub/dir" install-hooks
expect_status 0
expect_eq "$(readlink "$WORK/r2/.git/hooks/pre-commit")" "$LIBEXEC/pre-commit"

TEST "--dry-run prints the plan and changes nothing"
new_repo "$WORK/r3"
foreign_hook "$WORK/r3/.git/hooks/pre-push" "$WORK/r3.marker" 0
before=$(snapshot "$WORK/r3/.git/hooks")
run install-hooks --repo "$WORK/r3" --dry-run
expect_status 0
expect_out_contains "would link pre-commit -> $LIBEXEC/pre-commit"
expect_out_contains "pre-push.local"
expect_eq "$(snapshot "$WORK/r3/.git/hooks")" "$before"
expect_no_file "$WORK/r3/.git/hooks/pre-commit"

TEST "a foreign hook is kept as <hook>.local and --uninstall restores the directory byte for byte"
new_repo "$WORK/r4"
foreign_hook "$WORK/r4/.git/hooks/pre-commit" "$WORK/r4.marker" 0
printf 'not a hook\n' > "$WORK/r4/.git/hooks/notes.txt"
ln -s pre-commit "$WORK/r4/.git/hooks/commit-msg"
before=$(snapshot "$WORK/r4/.git/hooks")
install_hooks "$WORK/r4"
expect_out_contains "kept foreign hook as pre-commit.local (runs after warden's checks)"
expect_out_contains "linked pre-commit -> $LIBEXEC/pre-commit"
expect_file "$WORK/r4/.git/hooks/pre-commit.local"
expect_eq "$(readlink "$WORK/r4/.git/hooks/pre-commit")" "$LIBEXEC/pre-commit"
run install-hooks --repo "$WORK/r4" --uninstall
expect_status 0
expect_out_contains "restored pre-commit from pre-commit.local"
expect_out_contains "removed pre-push"
expect_eq "$(snapshot "$WORK/r4/.git/hooks")" "$before"

TEST "--uninstall with nothing installed says so"
run install-hooks --repo "$WORK/r4" --uninstall
expect_status 0
expect_out_contains "nothing to change"

TEST "the chained pre-commit runs after warden's checks, and its exit status counts"
new_repo "$WORK/r5"
foreign_hook "$WORK/r5/.git/hooks/pre-commit" "$WORK/r5.marker" 0
install_hooks "$WORK/r5"
echo a > "$WORK/r5/a.txt"
git -C "$WORK/r5" add a.txt
run_in "$WORK/r5" git commit -q -m "a"
expect_status 0
expect_file "$WORK/r5.marker"
# warden blocks first: the foreign hook does not run.
rm -f "$WORK/r5.marker"
echo b > "$WORK/r5/A.txt"
git -C "$WORK/r5" add A.txt
run_in "$WORK/r5" git commit -q -m "collide"
expect_status 1
expect_no_file "$WORK/r5.marker"
git -C "$WORK/r5" rm -q --cached A.txt
# the foreign hook fails: so does the commit.
foreign_hook "$WORK/r5/.git/hooks/pre-commit.local" "$WORK/r5.marker" 3
echo c > "$WORK/r5/c.txt"
git -C "$WORK/r5" add c.txt
run_in "$WORK/r5" git commit -q -m "c"
[ "$status" != 0 ] || fail "a failing chained hook must fail the commit"
expect_file "$WORK/r5.marker"
expect_eq "$(git -C "$WORK/r5" log -1 --format=%s)" "a"

TEST "a non-executable chained hook is reported, not run"
chmod -x "$WORK/r5/.git/hooks/pre-commit.local"
rm -f "$WORK/r5.marker"
run_in "$WORK/r5" git commit -q -m "c"
expect_status 0
expect_err_contains "not executable"
expect_no_file "$WORK/r5.marker"

TEST "the chained pre-push gets git's arguments and stdin"
new_repo_with_remote r6
foreign_hook "$WORK/r6/.git/hooks/pre-push" "$WORK/r6.marker" 0
install_hooks "$WORK/r6"
git -C "$WORK/r6" checkout -q -b feature/x
echo x > "$WORK/r6/x.txt"
git -C "$WORK/r6" add x.txt
git -C "$WORK/r6" commit -q -m "x"
run_in "$WORK/r6" git push -q -u origin feature/x
expect_status 0
expect_file "$WORK/r6.marker"
marker=$(cat "$WORK/r6.marker" 2>/dev/null)
[[ "$marker" == *"args: origin $WORK/r6.git"* ]] || fail "chained pre-push lacks its arguments: $marker"
[[ "$marker" == *"refs/heads/feature/x $(git -C "$WORK/r6" rev-parse HEAD) refs/heads/feature/x"* ]] \
  || fail "chained pre-push lacks its stdin: $marker"

TEST "<hook>.local already there: refused without --force, replaced with it"
new_repo "$WORK/r7"
foreign_hook "$WORK/r7/.git/hooks/pre-commit" "$WORK/r7.marker" 0
printf '#!/bin/sh\nexit 0\n# old\n' > "$WORK/r7/.git/hooks/pre-commit.local"
run install-hooks --repo "$WORK/r7"
expect_status 1
expect_err_contains "refused pre-commit"
expect_err_contains "--force"
expect_out_contains "linked pre-push"
[ -L "$WORK/r7/.git/hooks/pre-commit" ] && fail "the foreign pre-commit must stay in place"
run install-hooks --repo "$WORK/r7" --force
expect_status 0
expect_eq "$(readlink "$WORK/r7/.git/hooks/pre-commit")" "$LIBEXEC/pre-commit"
grep -q "r7.marker" "$WORK/r7/.git/hooks/pre-commit.local" || fail "pre-commit.local is not the foreign hook"

TEST "a dangling link or a link to another warden install needs --force"
new_repo "$WORK/r8"
ln -s "$WORK/nowhere/pre-commit" "$WORK/r8/.git/hooks/pre-commit"
mkdir -p "$WORK/old/libexec/warden"
printf '#!/bin/sh\nexit 0\n' > "$WORK/old/libexec/warden/pre-push"
chmod +x "$WORK/old/libexec/warden/pre-push"
ln -s "$WORK/old/libexec/warden/pre-push" "$WORK/r8/.git/hooks/pre-push"
run install-hooks --repo "$WORK/r8"
expect_status 1
expect_err_contains "refused pre-commit"
expect_err_contains "refused pre-push"
expect_eq "$(readlink "$WORK/r8/.git/hooks/pre-push")" "$WORK/old/libexec/warden/pre-push"
run install-hooks --repo "$WORK/r8" --force
expect_status 0
expect_out_contains "replaced pre-commit"
expect_out_contains "replaced pre-push"
expect_eq "$(readlink "$WORK/r8/.git/hooks/pre-commit")" "$LIBEXEC/pre-commit"
expect_eq "$(readlink "$WORK/r8/.git/hooks/pre-push")" "$LIBEXEC/pre-push"
expect_no_file "$WORK/r8/.git/hooks/pre-commit.local"

TEST "--hooks chooses the hooks; an unknown name is a usage error"
new_repo "$WORK/r9"
run install-hooks --repo "$WORK/r9" --hooks "pre-commit, pre-push"
expect_status 0
expect_file "$WORK/r9/.git/hooks/pre-commit"
expect_no_file "$WORK/r9/.git/hooks/post-merge"
run install-hooks --repo "$WORK/r9" --hooks pre-comit
expect_status 2
expect_err_contains "pre-comit"

TEST "a hook without an installed binary is skipped loudly"
run install-hooks --repo "$WORK/r9" --hooks post-checkout
expect_status 1
expect_err_contains "skipped post-checkout: not installed at $LIBEXEC/post-checkout"
expect_no_file "$WORK/r9/.git/hooks/post-checkout"

TEST "the policy's hooks decide what is linked"
new_repo "$WORK/r10"
printf 'version: 1\nhooks: [pre-commit]\n' > "$WORK/r10/.warden.yml"
install_hooks "$WORK/r10"
expect_file "$WORK/r10/.git/hooks/pre-commit"
expect_no_file "$WORK/r10/.git/hooks/pre-push"

TEST "a webhook with events whose hook is not linked is warned about; nothing else is linked"
run env WARDEN_DISCORD_WEBHOOK=http://127.0.0.1:9/hook install-hooks --repo "$WORK/r10"
expect_status 0
expect_err_contains "pre-push is not among the hooks"
expect_no_file "$WORK/r10/.git/hooks/pre-push"
expect_no_file "$WORK/r10/.git/hooks/reference-transaction"
run install-hooks --repo "$WORK/r10"
expect_status 0
expect_err_lacks "not among the hooks"

TEST "a malformed policy: exit 2 with file:line:column"
new_repo "$WORK/r11"
printf 'version: 1\nhooks: [pre-commit\n' > "$WORK/r11/.warden.yml"
run install-hooks --repo "$WORK/r11"
expect_status 2
[[ "$err" =~ \.warden\.yml:[0-9]+:[0-9]+ ]] || fail "no file:line:column in: $err"
expect_no_file "$WORK/r11/.git/hooks/pre-commit"

TEST "outside a repository: exit 2 with a clear message"
mkdir -p "$WORK/plain"
run_in "$WORK/plain" install-hooks
expect_status 2
expect_err_contains "not a git repository"
run install-hooks --repo "$WORK/does-not-exist"
expect_status 2
expect_err_contains "does-not-exist"

TEST "a bare repository gets pre-receive"
git init -q --bare "$WORK/bare.git"
install_hooks "$WORK/bare.git"
expect_eq "$(readlink "$WORK/bare.git/hooks/pre-receive")" "$LIBEXEC/pre-receive"
expect_no_file "$WORK/bare.git/hooks/pre-commit"
expect_no_file "$WORK/bare.git/hooks/pre-push"

TEST "core.hooksPath relative: links go where git looks, and the hook runs"
new_repo "$WORK/r12"
git -C "$WORK/r12" config core.hooksPath .githooks
install_hooks "$WORK/r12"
expect_eq "$(readlink "$WORK/r12/.githooks/pre-commit")" "$LIBEXEC/pre-commit"
expect_no_file "$WORK/r12/.git/hooks/pre-commit"
echo x > "$WORK/r12/Foo.txt"; echo y > "$WORK/r12/foo.txt"
git -C "$WORK/r12" add Foo.txt foo.txt
run_in "$WORK/r12" git commit -q -m "collide"
expect_status 1
expect_err_contains "error[case-collision]"

TEST "core.hooksPath absolute"
new_repo "$WORK/r13"
git -C "$WORK/r13" config core.hooksPath "$WORK/shared-hooks"
install_hooks "$WORK/r13"
expect_eq "$(readlink "$WORK/shared-hooks/pre-commit")" "$LIBEXEC/pre-commit"
echo x > "$WORK/r13/Foo.txt"; echo y > "$WORK/r13/foo.txt"
git -C "$WORK/r13" add Foo.txt foo.txt
run_in "$WORK/r13" git commit -q -m "collide"
expect_status 1
expect_err_contains "error[case-collision]"

TEST "a linked worktree installs into the common directory"
new_repo "$WORK/r14"
git -C "$WORK/r14" worktree add -q -b feature/wt "$WORK/r14-wt"
install_hooks "$WORK/r14-wt"
expect_eq "$(readlink "$WORK/r14/.git/hooks/pre-commit")" "$LIBEXEC/pre-commit"
expect_no_file "$WORK/r14/.git/worktrees/r14-wt/hooks/pre-commit"

TEST "installing trusts the policy's commands and prints them"
new_repo "$WORK/r15"
cat > "$WORK/r15/.warden.yml" <<'EOF'
version: 1
commands:
  pre-commit:
    - name: marker
      run: touch commands-ran
EOF
install_hooks "$WORK/r15"
expect_out_contains "marker"
expect_out_contains "touch commands-ran"
[ -n "$(git -C "$WORK/r15" config --get warden.trusted)" ] || fail "warden.trusted not recorded"
install_hooks "$WORK/r15"
expect_out_contains "nothing to change"
echo a > "$WORK/r15/a.txt"
git -C "$WORK/r15" add a.txt .warden.yml
run_in "$WORK/r15" git commit -q -m "a"
expect_status 0
expect_file "$WORK/r15/commands-ran"

TEST "--no-trust links without trusting"
new_repo "$WORK/r16"
cp "$WORK/r15/.warden.yml" "$WORK/r16/.warden.yml"
install_hooks "$WORK/r16" --no-trust
expect_out_lacks "touch commands-ran"
[ -z "$(git -C "$WORK/r16" config --get warden.trusted)" ] || fail "warden.trusted recorded with --no-trust"

TEST "--help"
run install-hooks --help
expect_status 0
expect_out_contains "--uninstall"
run install-hooks --no-such-flag
expect_status 2

finish
