#!/usr/bin/env bash
# Email (SMTP) and Slack beside Discord: a merge with all three channels on
# delivers exactly one message to each; the email is a proper MIME message
# (RFC 2047 subject, text and HTML parts, Message-ID, Date) and a retry
# reuses its Message-ID; smtp:// to a remote host is refused before any
# connection; Slack's 429, 400 invalid_payload and 404 channel_not_found are
# handled; each channel keeps its own delivery state.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/notify_lib.sh"

policy() { # policy DIR: all three channels
  cat > "$1/.warden.yml" <<'YAML'
version: 1
notify:
  discord:
    events: [push, merge, tag]
  email:
    events: [merge, tag]
    to: ["Dev Team <dev@example.com>", ops@example.com]
    from: "warden <warden@example.com>"
  slack:
    events: [merge]
YAML
}

TEST "a merge with Discord, email and Slack on delivers exactly one message to each"
start_fake all
start_slack all
start_smtp all
new_repo_with_remote m
install_hooks "$WORK/m"
cd "$WORK/m"
git config warden.discord.webhook "$URL"
git config warden.slack.webhook "$SLACK_URL"
git config warden.smtp.url "$SMTP_URL"
policy "$WORK/m"
git add .warden.yml && git commit -q -m "chore: policy" --no-verify
git checkout -q -b "feature/café"
echo a > a.txt && git add a.txt && GIT_AUTHOR_NAME="Alice" git commit -q -m "feat: login & <b>logout</b> <!channel>"
echo b > b.txt && git add b.txt && GIT_AUTHOR_NAME="Bob" git commit -q -m "fix: typo"
git checkout -q main
run git merge -q --no-ff "feature/café" -m "Merge feature/café"
expect_status 0
wait_idle "$WORK/m"
expect_messages 1
wait_lines "$SLACK_RECORD" 1
for i in $(seq 1 50); do [ "$(mail_count)" -ge 1 ] && break; sleep 0.1; done
sleep 0.3
expect_eq "$(lines "$SLACK_RECORD")" 1 "Slack messages"
expect_eq "$(mail_count)" 1 "emails"
expect_eq "$(pending_count "$WORK/m")/$(channel_pending "$WORK/m" email)/$(channel_pending "$WORK/m" slack)" "0/0/0" "pending"
slack=$(head -1 "$SLACK_RECORD")
[[ "$slack" == *'"blocks":['* && "$slack" == *'"text":'* ]] || fail "Slack payload shape: $slack"
[[ "$slack" == *'feat: login &amp; &lt;b&gt;logout&lt;/b&gt; &lt;!channel&gt;'* ]] || fail "Slack escaping: $slack"
[[ "$slack" != *'<!channel>'* ]] || fail "Slack mention not escaped: $slack"
mail=$(ls "$MAILDIR"/*.eml | head -1)
grep -q '^X-Sink-To: <dev@example.com>' "$mail" || fail "recipient dev: $(head -5 "$mail")"
grep -q '^X-Sink-To: <ops@example.com>' "$mail" || fail "recipient ops"
grep -q '^X-Sink-From: <warden@example.com>' "$mail" || fail "envelope sender"
grep -q '^From: warden <warden@example.com>' "$mail" || fail "From header"
grep -q '^To: Dev Team <dev@example.com>' "$mail" || fail "To header"
grep -q '^Subject: =?UTF-8?B?' "$mail" || fail "subject not RFC 2047: $(grep -A1 '^Subject' "$mail")"
subject=$(decode_subject "$mail")
[[ "$subject" == *'merged feature/café into main'* ]] || fail "decoded subject: $subject"
grep -Eq '^Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \+0000' "$mail" || fail "Date header"
grep -Eq '^Message-ID: <[^>]+-merge\.warden@example\.com>' "$mail" || fail "Message-ID: $(grep Message-ID "$mail")"
grep -q '^MIME-Version: 1.0' "$mail" || fail "MIME-Version"
grep -q '^Content-Type: multipart/alternative; boundary=' "$mail" || fail "multipart/alternative"
grep -q '^Content-Type: text/plain; charset=UTF-8' "$mail" || fail "no text part"
grep -q '^Content-Type: text/html; charset=UTF-8' "$mail" || fail "no HTML part"
grep -q 'fix: typo' "$mail" || fail "commits missing"
grep -q 'Alice' "$mail" && grep -q 'Bob' "$mail" || fail "authors missing"
grep -q '&lt;b&gt;logout&lt;/b&gt;' "$mail" || fail "HTML part not escaped"
grep -q '<strong>' "$mail" || fail "HTML part without markup"
[ "$(grep -c '^Message-ID:' "$mail")" = 1 ] || fail "one Message-ID"

TEST "a push goes to the channels whose events list it (Discord only here)"
cd "$WORK/m"
: > "$RECORD"; : > "$SLACK_RECORD"
git checkout -q -b feature/p && echo p > p.txt && git add p.txt && git commit -q -m "feat: p"
run git push -q -u origin feature/p
expect_status 0
wait_idle "$WORK/m"
expect_messages 1
expect_eq "$(lines "$SLACK_RECORD")" 0 "Slack messages"
expect_eq "$(mail_count)" 1 "emails (still only the merge)"

TEST "notify status shows each channel"
cd "$WORK/m"
run warden notify status
expect_status 0
expect_out_contains "channels: discord, email, slack"
expect_out_contains "email: smtp://127.0.0.1:"
expect_out_contains "to: Dev Team <dev@example.com>, ops@example.com"
expect_out_contains "slack: webhook http://127.0.0.1:"
expect_out_lacks "$TOKEN"

TEST "notify test --channel sends to that channel only"
cd "$WORK/m"
: > "$RECORD"; : > "$SLACK_RECORD"
run warden notify test --channel slack
expect_status 0
expect_out_contains "delivered to Slack"
expect_eq "$(lines "$SLACK_RECORD")" 1 "Slack messages"
expect_eq "$(lines "$RECORD")" 0 "Discord messages"
run warden notify test --channel email
expect_status 0
expect_eq "$(mail_count)" 2 "emails"
run warden notify test --channel nope
expect_status 2
stop_all_fakes

TEST "email: a retry after a lost answer reuses the Message-ID; a 451 is retried"
start_smtp drop --drop 1
new_repo e
cd "$WORK/e"
policy "$WORK/e"
git config warden.smtp.url "$SMTP_URL"
run warden notify test --channel email
expect_status 0
expect_eq "$(mail_count)" 2 "attempts recorded"
expect_eq "$(grep -h '^Message-ID:' "$MAILDIR"/*.eml | sort -u | wc -l | tr -d ' ')" 1 "distinct Message-IDs"
expect_eq "$(channel_pending "$WORK/e" email)" 0
start_smtp tempfail --tempfail 1 --auth
git config warden.smtp.url "$SMTP_URL"
run env WARDEN_SMTP_USER=bot WARDEN_SMTP_PASSWORD=pa55word warden notify test --channel email
expect_status 0
expect_eq "$(mail_count)" 1 "messages after a 451"
grep -q '^X-Sink-Auth: bot' "$MAILDIR"/*.eml || fail "AUTH PLAIN not used"
expect_out_lacks "pa55word"; expect_err_lacks "pa55word"

TEST "email: a permanent refusal is kept as failed with the server's reason"
start_smtp reject --reject-rcpt
cd "$WORK/e"
git config warden.smtp.url "$SMTP_URL"
run warden notify test --channel email
expect_status 1
expect_eq "$(channel_pending "$WORK/e" email)" 0
run warden notify status
expect_out_contains "SMTP 550"

TEST "email: smtp:// to a remote host is refused before connecting"
cd "$WORK/e"
git config warden.smtp.url "smtp://user:pw@192.0.2.1:25"
start_s=$(date +%s)
run warden notify test --channel email
expect_status 2
expect_err_contains "not encrypted"
expect_err_lacks "pw@"
[ $(( $(date +%s) - start_s )) -lt 3 ] || fail "it tried to connect"
expect_eq "$(channel_pending "$WORK/e" email)" 0
run warden notify flush
expect_status 2
git config --unset warden.smtp.url
stop_all_fakes

TEST "slack: 429 waits Retry-After, then delivers"
new_repo s
cd "$WORK/s"
start_slack limited --rate-limit 1 --retry-after 1
git config warden.slack.webhook "$SLACK_URL"
run warden notify test --channel slack
expect_status 0
expect_eq "$(lines "$SLACK_RECORD")" 1
expect_eq "$(grep -c '^429 ' "$SLACK_REQUESTS")" 1
grep -q 'warden/' "$SLACK_REQUESTS" || fail "User-Agent"

TEST "slack: 400 invalid_payload is kept as failed with the reason"
cd "$WORK/s"
start_slack bad --status 400 --error invalid_payload
git config warden.slack.webhook "$SLACK_URL"
run warden notify test --channel slack
expect_status 1
expect_err_contains "invalid_payload"
run warden notify status
expect_out_contains "HTTP 400: invalid_payload"
expect_eq "$(channel_pending "$WORK/s" slack)" 0

TEST "slack: 404 channel_not_found keeps the event pending and the webhook marked dead"
cd "$WORK/s"
start_slack gone --status 404 --error channel_not_found
git config warden.slack.webhook "$SLACK_URL"
run warden notify test --channel slack
expect_status 1
expect_eq "$(channel_pending "$WORK/s" slack)" 1
run warden notify status
expect_out_contains "channel_not_found"
start_slack back
git config warden.slack.webhook "$SLACK_URL"
run warden notify flush
expect_status 0
expect_eq "$(lines "$SLACK_RECORD")" 1
expect_eq "$(channel_pending "$WORK/s" slack)" 0
stop_all_fakes

TEST "a Slack failure never re-sends the Discord message"
new_repo both
cd "$WORK/both"
start_fake d
start_slack down --unavailable 100
git config warden.discord.webhook "$URL"
git config warden.slack.webhook "$SLACK_URL"
run warden notify test
expect_status 1
expect_messages 1
expect_eq "$(channel_pending "$WORK/both" slack)" 1
run warden notify flush --dry-run
expect_status 0
expect_out_contains "would send 0 events to http://127.0.0.1:"
expect_out_contains "would send 1 event to Slack webhook http://127.0.0.1:"
start_slack up
git config warden.slack.webhook "$SLACK_URL"
run warden notify flush
expect_status 0
expect_eq "$(lines "$SLACK_RECORD")" 1 "Slack messages"
expect_eq "$(lines "$RECORD")" 1 "Discord messages"
stop_all_fakes

TEST "secrets in the policy are refused"
new_repo sec
cd "$WORK/sec"
slack_host='hooks.slack.com' # spelled apart so this file holds no webhook URL itself
cat > .warden.yml <<YAML
version: 1
notify:
  slack:
    webhook: https://$slack_host/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx
YAML
run warden policy check
[ "$status" != 0 ] || fail "a Slack webhook in the policy was accepted"
cat > .warden.yml <<'YAML'
version: 1
notify:
  email:
    to: [a@example.com]
    password: hunter2
YAML
run warden policy check
[ "$status" != 0 ] || fail "an SMTP password in the policy was accepted"

finish
