#!/usr/bin/env bash
# warden branch prune after forge-style merges: a second clone plays the
# forge (squash, rebase-merge, merge commit, a partial cherry-pick, a squash
# of a branch that merged main into itself) and deletes the remote branches;
# the user's clone fetches with --prune. Merged work goes whatever the merge
# method; unique work, the protected branch and a linked worktree's branch stay.
source "$(dirname "$0")/lib.sh"

# topic BRANCH N [push]: in r, a branch from main with N commits (one file each);
# pushed with upstream unless the third argument is "no-push".
topic() {
  (cd r && git checkout -q -b "$1" main &&
    for i in $(seq "$2"); do
      echo "$1 $i" > "${1//\//-}-$i.txt" && git add . && git commit -q -m "$1: part $i" --no-verify || exit 1
    done &&
    if [ "${3:-}" != no-push ]; then git push -q -u origin "$1" --no-verify 2>/dev/null; fi &&
    git checkout -q main) || fail "setup: topic $1"
}
# forge CMD: in the forge clone, on an up-to-date main; pushes main afterwards.
forge() {
  (cd forge && git fetch -q --prune origin && git checkout -q main && git merge -q --ff-only origin/main &&
    eval "$1" && git push -q origin main --no-verify 2>/dev/null) || fail "setup: forge: $1"
}
squash() { forge "git merge -q --squash origin/$1 >/dev/null 2>&1 && git commit -q --no-verify -m '$1 (#${2:-1})'"; }
has_branch() { git -C "$1" rev-parse -q --verify "refs/heads/$2" >/dev/null; }
remote_has() { git --git-dir="$1" rev-parse -q --verify "refs/heads/$2" >/dev/null; }

cd "$WORK"
new_repo_with_remote r
git clone -q r.git forge
git -C forge config user.name Forge

topic feature/squash 3
topic feature/rebase 2
topic feature/mergecommit 2
topic feature/partial 3
topic feature/synced 2
topic feature/wt 1
topic release/1.0 1
topic feature/unique 1
topic feature/local 2 no-push
git -C r push -q origin feature/local --no-verify 2>/dev/null || fail "setup: push feature/local without upstream"
topic feature/remote-squash 1

squash feature/squash 1
# rebase-merge: replayed onto the moved main, then fast-forwarded (other ids, same patches)
forge "git checkout -q -b tmp origin/feature/rebase && git rebase -q main && git checkout -q main && git merge -q --ff-only tmp && git branch -q -D tmp"
forge "git merge -q --no-ff --no-edit origin/feature/mergecommit"
forge "git cherry-pick origin/feature/partial~1 >/dev/null"
# feature/synced merges main into itself, gains a commit, then is squashed
(cd r && git fetch -q origin && git checkout -q feature/synced && git merge -q --no-ff --no-edit origin/main &&
  echo more > synced-more.txt && git add . && git commit -q -m "feature/synced: more" --no-verify &&
  git push -q origin feature/synced --no-verify 2>/dev/null && git checkout -q main) || fail "setup: synced"
squash feature/synced 5
squash feature/wt 6
forge "git merge -q --no-ff --no-edit origin/release/1.0"
squash feature/local 7
squash feature/remote-squash 8
(cd forge && git push -q origin --no-verify --delete feature/squash feature/rebase feature/mergecommit \
  feature/partial feature/synced feature/wt release/1.0 feature/unique feature/local 2>/dev/null) ||
  fail "setup: the forge deletes the merged branches"
rebase_oid=$(git -C r rev-parse feature/rebase)
[ "$rebase_oid" != "$(git -C forge rev-parse main)" ] || fail "setup: the rebase-merge kept the ids"

(cd r && git fetch -q --prune origin && git worktree add -q ../wt feature/wt) || fail "setup: fetch, worktree"
squash_oid=$(git -C r rev-parse feature/squash)

TEST "post-merge (git pull) and doctor name each gone branch's class"
install_hooks r
run_in r git pull -q --ff-only
expect_status 0
expect_err_contains "feature/squash (squash-merged)"
expect_err_contains "feature/rebase (rebase-merged)"
expect_err_contains "feature/partial (partly merged)"
expect_err_contains "feature/unique (unmerged)"
expect_err_contains "\`warden branch prune\` deletes the merged ones"
run_in r warden doctor
expect_status 1
expect_out_contains "branch feature/unique tracks origin/feature/unique, which is gone from the remote (unmerged: 1 commit not on main)"
expect_out_contains "branch feature/squash tracks origin/feature/squash, which is gone from the remote (squash-merged into main as "
expect_out_contains "warden branch prune (deletes it)"

