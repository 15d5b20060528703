#!/usr/bin/env bash
# warden fix (docs/fix.md): a commit refused for readme.md, previewed with
# --dry-run (nothing changes, byte for byte), repaired, then committed
# through the hooks; identical twins collapsed, different twins reported;
# forbidden paths untracked and ignored; unstaged changes left alone; the
# CHECK-ID filter and --all.
source "$(dirname "$0")/lib.sh"

# fresh NAME: a repository with one commit (a.txt, no README) and the hooks, in $R.
fresh() {
  R="$WORK/$1"
  git init -q -b main "$R"
  (cd "$R" && echo a > a.txt && git add a.txt && git commit -q --no-verify -m base)
  install_hooks "$R"
}

# stage REPO PATH CONTENT: write PATH (printf %s, so any bytes) and stage it.
stage() {
  mkdir -p "$(dirname "$1/$2")"
  printf '%s\n' "$3" > "$1/$2"
  git -C "$1" add -- "$2"
}

# snapshot REPO: the index file and every worktree file, byte for byte.
snapshot() {
  (cd "$1" && sha256sum .git/index && find . -path ./.git -prune -o -print0 | LC_ALL=C sort -z \
    | xargs -0 -I{} sh -c 'if [ -f "{}" ]; then sha256sum "{}"; else echo "dir {}"; fi')
}

# clean_index REPO: the index's stat data matches the worktree (no refresh needed).
expect_clean_stat() {
  git -C "$1" diff-files --quiet || fail "index stat data stale or worktree differs: $(git -C "$1" diff-files)"
}

TEST "a commit refused for readme.md: the hint names warden fix"
fresh canon
stage "$R" readme.md "hello"
run_in "$R" git commit -q -m "add readme"
expect_status 1
expect_err_contains "error[canonical-name] readme.md: readme.md should be named README.md"
expect_err_contains 'hint: `warden fix` can repair 1 of these (preview: warden fix --dry-run)'

TEST "warden fix --dry-run says what it would do and changes nothing"
before=$(snapshot "$R")
run_in "$R" warden fix --dry-run
expect_status 0
expect_eq "$out" "would fix[canonical-name] readme.md -> README.md"
expect_eq "$(snapshot "$R")" "$before" "(dry run changed the index or the worktree)"

TEST "warden fix renames in index and worktree; the commit passes"
run_in "$R" warden fix
expect_status 0
expect_eq "$out" "fixed[canonical-name] readme.md -> README.md"
expect_eq "$(git -C "$R" ls-files)" $'README.md\na.txt'
expect_eq "$(cd "$R" && ls)" $'README.md\na.txt'
expect_eq "$(cat "$R/README.md")" "hello"
expect_clean_stat "$R"
run_in "$R" git commit -q -m "add readme"
expect_status 0
expect_eq "$(git -C "$R" log -1 --format=%s)" "add readme"
run_in "$R" warden fix
expect_status 0
expect_eq "$out" "warden fix: nothing to repair"

TEST "identical twins: the canonical spelling is kept, the other removed"
fresh twins
stage "$R" README.md "same"
git -C "$R" commit -q --no-verify -m readme
stage "$R" readme.md "same"
run_in "$R" git commit -q -m twin
expect_status 1
expect_err_contains "error[case-collision]"
expect_err_contains 'hint: `warden fix` can repair 2 of these'
run_in "$R" warden fix
expect_status 0
expect_eq "$out" "fixed[case-collision] readme.md -> (removed, same content as README.md)"
expect_eq "$(git -C "$R" ls-files)" $'README.md\na.txt'
expect_no_file "$R/readme.md"
expect_eq "$(cat "$R/README.md")" "same"
expect_clean_stat "$R"
run_in "$R" git commit -q --allow-empty -m "nothing left"
expect_status 0

TEST "colliding directories are left to a person"
fresh sub
stage "$R" Docs/Guide.md "g"
git -C "$R" commit -q --no-verify -m docs
stage "$R" docs/Guide.md "g"
run_in "$R" warden fix
# Directories collide (Docs, docs): a person decides where the files go.
expect_status 1
expect_err_contains "error[case-collision] Docs, docs"
expect_err_contains "left alone: directories collide"
expect_err_contains "hint: warden fix leaves these to you"
expect_file "$R/docs/Guide.md"

TEST "normalization twins with the same content: the NFC spelling is kept"
fresh nfc
E_NFC=$'caf\xc3\xa9.txt'
E_NFD=$'cafe\xcc\x81.txt'
stage "$R" "$E_NFD" "x"
stage "$R" "$E_NFC" "x"
run_in "$R" warden fix
expect_status 0
expect_eq "$out" "fixed[normalization-collision] $E_NFD -> (removed, same content as $E_NFC)"
expect_eq "$(git -C "$R" -c core.quotepath=off ls-files)" "a.txt"$'\n'"$E_NFC"
expect_no_file "$R/$E_NFD"
expect_file "$R/$E_NFC"

TEST "twins with different content are reported, not changed (exit 1)"
fresh differ
stage "$R" README.md "one"
stage "$R" readme.md "two"
before=$(snapshot "$R")
run_in "$R" warden fix
expect_status 1
expect_err_contains "error[case-collision] README.md, readme.md"
expect_err_contains "left alone: the files' contents differ"
expect_err_contains "error[canonical-name] readme.md"
expect_eq "$(snapshot "$R")" "$before" "(different twins must not change anything)"

