#!/usr/bin/env bash
# pre-receive: server-side enforcement in a bare repository, judged by the
# policy as it stood on the default branch before the push.
source "$(dirname "$0")/lib.sh"

# server NAME: a bare repository $WORK/NAME.git with warden's pre-receive,
# a clone $WORK/NAME with main pushed (no client hooks); cd into the clone.
server() {
  local name=$1
  git init -q --bare -b main "$WORK/$name.git"
  new_repo "$WORK/$name"
  (cd "$WORK/$name" && git remote add origin "$WORK/$name.git" && git push -q origin main 2>/dev/null)
  ln -sf "$WARDEN_STAGE/libexec/warden/pre-receive" "$WORK/$name.git/hooks/pre-receive"
  cd "$WORK/$name" || exit 1
}

remote_refs() { git ls-remote "$1" | sort; }

push_refused() { # push_refused SERVER_DIR CMD...
  local remote=$1; shift
  local before after
  before=$(remote_refs "$remote")
  run "$@"
  expect_status 1
  after=$(remote_refs "$remote")
  expect_eq "$after" "$before" "(server changed by a refused push)"
}

commit_file() {
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "${2:-content}" >"$1"
  git add -- "$1" && git commit -q --no-verify -m "add $1"
}

TEST "a good push is accepted"
server good
git checkout -q -b feature/fine
commit_file fine.txt
run git push origin feature/fine
expect_status 0
run git ls-remote origin refs/heads/feature/fine
expect_out_contains "refs/heads/feature/fine"

TEST "branch-name refused on the server, reaching the pusher as remote:"
server names
git checkout -q -b Bad_Branch
push_refused "$WORK/names.git" git push origin Bad_Branch
expect_err_contains "remote: error[branch-name] refs/heads/Bad_Branch"

TEST "force-push to a protected branch is refused"
server force
commit_file f.txt
git push -q origin main
git commit -q --amend -m "rewritten"
push_refused "$WORK/force.git" git push -f origin main
expect_err_contains "error[force-push] refs/heads/main"

TEST "force-push to an unprotected branch is accepted"
cd "$WORK/force"
git checkout -q -b feature/rw
commit_file rw.txt
git push -q origin feature/rw
git commit -q --amend -m "rewritten"
run git push -f origin feature/rw
expect_status 0

TEST "deleting a protected branch is refused; others may go"
server deletion
git push -q origin main:release/2
push_refused "$WORK/deletion.git" git push origin --delete release/2
expect_err_contains "error[branch-deletion] refs/heads/release/2"
git push -q origin main:feature/gone
run git push origin --delete feature/gone
expect_status 0

TEST "every new commit is checked, not only the tip"
server history
commit_file secret.orig
git rm -q secret.orig && git commit -q -m "remove it again"
push_refused "$WORK/history.git" git push origin main
expect_err_contains "error[forbidden-path] secret.orig"
expect_err_contains "in refs/heads/main"

TEST "commits already on the server are not judged again"
server legacy
commit_file legacy.orig
rm "$WORK/legacy.git/hooks/pre-receive"
git push -q origin main
ln -sf "$WARDEN_STAGE/libexec/warden/pre-receive" "$WORK/legacy.git/hooks/pre-receive"
git checkout -q -b feature/next
commit_file next.txt
run git push origin feature/next
expect_status 0
expect_err_lacks "legacy.orig"

TEST "a pushed annotated tag is peeled and its new commits checked"
server tags
git checkout -q --detach
commit_file tagged.rej
git tag -a v1 -m v1
push_refused "$WORK/tags.git" git push origin v1
expect_err_contains "error[forbidden-path] tagged.rej"

TEST "multi-ref push with one bad ref: all refused"
server multi
git branch feature/a
git branch Nope
push_refused "$WORK/multi.git" git push origin feature/a Nope
expect_err_contains "refs/heads/Nope"

TEST "the policy on the default branch judges; a push cannot weaken it"
server policy
printf "version: 1\nbranches:\n  pattern: '^.*\$'\n" >.warden.yml
git add .warden.yml && git commit -q -m "relax branch names"
git branch Free_For_All
push_refused "$WORK/policy.git" git push origin main Free_For_All
expect_err_contains "error[branch-name] refs/heads/Free_For_All"
run git push origin main
expect_status 0
run git push origin Free_For_All
expect_status 0

TEST "the policy from the default branch names its source in errors"
server badpolicy
printf 'version: 1\nbranchez: {}\n' >.warden.yml
git add .warden.yml && git commit -q -m "broken policy"
rm "$WORK/badpolicy.git/hooks/pre-receive"
git push -q origin main
ln -sf "$WARDEN_STAGE/libexec/warden/pre-receive" "$WORK/badpolicy.git/hooks/pre-receive"
git checkout -q -b feature/x
run git push origin feature/x
expect_status 1
expect_err_contains ".warden.yml@main:2:"

TEST "the server's warden.policy config wins, relative to the git dir"
server configured
printf 'version: 1\nfiles:\n  forbidden: ["*.log"]\n' >"$WORK/configured.git/server-policy.yml"
git -C "$WORK/configured.git" config warden.policy server-policy.yml
commit_file debug.log
push_refused "$WORK/configured.git" git push origin main
expect_err_contains "error[forbidden-path] debug.log"
git reset -q --hard HEAD~1
commit_file fine.orig
run git push origin main
expect_status 0

TEST "WARDEN_SKIP in the server's environment"
server skip
git checkout -q -b Skip_Me
WARDEN_SKIP=branch-name run git push origin Skip_Me
expect_status 0

TEST "install-hooks links pre-receive into a bare repository"
git init -q --bare -b main "$WORK/installed.git"
if install-hooks --repo "$WORK/installed.git" >/dev/null 2>&1; then
  [ -L "$WORK/installed.git/hooks/pre-receive" ] || fail "no pre-receive link"
  new_repo "$WORK/installed"
  cd "$WORK/installed"
  git remote add origin "$WORK/installed.git"
  git push -q origin main 2>/dev/null
  git checkout -q -b Not_Allowed
  push_refused "$WORK/installed.git" git push origin Not_Allowed
  expect_err_contains "error[branch-name]"
else
  fail "install-hooks failed on a bare repository"
fi

finish