TEST "--dry-run shows each branch's class and changes nothing"
run_in r warden branch prune --merged --dry-run
expect_status 0
expect_out_contains "would delete feature/squash (upstream origin/feature/squash is gone; squash-merged into main as "
expect_out_contains "would delete feature/rebase (upstream origin/feature/rebase is gone; rebase-merged into main (2 commits, the same patches))"
expect_out_contains "would delete feature/mergecommit (upstream origin/feature/mergecommit is gone; merged into main)"
expect_out_contains "would delete feature/synced (upstream origin/feature/synced is gone; squash-merged into main as "
expect_out_contains "kept feature/partial (upstream origin/feature/partial is gone; partly merged: 1 of 3 commits on main, 2 not)"
expect_out_contains "kept feature/unique (upstream origin/feature/unique is gone; unmerged: 1 commit not on main)"
expect_out_contains "kept feature/wt (upstream origin/feature/wt is gone; squash-merged into main as "
expect_out_contains "checked out in the worktree $WORK/wt"
expect_out_contains "kept release/1.0 (upstream origin/release/1.0 is gone; merged into main): protected"
expect_out_contains "would delete feature/local (squash-merged into main as "
expect_out_contains "would delete feature/remote-squash (squash-merged into main as "
expect_out_contains "dry run: nothing changed"
expect_out_lacks "squash-merged?"
has_branch r feature/squash || fail "a dry run deleted feature/squash"
has_branch r feature/local || fail "a dry run deleted feature/local"

TEST "without --merged, a dry run leaves a merged branch whose upstream exists and says so"
run_in r warden branch prune --dry-run
expect_status 0
expect_out_contains "left feature/remote-squash (squash-merged into main as "
expect_out_contains "its upstream origin/feature/remote-squash exists; \`warden branch prune --merged\` deletes it"

TEST "prune deletes gone branches merged by squash, rebase or merge commit, and keeps the rest"
run_in r warden branch prune
expect_status 0
for b in feature/squash feature/rebase feature/mergecommit feature/synced; do
  has_branch r "$b" && fail "$b kept"
done
for b in feature/partial feature/unique feature/wt release/1.0 feature/local feature/remote-squash main; do
  has_branch r "$b" || fail "$b deleted"
done
expect_out_contains "deleted feature/squash (was ${squash_oid:0:7}, upstream origin/feature/squash is gone; squash-merged into main as "
expect_out_contains "restore: git branch feature/squash $squash_oid"
expect_out_contains "restore: git branch feature/rebase $rebase_oid"
expect_out_contains "kept feature/unique"
expect_out_contains "warden branch prune --force"

TEST "the printed restore command brings the branch back"
restore=$(printf '%s\n' "$out" | sed -n 's/^deleted feature\/squash .*restore: //p')
[ -n "$restore" ] || fail "no restore command for feature/squash"
run_in r bash -c "$restore"
expect_status 0
expect_eq "$(git -C r rev-parse feature/squash)" "$squash_oid" "(restored feature/squash)"
git -C r branch -q -D feature/squash || fail "setup: delete the restored branch again"

TEST "--merged also deletes a local-only branch whose work is merged"
run_in r warden branch prune --merged
expect_status 0
has_branch r feature/local && fail "feature/local kept with --merged"
expect_out_contains "deleted feature/local ("
has_branch r feature/remote-squash && fail "feature/remote-squash (squash-merged, upstream still there) kept with --merged"
has_branch r feature/unique || fail "feature/unique (unmerged) deleted without --force"

TEST "--remote deletes a squash-merged remote branch and prints its restore"
remote_oid=$(git --git-dir=r.git rev-parse refs/heads/feature/remote-squash)
topic feature/remote-open 1
run_in r warden branch prune --remote
expect_status 0
remote_has r.git feature/remote-squash && fail "origin/feature/remote-squash still on the remote"
remote_has r.git feature/remote-open || fail "unmerged origin/feature/remote-open deleted"
expect_out_contains "deleted origin/feature/remote-squash (was ${remote_oid:0:7}, squash-merged into origin/main as "
restore=$(printf '%s\n' "$out" | sed -n 's/^deleted origin\/feature\/remote-squash .*restore: //p')
expect_eq "$restore" "git push origin $remote_oid:refs/heads/feature/remote-squash"
run_in r bash -c "$restore --no-verify"
expect_status 0
remote_has r.git feature/remote-squash || fail "the restore did not bring origin/feature/remote-squash back"

TEST "a branch leaves with its worktree; --force drops unmerged work, never the protected branch"
git -C r worktree remove --force ../wt || fail "setup: worktree remove"
run_in r warden branch prune
expect_status 0
has_branch r feature/wt && fail "feature/wt kept after its worktree went"
has_branch r feature/unique || fail "feature/unique deleted without --force"
unique_oid=$(git -C r rev-parse feature/unique)
run_in r warden branch prune --force
expect_status 0
has_branch r feature/unique && fail "feature/unique kept with --force"
has_branch r feature/partial && fail "feature/partial kept with --force"
has_branch r release/1.0 || fail "the protected release/1.0 deleted with --force"
expect_out_contains "restore: git branch feature/unique $unique_oid"

TEST "usage errors exit 2"
run_in r warden branch prune --bogus
expect_status 2

finish
