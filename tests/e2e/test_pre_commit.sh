#!/usr/bin/env bash
# The pre-commit hook end to end (docs/pre-commit.md): real `git commit`
# through links made by install-hooks; what is committed is what is checked.
source "$(dirname "$0")/lib.sh"

# commit_file REPO PATH [CONTENT]: write, stage, commit past the hooks.
commit_file() {
  mkdir -p "$(dirname "$1/$2")"
  printf '%s\n' "${3:-$2}" > "$1/$2"
  git -C "$1" add -- "$2"
  git -C "$1" commit -q --no-verify -m "add $2"
}

# stage_blob REPO PATH: stage PATH (any bytes) without a file in the worktree.
stage_blob() {
  local oid
  oid=$(printf 'content of a staged path\n' | git -C "$1" hash-object -w --stdin)
  git -C "$1" update-index --add --cacheinfo "100644,$oid,$2"
}

TEST "README.md + readme.md: blocked, exit 1, naming both paths"
new_repo "$WORK/r1"
install_hooks "$WORK/r1"
echo "other" > "$WORK/r1/readme.md"
git -C "$WORK/r1" add readme.md
run_in "$WORK/r1" git commit -m "add readme"
expect_status 1
expect_err_contains "error[case-collision]"
[[ "$err" == *"README.md"*"readme.md"* || "$err" == *"readme.md"*"README.md"* ]] || fail "both paths not named: $err"
line=$(grep 'error\[case-collision\]' <<<"$err" | head -1)
[[ "$line" == *"README.md"* && "$line" == *"readme.md"* ]] || fail "the finding line must name both paths: $line"
expect_err_contains "--no-verify"
expect_eq "$(git -C "$WORK/r1" rev-list --count HEAD)" "1"

TEST "WARDEN_SKIP=case-collision bypasses that check only"
git -C "$WORK/r1" rm -q --cached readme.md
echo x > "$WORK/r1/Notes.txt"; echo y > "$WORK/r1/notes.txt"
git -C "$WORK/r1" add Notes.txt notes.txt
run_in "$WORK/r1" env WARDEN_SKIP=case-collision git commit -q -m "skip one"
expect_status 0
expect_eq "$(git -C "$WORK/r1" log -1 --format=%s)" "skip one"

TEST "WARDEN_SKIP=all bypasses every check"
echo x > "$WORK/r1/Other.txt"; echo y > "$WORK/r1/other.txt"
git -C "$WORK/r1" add Other.txt other.txt
run_in "$WORK/r1" env WARDEN_SKIP=all git commit -q -m "skip all"
expect_status 0
expect_eq "$(git -C "$WORK/r1" log -1 --format=%s)" "skip all"

TEST "WARDEN_SKIP naming another check does not bypass case-collision"
echo x > "$WORK/r1/Third.txt"; echo y > "$WORK/r1/third.txt"
git -C "$WORK/r1" add Third.txt third.txt
run_in "$WORK/r1" env WARDEN_SKIP=secret,large-file git commit -q -m "not skipped"
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_lacks "WARDEN_SKIP names no check"

TEST "a misspelled WARDEN_SKIP id is named, not silently ignored"
run_in "$WORK/r1" env WARDEN_SKIP=case-colision git commit -q -m "typo"
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains "WARDEN_SKIP names no check 'case-colision' (ignored)"

TEST "--no-verify bypasses the hook"
run_in "$WORK/r1" git commit -q --no-verify -m "no verify"
expect_status 0
expect_eq "$(git -C "$WORK/r1" log -1 --format=%s)" "no verify"

TEST "a legacy collision does not block an unrelated commit"
# Third.txt / third.txt were committed with --no-verify just above.
echo "unrelated" > "$WORK/r1/unrelated.txt"
git -C "$WORK/r1" add unrelated.txt
run_in "$WORK/r1" git commit -q -m "unrelated"
expect_status 0
expect_err_lacks "error["
expect_eq "$(git -C "$WORK/r1" log -1 --format=%s)" "unrelated"

TEST "git commit PATH: a collision only in the index does not block the partial commit"
new_repo "$WORK/r2"
commit_file "$WORK/r2" tracked.txt
install_hooks "$WORK/r2"
echo x > "$WORK/r2/Pair.txt"; echo y > "$WORK/r2/pair.txt"
git -C "$WORK/r2" add Pair.txt pair.txt
echo "changed" > "$WORK/r2/tracked.txt"
run_in "$WORK/r2" git commit -q -m "partial" tracked.txt
expect_status 0
expect_eq "$(git -C "$WORK/r2" log -1 --format=%s)" "partial"
expect_eq "$(git -C "$WORK/r2" ls-tree --name-only HEAD | grep -ci '^pair.txt$')" "0"

