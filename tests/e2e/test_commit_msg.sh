#!/usr/bin/env bash
# Commit messages and authorship (docs/commit-messages.md): the commit-msg
# hook under real `git commit`/`git merge`, and the same rules in pre-push
# and `warden check --range`.
source "$(dirname "$0")/lib.sh"

# policy TEXT: write .warden.yml in the current repository and commit it.
policy() {
  printf '%s\n' "$1" > .warden.yml
  git add .warden.yml && git commit -q --no-verify -m "policy"
}

commit_file() { # commit_file PATH MESSAGE...: commit a change through the hooks
  local path=$1; shift
  echo "$RANDOM $path" >> "$path"
  git add -- "$path"
  run git commit "$@"
}

TEST "install-hooks links commit-msg, a binary without libgit2"
new_repo "$WORK/r1"
install_hooks "$WORK/r1"
expect_out_contains "linked commit-msg -> $WARDEN_STAGE/libexec/warden/commit-msg"
expect_eq "$(readlink "$WORK/r1/.git/hooks/commit-msg")" "$WARDEN_STAGE/libexec/warden/commit-msg"
expect_no_libgit2 "$WARDEN_STAGE/libexec/warden/commit-msg"

TEST "a long subject warns by default and is refused with message: error"
cd "$WORK/r1" || exit 1
long="Add a subject line that is much longer than seventy-two characters, so it warns"
commit_file a.txt -m "$long"
expect_status 0
expect_err_contains "warn[commit-message] message: subject is 79 characters, longer than commits.subject-max-length (72)"
expect_eq "$(git log -1 --format=%s)" "$long"
policy 'commits:
  message: error'
before=$(git rev-parse HEAD)
commit_file a.txt -m "$long"
expect_status 1
expect_err_contains "error[commit-message] message: subject is 79 characters"
expect_err_contains "warden commit-msg: 1 error, 0 warnings"
expect_err_contains "git commit --no-verify"
expect_err_contains "hint: your message is kept in .git/COMMIT_EDITMSG; edit and reuse it: git commit -e -F .git/COMMIT_EDITMSG"
expect_eq "$(git rev-parse HEAD)" "$before" "(a refused commit was made)"

TEST "the refused message is kept and the printed command reuses it"
cd "$WORK/r1" || exit 1
expect_eq "$(head -1 .git/COMMIT_EDITMSG)" "$long"
# The editor shortens the subject of the kept message.
cat > "$WORK/shorten.sh" <<'EOF'
#!/bin/sh
sed -i '1s/, so it warns$//; 1s/much longer than seventy-two characters/long/' "$1"
EOF
chmod +x "$WORK/shorten.sh"
run env GIT_EDITOR="$WORK/shorten.sh" git commit -e -F .git/COMMIT_EDITMSG
expect_status 0
expect_eq "$(git log -1 --format=%s)" "Add a subject line that is long"

TEST "WARDEN_SKIP=commit-message and --no-verify bypass the hook"
cd "$WORK/r1" || exit 1
commit_file a.txt -m "$long"
expect_status 1
run env WARDEN_SKIP=commit-message git commit -m "$long"
expect_status 0
commit_file a.txt --no-verify -m "$long"
expect_status 0
commit_file a.txt -m "$long"
expect_status 1
run env WARDEN_SKIP=all git commit -m "$long"
expect_status 0
expect_err_contains "warden commit-msg: all checks skipped (WARDEN_SKIP=all)"

TEST "conventional: refuses 'update stuff', accepts 'feat(api)!: add x', fixup! and merges"
new_repo "$WORK/r2"
install_hooks "$WORK/r2"
cd "$WORK/r2" || exit 1
policy 'commits:
  message: error
  conventional: true'
commit_file b.txt -m "update stuff"
expect_status 1
expect_err_contains "error[commit-message] message: subject 'update stuff' is not a Conventional Commit"
commit_file b.txt -m "wip: stuff"
expect_status 1
expect_err_contains "type 'wip' is not one of commits.types"
commit_file b.txt -m "feat(api)!: add x"
expect_status 0
commit_file b.txt --fixup HEAD
expect_status 0
expect_eq "$(git log -1 --format=%s)" "fixup! feat(api)!: add x"
git checkout -q -b feature/y
commit_file c.txt -m "fix: y"
expect_status 0
git checkout -q main
commit_file b.txt -m "docs: z"
expect_status 0
run git merge --no-ff feature/y
expect_status 0
expect_eq "$(git log -1 --format=%s)" "Merge branch 'feature/y'"

