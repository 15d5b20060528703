#!/usr/bin/env bash
# post-merge after `git pull`: gone branches reported or deleted, a changed
# policy re-validated (links refreshed, commands need trust), commands.post-merge
# run with the merged paths, and the merge never fails.
source "$(dirname "$0")/lib.sh"

# work DIR BRANCH: a new branch from main with one commit, pushed with upstream.
work() {
  (cd "$1" && git checkout -q -b "$2" main && echo "$2" > "w-${2//\//-}.txt" && git add . &&
    git commit -q -m "work on $2" --no-verify && git push -q -u origin "$2" --no-verify 2>/dev/null &&
    git checkout -q main)
}
# in_other CMD: run CMD in the other clone on an up-to-date main, then push main.
in_other() {
  (cd o && git fetch -q --prune origin && git checkout -q main && git pull -q --ff-only origin main && eval "$1" &&
    git push -q origin main --no-verify 2>/dev/null)
}
merge_and_delete() {
  in_other "git merge -q --no-ff --no-edit origin/$1 >/dev/null && git push -q origin --delete $1 --no-verify 2>/dev/null"
}
commit_file() { # commit_file PATH CONTENT (in o)
  in_other "printf '%s' \"\$(cat <<'EOT'
$2
EOT
)\" > $1 && git add $1 && git commit -q -m 'change $1' --no-verify"
}
has_branch() { git -C "$1" rev-parse -q --verify "refs/heads/$2" >/dev/null; }

cd "$WORK"
new_repo_with_remote r
git clone -q r.git o
git -C r config fetch.prune true
install_hooks r
if [ ! -L r/.git/hooks/post-merge ]; then
  ln -sf "$WARDEN_STAGE/libexec/warden/post-merge" r/.git/hooks/post-merge
fi

TEST "report: git pull names the local branches whose upstream is gone"
work r feature/g
merge_and_delete feature/g
run_in r git pull -q --no-rebase
expect_status 0
expect_err_contains "upstream is gone: feature/g"
has_branch r feature/g || fail "report mode deleted feature/g"

TEST "a merge that brings commands: notice to trust them, not run"
commit_file .warden.yml 'version: 1
commands:
  post-merge:
    - name: list
      run: echo merged-files {files}
      glob: "*.txt"'
run_in r git pull -q --no-rebase
expect_status 0
expect_err_contains "warden trust"
[[ "$out$err" != *"merged-files"* ]] || fail "untrusted command ran: $out $err"

TEST "trusted commands.post-merge runs with the merged paths matching its glob"
run_in r warden trust
expect_status 0
commit_file notes.txt 'hello'
in_other "echo doc > doc.md && git add doc.md && git commit -q -m doc --no-verify"
run_in r git pull -q --no-rebase
expect_status 0
[[ "$out$err" == *"merged-files notes.txt"* ]] || fail "command output missing: out=$out err=$err"
[[ "$out$err" != *"doc.md"* ]] || fail "{files} has a path outside the glob: $out $err"

TEST "prune-on-merge: delete removes merged gone branches and keeps unmerged ones"
commit_file .warden.yml 'version: 1
branches:
  prune-on-merge: delete
commands:
  post-merge:
    - name: list
      run: echo merged-files {files}
      glob: "*.txt"'
run_in r git pull -q --no-rebase
work r feature/h
work r feature/k
merge_and_delete feature/h
in_other "git push -q origin --delete feature/k --no-verify 2>/dev/null"
h_oid=$(git -C r rev-parse feature/h)
run_in r git pull -q --no-rebase
expect_status 0
has_branch r feature/h && fail "feature/h (merged, gone) not deleted"
has_branch r feature/k || fail "feature/k (unmerged) deleted"
expect_err_contains "git branch feature/h $h_oid"
expect_err_contains "kept feature/k"

TEST "a policy change to hooks refreshes the links and never grants trust"
trusted_before=$(git -C r config warden.trusted)
commit_file .warden.yml 'version: 1
hooks: [pre-commit, post-merge]
commands:
  post-merge:
    - name: other
      run: echo changed-command
'
run_in r git pull -q --no-rebase
expect_status 0
expect_err_contains "refreshing the installed links"
expect_err_contains "warden trust"
expect_eq "$(git -C r config warden.trusted)" "$trusted_before" "(trust changed by a merge)"
[[ "$out$err" != *$'\nchanged-command'* ]] || fail "untrusted command ran: $out $err"

TEST "a malformed policy is reported with file:line:column; the merge still succeeds"
commit_file .warden.yml 'version: 1
branches:
  prune-on-merge: delete
  defualt-branch: main'
run_in r git pull -q --no-rebase
expect_status 0
expect_err_contains ".warden.yml:4:"
expect_eq "$(git -C r rev-parse HEAD)" "$(git -C o rev-parse HEAD)" "(merge completed)"

finish
