#!/usr/bin/env bash
# The default branch in force when branches.default-branch is "" (the
# default): <remote>/HEAD, else init.defaultBranch, else the only branch,
# else main (docs/branch.md). A repository that git made on master works
# without editing the policy; every hint warden prints is a command that
# works and that the hooks then accept.
source "$(dirname "$0")/lib.sh"

# A fresh machine: no init.defaultBranch anywhere.
git config --global --unset init.defaultBranch

# master_repo NAME: $WORK/NAME on master with one commit, $WORK/NAME.git a
# bare remote named origin (nothing pushed, no origin/HEAD), hooks installed.
master_repo() {
  local name=$1
  git -c init.defaultBranch=master init -q --bare "$WORK/$name.git"
  git -c init.defaultBranch=master init -q "$WORK/$name"
  (cd "$WORK/$name" && echo "# test" > README.md && git add README.md && git commit -q -m "initial" --no-verify \
    && git remote add origin "$WORK/$name.git")
  install_hooks "$WORK/$name"
}

# commit_in DIR FILE: a new commit adding FILE.
commit_in() { (cd "$1" && echo "$2" > "$2" && git add "$2" && git commit -q -m "add $2" --no-verify); }

TEST "a master repository: the first push says how to set origin/HEAD, with a command that works"
master_repo r1
run_in "$WORK/r1" git symbolic-ref --short HEAD
expect_eq "$out" "master"
run_in "$WORK/r1" warden policy show
expect_status 0
expect_out_contains "default-branch: \"\"  # resolves to 'master' (the only branch)"
run_in "$WORK/r1" git push -u origin master
expect_status 0
expect_err_contains "warn[remote-head] refs/remotes/origin/HEAD: origin/HEAD is missing; point it at the remote's default branch: git remote set-head origin -a"
expect_err_lacks "set-head origin main"
expect_err_lacks "set-head origin master"

TEST "running the hint sets origin/HEAD and the warning goes away"
run_in "$WORK/r1" git remote set-head origin -a
expect_status 0
run_in "$WORK/r1" git symbolic-ref refs/remotes/origin/HEAD
expect_eq "$out" "refs/remotes/origin/master"
commit_in "$WORK/r1" second.txt
run_in "$WORK/r1" git push
expect_status 0
expect_err_lacks "remote-head"
run_in "$WORK/r1" warden policy show
expect_out_contains "default-branch: \"\"  # resolves to 'master' (origin/HEAD)"

TEST "warden doctor is healthy on master"
run_in "$WORK/r1" warden doctor
expect_status 0
expect_out_contains "origin/HEAD -> origin/master"
expect_out_contains "healthy: no problems found"
expect_out_lacks "origin/main"

TEST "doctor without origin/HEAD, origin/master fetched: the hint names master, and running it makes doctor healthy"
run_in "$WORK/r1" git remote set-head origin --delete
run_in "$WORK/r1" warden doctor
expect_status 1
expect_out_contains "origin/HEAD is missing (the default branch is master, from the only branch)"
expect_out_contains "fix: git remote set-head origin master"
run_in "$WORK/r1" git remote set-head origin master
expect_status 0
run_in "$WORK/r1" warden doctor
expect_status 0

TEST "init.defaultBranch names the default branch when origin/HEAD is missing"
master_repo r2
(cd "$WORK/r2" && git branch develop)
run_in "$WORK/r2" warden policy show
expect_out_contains "default-branch: \"\"  # resolves to 'main' (fallback)"
(cd "$WORK/r2" && git config init.defaultBranch trunk)
run_in "$WORK/r2" warden policy show
expect_out_contains "default-branch: \"\"  # resolves to 'trunk' (init.defaultBranch)"

TEST "the merge base of a new branch is origin/<the resolved default>"
(cd "$WORK/r1" && printf 'version: 1\nfiles:\n  forbidden: ["*.bad"]\n' > .warden.yml)
(cd "$WORK/r1" && echo x > legacy.bad && git add legacy.bad && git commit -q -m legacy --no-verify \
  && git push -q --no-verify origin master && git fetch -q origin)
(cd "$WORK/r1" && git checkout -q -b feature/new && echo y > new.txt && git add new.txt \
  && git commit -q -m new --no-verify)
