#!/usr/bin/env bash
# warden check: scopes (--staged, --all, --range), report formats, exit codes.
source "$(dirname "$0")/lib.sh"

# A repository whose staged change adds a case collision.
staged_collision_repo() {
  new_repo "$1"
  (cd "$1" && echo a > a.txt && echo b > A.txt && git add a.txt A.txt)
}

TEST "--staged (the default) reports a staged collision in the hook format, exit 1"
staged_collision_repo "$WORK/s1"
run_in "$WORK/s1" warden check
expect_status 1
expect_out_contains 'error[case-collision] A.txt, a.txt'
run_in "$WORK/s1" warden check --staged
expect_status 1

TEST "a clean repository: exit 0 in every format"
new_repo "$WORK/clean"
for format in text json sarif junit; do
  run_in "$WORK/clean" warden check --format "$format"
  expect_status 0
done
run_in "$WORK/clean" warden check --all
expect_status 0

TEST "--format json follows the documented schema"
run_in "$WORK/s1" warden check --format json
expect_status 1
printf '%s' "$out" > "$WORK/report.json"
run python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1 and d["tool"] == "warden", d
f = d["findings"][0]
assert f["severity"] == "error" and f["check"] == "case-collision", f
assert sorted(f["paths"]) == ["A.txt", "a.txt"], f
assert f["message"], f
assert d["summary"] == {"errors": 1, "warnings": 0}, d["summary"]
' "$WORK/report.json"
expect_status 0

TEST "--format sarif is a SARIF 2.1.0 log with rules and file locations"
run_in "$WORK/s1" warden check --format sarif
expect_status 1
printf '%s' "$out" > "$WORK/report.sarif"
run python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif" in d["$schema"], d.keys()
run = d["runs"][0]
assert run["tool"]["driver"]["name"] == "warden"
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
for i in ["case-collision", "secret", "branch-name", "large-file", "policy"]:
    assert i in ids, i
r = run["results"][0]
assert r["ruleId"] == "case-collision" and r["level"] == "error" and r["message"]["text"]
uris = sorted(l["physicalLocation"]["artifactLocation"]["uri"] for l in r["locations"])
assert uris == ["A.txt", "a.txt"], uris
' "$WORK/report.sarif"
expect_status 0

TEST "--format junit is well-formed JUnit XML with a failure per error"
run_in "$WORK/s1" warden check --format junit
expect_status 1
printf '%s' "$out" > "$WORK/report.xml"
run python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suite = root.find("testsuite")
assert suite.get("name") == "warden"
cases = {c.get("name"): c for c in suite.findall("testcase")}
assert int(suite.get("tests")) == len(cases) and "case-collision" in cases and "secret" in cases
assert len(cases["case-collision"].findall("failure")) == 1
assert int(suite.get("failures")) == 1
assert cases["secret"].find("failure") is None
' "$WORK/report.xml"
expect_status 0

TEST "junit escapes control characters and markup in paths"
new_repo "$WORK/ctl"
(cd "$WORK/ctl" && printf x > "$(printf 'bad\001<n>&.txt')" && git add -A)
run_in "$WORK/ctl" warden check --format junit
expect_status 1
printf '%s' "$out" > "$WORK/ctl.xml"
run python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
text = "".join(f.text or "" for f in root.iter("failure"))
assert "portable-name" in text and "&" in text and "\\x01" in text, text
' "$WORK/ctl.xml"
expect_status 0

TEST "--exit-zero reports but exits 0"
for format in text json sarif junit; do
  run_in "$WORK/s1" warden check --format "$format" --exit-zero
  expect_status 0
  expect_out_contains 'case-collision'
done

TEST "--all reports a legacy collision that --staged ignores"
new_repo "$WORK/legacy"
(cd "$WORK/legacy" && echo a > x.md && echo b > X.md && git add -A && git commit -q -m legacy --no-verify \
  && echo c > other.txt && git add other.txt)
run_in "$WORK/legacy" warden check
expect_status 0
expect_out_lacks 'case-collision'
run_in "$WORK/legacy" warden check --all
expect_status 1
expect_out_contains 'error[case-collision] X.md, x.md'