TEST "forbidden .DS_Store: untracked, kept on disk, ignored in the staged .gitignore"
fresh ds
stage "$R" .DS_Store "junk"
stage "$R" sub/.DS_Store "junk2"
run_in "$R" git commit -q -m ds
expect_status 1
expect_err_contains 'hint: `warden fix` can repair 2 of these'
run_in "$R" warden fix
expect_status 0
expect_out_contains "fixed[forbidden-path] .DS_Store -> (untracked, ignored by /.DS_Store in .gitignore)"
expect_out_contains "fixed[forbidden-path] sub/.DS_Store -> (untracked, ignored by /sub/.DS_Store in .gitignore)"
expect_eq "$(git -C "$R" ls-files)" $'.gitignore\na.txt'
expect_eq "$(cat "$R/.DS_Store")" "junk"
expect_eq "$(git -C "$R" show :.gitignore)" $'/.DS_Store\n/sub/.DS_Store'
expect_eq "$(cat "$R/.gitignore")" $'/.DS_Store\n/sub/.DS_Store'
expect_eq "$(git -C "$R" status --porcelain)" "A  .gitignore"
expect_clean_stat "$R"
run_in "$R" git commit -q -m "ignore junk"
expect_status 0

TEST "forbidden path: no duplicate rule; an unstaged .gitignore edit stays unstaged"
fresh dup
printf '/x.orig\n' > "$R/.gitignore"
git -C "$R" add .gitignore
git -C "$R" commit -q --no-verify -m ignore
printf '# mine\n' >> "$R/.gitignore"
printf 'x\n' > "$R/x.orig"; git -C "$R" add -f x.orig
printf 'y\n' > "$R/y.rej"; git -C "$R" add -f y.rej
run_in "$R" warden fix
expect_status 0
expect_out_contains "fixed[forbidden-path] x.orig -> (untracked, ignored by /x.orig in .gitignore)"
expect_out_contains "fixed[forbidden-path] y.rej -> (untracked, ignored by /y.rej in .gitignore)"
expect_eq "$(git -C "$R" show :.gitignore)" $'/x.orig\n/y.rej'
expect_eq "$(cat "$R/.gitignore")" $'/x.orig\n# mine\n/y.rej'
expect_eq "$(git -C "$R" ls-files)" $'.gitignore\na.txt'
expect_file "$R/x.orig"

TEST "a file with unstaged changes is left alone and reported"
fresh unstaged
stage "$R" readme.md "staged"
printf 'more\n' >> "$R/readme.md"
before=$(snapshot "$R")
run_in "$R" warden fix
expect_status 1
expect_err_contains "error[canonical-name] readme.md"
expect_err_contains "left alone: readme.md has unstaged changes"
expect_eq "$(snapshot "$R")" "$before" "(an unstaged file must not be touched)"

TEST "CHECK-ID filter: only the named checks are repaired and reported"
fresh filter
stage "$R" readme.md "r"
printf 'o\n' > "$R/a.orig"; git -C "$R" add -f a.orig
run_in "$R" warden fix forbidden-path
expect_status 0
expect_eq "$out" "fixed[forbidden-path] a.orig -> (untracked, ignored by /a.orig in .gitignore)"
expect_eq "$(git -C "$R" ls-files)" $'.gitignore\na.txt\nreadme.md'
run_in "$R" warden fix canonical-nam
expect_status 2
expect_err_contains "unknown check id 'canonical-nam' (did you mean 'canonical-name'?"
run_in "$R" warden fix --dry-run bogus-id
expect_status 2
expect_err_contains "unknown check id 'bogus-id' (\`warden check --help\` lists them)"
run_in "$R" warden fix --bogus
expect_status 2

TEST "other findings are listed as needing a person"
fresh person
stage "$R" notes.txt $'<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs'
run_in "$R" warden fix
expect_status 1
expect_err_contains "error[conflict-marker] notes.txt"
expect_err_contains "hint: warden fix leaves these to you"
expect_eq "$out" ""

TEST "--all repairs what an older commit let in; the default looks at staged changes only"
fresh all
stage "$R" README.md "r"
stage "$R" sub/makefile "m"
git -C "$R" commit -q --no-verify -m legacy
run_in "$R" warden fix
expect_status 0
expect_eq "$out" "warden fix: nothing to repair"
run_in "$R" warden fix --all --dry-run
expect_status 0
expect_eq "$out" "would fix[canonical-name] sub/makefile -> sub/Makefile"
run_in "$R" warden fix --all
expect_status 0
expect_eq "$out" "fixed[canonical-name] sub/makefile -> sub/Makefile"
expect_eq "$(git -C "$R" status --porcelain)" "R  sub/makefile -> sub/Makefile"

TEST "another git holds the index lock: nothing repaired, worktree as it was, exit 1"
fresh locked
stage "$R" readme.md "r"
stage "$R" makefile "m"
: > "$R/.git/index.lock"
before=$(snapshot "$R")
run_in "$R" warden fix
expect_status 1
expect_err_contains "warden: nothing repaired: write the index"
expect_eq "$out" ""
expect_eq "$(snapshot "$R")" "$before" "(a failed index write must undo the renames)"
rm -f "$R/.git/index.lock"

TEST "run from a subdirectory"
fresh subdir
stage "$R" src/makefile "m"
run_in "$R/src" warden fix
expect_status 0
expect_eq "$out" "fixed[canonical-name] src/makefile -> src/Makefile"
expect_eq "$(git -C "$R" ls-files)" $'a.txt\nsrc/Makefile'

TEST "--help"
run warden fix --help
expect_status 0
expect_out_contains "--dry-run"
expect_out_contains "CHECK-ID"

finish