run_in "$WORK/r1" git push -u origin feature/new
expect_status 0
expect_err_lacks "forbidden-path"
(cd "$WORK/r1" && git checkout -q master && rm .warden.yml)

TEST "a policy that names main keeps today's behaviour"
new_repo_with_remote r3
install_hooks "$WORK/r3"
printf 'version: 1\nbranches:\n  default-branch: main\n' > "$WORK/r3/.warden.yml"
commit_in "$WORK/r3" a.txt
run_in "$WORK/r3" git push
expect_status 0
expect_err_lacks "remote-head"
run_in "$WORK/r3" git remote set-head origin --delete
commit_in "$WORK/r3" b.txt
run_in "$WORK/r3" git push
expect_status 0
expect_err_contains "warn[remote-head] refs/remotes/origin/HEAD: origin/HEAD is missing; point it at the remote's default branch: git remote set-head origin main"
run_in "$WORK/r3" warden policy show
expect_out_contains "default-branch: main"
expect_out_lacks "resolves to"
run_in "$WORK/r3" git remote set-head origin main
run_in "$WORK/r3" warden doctor
expect_out_contains "origin/HEAD -> origin/main"

TEST "a policy that names main in a master repository: the hint says what to do first"
printf 'version: 1\nbranches:\n  default-branch: main\n' > "$WORK/r1/.warden.yml"
commit_in "$WORK/r1" third.txt
run_in "$WORK/r1" git push
expect_status 0
expect_err_contains "warn[remote-head] refs/remotes/origin/HEAD: origin/HEAD points at 'master', not the default branch 'main'; fix it: origin has no branch 'main' yet: push it (git push -u origin main), then git remote set-head origin main; or set branches.default-branch: \"\" to follow origin/HEAD"
run_in "$WORK/r1" warden doctor
expect_status 1
expect_out_contains "origin/HEAD points at origin/master, not origin/main (branches.default-branch)"
rm "$WORK/r1/.warden.yml"
run_in "$WORK/r1" warden doctor
expect_status 0

TEST "a bad branch name: the hint is a rename whose result the push accepts"
(cd "$WORK/r1" && git checkout -q -b My_Bad_Branch)
commit_in "$WORK/r1" bad.txt
run_in "$WORK/r1" warden doctor
expect_status 1
expect_out_contains "branch My_Bad_Branch does not match branches.pattern"
expect_out_contains "fix: warden branch rename feature/my_bad_branch My_Bad_Branch"
expect_out_lacks "git push -u origin My_Bad_Branch"
(cd "$WORK/r1" && git branch feature/my_bad_branch master)
run_in "$WORK/r1" warden doctor
expect_out_contains "fix: rename it to match branches.pattern: warden branch rename NEW My_Bad_Branch"
(cd "$WORK/r1" && git branch -q -D feature/my_bad_branch)
run_in "$WORK/r1" git push -u origin My_Bad_Branch
expect_status 1
expect_err_contains "error[branch-name] refs/heads/My_Bad_Branch: branch name 'My_Bad_Branch' does not match branches.pattern"
expect_err_contains "rename it and push it under the new name: warden branch rename feature/my_bad_branch My_Bad_Branch"
run_in "$WORK/r1" warden branch rename feature/my_bad_branch My_Bad_Branch
expect_status 0
run_in "$WORK/r1" git symbolic-ref --short HEAD
expect_eq "$out" "feature/my_bad_branch"
run_in "$WORK/r1" git push -u origin feature/my_bad_branch
expect_status 0
expect_err_lacks "error["
run_in "$WORK/r1" warden doctor
expect_status 0

TEST "a name no rule can repair: the hint asks for a name that matches"
printf 'version: 1\nbranches:\n  pattern: '"'"'^(master|team-[0-9]+/[a-z]+)$'"'"'\n' > "$WORK/r1/.warden.yml"
(cd "$WORK/r1" && git checkout -q -b Odd)
run_in "$WORK/r1" git push -u origin Odd
expect_status 1
expect_err_contains "rename it to match branches.pattern: warden branch rename NEW"
run_in "$WORK/r1" warden doctor
expect_out_contains "fix: rename it to match branches.pattern: warden branch rename NEW"
(cd "$WORK/r1" && git checkout -q master && rm .warden.yml)

finish