TEST "warden hook commit-msg, and the binary handing over to it"
cd "$WORK/r2" || exit 1
printf 'update stuff\n' > "$WORK/msg.txt"
run warden hook commit-msg "$WORK/msg.txt"
expect_status 1
expect_err_contains "error[commit-message] message: subject 'update stuff' is not a Conventional Commit"
printf 'feat: fine\n' > "$WORK/ok.txt"
run warden hook commit-msg "$WORK/ok.txt"
expect_status 0
# includeIf hasconfig is beyond the native reader: the binary hands over, same verdict.
git config "includeIf.hasconfig:remote.*.url:nothing.path" "$WORK/none.cfg"
run env WARDEN_DEBUG_HANDOVER=1 .git/hooks/commit-msg "$WORK/msg.txt"
expect_status 1
expect_err_contains "handing over to \`warden hook commit-msg\`"
expect_err_contains "subject 'update stuff' is not a Conventional Commit"
git config --unset "includeIf.hasconfig:remote.*.url:nothing.path"
run .git/hooks/commit-msg
expect_status 2
expect_err_contains "commit-msg FILE"

TEST "require-trailers [Signed-off-by]: git commit -s passes, without it refused"
cd "$WORK/r2" || exit 1
policy 'commits:
  message: error
  require-trailers: [Signed-off-by]'
commit_file d.txt -m "Add d"
expect_status 1
expect_err_contains "the Signed-off-by trailer is missing (commits.require-trailers): sign off with git commit -s"
commit_file d.txt -s -m "Add d"
expect_status 0
expect_eq "$(git log -1 --format='%(trailers:key=Signed-off-by,valueonly)')" "Test User <test@example.com>"

TEST "comment lines and the scissors part are not the message (editor, commit -v, core.commentChar)"
new_repo "$WORK/r3"
install_hooks "$WORK/r3"
cd "$WORK/r3" || exit 1
policy 'commits:
  message: error
  conventional: true
  require-trailers: [Signed-off-by]'