TEST "--all on an unborn HEAD checks the index"
git init -q -b main "$WORK/unborn"
(cd "$WORK/unborn" && echo a > a && echo b > A && git add -A)
run_in "$WORK/unborn" warden check --all
expect_status 1
expect_out_contains 'case-collision'

TEST "--range catches a commit made with --no-verify"
new_repo "$WORK/r1"
(cd "$WORK/r1" && echo a > doc.md && echo b > Doc.md && git add -A && git commit -q -m bad --no-verify \
  && echo c > c.txt && git add c.txt && git commit -q -m later --no-verify)
run_in "$WORK/r1" warden check --range HEAD~2..HEAD
expect_status 1
expect_out_contains 'error[case-collision] Doc.md, doc.md'
# Reported once, though the later commit still carries it.
expect_eq "$(grep -c 'case-collision' <<<"$out")" 1
run_in "$WORK/r1" warden check --range HEAD~1..HEAD
expect_status 0
run_in "$WORK/r1" warden check --range HEAD~2..HEAD --format json --exit-zero
expect_status 0
expect_out_contains '"errors": 1'

TEST "--range judges by the .warden.yml of the range's last commit, in a clone and in a bare repository"
new_repo "$WORK/rp"
(cd "$WORK/rp" && printf 'version: 1\nfiles:\n  forbidden: ["*.log"]\n' > .warden.yml && echo x > build.log &&
  git add -A && git commit -q -m "policy and a log" --no-verify)
# The worktree's copy no longer forbids logs: the commit's own policy judges it.
printf 'version: 1\n' > "$WORK/rp/.warden.yml"
run_in "$WORK/rp" warden check --range HEAD~1..HEAD
expect_status 1
expect_out_contains "error[forbidden-path] build.log"
git clone -q --bare "$WORK/rp" "$WORK/rp.git"
run_in "$WORK/rp.git" warden check --range HEAD~1..HEAD
expect_status 1
expect_out_contains "error[forbidden-path] build.log"
# git config warden.policy still wins.
git -C "$WORK/rp" config warden.policy .warden.yml
run_in "$WORK/rp" warden check --range HEAD~1..HEAD
expect_status 0

TEST "--range checks the names of branches pointing into the range"
new_repo "$WORK/r2"
(cd "$WORK/r2" && git checkout -q -b Bad_Branch && echo x > y.txt && git add y.txt && git commit -q -m y --no-verify)
run_in "$WORK/r2" warden check --range main..Bad_Branch
expect_status 1
expect_out_contains 'branch-name'
expect_out_contains 'Bad_Branch'

TEST "usage errors exit 2 and say why"
run_in "$WORK/s1" warden check --staged --all
expect_status 2
run_in "$WORK/s1" warden check --all --range HEAD..HEAD
expect_status 2
run_in "$WORK/s1" warden check --format xml
expect_status 2
run_in "$WORK/s1" warden check --range nosuchrev..HEAD
expect_status 2
expect_err_contains "nosuchrev"
run_in "$WORK/s1" warden check --range HEAD..nosuchrev
expect_status 2
expect_err_contains "nosuchrev"
run_in "$WORK/s1" warden check --range HEAD
expect_status 2
expect_err_contains "A..B"

TEST "a malformed policy exits 2 naming the file"
new_repo "$WORK/badpolicy"
(cd "$WORK/badpolicy" && printf 'version: 1\nfilez: {}\n' > .warden.yml)
run_in "$WORK/badpolicy" warden check --all
expect_status 2
expect_err_contains ".warden.yml"

TEST "outside a repository exits 2"
mkdir -p "$WORK/norepo"
run_in "$WORK/norepo" env GIT_CEILING_DIRECTORIES="$WORK" warden check
expect_status 2

TEST "WARDEN_SKIP drops a check from the report"
run_in "$WORK/s1" env WARDEN_SKIP=case-collision warden check --format junit
expect_status 0
expect_out_lacks 'name="case-collision"'

TEST "--help describes the options"
run warden check --help
expect_status 0
expect_out_contains '--range'
expect_out_contains '--exit-zero'

finish
