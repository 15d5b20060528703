#!/usr/bin/env bash
# The pre-push, pre-receive and post-merge binaries read the repository
# themselves (docs/native-reader.md): they load no libgit2, judge what the
# libgit2 path judges, compare trees by subtree id without missing what lies
# in an unopened directory, and hand over to `warden hook NAME` (with the
# same standard input) for what their reader does not read.
source "$(dirname "$0")/lib.sh"

commit_file() { # commit_file PATH [CONTENT]: in the current directory, no hooks
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "${2:-content}" >"$1"
  git add -- "$1" && git commit -q --no-verify -m "add $1"
}

TEST "the pre-push, pre-receive and post-merge binaries load no libgit2"
for hook in pre-push pre-receive post-merge; do
  expect_no_libgit2 "$WARDEN_STAGE/libexec/warden/$hook"
done

TEST "pre-push: a collision with a directory the push leaves alone is refused, natively"
new_repo_with_remote p1
install_hooks "$WORK/p1"
cd "$WORK/p1" || exit 1
commit_file docs/guide/index.md
commit_file src/main.c
git push -q origin main --no-verify
git checkout -q -b feature/docs
commit_file Docs/extra.md
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/docs
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains "Docs"
expect_err_lacks "handing over"
run git ls-remote origin refs/heads/feature/docs
expect_eq "$out" ""

TEST "pre-push: a required file deep in an unchanged directory is found; its deletion is refused"
new_repo_with_remote p2
cd "$WORK/p2" || exit 1
printf 'version: 1\nfiles:\n  required: [README.md, docs/guide/index.md]\n' > .warden.yml
commit_file docs/guide/index.md
git add .warden.yml && git commit -q --no-verify -m policy
git push -q origin main --no-verify
install_hooks "$WORK/p2"
git checkout -q -b feature/code
commit_file src/lib/a.c
run env WARDEN_DEBUG_HANDOVER=1 git push -u origin feature/code
expect_status 0
expect_err_lacks "required-file"
expect_err_lacks "handing over"
git rm -q docs/guide/index.md && git commit -q --no-verify -m "drop the guide"
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/code
expect_status 1
expect_err_contains "error[required-file]"
expect_err_contains "docs/guide/index.md"
expect_err_lacks "handing over"

TEST "pre-push: commit rules on every new commit, a force-push to main refused, natively"
new_repo_with_remote p3
cd "$WORK/p3" || exit 1
printf 'version: 1\ncommits:\n  message: error\n  conventional: true\n' > .warden.yml
git add .warden.yml && git commit -q --no-verify -m "chore: policy"
git push -q origin main --no-verify
install_hooks "$WORK/p3"
git checkout -q -b feature/msg
commit_file one.txt && git commit -q --no-verify --amend -m "feat: one"
commit_file two.txt && git commit -q --no-verify --amend -m "no type here"
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/msg
expect_status 1
expect_err_contains "error[commit-message]"
expect_err_contains "$(git rev-parse --short=7 HEAD)"
expect_err_lacks "handing over"
git checkout -q main
git reset -q --hard HEAD~1
commit_file other.txt && git commit -q --no-verify --amend -m "fix: other"
run env WARDEN_DEBUG_HANDOVER=1 git push --force origin main
expect_status 1
expect_err_contains "error[force-push]"
expect_err_lacks "handing over"

TEST "pre-push: config beyond the native reader is handed over, with the same input"
new_repo_with_remote p4
install_hooks "$WORK/p4"
cd "$WORK/p4" || exit 1
printf '[user]\n\tname = Included\n' > "$WORK/p4-extra.cfg"
# hasconfig: conditions are beyond the native reader (docs/native-reader.md).
git config "includeIf.hasconfig:remote.*.url:$WORK/p4.git.path" "$WORK/p4-extra.cfg"
git checkout -q -b feature/collide
commit_file Same.txt && commit_file same.txt
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/collide
expect_status 1
expect_err_contains "handing over to \`warden hook pre-push\`"
expect_err_contains "error[case-collision]"
git reset -q --hard HEAD~1
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/collide
expect_status 0
expect_err_contains "handing over"
run git ls-remote origin refs/heads/feature/collide
expect_eq "${out%%$'\t'*}" "$(git rev-parse HEAD)"

TEST "pre-receive: the quarantined push is judged natively, per commit, in the bare repository"
git init -q --bare -b main "$WORK/s1.git"
new_repo "$WORK/s1"
cd "$WORK/s1" || exit 1
git remote add origin "$WORK/s1.git"
commit_file lib/deep/one.txt
git push -q origin main
ln -sf "$WARDEN_STAGE/libexec/warden/pre-receive" "$WORK/s1.git/hooks/pre-receive"
git checkout -q -b feature/two
commit_file lib/deep/two.txt
commit_file LIB/x.txt
commit_file lib/deep/three.txt
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/two
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains "commit $(git rev-parse HEAD~1 | cut -c1-12)"
expect_err_lacks "handing over"
run git ls-remote origin refs/heads/feature/two
expect_eq "$out" ""
git reset -q --hard HEAD~2
commit_file lib/deep/four.txt
run env WARDEN_DEBUG_HANDOVER=1 git push origin feature/two
expect_status 0
expect_err_lacks "handing over"

TEST "post-merge: a plain merge stays native; a squash merge and a gone upstream are handed over"
new_repo_with_remote m1
install_hooks "$WORK/m1"
cd "$WORK/m1" || exit 1
git checkout -q -b feature/a
commit_file a.txt
git checkout -q main
run env WARDEN_DEBUG_HANDOVER=1 git merge -q --no-ff -m "merge a" feature/a
expect_status 0
expect_err_lacks "handing over"
git checkout -q -b feature/b
commit_file b.txt
git checkout -q main
run env WARDEN_DEBUG_HANDOVER=1 git merge -q --squash feature/b
expect_status 0
expect_err_contains "handing over to \`warden hook post-merge\`: a squash merge"
git commit -q --no-verify -m "squashed b"
git checkout -q -b feature/c
commit_file c.txt
git push -q -u origin feature/c --no-verify
git push -q origin --delete feature/c --no-verify
git fetch -q --prune origin
git checkout -q main
run env WARDEN_DEBUG_HANDOVER=1 git merge -q --no-ff -m "merge c" feature/c
expect_status 0
expect_err_contains "upstream may be gone"
expect_err_contains "feature/c"

finish