# The editor writes a message above git's comments; -v adds a diff with long lines below the scissors.
cat > "$WORK/write.sh" <<'EOF'
#!/bin/sh
{ printf 'feat: edited\n\nSigned-off-by: A <a@example.com>\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"
EOF
chmod +x "$WORK/write.sh"
echo "$(printf 'x%.0s' $(seq 1 100))" > long.txt
git add long.txt
run env GIT_EDITOR="$WORK/write.sh" git commit -v
expect_status 0
expect_eq "$(git log -1 --format=%s)" "feat: edited"
grep -q -- "------------------------ >8 ------------------------" .git/COMMIT_EDITMSG \
  || fail "git commit -v wrote no scissors line"
# core.commentChar=';': '#' lines are message text, ';' lines are comments.
git config core.commentChar ';'
cat > "$WORK/write2.sh" <<'EOF'
#!/bin/sh
{ printf '; a comment\n#123 not conventional\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1"
EOF
chmod +x "$WORK/write2.sh"
echo more >> long.txt && git add long.txt
run env GIT_EDITOR="$WORK/write2.sh" git commit -s
expect_status 1
expect_err_contains "subject '#123 not conventional' is not a Conventional Commit"
git config --unset core.commentChar
# With -m (no editor) git keeps '#' lines: so does the hook.
run git commit -s -m "#123 not conventional"
expect_status 1
expect_err_contains "subject '#123 not conventional' is not a Conventional Commit"

TEST "a linked worktree's hint names its own git directory"
cd "$WORK/r3" || exit 1
git worktree add -q "$WORK/r3-wt" -b feature/wt
cd "$WORK/r3-wt" || exit 1
echo x > wt.txt && git add wt.txt
run git commit -m "no good"
expect_status 1
expect_err_contains "hint: your message is kept in ../r3/.git/worktrees/r3-wt/COMMIT_EDITMSG; edit and reuse it: git commit -e -F ../r3/.git/worktrees/r3-wt/COMMIT_EDITMSG"
run git commit -s -F ../r3/.git/worktrees/r3-wt/COMMIT_EDITMSG
expect_status 1
expect_err_contains "subject 'no good' is not a Conventional Commit"

TEST "pre-push refuses a bad author email and a fixup! to main, not old history on the remote"
new_repo_with_remote r4
install_hooks "$WORK/r4"
cd "$WORK/r4" || exit 1
# Old history, already on the remote, made before the rules.
for i in 1 2 3; do
  echo "$i" > old.txt && git add old.txt
  git -c user.email=old@elsewhere.org commit -q --no-verify -m "fixup! old work $i"
done
git push -q --no-verify origin main
policy 'commits:
  author-email: "@example\\.com$"'
git push -q --no-verify origin main
# A new branch on top of that history is judged on its own commits only.
git checkout -q -b feature/ok
echo ok > ok.txt && git add ok.txt && git commit -q -m "Add ok"
run git push -u origin feature/ok
expect_status 0
expect_err_lacks "commit-author"
expect_err_lacks "fixup-commit"
# A commit by a bad email, pushed to main, and a fixup! commit.
git checkout -q main
echo bad > bad.txt && git add bad.txt
git -c user.email=me@gmail.com commit -q --no-verify -m "Add bad"
bad=$(git rev-parse --short=7 HEAD)
echo fix > bad.txt && git add bad.txt && git commit -q --fixup HEAD
fix=$(git rev-parse --short=7 HEAD)
before=$(git ls-remote "$WORK/r4.git" refs/heads/main)
run git push origin main
expect_status 1
expect_err_contains "error[commit-author] $bad: author and committer email 'me@gmail.com' do not match commits.author-email"
expect_err_contains "error[fixup-commit] $fix: a 'fixup!' commit would land on protected branch 'main'"
expect_err_contains "git rebase -i --autosquash origin/main"
expect_eq "$(git ls-remote "$WORK/r4.git" refs/heads/main)" "$before" "(the remote changed)"
# The same fixup! commit is fine on a topic branch...
git branch -q feature/fix
run git push origin feature/fix
expect_status 1
expect_err_contains "error[commit-author] $bad"
expect_err_lacks "fixup-commit"
run env WARDEN_SKIP=commit-author git push origin feature/fix
expect_status 0
# ... and refused on main even though the remote now has it under another ref.
run env WARDEN_SKIP=commit-author git push origin main
expect_status 1
expect_err_contains "error[fixup-commit] $fix"

TEST "warden check --range judges the commits of the range"
cd "$WORK/r4" || exit 1
run warden check --range origin/main..main
expect_status 1
expect_out_contains "error[commit-author] $bad"
expect_out_contains "error[fixup-commit] $fix"
run warden check --range origin/main..feature/fix --format json
expect_status 1
expect_out_contains "\"check\": \"commit-author\""
expect_out_lacks "fixup-commit"
run warden check --range origin/main..feature/ok
expect_status 0
expect_out_contains "warden check: no findings"

TEST "pre-receive judges the commits new to the server"
git init -q --bare -b main "$WORK/srv.git"
install_hooks "$WORK/srv.git"
cat > "$WORK/srv.git/server-policy.yml" <<'EOF'
commits:
  author-email: '@example\.com$'
  message: error
EOF
git -C "$WORK/srv.git" config warden.policy server-policy.yml
new_repo "$WORK/r5"
cd "$WORK/r5" || exit 1
git remote add origin "$WORK/srv.git"
run git push origin main
expect_status 0
echo x > x.txt && git add x.txt
git -c user.email=me@gmail.com commit -q --no-verify -m "Add x"
bad=$(git rev-parse --short=7 HEAD)
run git push --no-verify origin main
expect_status 1
expect_err_contains "error[commit-author] $bad: author and committer email 'me@gmail.com' do not match"
expect_err_lacks "error[commit-author] $(git rev-parse --short=7 HEAD~1)"
git commit -q --amend --no-verify --reset-author -m "Add x"
run git push --no-verify origin main
expect_status 0

finish