TEST "git commit PATH: a collision in the committed path blocks"
commit_file "$WORK/r2" docs/guide.md
git -C "$WORK/r2" rm -q --cached Pair.txt pair.txt
mkdir -p "$WORK/r2/Docs"
echo "guide" > "$WORK/r2/Docs/intro.md"
git -C "$WORK/r2" add Docs/intro.md
echo "again" > "$WORK/r2/Docs/intro.md"
run_in "$WORK/r2" git commit -q -m "docs" Docs/intro.md
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains "Docs"
expect_err_contains "docs"

TEST "git commit -a: checks the index git builds for it"
git -C "$WORK/r2" rm -q -f --cached Docs/intro.md
rm -rf "$WORK/r2/Docs"
echo "changed again" > "$WORK/r2/tracked.txt"
run_in "$WORK/r2" git commit -q -a -m "all"
expect_status 0
expect_eq "$(git -C "$WORK/r2" log -1 --format=%s)" "all"
echo x > "$WORK/r2/TRACKED.txt"
git -C "$WORK/r2" add TRACKED.txt
echo "and again" > "$WORK/r2/tracked.txt"
run_in "$WORK/r2" git commit -q -a -m "all collide"
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains "TRACKED.txt"

TEST "a linked worktree runs the hooks and checks its own index"
new_repo "$WORK/r3"
install_hooks "$WORK/r3"
git -C "$WORK/r3" worktree add -q -b feature/wt "$WORK/r3-wt"
# A collision staged in the main worktree must not leak into the linked one.
echo x > "$WORK/r3/Main.txt"; echo y > "$WORK/r3/main.txt"
git -C "$WORK/r3" add Main.txt main.txt
echo "clean" > "$WORK/r3-wt/clean.txt"
git -C "$WORK/r3-wt" add clean.txt
run_in "$WORK/r3-wt" git commit -q -m "clean in worktree"
expect_status 0
expect_eq "$(git -C "$WORK/r3-wt" log -1 --format=%s)" "clean in worktree"
echo x > "$WORK/r3-wt/Wt.txt"; echo y > "$WORK/r3-wt/wt.txt"
git -C "$WORK/r3-wt" add Wt.txt wt.txt
run_in "$WORK/r3-wt" git commit -q -m "collide in worktree"
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains "Wt.txt"
expect_err_lacks "Main.txt"

TEST "a malformed policy blocks with exit 2 and file:line:column"
new_repo "$WORK/r4"
install_hooks "$WORK/r4"
printf 'version: 1\nfiles:\n  case-collision: [error\n' > "$WORK/r4/.warden.yml"
echo a > "$WORK/r4/a.txt"
git -C "$WORK/r4" add a.txt
# git reports any failed hook as exit 1: the hook's own status is checked directly.
run_in "$WORK/r4" git commit -q -m "a"
[ "$status" != 0 ] || fail "the commit must be refused"
[[ "$err" =~ \.warden\.yml:[0-9]+:[0-9]+ ]] || fail "no file:line:column in: $err"
expect_eq "$(git -C "$WORK/r4" rev-list --count HEAD)" "1"
run_in "$WORK/r4" .git/hooks/pre-commit
expect_status 2
[[ "$err" =~ \.warden\.yml:[0-9]+:[0-9]+ ]] || fail "no file:line:column in: $err"

TEST "a misspelled key names the closest key"
printf 'version: 1\nfiles:\n  case-colision: error\n' > "$WORK/r4/.warden.yml"
run_in "$WORK/r4" git commit -q -m "a"
[ "$status" != 0 ] || fail "the commit must be refused"
run_in "$WORK/r4" .git/hooks/pre-commit
expect_status 2
expect_err_contains "case-colision"
expect_err_contains "case-collision"
expect_err_contains ".warden.yml:3:3"

TEST "a path with a newline is reported escaped, no crash"
new_repo "$WORK/r5"
install_hooks "$WORK/r5"
stage_blob "$WORK/r5" $'line\nbreak.txt'
stage_blob "$WORK/r5" $'LINE\nBREAK.txt'
run_in "$WORK/r5" git commit -q -m "newline"
expect_status 1
expect_err_contains 'line\nbreak.txt'
expect_err_contains 'LINE\nBREAK.txt'
expect_err_contains "error[case-collision]"

TEST "names that are not valid UTF-8 are compared by ASCII folding, no crash"
new_repo "$WORK/r6"
install_hooks "$WORK/r6"
stage_blob "$WORK/r6" $'caf\xe9.txt'
stage_blob "$WORK/r6" $'CAF\xe9.TXT'
run_in "$WORK/r6" git commit -q -m "latin1"
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains $'caf\xe9.txt'
git -C "$WORK/r6" rm -q --cached $'CAF\xe9.TXT'
run_in "$WORK/r6" git commit -q -m "latin1 alone"
expect_status 0

TEST "file names written with printf are checked from the index bytes"
new_repo "$WORK/r7"
install_hooks "$WORK/r7"
(cd "$WORK/r7" && printf 'a\n' > "$(printf 'tab\there.txt')" && printf 'b\n' > "$(printf 'TAB\tHERE.txt')" \
  && git add -A)
