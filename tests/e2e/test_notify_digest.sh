#!/usr/bin/env bash
# `warden digest` (by branch, author and conventional-commit type, merges,
# tags; --post; the optional summarizer and its fallback) and
# `warden notify ci` (JUnit counts and first failures).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/notify_lib.sh"

at() { # at DATE CMD...: run a git command with both dates set
  local date=$1; shift
  GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" "$@"
}

new_repo_with_remote d
cd "$WORK/d"
at "2026-01-15T10:00:00Z" git commit -q --allow-empty -m "chore: old work outside the period"
GIT_AUTHOR_NAME=Alice at "2026-02-01T10:00:00Z" git commit -q --allow-empty -m "feat(api): add the orders endpoint"
GIT_AUTHOR_NAME=Bob at "2026-02-01T11:00:00Z" git commit -q --allow-empty -m "fix: crash on empty cart"
git checkout -q -b feature/ui
GIT_AUTHOR_NAME=Carol at "2026-02-02T09:00:00Z" git commit -q --allow-empty -m "feat: checkout button"
GIT_AUTHOR_NAME=Carol at "2026-02-02T09:30:00Z" git commit -q --allow-empty -m "polish the button"
git checkout -q main
at "2026-02-02T12:00:00Z" git merge -q --no-ff feature/ui -m "Merge branch 'feature/ui'"
at "2026-02-02T13:00:00Z" git tag -a v1.0 -m "release 1.0"

TEST "digest: commits of the period by branch, author and type, merges and tags"
cd "$WORK/d"
run warden digest --since 2026-02-01 --until 2026-02-03
expect_status 0
expect_out_contains "main"
expect_out_contains "feature/ui"
expect_out_contains "Alice (1)"
expect_out_contains "Carol (2)"
expect_out_contains "feat (1)"
expect_out_contains "fix (1)"
expect_out_contains "add the orders endpoint"
expect_out_contains "Merges"
expect_out_contains "Merge branch 'feature/ui'"
expect_out_contains "Tags"
expect_out_contains "v1.0"
expect_out_lacks "old work outside the period"
expect_out_contains "4 commits by 3 authors on 2 branches, 1 merge, 1 tag"

TEST "digest: relative dates as git log --since takes them"
cd "$WORK/d"
run warden digest --since "2 years ago"
expect_status 0
expect_out_contains "old work outside the period"

TEST "digest: a WHEN git cannot read is a usage error"
cd "$WORK/d"
run warden digest --since "not a date at all"
expect_status 2
expect_err_contains "--since"
run warden digest
expect_status 2

TEST "digest --post sends one message when digest is in the events"
cd "$WORK/d"
start_fake digest
git config warden.discord.webhook "$URL"
cat > .warden.yml <<'YAML'
version: 1
notify:
  discord:
    events: [digest, ci]
YAML
run warden digest --since 2026-02-01 --until 2026-02-03 --post
expect_status 0
expect_messages 1
grep -q 'checkout button' "$RECORD" || fail "digest text not posted: $(cat "$RECORD")"

TEST "digest --post is refused without a webhook"
cd "$WORK/d"
git config --unset warden.discord.webhook
run warden digest --since 2026-02-01 --post
expect_status 2
expect_err_contains "no Discord webhook"
git config warden.discord.webhook "$URL"

TEST "summarizer: its summary is shown and posted"
cd "$WORK/d"
start_fake llm --llm-reply "- Orders endpoint and checkout button shipped"
llm_record=$RECORD.llm
cat > .warden.yml <<YAML
version: 1
notify:
  discord:
    events: [digest]
  summarizer:
    url: http://127.0.0.1:$FAKE_PORT/v1/chat/completions
    model: test-model
YAML
git config warden.discord.webhook "$URL"
WARDEN_LLM_KEY=k run warden digest --since 2026-02-01 --until 2026-02-03 --post
expect_status 0
expect_out_contains "Summary (test-model)"
expect_out_contains "Orders endpoint and checkout button shipped"
expect_out_contains "add the orders endpoint"
grep -q 'add the orders endpoint' "$llm_record" || fail "digest not sent to the summarizer"
expect_messages 1
grep -q 'Orders endpoint and checkout button shipped' "$RECORD" || fail "summary not posted"

