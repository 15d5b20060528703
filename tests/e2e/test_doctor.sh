#!/usr/bin/env bash
# warden doctor (docs/install-hooks.md): every problem named with its fix; exit 0
# when healthy, 1 when something is wrong.
source "$(dirname "$0")/lib.sh"

LIBEXEC="$WARDEN_STAGE/libexec/warden"

TEST "a repository set up by install-hooks is healthy"
new_repo_with_remote r1
install_hooks "$WORK/r1"
run_in "$WORK/r1" warden doctor
expect_status 0
expect_out_contains "pre-commit -> $LIBEXEC/pre-commit"
expect_out_contains "embedded default"
expect_out_contains "healthy"
expect_out_lacks "problem:"

TEST "missing hooks are reported with the install command"
new_repo_with_remote r2
run_in "$WORK/r2" warden doctor
expect_status 1
expect_out_contains "pre-commit is not installed"
expect_out_contains "post-merge is not installed"
expect_out_contains "fix: install-hooks --repo $WORK/r2"

TEST "a foreign hook, a dangling link and a link to another install"
printf '#!/bin/sh\nexit 0\n' > "$WORK/r2/.git/hooks/pre-commit"
chmod +x "$WORK/r2/.git/hooks/pre-commit"
ln -s "$WORK/nowhere/pre-push" "$WORK/r2/.git/hooks/pre-push"
mkdir -p "$WORK/old/libexec/warden"
printf '#!/bin/sh\nexit 0\n' > "$WORK/old/libexec/warden/post-merge"
chmod +x "$WORK/old/libexec/warden/post-merge"
ln -s "$WORK/old/libexec/warden/post-merge" "$WORK/r2/.git/hooks/post-merge"
run_in "$WORK/r2" warden doctor
expect_status 1
expect_out_contains "pre-commit is a foreign hook"
expect_out_contains "pre-commit.local"
expect_out_contains "pre-push is a dangling link to $WORK/nowhere/pre-push"
expect_out_contains "post-merge links to another warden install"
expect_out_contains "--force"

TEST "the fixes it names work"
run install-hooks --repo "$WORK/r2" --force
expect_status 0
run_in "$WORK/r2" warden doctor
expect_status 0
expect_out_contains "pre-commit.local runs after warden's pre-commit checks"

TEST "a link to a binary that is not executable"
new_repo_with_remote r3
mkdir -p "$WORK/libexec-noexec"
for hook in pre-commit pre-push post-merge; do
  printf '#!/bin/sh\nexit 0\n' > "$WORK/libexec-noexec/$hook"
  ln -s "$WORK/libexec-noexec/$hook" "$WORK/r3/.git/hooks/$hook"
done
run_in "$WORK/r3" env WARDEN_LIBEXEC_DIR="$WORK/libexec-noexec" warden doctor
expect_status 1
expect_out_contains "not executable"
expect_out_contains "chmod +x $WORK/libexec-noexec/pre-commit"

TEST "an install whose binaries went away or lost the executable bit"
new_repo_with_remote r8
# Hard links keep the copy cheap; the one binary whose mode changes is a real copy.
cp -al "$WARDEN_STAGE" "$WORK/prefix" 2>/dev/null || { rm -rf "$WORK/prefix"; cp -a "$WARDEN_STAGE" "$WORK/prefix"; }
rm "$WORK/prefix/libexec/warden/pre-push"
cp "$WARDEN_STAGE/libexec/warden/pre-push" "$WORK/prefix/libexec/warden/pre-push"
run "$WORK/prefix/bin/install-hooks" --repo "$WORK/r8"
expect_status 0
rm "$WORK/prefix/libexec/warden/post-merge"
chmod -x "$WORK/prefix/libexec/warden/pre-push"
run_in "$WORK/r8" "$WORK/prefix/bin/warden" doctor
expect_status 1
expect_out_contains "post-merge is a dangling link to $WORK/prefix/libexec/warden/post-merge"
expect_out_contains "pre-push links to $WORK/prefix/libexec/warden/pre-push, which is not executable"
expect_out_contains "chmod +x $WORK/prefix/libexec/warden/pre-push"
expect_out_contains "ok: pre-commit -> $WORK/prefix/libexec/warden/pre-commit"

