#!/usr/bin/env bash
# pre-push: every rule refused and allowed against a local bare remote, and
# the remote left unchanged by every refused push.
source "$(dirname "$0")/lib.sh"

# hooks_for DIR: warden's pre-push in DIR (install-hooks when it works, else
# a direct link, so this suite does not depend on the installer).
hooks_for() {
  local d=$1
  if install-hooks --repo "$d" >/dev/null 2>&1 && [ -L "$d/.git/hooks/pre-push" ]; then return 0; fi
  ln -sf "$WARDEN_STAGE/libexec/warden/pre-push" "$d/.git/hooks/pre-push"
}

# setup NAME: a clone with a remote and warden's pre-push; cd into it.
setup() {
  new_repo_with_remote "$1"
  hooks_for "$WORK/$1"
  cd "$WORK/$1" || exit 1
}

remote_refs() { git ls-remote "$1" | sort; }

# push_refused REMOTE_DIR CMD...: run the push, expect exit 1 and an
# unchanged remote.
push_refused() {
  local remote=$1; shift
  local before after
  before=$(remote_refs "$remote")
  run "$@"
  expect_status 1
  after=$(remote_refs "$remote")
  expect_eq "$after" "$before" "(remote changed by a refused push)"
}

commit_file() { # commit_file PATH [CONTENT]: commit without the pre-commit checks
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "${2:-content}" >"$1"
  git add -- "$1" && git commit -q --no-verify -m "add $1"
}

TEST "a well-named new branch is pushed"
setup allowed
git checkout -q -b feature/ok
commit_file ok.txt
run git push -u origin feature/ok
expect_status 0
expect_err_lacks "error["
run git ls-remote origin refs/heads/feature/ok
expect_out_contains "refs/heads/feature/ok"

TEST "a push with nothing to send passes (empty stdin)"
cd "$WORK/allowed"
run git push origin main
expect_status 0

TEST "branch-name: a badly named branch is refused, the remote unchanged"
setup badname
git checkout -q -b Bad_Name
commit_file x.txt
push_refused "$WORK/badname.git" git push origin Bad_Name
expect_err_contains "error[branch-name] refs/heads/Bad_Name"
expect_err_contains "branches.pattern"
expect_err_contains "WARDEN_SKIP"

TEST "WARDEN_SKIP=branch-name lets it through"
cd "$WORK/badname"
WARDEN_SKIP=branch-name run git push origin Bad_Name
expect_status 0

TEST "upstream-match: local X pushed to remote Y is refused"
setup upstream
git checkout -q -b feature/a
commit_file a.txt
push_refused "$WORK/upstream.git" git push origin feature/a:feature/b
expect_err_contains "error[upstream-match] refs/heads/feature/b"
expect_err_contains "feature/a"

TEST "upstream-match: a branch tracking another branch is refused"
cd "$WORK/upstream"
git push -q --no-verify origin feature/a:feature/c
git branch -q --set-upstream-to=origin/feature/c feature/a
push_refused "$WORK/upstream.git" git push origin feature/a
expect_err_contains "error[upstream-match] refs/heads/feature/a"
expect_err_contains "--set-upstream-to=origin/feature/a"

TEST "upstream-match: same name and matching upstream passes"
cd "$WORK/upstream"
git branch -q --unset-upstream feature/a
run git push -u origin feature/a
expect_status 0
commit_file a2.txt
run git push
expect_status 0

TEST "multi-ref push with one bad ref: the whole push is refused"
setup multi
git branch feature/one
git branch feature/two
git branch NotValid
push_refused "$WORK/multi.git" git push origin feature/one feature/two NotValid
expect_err_contains "error[branch-name] refs/heads/NotValid"
expect_err_lacks "refs/heads/feature/one:"
run git push origin feature/one feature/two
expect_status 0

TEST "force-push: rewriting a protected branch is refused"
setup force
commit_file f.txt
git push -q origin main
git commit -q --amend --no-verify -m "rewritten"
push_refused "$WORK/force.git" git push -f origin main
expect_err_contains "error[force-push] refs/heads/main"
expect_err_contains "non-fast-forward"

TEST "force-push: an unprotected branch may be rewritten"
cd "$WORK/force"
git checkout -q -b feature/rw
commit_file rw.txt
git push -q -u origin feature/rw
git commit -q --amend --no-verify -m "rewritten"
run git push -f origin feature/rw
expect_status 0

TEST "force-push: an unknown remote tip says fetch first"
setup fetchfirst
git clone -q "$WORK/fetchfirst.git" "$WORK/other"
(cd "$WORK/other" && commit_file theirs.txt && git push -q --no-verify origin main)
commit_file mine.txt
push_refused "$WORK/fetchfirst.git" git push -f origin main
expect_err_contains "error[force-push] refs/heads/main"
expect_err_contains "fetch first"

TEST "branch-deletion: deleting a protected branch is refused"
setup deletion
git push -q --no-verify origin main:release/1
push_refused "$WORK/deletion.git" git push origin --delete release/1
expect_err_contains "error[branch-deletion] refs/heads/release/1"

TEST "branch-deletion: deleting an unprotected branch passes"
cd "$WORK/deletion"
git push -q --no-verify origin main:feature/gone
run git push origin --delete feature/gone
expect_status 0
run git ls-remote origin refs/heads/feature/gone
expect_eq "$out" ""