TEST "summarizer down or failing: the template digest is used and the output says so"
cd "$WORK/d"
start_fake llm_broken --llm-status 500
cat > .warden.yml <<YAML
version: 1
notify:
  summarizer:
    url: http://127.0.0.1:$FAKE_PORT/v1/chat/completions
    model: test-model
YAML
run warden digest --since 2026-02-01 --until 2026-02-03
expect_status 0
expect_out_contains "summarizer unavailable"
expect_out_contains "template digest used"
expect_out_contains "add the orders endpoint"
start_fake llm_slow --delay 5
cat > .warden.yml <<YAML
version: 1
notify:
  summarizer:
    url: http://127.0.0.1:$FAKE_PORT/v1/chat/completions
    model: test-model
    timeout: 1
YAML
start_s=$(date +%s)
run warden digest --since 2026-02-01 --until 2026-02-03
expect_status 0
expect_out_contains "summarizer unavailable"
[ $(( $(date +%s) - start_s )) -lt 4 ] || fail "the summarizer timeout was not honoured"

cat > "$WORK/report.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="suite" tests="5" failures="1" errors="1" skipped="1">
    <testcase classname="suite" name="test_a" time="0.1"/>
    <testcase classname="suite" name="test_b" time="0.1">
      <failure message="expected 1, got 2 &amp; more">trace</failure>
    </testcase>
    <testcase classname="suite" name="test_c"><error message="@everyone boom"/></testcase>
    <testcase classname="suite" name="test_d"><skipped/></testcase>
    <testcase classname="suite" name="test_e"></testcase>
  </testsuite>
</testsuites>
XML

TEST "notify ci: counts, first failures, link, red for a failure"
cd "$WORK/d"
start_fake ci
git config warden.discord.webhook "$URL"
printf 'version: 1\nnotify:\n  discord:\n    events: [ci]\n' > .warden.yml
run warden notify ci --status failure --junit "$WORK/report.xml" --url https://ci.example.com/run/7
expect_status 0
expect_out_contains "2 passed, 2 failed, 1 skipped"
expect_messages 1
msg=$(head -1 "$RECORD")
[[ "$msg" == *'suite.test_b'* && "$msg" == *'expected 1, got 2 & more'* && "$msg" == *'suite.test_c'* ]] || fail "failures: $msg"
[[ "$msg" == *'https://ci.example.com/run/7'* && "$msg" == *'"color":15158332'* ]] || fail "link/colour: $msg"
[[ "$msg" != *'@everyone'* ]] || fail "mention in a test message not neutralised"

TEST "notify ci: success without a report; sent on request even when ci is not in the events"
cd "$WORK/d"
: > "$RECORD"
run warden notify ci --status success
expect_status 0
expect_messages 1
printf 'version: 1\n' > .warden.yml
: > "$RECORD"
run warden notify ci --status success
expect_status 0
expect_messages 1

TEST "notify ci: bad arguments and unreadable reports are usage errors"
cd "$WORK/d"
run warden notify ci --status maybe
expect_status 2
run warden notify ci --status failure --junit "$WORK/missing.xml"
expect_status 2
expect_err_contains "missing.xml"
echo "not xml" > "$WORK/bad.xml"
run warden notify ci --status failure --junit "$WORK/bad.xml"
expect_status 2
expect_err_contains "bad.xml"

TEST "--dry-run prints the message and sends nothing"
cd "$WORK/d"
start_fake dry
git config warden.discord.webhook "$URL"
printf 'version: 1\nnotify:\n  discord:\n    events: [ci, digest]\n' > .warden.yml
run warden notify ci --status success --dry-run
expect_status 0
expect_out_contains '"allowed_mentions"'
run warden digest --since 2026-02-01 --until 2026-02-03 --post --dry-run
expect_status 0
expect_out_contains "would post (digest)"
run warden notify test --dry-run
expect_status 0
run warden notify flush --dry-run
expect_status 0
expect_out_contains "would send 0 events"
expect_messages 0

finish
