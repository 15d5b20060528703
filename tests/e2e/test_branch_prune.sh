#!/usr/bin/env bash
# warden branch prune: delete what is done with, keep (and name) anything
# that holds work found nowhere else, never the current/protected/worktree branch.
source "$(dirname "$0")/lib.sh"

# work DIR BRANCH: a new branch from main with one commit, pushed with upstream.
work() {
  (cd "$1" && git checkout -q -b "$2" main && echo "$2" > "w-${2//\//-}.txt" && git add . &&
    git commit -q -m "work on $2" --no-verify && git push -q -u origin "$2" --no-verify 2>/dev/null &&
    git checkout -q main)
}
# merge_on_remote BRANCH [--squash]: the other clone merges BRANCH into main and deletes it.
merge_on_remote() {
  (cd o && git fetch -q origin && git checkout -q main && git pull -q --ff-only origin main &&
    if [ "${2:-}" = --squash ]; then git merge -q --squash "origin/$1" >/dev/null 2>&1 && git commit -q -m "squash $1" --no-verify;
    else git merge -q --no-ff --no-edit "origin/$1" >/dev/null; fi &&
    git push -q origin main --no-verify 2>/dev/null && git push -q origin --delete "$1" --no-verify 2>/dev/null)
}
delete_on_remote() { (cd o && git push -q origin --delete "$1" --no-verify 2>/dev/null); }
has_branch() { git -C "$1" rev-parse -q --verify "refs/heads/$2" >/dev/null; }
remote_has() { git --git-dir="$1" rev-parse -q --verify "refs/heads/$2" >/dev/null; }

cd "$WORK"
new_repo_with_remote r
git clone -q r.git o
work r feature/done
work r feature/wip
work r feature/squashed
work r feature/cur
work r feature/wt
work r release/1
merge_on_remote feature/done
merge_on_remote feature/squashed --squash
merge_on_remote feature/cur
merge_on_remote feature/wt
merge_on_remote release/1
delete_on_remote feature/wip

TEST "--dry-run shows the plan and deletes nothing"
run_in r warden branch prune --dry-run
expect_status 0
expect_out_contains "would delete feature/done"
has_branch r feature/done || fail "a dry run deleted feature/done"
git -C r rev-parse -q --verify refs/remotes/origin/feature/done >/dev/null || fail "a dry run pruned origin/feature/done"

TEST "gone + merged is deleted, with the command that restores it"
git -C r checkout -q feature/cur
git -C r worktree add -q ../wt feature/wt
done_oid=$(git -C r rev-parse feature/done)
run_in r warden branch prune
expect_status 0
has_branch r feature/done && fail "feature/done kept"
expect_out_contains "git branch feature/done $done_oid"

TEST "gone + unmerged work is kept and named"
has_branch r feature/wip || fail "feature/wip deleted"
expect_out_contains "kept feature/wip"

TEST "squash-merged work is deleted without --force (its patch is on main)"
has_branch r feature/squashed && fail "feature/squashed kept"
expect_out_contains "deleted feature/squashed"
expect_out_lacks "squash-merged?"

TEST "the current, a protected and another worktree's branch are kept"
has_branch r feature/cur || fail "the current branch was deleted"
has_branch r release/1 || fail "the protected branch was deleted"
has_branch r feature/wt || fail "the other worktree's branch was deleted"
expect_out_contains "kept feature/cur"
expect_out_contains "kept release/1"
expect_out_contains "kept feature/wt"

TEST "--force deletes unmerged work, still never the current/protected/worktree one"
run_in r warden branch prune --force
expect_status 0
has_branch r feature/wip && fail "feature/wip kept with --force"
has_branch r feature/cur || fail "the current branch was deleted"
has_branch r release/1 || fail "the protected branch was deleted"
has_branch r feature/wt || fail "the other worktree's branch was deleted"
git -C r checkout -q main
git -C r worktree remove --force ../wt

TEST "--merged also deletes local branches merged into the default branch"
(cd r && git pull -q --ff-only origin main && git branch feature/local-merged main~1 && git branch feature/local-new main &&
  git checkout -q -b feature/local-ahead main && echo x > ahead.txt && git add . && git commit -q -m ahead --no-verify &&
  git checkout -q main)
run_in r warden branch prune
expect_status 0
has_branch r feature/local-merged || fail "deleted without --merged"
run_in r warden branch prune --merged
expect_status 0
has_branch r feature/local-merged && fail "feature/local-merged kept with --merged"
has_branch r feature/local-ahead || fail "feature/local-ahead (unmerged) deleted"
has_branch r main || fail "the default branch was deleted"

TEST "--remote deletes remote branches merged into the default branch"
(cd o && git pull -q --ff-only origin main && git push -q origin main:refs/heads/feature/merged-remote main:refs/heads/release/2 --no-verify 2>/dev/null &&
  git checkout -q -b feature/open-remote && echo open > open.txt && git add . && git commit -q -m open --no-verify &&
  git push -q origin feature/open-remote --no-verify 2>/dev/null)
run_in r warden branch prune --remote --dry-run
expect_status 0
remote_has r.git feature/merged-remote || fail "a dry run deleted a remote branch"
run_in r warden branch prune --remote
expect_status 0
remote_has r.git feature/merged-remote && fail "feature/merged-remote still on the remote"
remote_has r.git feature/open-remote || fail "unmerged feature/open-remote deleted"
remote_has r.git main || fail "main deleted on the remote"
remote_has r.git release/2 || fail "protected release/2 deleted on the remote"
expect_out_contains "kept origin/release/2"
expect_out_contains "git push origin"

TEST "branch prune --help"
run warden branch prune --help
expect_status 0
expect_out_contains "--merged"

finish
