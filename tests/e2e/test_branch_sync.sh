#!/usr/bin/env bash
# warden branch sync: a second clone moves the shared remote; sync brings
# the first one along without touching anything that is not safe.
source "$(dirname "$0")/lib.sh"

# commit_push DIR BRANCH FILE: commit FILE on BRANCH in DIR and push it.
commit_push() {
  (cd "$1" && git checkout -q "$2" && echo "$3 $RANDOM" >> "$3" && git add "$3" &&
    git commit -q -m "change $3" --no-verify && git push -q origin "$2" --no-verify 2>/dev/null)
}
oid() { git -C "$1" rev-parse "$2"; }

cd "$WORK"
new_repo_with_remote r
(cd r && for b in feature/a feature/b feature/c feature/d; do
   git branch "$b" main && git push -q -u origin "$b" --no-verify 2>/dev/null; done)
git clone -q r.git o
(cd o && for b in feature/a feature/b feature/c feature/d; do git branch -q --track "$b" "origin/$b"; done)

TEST "behind branches are fast-forwarded: the current one by merge, others by update-ref"
commit_push o main m.txt
commit_push o feature/a a.txt
run_in r warden branch sync
expect_status 0
expect_eq "$(oid r main)" "$(oid o main)" "(main)"
expect_eq "$(oid r feature/a)" "$(oid o feature/a)" "(feature/a)"
expect_file r/m.txt
expect_out_contains "fast-forwarded feature/a"
expect_out_contains "fast-forwarded main"

TEST "--dry-run changes nothing"
commit_push o feature/a a.txt
before=$(oid r feature/a); before_remote=$(oid r origin/feature/a)
run_in r warden branch sync --dry-run
expect_status 0
expect_out_contains "would run: git fetch --prune origin"
expect_eq "$(oid r feature/a)" "$before" "(feature/a moved)"
expect_eq "$(oid r origin/feature/a)" "$before_remote" "(origin/feature/a moved)"

TEST "the current branch with uncommitted changes is left alone"
commit_push o main m.txt
before=$(oid r main)
echo dirty >> r/README.md
run_in r warden branch sync
expect_status 0
expect_eq "$(oid r main)" "$before" "(main moved)"
expect_out_contains "uncommitted changes"
expect_eq "$(oid r feature/a)" "$(oid o feature/a)" "(feature/a still synced)"
git -C r checkout -q README.md

TEST "diverged branches are reported, not moved"
commit_push o feature/b b.txt
(cd r && git checkout -q feature/b && echo mine > mine.txt && git add mine.txt &&
  git commit -q -m mine --no-verify && git checkout -q main)
before=$(oid r feature/b)
run_in r warden branch sync
expect_status 0
expect_eq "$(oid r feature/b)" "$before" "(feature/b moved)"
expect_out_contains "diverged: feature/b"

TEST "a branch checked out in another worktree is left alone"
git -C r worktree add -q ../wt feature/c
commit_push o feature/c c.txt
before=$(oid r feature/c)
run_in r warden branch sync
expect_status 0
expect_eq "$(oid r feature/c)" "$before" "(feature/c moved)"
expect_out_contains "left feature/c alone"
git -C r worktree remove --force ../wt

TEST "a missing origin/HEAD is set from the remote"
git -C r remote set-head origin --delete
run_in r warden branch sync
expect_status 0
expect_eq "$(git -C r symbolic-ref refs/remotes/origin/HEAD)" "refs/remotes/origin/main" "(origin/HEAD)"

TEST "gone branches are reported and their remote-tracking refs pruned"
(cd o && git push -q origin --delete feature/d --no-verify 2>/dev/null)
run_in r warden branch sync
expect_status 0
expect_out_contains "gone: feature/d"
git -C r rev-parse -q --verify refs/remotes/origin/feature/d >/dev/null && fail "origin/feature/d not pruned"
git -C r rev-parse -q --verify refs/heads/feature/d >/dev/null || fail "sync deleted feature/d"

TEST "a mismatched upstream is reported, and --fix repairs it"
(cd r && git branch -q feature/m origin/main && git branch -q feature/n origin/main &&
  git push -q origin feature/n:refs/heads/feature/n --no-verify 2>/dev/null)
run_in r warden branch sync
expect_status 0
expect_out_contains "mismatched upstream: feature/m tracks origin/main"
expect_eq "$(git -C r config branch.feature/m.merge)" "refs/heads/main" "(untouched without --fix)"
run_in r warden branch sync --fix
expect_status 0
expect_eq "$(git -C r config branch.feature/n.merge)" "refs/heads/feature/n" "(feature/n retargeted)"
git -C r config branch.feature/m.merge >/dev/null && fail "feature/m still tracks another branch"
expect_out_contains "fixed: feature/m"
expect_out_contains "publish it with: git push -u origin feature/m"

TEST "--fix never suggests publishing a name pre-push refuses"
(cd r && git branch -q My_Bad_Branch origin/main)
run_in r warden branch sync --fix
expect_status 0
expect_out_contains "fixed: My_Bad_Branch has no upstream now (publish it with: warden branch rename"
expect_out_lacks "git push -u origin My_Bad_Branch"
git -C r branch -q -D My_Bad_Branch

TEST "a fetch that fails exits 1"
git -C r remote set-url origin "$WORK/nowhere.git"
run_in r warden branch sync
expect_status 1
expect_err_contains "git fetch --prune origin"
git -C r remote set-url origin "$WORK/r.git"

TEST "branch sync --help"
run warden branch sync --help
expect_status 0
expect_out_contains "--fix"

finish