TEST "the policy in force, and a policy that does not parse"
new_repo_with_remote r4
install_hooks "$WORK/r4"
printf 'version: 1\nbranches:\n  default-branch: main\n' > "$WORK/r4/.warden.yml"
run_in "$WORK/r4" warden doctor
expect_status 0
expect_out_contains ".warden.yml (parses)"
printf 'version: 1\nbranches:\n  default-branch: [main\n' > "$WORK/r4/.warden.yml"
run_in "$WORK/r4" warden doctor
expect_status 1
expect_out_contains "the policy does not load"
[[ "$out" =~ \.warden\.yml:[0-9]+:[0-9]+ ]] || fail "no file:line:column in: $out"
expect_out_contains "warden policy check"

TEST "branches: no upstream, upstream gone, upstream of another name"
new_repo_with_remote r5
install_hooks "$WORK/r5"
git -C "$WORK/r5" branch feature/local-only
git -C "$WORK/r5" branch feature/gone
git -C "$WORK/r5" push -q --no-verify -u origin feature/gone 2>/dev/null || fail "setup: push feature/gone"
git -C "$WORK/r5" push -q --no-verify origin --delete feature/gone 2>/dev/null || fail "setup: delete feature/gone"
git -C "$WORK/r5" branch feature/renamed
git -C "$WORK/r5" push -q --no-verify origin feature/renamed:feature/other 2>/dev/null || fail "setup: push feature/other"
git -C "$WORK/r5" branch -q --set-upstream-to=origin/feature/other feature/renamed
run_in "$WORK/r5" warden doctor
expect_status 1
expect_out_contains "branch feature/local-only has no upstream"
expect_out_contains "git push -u origin feature/local-only"
expect_out_contains "branch feature/gone tracks origin/feature/gone, which is gone"
expect_out_contains "branch feature/renamed tracks origin/feature/other: the names differ"
expect_out_contains "warden branch sync --fix"
expect_out_contains "branch main tracks origin/main"

TEST "<remote>/HEAD missing or pointing elsewhere"
new_repo_with_remote r6
install_hooks "$WORK/r6"
git -C "$WORK/r6" remote set-head origin -d >/dev/null
run_in "$WORK/r6" warden doctor
expect_status 1
expect_out_contains "origin/HEAD is missing"
expect_out_contains "git remote set-head origin main"
git -C "$WORK/r6" push -q --no-verify origin main:develop 2>/dev/null || fail "setup: push develop"
git -C "$WORK/r6" remote set-head origin develop >/dev/null
# With the default branches.default-branch: "", origin/HEAD is the default branch.
run_in "$WORK/r6" warden doctor
expect_status 0
expect_out_contains "origin/HEAD -> origin/develop"
printf 'version: 1\nbranches:\n  default-branch: main\n' > "$WORK/r6/.warden.yml"
run_in "$WORK/r6" warden doctor
expect_status 1
expect_out_contains "origin/HEAD points at origin/develop, not origin/main (branches.default-branch)"
expect_out_contains "fix: git remote set-head origin main"
git -C "$WORK/r6" remote set-head origin main >/dev/null
run_in "$WORK/r6" warden doctor
expect_status 0

TEST "a repository without the remote: upstream checks are skipped, not failed"
new_repo "$WORK/r7"
install_hooks "$WORK/r7"
run_in "$WORK/r7" warden doctor
expect_status 0
expect_out_contains "no remote 'origin'"

TEST "a bare repository: pre-receive"
git init -q --bare "$WORK/bare.git"
run_in "$WORK/bare.git" warden doctor
expect_status 1
expect_out_contains "pre-receive is not installed"
install_hooks "$WORK/bare.git"
run_in "$WORK/bare.git" warden doctor
expect_status 0

TEST "outside a repository: exit 2"
mkdir -p "$WORK/plain"
run_in "$WORK/plain" warden doctor
expect_status 2
expect_err_contains "not a git repository"

TEST "--help"
run warden doctor --help
expect_status 0
expect_out_contains "doctor"

finish
