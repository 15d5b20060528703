# Helpers for the notification tests (sourced after lib.sh): a fake Discord
# webhook server (tests/helpers/fake_discord.cpp) and waits for the detached
# deliveries the hooks start.
: "${WARDEN_TEST_HELPERS:=$WARDEN_STAGE/../tests/helpers}"
FAKE_DISCORD="$WARDEN_TEST_HELPERS/fake_discord"
FAKE_PIDS=()
TOKEN="s3cr3t-t0ken-value"

# start_fake NAME [fake_discord flags...]: sets FAKE_PID, FAKE_PORT, URL
# (the webhook URL), RECORD (accepted payloads, one JSON per line) and
# REQUESTS (one "STATUS kind user-agent" line per request).
start_fake() {
  local name=$1; shift
  RECORD="$WORK/$name.jsonl"; REQUESTS="$WORK/$name.requests"
  : > "$RECORD"; : > "$REQUESTS"
  "$FAKE_DISCORD" --record "$RECORD" --requests "$REQUESTS" "$@" > "$WORK/$name.port" 2> "$WORK/$name.log" &
  FAKE_PID=$!
  FAKE_PIDS+=("$FAKE_PID")
  local i
  for i in $(seq 1 100); do [ -s "$WORK/$name.port" ] && break; sleep 0.05; done
  FAKE_PORT=$(head -1 "$WORK/$name.port")
  URL="http://127.0.0.1:$FAKE_PORT/api/webhooks/123456/$TOKEN"
}
stop_fake() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
stop_all_fakes() { local p; for p in "${FAKE_PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop_all_fakes EXIT

lines() { [ -f "$1" ] && wc -l < "$1" | tr -d ' ' || echo 0; }

# wait_lines FILE N: wait (up to 15 s) until FILE has at least N lines.
wait_lines() {
  local i
  for i in $(seq 1 150); do [ "$(lines "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  return 1
}

# notify_busy REPO: a `warden notify` process (flush, confirm-push) works on REPO.
notify_busy() {
  local git_dir p pids
  git_dir=$(cd "$1/.git" && pwd -P)
  if command -v pgrep >/dev/null; then
    pids=$(pgrep -f "notify (flush|confirm-push)" 2>/dev/null)
  else
    pids=$(ls /proc | grep -E '^[0-9]+$')
  fi
  for p in $pids; do
    case "$({ tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null)" in *"notify "*) ;; *) continue ;; esac
    { tr '\0' '\n' < "/proc/$p/environ"; } 2>/dev/null | grep -qx "GIT_DIR=$git_dir" && return 0
  done
  return 1
}

# wait_idle REPO: wait (up to 30 s) until the deliveries the hooks started for REPO are over.
wait_idle() {
  local outbox="$1/.git/warden/outbox" i
  sleep 0.1
  for i in $(seq 1 300); do
    if [ -z "$(ls -A "$outbox/pushes" 2>/dev/null)" ] && [ -z "$(ls -A "$outbox/sending" 2>/dev/null)" ] \
       && ! notify_busy "$1"; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# pending_count REPO: events waiting in the outbox.
pending_count() { ls "$1/.git/warden/outbox/"*.json 2>/dev/null | wc -l | tr -d ' '; }

# expect_messages N: the fake server accepted exactly N messages (after the deliveries settle).
expect_messages() {
  [ "$1" -gt 0 ] && wait_lines "$RECORD" "$1"
  sleep 0.3
  expect_eq "$(lines "$RECORD")" "$1" "messages accepted by the fake Discord"
}

# start_slack NAME [fake_slack flags...]: a fake Slack incoming webhook; sets
# SLACK_PID, SLACK_URL, SLACK_RECORD (accepted payloads, one JSON per line)
# and SLACK_REQUESTS (one "STATUS user-agent" line per request).
start_slack() {
  local name=$1; shift
  SLACK_RECORD="$WORK/$name.slack.jsonl"; SLACK_REQUESTS="$WORK/$name.slack.requests"
  : > "$SLACK_RECORD"; : > "$SLACK_REQUESTS"
  "$WARDEN_TEST_HELPERS/fake_slack" --record "$SLACK_RECORD" --requests "$SLACK_REQUESTS" "$@" \
    > "$WORK/$name.slack.port" 2> "$WORK/$name.slack.log" &
  SLACK_PID=$!
  FAKE_PIDS+=("$SLACK_PID")
  local i
  for i in $(seq 1 100); do [ -s "$WORK/$name.slack.port" ] && break; sleep 0.05; done
  SLACK_URL="http://127.0.0.1:$(head -1 "$WORK/$name.slack.port")/services/T0000000/B0000000/$TOKEN"
}

# start_smtp NAME [fake_smtp flags...]: a loopback SMTP sink; sets SMTP_PID,
# SMTP_URL (smtp://127.0.0.1:PORT) and MAILDIR (one NNNN.eml per message).
start_smtp() {
  local name=$1; shift
  MAILDIR="$WORK/$name.mail"; mkdir -p "$MAILDIR"
  "$WARDEN_TEST_HELPERS/fake_smtp" --record "$MAILDIR" --log "$WORK/$name.smtp.log" "$@" \
    > "$WORK/$name.smtp.port" 2> "$WORK/$name.smtp.err" &
  SMTP_PID=$!
  FAKE_PIDS+=("$SMTP_PID")
  local i
  for i in $(seq 1 100); do [ -s "$WORK/$name.smtp.port" ] && break; sleep 0.05; done
  SMTP_URL="smtp://127.0.0.1:$(head -1 "$WORK/$name.smtp.port")"
}

# mail_count: messages the sink recorded.
mail_count() { ls "$MAILDIR"/*.eml 2>/dev/null | wc -l | tr -d ' '; }

# channel_pending REPO CHANNEL: events waiting in that channel's outbox.
channel_pending() { ls "$1/.git/warden/outbox/$2/"*.json 2>/dev/null | wc -l | tr -d ' '; }

# decode_subject FILE: the Subject header of a recorded message, RFC 2047 words decoded.
decode_subject() {
  awk 'BEGIN{s=0} /^Subject:/{s=1; sub(/^Subject: */,""); printf "%s", $0; next} s && /^[ \t]/{printf "%s", $0; next} {s=0}' "$1" \
    | tr -d '\r' | grep -o '=?UTF-8?B?[^?]*?=' | sed 's/^=?UTF-8?B?//; s/?=$//' | while read -r word; do
      printf '%s' "$word" | base64 -d
    done
}
