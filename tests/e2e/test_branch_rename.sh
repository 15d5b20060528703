#!/usr/bin/env bash
# warden branch rename: local + remote rename, default branch, refusals,
# --dry-run and a failure midway (a remote that refuses deletions).
source "$(dirname "$0")/lib.sh"

# feature_branch DIR NAME: commit on a new branch NAME and push it with upstream.
feature_branch() {
  (cd "$1" && git checkout -q -b "$2" && echo "$2" > "f-${2//\//-}.txt" && git add . &&
    git commit -q -m "work on $2" --no-verify && git push -q -u origin "$2" --no-verify 2>/dev/null)
}
remote_has() { git --git-dir="$1" rev-parse -q --verify "refs/heads/$2" >/dev/null; }

TEST "rename the current branch: new name pushed with upstream, old name deleted on the remote"
new_repo_with_remote r
feature_branch r feature/a
old_oid=$(git -C r rev-parse feature/a)
run_in r warden branch rename feature/b
expect_status 0
expect_eq "$(git -C r rev-parse -q --verify feature/b)" "$old_oid" "(local feature/b)"
git -C r rev-parse -q --verify refs/heads/feature/a >/dev/null && fail "local feature/a still exists"
remote_has r.git feature/b || fail "remote lacks feature/b"
remote_has r.git feature/a && fail "remote still has feature/a"
expect_eq "$(git -C r config branch.feature/b.merge)" "refs/heads/feature/b" "(upstream merge)"
expect_eq "$(git -C r config branch.feature/b.remote)" "origin" "(upstream remote)"
expect_eq "$(git -C r symbolic-ref --short HEAD)" "feature/b" "(HEAD)"

TEST "rename a branch named explicitly while on another"
git -C r checkout -q main
run_in r warden branch rename feature/c feature/b
expect_status 0
remote_has r.git feature/c || fail "remote lacks feature/c"
remote_has r.git feature/b && fail "remote still has feature/b"
expect_eq "$(git -C r symbolic-ref --short HEAD)" "main" "(HEAD stays)"

TEST "--dry-run prints the plan and changes nothing"
run_in r warden branch rename feature/d feature/c --dry-run
expect_status 0
expect_out_contains "git branch -m feature/c feature/d"
expect_out_contains "git push origin --delete feature/c"
git -C r rev-parse -q --verify refs/heads/feature/c >/dev/null || fail "feature/c renamed by a dry run"
remote_has r.git feature/d && fail "a dry run pushed feature/d"

TEST "refused: the new name exists locally"
git -C r branch feature/taken main
run_in r warden branch rename feature/taken feature/c
expect_status 1
expect_err_contains "already exists"
git -C r rev-parse -q --verify refs/heads/feature/c >/dev/null || fail "feature/c changed"

TEST "refused: the new name exists on the remote only"
git clone -q r.git other
(cd other && git push -q origin main:refs/heads/feature/theirs --no-verify 2>/dev/null)
run_in r warden branch rename feature/theirs feature/c
expect_status 1
expect_err_contains "already exists on origin"
git -C r rev-parse -q --verify refs/heads/feature/c >/dev/null || fail "feature/c changed"

TEST "refused: the new name breaks branches.pattern"
run_in r warden branch rename Not_A_Good_Name feature/c
expect_status 1
expect_err_contains "branches.pattern"
git -C r rev-parse -q --verify refs/heads/feature/c >/dev/null || fail "feature/c changed"

TEST "refused: a merge in progress"
(cd r && git checkout -q -b feature/left main && echo left > clash.txt && git add clash.txt &&
  git commit -q -m left --no-verify && git checkout -q -b feature/right main && echo right > clash.txt &&
  git add clash.txt && git commit -q -m right --no-verify && git merge feature/left >/dev/null 2>&1)
run_in r warden branch rename feature/renamed
expect_status 1
expect_err_contains "merge is in progress"
git -C r rev-parse -q --verify refs/heads/feature/right >/dev/null || fail "feature/right changed"
git -C r merge --abort

TEST "a branch without an upstream is renamed locally only, and says so"
git -C r checkout -q -b feature/local main
run_in r warden branch rename feature/local2
expect_status 0
expect_out_contains "locally only"
git -C r rev-parse -q --verify refs/heads/feature/local2 >/dev/null || fail "feature/local2 missing"
remote_has r.git feature/local2 && fail "feature/local2 was pushed"

TEST "an invalid name or a missing branch is a usage error"
run_in r warden branch rename "feature/bad..name"
expect_status 2
run_in r warden branch rename feature/x feature/does-not-exist
expect_status 2
expect_err_contains "feature/does-not-exist"

TEST "rename the default branch: origin/HEAD follows, the hosting step is named"
new_repo_with_remote d
run_in d warden branch rename master
expect_status 0
remote_has d.git master || fail "remote lacks master"
expect_eq "$(git -C d symbolic-ref refs/remotes/origin/HEAD)" "refs/remotes/origin/master" "(origin/HEAD)"
expect_eq "$(git -C d config branch.master.merge)" "refs/heads/master" "(upstream)"
expect_out_contains "default branch"
expect_out_contains "git push origin --delete main"

TEST "rename the default branch once the hosting side already serves the new name"
new_repo_with_remote e
git --git-dir=e.git symbolic-ref HEAD refs/heads/master
run_in e warden branch rename master
expect_status 0
remote_has e.git master || fail "remote lacks master"
remote_has e.git main && fail "remote still has main"
expect_eq "$(git -C e symbolic-ref refs/remotes/origin/HEAD)" "refs/remotes/origin/master" "(origin/HEAD)"

TEST "a step that fails midway: says what was done and how to complete or undo it"
new_repo_with_remote f
feature_branch f feature/keep
cat > f.git/hooks/pre-receive <<'EOF'
#!/bin/sh
while read old new ref; do
  case "$new" in *[!0]*) ;; *) echo "deletions are not allowed here" >&2; exit 1 ;; esac
done
EOF
chmod +x f.git/hooks/pre-receive
run_in f warden branch rename feature/moved
expect_status 1
expect_err_contains "done so far"
expect_err_contains "renamed feature/keep -> feature/moved locally"
expect_err_contains "to complete"
expect_err_contains "git push origin --delete feature/keep"
expect_err_contains "to undo"
expect_err_contains "git push origin --delete feature/moved"
expect_err_contains "git branch -m feature/moved feature/keep"
remote_has f.git feature/moved || fail "feature/moved was not pushed"
remote_has f.git feature/keep || fail "feature/keep vanished"

TEST "with warden's hooks installed the rename passes its own pre-push"
new_repo_with_remote h
install_hooks h
feature_branch h feature/hooked
run_in h warden branch rename feature/hooked2
expect_status 0
remote_has h.git feature/hooked2 || fail "remote lacks feature/hooked2"
remote_has h.git feature/hooked && fail "remote still has feature/hooked"

TEST "branch rename --help"
run warden branch rename --help
expect_status 0
expect_out_contains "--dry-run"

finish
