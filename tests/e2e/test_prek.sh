#!/usr/bin/env bash
# .pre-commit-hooks.yaml with prek 0.5.3: a repository whose
# .pre-commit-config.yaml names a local clone of warden's hooks file runs
# `warden check --staged` and refuses a readme.md/README.md pair.
# prek comes from npm (@j178/prek-linux-x64-gnu, installed by tests/run.sh
# when npm exists); without it the test says it skipped.
source "$(dirname "$0")/lib.sh"
SRC=$(cd "$E2E_DIR/../.." && pwd)

PREK=$(command -v prek || true)
for candidate in "$SRC/build/tools/node_modules/@j178/prek-linux-x64-gnu/prek"; do
  [ -z "$PREK" ] && [ -x "$candidate" ] && PREK=$candidate
done

TEST ".pre-commit-hooks.yaml declares the warden hook"
hooks="$SRC/.pre-commit-hooks.yaml"
expect_file "$hooks"
grep -q '^- id: warden$' "$hooks" || fail "no hook id warden"
grep -q '^  entry: warden check --staged$' "$hooks" || fail "entry is not warden check --staged"
grep -q '^  pass_filenames: false$' "$hooks" || fail "pass_filenames is not false"

if [ -z "$PREK" ]; then
  echo "  skipped: prek is not installed (npm is missing: apt-get install npm; tests/run.sh then installs @j178/prek-linux-x64-gnu@0.5.3)"
  finish
fi

TEST "prek $("$PREK" --version | cut -d' ' -f2) runs the hook from a local clone and refuses readme.md next to README.md"
# The hooks repository: a clone holding this tree's .pre-commit-hooks.yaml.
git init -q -b main "$WORK/hooks-src"
cp "$hooks" "$WORK/hooks-src/"
(cd "$WORK/hooks-src" && echo "# warden hooks" > README.md && git add -A && git commit -qm "hooks" --no-verify)
git clone -q "$WORK/hooks-src" "$WORK/hooks-clone"
rev=$(git -C "$WORK/hooks-clone" rev-parse HEAD)
new_repo "$WORK/user"
cat > "$WORK/user/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $WORK/hooks-clone
    rev: $rev
    hooks:
      - id: warden
YAML
(cd "$WORK/user" && git add .pre-commit-config.yaml && git commit -qm "pre-commit config" --no-verify)
run_in "$WORK/user" "$PREK" run --all-files
expect_status 0
expect_out_contains "warden"
(cd "$WORK/user" && echo lower > readme.md && git add readme.md)
run_in "$WORK/user" "$PREK" run --all-files
expect_status 1
expect_out_contains "canonical-name"
expect_eq "$(git -C "$WORK/user" rev-list --count HEAD)" 2 "nothing was committed"

TEST "prek install: git commit runs warden through prek"
run_in "$WORK/user" "$PREK" install
expect_status 0
run_in "$WORK/user" git commit -qm "add readme.md"
expect_status 1
expect_eq "$(git -C "$WORK/user" rev-list --count HEAD)" 2 "the commit was refused"
(cd "$WORK/user" && git rm -q --cached readme.md && rm readme.md && echo x > notes.txt && git add notes.txt)
run_in "$WORK/user" git commit -qm "add notes"
expect_status 0
expect_eq "$(git -C "$WORK/user" rev-list --count HEAD)" 3 "the clean commit went in"

finish
