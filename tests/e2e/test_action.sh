#!/usr/bin/env bash
# action.yml: valid for GitHub (action-validator, when installed), and its
# `warden check` step, run as GitHub runs it, checks the push's range or the
# pull request's commits, writes SARIF and fails on an error finding.
source "$(dirname "$0")/lib.sh"
SRC=$(cd "$E2E_DIR/../.." && pwd)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

TEST "action.yml is a valid composite action"
expect_file "$SRC/action.yml"
if command -v action-validator >/dev/null; then
  run action-validator "$SRC/action.yml"
  expect_status 0
else
  echo "  skipped: action-validator is not installed (npm install -g @action-validator/cli@0.6.0)"
fi
grep -q "using: composite" "$SRC/action.yml" || fail "not a composite action"
grep -q "github/codeql-action/upload-sarif@" "$SRC/action.yml" || fail "the SARIF report is not uploaded"

# The run: script of the step with id `check`.
run $PY -c '
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
print(next(s["run"] for s in steps if s.get("id") == "check"))' "$SRC/action.yml"
expect_status 0
printf '%s\n' "$out" > "$WORK/check-step.sh"

# step ENV...: run the step in the current test's repository as GitHub would.
step() {
  : > "$WORK/github-output"
  run_in "$WORK/repo" env GITHUB_OUTPUT="$WORK/github-output" RANGE= FORMAT=text SARIF=warden.sarif \
    EVENT=push BEFORE= AFTER= BASE= HEAD= "$@" bash -e "$WORK/check-step.sh"
}

new_repo "$WORK/repo"
base=$(git -C "$WORK/repo" rev-parse HEAD)
(cd "$WORK/repo" && echo ok > notes.txt && git add notes.txt && git commit -qm "notes" --no-verify)
good=$(git -C "$WORK/repo" rev-parse HEAD)
(cd "$WORK/repo" && echo x > readme.md && git add readme.md && git commit -qm "readme.md" --no-verify)
bad=$(git -C "$WORK/repo" rev-parse HEAD)

TEST "a push: before..after is checked, a clean range passes and SARIF is written"
step EVENT=push BEFORE="$base" AFTER="$good"
expect_status 0
expect_file "$WORK/repo/warden.sarif"
grep -q '"version": *"2.1.0"' "$WORK/repo/warden.sarif" || fail "warden.sarif is not SARIF 2.1.0"
grep -qx "sarif-file=warden.sarif" "$WORK/github-output" || fail "no sarif-file output: $(cat "$WORK/github-output")"

TEST "a push with an error finding fails the step, the SARIF names it"
step EVENT=push BEFORE="$good" AFTER="$bad"
expect_status 1
expect_out_contains "canonical-name"
grep -q 'canonical-name' "$WORK/repo/warden.sarif" || fail "warden.sarif lacks the finding"

TEST "a pull request: the commits from the merge base to head"
git -C "$WORK/repo" branch -q side "$base"
step EVENT=pull_request BASE="$(git -C "$WORK/repo" rev-parse side)" HEAD="$bad"
expect_status 1
expect_out_contains "canonical-name"
step EVENT=pull_request BASE="$good" HEAD="$good"
expect_status 0

TEST "an explicit range and format win; a new branch's push checks the tree"
step RANGE="$base..$good" FORMAT=json EVENT=push BEFORE="$good" AFTER="$bad"
expect_status 0
expect_out_contains '"findings"'
step EVENT=push BEFORE=0000000000000000000000000000000000000000 AFTER="$bad"
expect_status 1

TEST "the warden check step of warden init's GitHub workflow runs the same way"
run warden init "$WORK/proj" --template generic --ci github
expect_status 0
run $PY -c '
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["jobs"]["warden"]["steps"]
print(next(s["run"] for s in steps if s.get("name") == "warden check"))' "$WORK/proj/.github/workflows/ci.yml"
expect_status 0
printf '%s\n' "$out" > "$WORK/workflow-step.sh"
# wstep ENV...: the workflow's step in $WORK/repo, as GitHub runs it (bash -e).
wstep() {
  run_in "$WORK/repo" env GITHUB_WORKSPACE="$WORK/repo" BEFORE= BASE= HEAD= "$@" bash -e "$WORK/workflow-step.sh"
}
wstep GITHUB_SHA="$good" BEFORE="$base"
expect_status 0
expect_file "$WORK/repo/warden.sarif"
wstep GITHUB_SHA="$bad" BEFORE="$good"
expect_status 1
expect_out_contains "canonical-name"
wstep GITHUB_SHA="$bad" BASE="$(git -C "$WORK/repo" rev-parse side)" HEAD="$bad"
expect_status 1
wstep GITHUB_SHA="$good" BASE="$base" HEAD="$good"
expect_status 0
wstep GITHUB_SHA="$bad" BEFORE=0000000000000000000000000000000000000000
expect_status 1

finish
