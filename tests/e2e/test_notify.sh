#!/usr/bin/env bash
# Notifications end to end: merge, push and tag each produce exactly one
# Discord message through the real hooks; a rejected push produces none; a
# hook never waits for an unreachable webhook and the outbox keeps the event.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/notify_lib.sh"

setup() { # setup NAME: repository with remote, hooks installed, webhook set to $URL
  new_repo_with_remote "$1"
  install_hooks "$WORK/$1"
  git -C "$WORK/$1" config warden.discord.webhook "$URL"
}

TEST "without a webhook nothing is queued"
start_fake none
new_repo_with_remote quiet; install_hooks "$WORK/quiet"
cd "$WORK/quiet"
git checkout -q -b feature/a && echo a > a.txt && git add a.txt && git commit -q -m "add a" && git checkout -q main
run git merge -q --no-ff feature/a -m "Merge feature/a"
expect_status 0
expect_eq "$(pending_count "$WORK/quiet")" 0
run warden notify flush
expect_status 0
expect_out_contains "no Discord webhook configured"
stop_fake "$FAKE_PID"

TEST "a merge sends one message: source, target, commits, authors, files"
start_fake merge
setup m
cd "$WORK/m"
git checkout -q -b feature/login
echo a > a.txt && git add a.txt && GIT_AUTHOR_NAME="Alice" git commit -q -m "feat: login form @everyone <@123>"
echo b > b.txt && git add b.txt && GIT_AUTHOR_NAME="Bob" git commit -q -m "fix: typo"
git checkout -q main
run git merge -q --no-ff feature/login -m "Merge branch 'feature/login'"
expect_status 0
wait_idle "$WORK/m"
expect_messages 1
msg=$(head -1 "$RECORD")
[[ "$msg" == *'merged feature/login into main'* ]] || fail "title: $msg"
[[ "$msg" == *'"allowed_mentions":{"parse":[]}'* ]] || fail "allowed_mentions missing: $msg"
[[ "$msg" == *'fix: typo'* && "$msg" == *'Alice'* && "$msg" == *'Bob'* && "$msg" == *'a.txt'* ]] || fail "content: $msg"
[[ "$msg" != *'@everyone'* && "$msg" != *'<@123>'* ]] || fail "mention not neutralised: $msg"
expect_eq "$(pending_count "$WORK/m")" 0

TEST "a push sends one message after it succeeded"
cd "$WORK/m"
git checkout -q -b feature/push
echo c > c.txt && git add c.txt && git commit -q -m "feat: c"
: > "$RECORD"
run git push -q -u origin feature/push
expect_status 0
wait_idle "$WORK/m"
expect_messages 1
msg=$(head -1 "$RECORD")
[[ "$msg" == *'feature/push'* && "$msg" == *'feat: c'* ]] || fail "push message: $msg"

TEST "one message for a push of several branches"
cd "$WORK/m"
git checkout -q main && echo d > d.txt && git add d.txt && git commit -q -m "docs: d"
git checkout -q feature/push && echo e > e.txt && git add e.txt && git commit -q -m "feat: e"
: > "$RECORD"
run git push -q origin main feature/push
expect_status 0
wait_idle "$WORK/m"
expect_messages 1
msg=$(head -1 "$RECORD")
[[ "$msg" == *'docs: d'* && "$msg" == *'feat: e'* && "$msg" == *'**main**'* && "$msg" == *'**feature/push**'* ]] || fail "both branches: $msg"

TEST "a tag push sends release notes: tag, message, commits since the previous tag"
cd "$WORK/m"
git checkout -q main
git tag -a v1.0 -m "first release" && git push -q origin v1.0 && wait_idle "$WORK/m"
echo f > f.txt && git add f.txt && git commit -q -m "feat: f for v1.1" && git push -q origin main && wait_idle "$WORK/m"
git tag -a v1.1 -m "Release 1.1 with f"
: > "$RECORD"
run git push -q origin v1.1
expect_status 0
wait_idle "$WORK/m"
expect_messages 1
msg=$(head -1 "$RECORD")
[[ "$msg" == *'tag v1.1'* && "$msg" == *'Release 1.1 with f'* && "$msg" == *'v1.0'* && "$msg" == *'feat: f for v1.1'* ]] || fail "tag message: $msg"
[[ "$msg" != *'docs: d'* ]] || fail "commits before v1.0 listed: $msg"