TEST "a --no-verify commit is caught at push, naming the ref"
setup noverify
commit_file notes.orig
push_refused "$WORK/noverify.git" git push origin main
expect_err_contains "error[forbidden-path] notes.orig"
expect_err_contains "in refs/heads/main"

TEST "a new branch is judged against the default branch, not the whole tree"
setup newbranch
commit_file legacy.orig
git push -q --no-verify origin main
git checkout -q -b feature/clean
commit_file clean.txt
run git push origin feature/clean
expect_status 0
expect_err_lacks "legacy.orig"

TEST "a new branch with a bad file is refused"
cd "$WORK/newbranch"
git checkout -q -b feature/dirty
commit_file .DS_Store
push_refused "$WORK/newbranch.git" git push origin feature/dirty
expect_err_contains "error[forbidden-path] .DS_Store"
expect_err_contains "in refs/heads/feature/dirty"

TEST "an annotated tag is peeled and its new commit checked"
setup tags
git tag -a v1 -m "release 1"
run git push origin v1
expect_status 0
git checkout -q --detach
commit_file bad.rej
git tag -a v2 -m "release 2"
push_refused "$WORK/tags.git" git push origin v2
expect_err_contains "error[forbidden-path] bad.rej"
expect_err_contains "in refs/tags/v2"

TEST "tags are not branches: any tag name passes branch-name"
cd "$WORK/tags"
git checkout -q main
git tag Weird_Tag_Name
run git push origin Weird_Tag_Name
expect_status 0

TEST "detached HEAD pushes are judged by their destination"
setup detached
git checkout -q --detach
commit_file d.txt
run git push origin HEAD:refs/heads/feature/det
expect_status 0
push_refused "$WORK/detached.git" git push origin HEAD:refs/heads/Det_Bad
expect_err_contains "error[branch-name] refs/heads/Det_Bad"
expect_err_lacks "upstream-match"

TEST "remote-head: a missing origin/HEAD is a warning with the fix"
setup remotehead
git remote set-head origin --delete
git checkout -q -b feature/rh
run git push origin feature/rh
expect_status 0
expect_err_contains "warn[remote-head] refs/remotes/origin/HEAD"
expect_err_contains "git remote set-head origin main"

TEST "remote-head: severity error blocks"
cd "$WORK/remotehead"
printf 'version: 1\nbranches:\n  remote-head: error\n' >.warden.yml
git checkout -q -b feature/rh2
push_refused "$WORK/remotehead.git" git push origin feature/rh2
expect_err_contains "error[remote-head]"
git remote set-head origin main >/dev/null
run git push origin feature/rh2
expect_status 0
expect_err_lacks "remote-head"
rm .warden.yml

TEST "a URL push skips the named-remote checks"
setup urlpush
git checkout -q -b feature/url
run git push "$WORK/urlpush.git" feature/url
expect_status 0
expect_err_lacks "remote-head"

TEST "a malformed policy blocks the push with exit 2 naming file:line:column"
setup badpolicy
printf 'version: 1\nbranches:\n  patern: x\n' >.warden.yml
git checkout -q -b feature/p
push_refused "$WORK/badpolicy.git" git push origin feature/p
expect_err_contains ".warden.yml:3:"

TEST "a foreign pre-push hook is chained after the checks, with git's input"
new_repo_with_remote chained
cd "$WORK/chained"
printf '#!/bin/sh\necho "args: $*" > "$PWD/local-ran"\ncat >> "$PWD/local-ran"\nexit ${LOCAL_STATUS:-0}\n' >.git/hooks/pre-push
chmod +x .git/hooks/pre-push
run install-hooks --repo "$WORK/chained"
expect_status 0
expect_file .git/hooks/pre-push.local
git checkout -q -b feature/chain
run git push origin feature/chain
expect_status 0
expect_file local-ran
seen=$(cat local-ran 2>/dev/null)
[[ "$seen" == *"args: origin $WORK/chained.git"* ]] || fail "wrong arguments: $seen"
[[ "$seen" == *"refs/heads/feature/chain "*" refs/heads/feature/chain 0000000000000000000000000000000000000000"* ]] \
  || fail "the chained hook did not get git's input: $seen"
rm -f local-ran

TEST "the chained hook's failure refuses the push; not run when warden refuses"
cd "$WORK/chained"
git checkout -q -b feature/chain2
LOCAL_STATUS=1 push_refused "$WORK/chained.git" git push origin feature/chain2
git checkout -q -b Bad_Chain
rm -f local-ran
push_refused "$WORK/chained.git" git push origin Bad_Chain
expect_err_contains "error[branch-name]"
expect_no_file local-ran

TEST "malformed hook input: exit 2 naming the line"
cd "$WORK/allowed"
printf 'refs/heads/main abc refs/heads/main\n' >"$WORK/bad-input"
"$WARDEN_STAGE/libexec/warden/pre-push" origin "$WORK/allowed.git" <"$WORK/bad-input" >"$WORK/.out" 2>"$WORK/.err"
status=$?
err=$(cat "$WORK/.err")
expect_status 2
expect_err_contains "line 1"

finish
