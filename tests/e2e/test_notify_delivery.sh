#!/usr/bin/env bash
# Delivery rules against a fake Discord: 429 waits, 5xx backs off then stays
# pending, other 4xx are kept as failed with the reason, 404 marks the
# webhook dead, concurrent flushes send each event once, payloads stay within
# Discord's limits, the URL is checked and never printed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/notify_lib.sh"

new_repo_with_remote r
cd "$WORK/r"
use() { git -C "$WORK/r" config warden.discord.webhook "$1"; }

TEST "429: waits retry_after, then delivers"
cd "$WORK/r"
start_fake limited --rate-limit 2 --retry-after 0.3
use "$URL"
run warden notify test
expect_status 0
expect_out_contains "test message delivered"
expect_messages 1
expect_eq "$(grep -c '^429 ' "$REQUESTS")" 2
grep -q 'warden/' "$REQUESTS" || fail "User-Agent is not warden/<version>: $(cat "$REQUESTS")"
stop_fake "$FAKE_PID"

TEST "429 beyond the cap: left pending, not waited for"
cd "$WORK/r"
start_fake slow_limit --rate-limit 100 --retry-after 600
use "$URL"
start_s=$(date +%s)
run warden notify test
expect_status 1
[ $(( $(date +%s) - start_s )) -lt 10 ] || fail "waited on a 600 s retry_after"
expect_eq "$(pending_count "$WORK/r")" 1
run warden notify status
expect_out_contains "rate limited"
stop_fake "$FAKE_PID"

TEST "5xx: retried with backoff, then delivered"
cd "$WORK/r"
start_fake flaky --unavailable 2
use "$URL"
run warden notify flush
expect_status 0
expect_messages 1
expect_eq "$(grep -c '^503 ' "$REQUESTS")" 2
expect_eq "$(pending_count "$WORK/r")" 0
stop_fake "$FAKE_PID"

TEST "5xx that persists: left pending with the reason, delivered by a later flush exactly once"
cd "$WORK/r"
start_fake down --unavailable 1000
use "$URL"
run warden notify test
expect_status 1
expect_eq "$(pending_count "$WORK/r")" 1
run warden notify status
expect_out_contains "HTTP 503"
stop_fake "$FAKE_PID"
start_fake back
use "$URL"
run warden notify flush
expect_status 0
run warden notify flush
expect_messages 1

TEST "400: kept as failed with Discord's reason, not retried"
cd "$WORK/r"
start_fake bad --status 400
use "$URL"
run warden notify test
expect_status 1
expect_eq "$(lines "$REQUESTS")" 1
expect_eq "$(pending_count "$WORK/r")" 0
run warden notify status
expect_out_contains "failed: 1"
expect_out_contains "HTTP 400"
expect_out_contains "code 50027"
run warden notify flush
expect_eq "$(lines "$REQUESTS")" 1
stop_fake "$FAKE_PID"

TEST "404: the webhook is marked dead, flush stops until the URL changes"
cd "$WORK/r"
start_fake gone --not-found
use "$URL"
run warden notify test
expect_status 1
expect_eq "$(pending_count "$WORK/r")" 1
run warden notify status
expect_out_contains "dead"
expect_out_contains "Unknown Webhook"
expect_out_lacks "$TOKEN"
run warden notify flush
expect_status 1
expect_eq "$(lines "$REQUESTS")" 1
stop_fake "$FAKE_PID"
start_fake replaced
use "$URL"
run warden notify flush
expect_status 0
expect_messages 1
run warden notify status
expect_out_lacks "dead"

TEST "concurrent flushes deliver each event exactly once"
cd "$WORK/r"
start_fake offline; offline_url=$URL; stop_fake "$FAKE_PID"
use "$offline_url"
run warden notify test
expect_status 1
one=$(ls "$WORK/r/.git/warden/outbox/"*.json | head -1)
for i in $(seq 1 29); do cp "$one" "${one%.json}-copy$i.json"; done
expect_eq "$(pending_count "$WORK/r")" 30
start_fake busy
use "$URL"
for i in 1 2 3 4; do warden notify flush >/dev/null 2>&1 & done
wait $(jobs -p | grep -v -F "$(printf '%s\n' "${FAKE_PIDS[@]}")") 2>/dev/null
wait_idle "$WORK/r"
expect_messages 30
expect_eq "$(pending_count "$WORK/r")" 0

TEST "300 commits, a 6,000-character subject and tag message stay within Discord's limits"
start_fake limits
new_repo_with_remote big
install_hooks "$WORK/big"
cd "$WORK/big"
git config warden.discord.webhook "$URL"
git checkout -q -b feature/big
long=$(head -c 6000 /dev/zero | tr '\0' 'x')
git commit -q --allow-empty --no-verify -m "$long"
for i in $(seq 1 299); do git commit -q --allow-empty --no-verify -m "feat: commit $i @here"; done
git tag -a v2.0 -m "$long"
: > "$RECORD"
run git push -q -u origin feature/big v2.0
expect_status 0
wait_idle "$WORK/big"
expect_messages 2
expect_eq "$(ls "$WORK/big/.git/warden/outbox/failed" 2>/dev/null | wc -l | tr -d ' ')" 0
grep -q '300 new commits\|(300 commits)' "$RECORD" || fail "commit count missing: $(head -c 400 "$RECORD")"
grep -q 'and 280 more' "$RECORD" || fail "no visible '…and N more'"
grep -q '@here' "$RECORD" && fail "@here not neutralised"
git checkout -q main
git merge -q --no-ff feature/big -m "Merge feature/big"
wait_idle "$WORK/big"
expect_messages 3
expect_eq "$(ls "$WORK/big/.git/warden/outbox/failed" 2>/dev/null | wc -l | tr -d ' ')" 0
stop_fake "$FAKE_PID"

TEST "plain http to a non-loopback host is refused, without printing the token"
cd "$WORK/r"
use "http://discord.example.com/api/webhooks/1/$TOKEN"
run warden notify test
expect_status 2
expect_err_contains "https"
expect_err_lacks "$TOKEN"
expect_out_lacks "$TOKEN"
use "https://discord.com/api/webhooks/1/$TOKEN"
run warden notify status
expect_out_contains "https://discord.com/api/webhooks/1/***"
expect_out_lacks "$TOKEN"
WARDEN_DISCORD_WEBHOOK="http://localhost:9/api/webhooks/1/$TOKEN" run warden notify status
expect_out_contains "from WARDEN_DISCORD_WEBHOOK"

TEST "a slow webhook times out and the event stays pending"
cd "$WORK/r"
git -C "$WORK/r" config --unset warden.discord.webhook
rm -f "$WORK/r/.git/warden/outbox/"*.json
start_fake slow --delay 3
use "$URL"
WARDEN_NOTIFY_TIMEOUT=0.5 run warden notify test
expect_status 1
expect_eq "$(pending_count "$WORK/r")" 1
stop_fake "$FAKE_PID"

finish