run_in "$WORK/r7" git commit -q -m "tabs"
expect_status 1
expect_err_contains 'tab\there.txt'
expect_err_contains 'TAB\tHERE.txt'

TEST "the pre-commit binary loads no libgit2"
expect_no_libgit2 "$WARDEN_STAGE/libexec/warden/pre-commit"

TEST "git -c: the binary reads the command-line config and runs the checks itself"
new_repo "$WORK/r8"
install_hooks "$WORK/r8"
echo x > "$WORK/r8/Same.txt"; echo y > "$WORK/r8/same.txt"
git -C "$WORK/r8" add Same.txt same.txt
run_in "$WORK/r8" env WARDEN_DEBUG_HANDOVER=1 git -c core.quotepath=false commit -q -m "collide"
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_lacks "handing over"
expect_eq "$(git -C "$WORK/r8" rev-list --count HEAD)" "1"
# A value given with -c wins over the repository's config, as in git.
printf 'version: 1\nfiles:\n  case-collision: off\n' > "$WORK/r8/relaxed.yml"
run_in "$WORK/r8" env WARDEN_DEBUG_HANDOVER=1 git -c "warden.policy=relaxed.yml" -c core.quotepath=false commit -q -m "relaxed"
expect_status 0
expect_err_lacks "handing over"
expect_eq "$(git -C "$WORK/r8" log -1 --format=%s)" "relaxed"

TEST "trusted pre-commit commands run from the binary, untrusted ones are named"
new_repo "$WORK/r9"
printf 'version: 1\ncommands:\n  pre-commit:\n    - name: marker\n      run: "touch ran-marker"\n' > "$WORK/r9/.warden.yml"
git -C "$WORK/r9" add .warden.yml
git -C "$WORK/r9" commit -q --no-verify -m "policy with commands"
ln -sf "$WARDEN_STAGE/libexec/warden/pre-commit" "$WORK/r9/.git/hooks/pre-commit"
echo a > "$WORK/r9/a.txt"
git -C "$WORK/r9" add a.txt
run_in "$WORK/r9" env WARDEN_DEBUG_HANDOVER=1 git commit -q -m "untrusted"
expect_status 0
expect_err_contains "warn[command]"
expect_err_contains "warden trust"
expect_err_lacks "handing over"
[ ! -e "$WORK/r9/ran-marker" ] || fail "an untrusted command ran"
run_in "$WORK/r9" warden trust
expect_status 0
echo b > "$WORK/r9/b.txt"
git -C "$WORK/r9" add b.txt
run_in "$WORK/r9" env WARDEN_DEBUG_HANDOVER=1 git -c core.quotepath=false commit -q -m "trusted"
expect_status 0
expect_err_contains "running marker"
expect_err_lacks "warn[command]"
expect_err_lacks "handing over"
[ -e "$WORK/r9/ran-marker" ] || fail "the trusted command did not run"

TEST "a split index is handed over to warden hook pre-commit, with the same result"
new_repo "$WORK/r10"
install_hooks "$WORK/r10"
git -C "$WORK/r10" update-index --split-index
echo x > "$WORK/r10/Split.txt"; echo y > "$WORK/r10/split.txt"
git -C "$WORK/r10" add Split.txt split.txt
run_in "$WORK/r10" env WARDEN_DEBUG_HANDOVER=1 git commit -q -m "split"
expect_status 1
expect_err_contains "handing over"
expect_err_contains "error[case-collision]"

TEST "includeIf gitdir:~/ in the global config: the binary follows it, no hand-over"
mkdir -p "$HOME/work"
new_repo "$HOME/work/r11"
install_hooks "$HOME/work/r11"
printf 'version: 1\nfiles:\n  case-collision: off\n' > "$HOME/work/r11/relaxed.yml"
echo x > "$HOME/work/r11/Same.txt"; echo y > "$HOME/work/r11/same.txt"
git -C "$HOME/work/r11" add Same.txt same.txt
run_in "$HOME/work/r11" env WARDEN_DEBUG_HANDOVER=1 git commit -q -m "collide"
expect_status 1
expect_err_contains "error[case-collision]"
printf '[warden]\n  policy = relaxed.yml\n' > "$HOME/work.gitconfig"
git config --global "includeIf.gitdir:~/work/.path" "$HOME/work.gitconfig"
git config --global "includeIf.gitdir:~/elsewhere/.path" "$HOME/missing.gitconfig"
expect_eq "$(git -C "$HOME/work/r11" config --get warden.policy)" "relaxed.yml"
run_in "$HOME/work/r11" env WARDEN_DEBUG_HANDOVER=1 git commit -q -m "relaxed by the include"
expect_status 0
expect_err_lacks "handing over"
expect_err_lacks "case-collision"
expect_eq "$(git -C "$HOME/work/r11" log -1 --format=%s)" "relaxed by the include"
git config --global --remove-section "includeIf.gitdir:~/work/"
git config --global --remove-section "includeIf.gitdir:~/elsewhere/"

finish
