#!/usr/bin/env bash
# Every files-section check through a real `git commit` (docs/file-checks.md):
# case and normalization collisions, canonical and portable names, path
# length, required, forbidden and naming rules, large files, conflict
# markers, secrets, and protected-branch.
source "$(dirname "$0")/lib.sh"

# add REPO PATH [CONTENT]: write PATH (printf %s, so any bytes) and stage it.
add() {
  mkdir -p "$(dirname "$1/$2")"
  printf '%s\n' "${3:-$2}" > "$1/$2"
  git -C "$1" add -- "$2"
}

# commit REPO: commit what is staged through the hooks.
commit() { run_in "$1" git commit -q -m "change"; }

# fresh NAME: a new repository with hooks installed, in $R.
fresh() {
  R="$WORK/$1"
  new_repo "$R"
  install_hooks "$R"
}

KELVIN=$'\xe2\x84\xaa'
E_NFC=$'\xc3\xa9'
E_NFD=$'e\xcc\x81'
SHARP_S=$'\xc3\x9f'

TEST "added vs existing: Makefile + makefile is blocked"
fresh cc1
add "$R" Makefile; git -C "$R" commit -q --no-verify -m base
add "$R" makefile
commit "$R"
expect_status 1
expect_err_contains "error[case-collision]"
line=$(grep 'error\[case-collision\]' <<<"$err" | head -1)
[[ "$line" == *"Makefile"* && "$line" == *"makefile"* ]] || fail "finding must name both paths: $line"

TEST "directory vs directory: Docs/a.md + docs/b.md names the directories"
fresh cc2
add "$R" Docs/a.md; git -C "$R" commit -q --no-verify -m base
add "$R" docs/b.md
commit "$R"
expect_status 1
line=$(grep 'error\[case-collision\]' <<<"$err" | head -1)
[[ "$line" == *"Docs, docs"* ]] || fail "expected the directories Docs and docs: $line"

TEST "deep directories and file vs directory"
fresh cc3
add "$R" src/lib/Util/x.c
add "$R" src/lib/util/y.c
add "$R" LICENSE.d/x
add "$R" license.D
commit "$R"
expect_status 1
expect_err_contains "src/lib/Util, src/lib/util"
expect_err_contains "LICENSE.d, license.D"
expect_err_contains "a file and a directory"

TEST "Unicode: Ä vs ä, Kelvin sign vs k"
fresh cc4
add "$R" $'\xc3\x84.txt'
add "$R" $'\xc3\xa4.txt'
add "$R" "${KELVIN}elvin"
add "$R" kelvin
commit "$R"
expect_status 1
expect_err_contains $'\xc3\x84.txt'
expect_err_contains "kelvin, ${KELVIN}elvin"

TEST "NFC vs NFD: normalization-collision"
fresh cc5
add "$R" "caf${E_NFC}.txt"
add "$R" "caf${E_NFD}.txt"
commit "$R"
expect_status 1
expect_err_contains "error[normalization-collision]"
expect_err_lacks "error[case-collision]"

TEST "ß vs ss: allowed by simple folding, blocked by full"
fresh cc6
add "$R" "stra${SHARP_S}e"
add "$R" strasse
commit "$R"
expect_status 0
add "$R" "gro${SHARP_S}"
add "$R" gross
printf 'version: 1\nfiles:\n  case-folding: full\n' > "$R/.warden.yml"
git -C "$R" add .warden.yml
commit "$R"
expect_status 1
expect_err_contains "gross, gro${SHARP_S}"

TEST "case-only rename is not a collision (but README.md is required)"
fresh cc7
add "$R" Notes.md; git -C "$R" commit -q --no-verify -m base
git -C "$R" mv Notes.md notes.md
commit "$R"
expect_status 0
expect_err_lacks "collision"

TEST "files.case-collision: warn prints but does not block"
fresh cc8
printf 'version: 1\nfiles:\n  case-collision: warn\n' > "$R/.warden.yml"
git -C "$R" add .warden.yml; git -C "$R" commit -q --no-verify -m policy
add "$R" A.txt
add "$R" a.txt
commit "$R"
expect_status 0
expect_err_contains "warn[case-collision]"

TEST "canonical-name: readme.md should be named README.md"
fresh cn1
git -C "$R" rm -q README.md; git -C "$R" commit -q --no-verify -m "no readme"
add "$R" readme.md
add "$R" docs/license
commit "$R"
expect_status 1
expect_err_contains "error[canonical-name] readme.md: readme.md should be named README.md"
expect_err_contains "error[canonical-name] docs/license: license should be named LICENSE"

TEST "required-file: deleting or renaming README.md is refused"
fresh rq1
git -C "$R" rm -q README.md
commit "$R"
expect_status 1
expect_err_contains "error[required-file] README.md: commit deletes or renames required file README.md"
git -C "$R" reset -q --hard
git -C "$R" mv README.md README.txt
commit "$R"
expect_status 1
expect_err_contains "error[required-file]"

TEST "portable-name: reserved names, forbidden characters, trailing dot or space"
fresh pn1
add "$R" con.txt
add "$R" "aux/inner.c"
add "$R" "what?.md"
add "$R" "a:b"
add "$R" "trailing."
add "$R" "space /x"
add "$R" ok.txt
commit "$R"
expect_status 1
for p in con.txt aux "what?.md" "a:b" "trailing." "space "; do
  expect_err_contains "error[portable-name] $p:"
done
expect_err_lacks "ok.txt"
expect_err_lacks "aux/inner.c"