TEST "a push the remote rejects sends nothing"
cd "$WORK/m"
printf '#!/bin/sh\necho "rejected by the server" >&2\nexit 1\n' > "$WORK/m.git/hooks/pre-receive"
chmod +x "$WORK/m.git/hooks/pre-receive"
echo g > g.txt && git add g.txt && git commit -q -m "feat: g"
: > "$RECORD"
run git push origin main
[ "$status" != 0 ] || fail "push should have been rejected"
wait_idle "$WORK/m"
sleep 1
expect_messages 0
expect_eq "$(pending_count "$WORK/m")" 0
rm -f "$WORK/m.git/hooks/pre-receive"

TEST "a tag the remote rejects sends nothing"
cd "$WORK/m"
printf '#!/bin/sh\nexit 1\n' > "$WORK/m.git/hooks/pre-receive"; chmod +x "$WORK/m.git/hooks/pre-receive"
git tag v9 && : > "$RECORD"
run git push origin v9
[ "$status" != 0 ] || fail "tag push should have been rejected"
wait_idle "$WORK/m"; sleep 0.5
expect_messages 0
rm -f "$WORK/m.git/hooks/pre-receive"

TEST "events not listed in the policy are not sent"
cd "$WORK/m"
cat > .warden.yml <<'YAML'
version: 1
notify:
  discord:
    events: [push]
YAML
git add .warden.yml && git commit -q -m "chore: policy" && git push -q origin main && wait_idle "$WORK/m"
git checkout -q -b feature/quiet && echo h > h.txt && git add h.txt && git commit -q -m "feat: h" && git checkout -q main
: > "$RECORD"
run git merge -q --no-ff feature/quiet -m "Merge feature/quiet"
expect_status 0
sleep 0.5
expect_messages 0
expect_eq "$(pending_count "$WORK/m")" 0

TEST "git pull and a squash merge each send one merge message"
start_fake pulls
new_repo_with_remote p
git clone -q "$WORK/p.git" "$WORK/p2"
install_hooks "$WORK/p"
git -C "$WORK/p" config warden.discord.webhook "$URL"
(cd "$WORK/p2" && echo x > x.txt && git add x.txt && git commit -q -m "feat: from elsewhere" && git push -q origin main)
cd "$WORK/p"
run git pull -q origin main
expect_status 0
wait_idle "$WORK/p"
expect_messages 1
grep -q 'origin/main into main' "$RECORD" || fail "pull source: $(cat "$RECORD")"
git checkout -q -b feature/sq && echo s > s.txt && git add s.txt && git commit -q -m "feat: squashed" && git checkout -q main
run git merge -q --squash feature/sq
wait_idle "$WORK/p"
expect_messages 2
tail -1 "$RECORD" | grep -q 'feature/sq' || fail "squash source: $(tail -1 "$RECORD")"
tail -1 "$RECORD" | grep -q 'feat: squashed' || fail "squash commits: $(tail -1 "$RECORD")"

TEST "a push to a URL (no remote-tracking ref) is confirmed with ls-remote"
cd "$WORK/p"
git commit -q -m "squash"
: > "$RECORD"
run git push -q "$WORK/p.git" main
expect_status 0
wait_idle "$WORK/p"
expect_messages 1
grep -q '1 new commit to main' "$RECORD" || fail "URL push message: $(cat "$RECORD")"

TEST "server down: the merge returns at once, the outbox keeps the event, flush delivers it once"
start_fake down
down_url=$URL
stop_fake "$FAKE_PID"
setup d
git -C "$WORK/d" config warden.discord.webhook "$down_url"
cd "$WORK/d"
git checkout -q -b feature/x && echo x > x.txt && git add x.txt && git commit -q -m "feat: x" && git checkout -q main
start_ms=$(date +%s%3N)
run git merge -q --no-ff feature/x -m "Merge feature/x"
elapsed=$(( $(date +%s%3N) - start_ms ))
expect_status 0
[ "$elapsed" -lt 1000 ] || fail "merge took ${elapsed} ms with the webhook down"
wait_idle "$WORK/d"
expect_eq "$(pending_count "$WORK/d")" 1
run warden notify status
expect_out_contains "pending: 1"
expect_out_contains "merged feature/x into main"
expect_out_lacks "$TOKEN"
start_fake up
git config warden.discord.webhook "$URL"
run warden notify flush
expect_status 0
expect_messages 1
run warden notify flush
expect_status 0
expect_messages 1
expect_eq "$(pending_count "$WORK/d")" 0

TEST "the webhook token appears in no output and no file"
cd "$WORK/d"
run warden notify status
expect_out_lacks "$TOKEN"
expect_out_contains "/api/webhooks/123456/***"
grep -rq "$TOKEN" "$WORK/d/.git/warden" && fail "token written under .git/warden"
true

finish