TEST "path-length: over files.max-path-length bytes"
fresh pl1
long=$(printf 'd%.0s' {1..200})/$(printf 'f%.0s' {1..70})
add "$R" "$long"
commit "$R"
expect_status 1
expect_err_contains "error[path-length]"
printf 'version: 1\nfiles:\n  max-path-length: 0\n' > "$R/.warden.yml"
git -C "$R" add .warden.yml
commit "$R"
expect_status 0

TEST "forbidden-path: the default .DS_Store, *.orig, *.rej"
fresh fp1
add "$R" sub/.DS_Store
add "$R" main.c.orig
add "$R" main.c
commit "$R"
expect_status 1
expect_err_contains "error[forbidden-path] sub/.DS_Store:"
expect_err_contains "error[forbidden-path] main.c.orig:"
expect_err_lacks "main.c:"

TEST "file-naming: names under a glob must match the pattern"
fresh fn1
cat > "$R/.warden.yml" <<'YML'
version: 1
files:
  naming:
    - glob: "src/**/*.py"
      pattern: '^[a-z0-9_]+\.py$'
YML
git -C "$R" add .warden.yml; git -C "$R" commit -q --no-verify -m policy
add "$R" src/good_name.py
add "$R" src/pkg/BadName.py
add "$R" tools/AlsoBad.py
commit "$R"
expect_status 1
expect_err_contains "error[file-naming] src/pkg/BadName.py:"
expect_err_lacks "good_name"
expect_err_lacks "AlsoBad"

TEST "large-file: over files.max-file-size, with human sizes"
fresh lf1
head -c $((6 * 1024 * 1024)) /dev/zero > "$R/big.bin"
git -C "$R" add big.bin
commit "$R"
expect_status 1
expect_err_contains "error[large-file] big.bin:"
expect_err_contains "6.0 MiB > 5 MiB"
printf 'version: 1\nfiles:\n  max-file-size: 10MiB\n' > "$R/.warden.yml"
git -C "$R" add .warden.yml
commit "$R"
expect_status 0

TEST "conflict-marker: a left-over conflict blocks, near misses pass"
fresh cm1
printf 'a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> topic\n' > "$R/merged.txt"
printf 'Title\n========\n<<<<<< six\n  <<<<<<< indented\n' > "$R/fine.md"
# A seven-character heading underline alone is documentation, not a conflict.
printf 'License\n=======\n\nMIT\n' > "$R/heading.rst"
git -C "$R" add merged.txt fine.md heading.rst
commit "$R"
expect_status 1
expect_err_contains "error[conflict-marker] merged.txt:"
expect_err_contains "line 2"
expect_err_lacks "fine.md"
expect_err_lacks "heading.rst"
printf 'version: 1\nfiles:\n  conflict-marker: "off"\n' > "$R/.warden.yml"
git -C "$R" add .warden.yml
commit "$R"
expect_status 0

TEST "secret: keys, webhook URLs and tokens block without echoing the secret"
fresh sc1
# Random, not repeated characters: a run of one character is a placeholder.
aws="AKIA$(LC_ALL=C tr -dc 'A-Z2-7' </dev/urandom | head -c 16)"
printf 'x = 1\nkey = %s\n' "$aws" > "$R/settings.env"
kind='OPENSSH PRIVATE KEY' # spelled apart so this file holds no key header itself
printf -- '-----BEGIN %s-----\nabc\n-----END %s-----\n' "$kind" "$kind" > "$R/id_ed25519"
printf 'url: https://discord.com/api/webhooks/123456789012345678/%s\n' "$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 68)" > "$R/hook.yml"
git -C "$R" add settings.env id_ed25519 hook.yml
commit "$R"
expect_status 1
expect_err_contains "error[secret] settings.env: aws-access-key at line 2"
expect_err_contains "error[secret] id_ed25519: openssh-private-key at line 1"
expect_err_contains "error[secret] hook.yml: discord-webhook-url at line 1"
expect_err_lacks "$aws"

TEST "secret: near misses pass"
fresh sc2
printf 'AKIA%s\n' "$(printf 'Q%.0s' {1..15})" > "$R/a.txt"
printf 'https://discord.com/api/webhooks/ID/TOKEN\nhttps://discord.com/api/webhooks/123456789012345678/\n' > "$R/docs.md"
printf -- '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n' > "$R/key.pub"
git -C "$R" add a.txt docs.md key.pub
commit "$R"
expect_status 0
expect_err_lacks "error["

TEST "binary files are not scanned for markers or secrets"
fresh bin1
printf 'x\0y\n<<<<<<< HEAD\nAKIA%s\n' "$(printf 'Q%.0s' {1..16})" > "$R/blob.bin"
git -C "$R" add blob.bin
commit "$R"
expect_status 0

TEST "protected-branch: branches.no-commit refuses direct commits"
fresh pb1
printf 'version: 1\nbranches:\n  no-commit: [main]\n' > "$R/.warden.yml"
git -C "$R" add .warden.yml; git -C "$R" commit -q --no-verify -m policy
add "$R" x.txt
commit "$R"
expect_status 1
expect_err_contains "error[protected-branch] main:"
git -C "$R" switch -q -c feature/x
commit "$R"
expect_status 0

TEST "warden check --all reports legacy problems"
fresh all1
add "$R" Old.txt; add "$R" old.txt; git -C "$R" commit -q --no-verify -m legacy
add "$R" new.txt
commit "$R"
expect_status 0
run_in "$R" warden check --all
expect_status 1
[[ "$out$err" == *"case-collision"* ]] || fail "check --all must report the legacy collision: $out $err"

finish
