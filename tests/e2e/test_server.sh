#!/usr/bin/env bash
# Server-side enforcement through a real network protocol (docs/server.md):
# pushes go to `git daemon` with receive-pack enabled on loopback, which runs
# warden's pre-receive with the pushed objects in quarantine. Covers
# server.mode enforce/report, server.bypass with the pusher from the
# environment, GitLab's GL-HOOK-ERR line, and reading quarantined blobs.
source "$(dirname "$0")/lib.sh"

SRV="$WORK/srv"
mkdir -p "$SRV"
DAEMON_PIDS=()
stop_daemons() {
  local pid
  for pid in "${DAEMON_PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  return 0
}
trap stop_daemons EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_daemon NAME [VAR=VALUE...]: a git daemon serving $SRV on a free
# loopback port, its environment (which hooks inherit) extended by the
# assignments; sets $URL_<NAME> to git://127.0.0.1:PORT. Retries on a port
# taken in the meantime; fails the script when no daemon comes up.
start_daemon() {
  local name=$1; shift
  local attempt port pid i
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    env "$@" git daemon --enable=receive-pack --export-all --base-path="$SRV" --reuseaddr --informative-errors \
      --listen=127.0.0.1 --port="$port" "$SRV" >"$WORK/daemon-$name.log" 2>&1 &
    pid=$!
    for i in $(seq 1 100); do
      if git ls-remote "git://127.0.0.1:$port/probe.git" >/dev/null 2>&1; then
        DAEMON_PIDS+=("$pid")
        printf -v "URL_$name" 'git://127.0.0.1:%s' "$port"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  echo "git daemon did not start: $(cat "$WORK/daemon-$name.log")" >&2
  exit 1
}

git init -q --bare -b main "$SRV/probe.git"

# server NAME [POLICY]: a bare repository $SRV/NAME.git with warden's
# pre-receive linked by install-hooks, main pushed (the hook not yet
# there), the server's policy POLICY (YAML text) when given; then a clone in
# $WORK/NAME, and cd into it.
server() {
  local name=$1 policy=${2:-}
  git init -q --bare -b main "$SRV/$name.git"
  new_repo "$WORK/$name"
  git -C "$WORK/$name" push -q "$SRV/$name.git" main 2>/dev/null
  if [ -n "$policy" ]; then
    printf '%s\n' "$policy" >"$SRV/$name.git/warden.yml"
    git -C "$SRV/$name.git" config warden.policy warden.yml
  fi
  run install-hooks --repo "$SRV/$name.git"
  [ "$status" = 0 ] || fail "install-hooks on $name.git failed ($status): $err"
  cd "$WORK/$name" || exit 1
}

# push_refused NAME URL REFSPEC...: the push fails and the server's refs
# are unchanged.
push_refused() {
  local name=$1 url=$2; shift 2
  local before
  before=$(git -C "$SRV/$name.git" for-each-ref)
  run git push "$url/$name.git" "$@"
  expect_status 1
  expect_eq "$(git -C "$SRV/$name.git" for-each-ref)" "$before" "(server refs changed by a refused push)"
}

# first_remote_line: the first line the server sent (git prefixes "remote: ").
first_remote_line() { printf '%s\n' "$err" | grep -m1 '^remote: ' | sed -e 's/^remote: //' -e 's/[[:space:]]*$//'; }

start_daemon plain
start_daemon bot WARDEN_PUSHER=renovate-bot
start_daemon gitlab GL_ID=user-42 GL_USERNAME=alice
start_daemon gitlab_bot GL_ID=user-7 GL_USERNAME=deploy-bot WARDEN_PUSHER=renovate-bot

TEST "enforce (the default): a bad push over git:// is refused and the ref unchanged"
server enforce
git checkout -q -b Bad_Branch
push_refused enforce "$URL_plain" Bad_Branch
expect_err_contains "remote: error[branch-name] refs/heads/Bad_Branch"
expect_err_contains "the server's policy refused this push"
expect_err_lacks "GL-HOOK-ERR"

TEST "a good push over git:// is accepted"
cd "$WORK/enforce"
git checkout -q -b feature/fine main
echo fine >fine.txt && git add fine.txt && git commit -q --no-verify -m "fine"
run git push "$URL_plain/enforce.git" feature/fine
expect_status 0
expect_eq "$(git -C "$SRV/enforce.git" rev-parse refs/heads/feature/fine)" "$(git rev-parse HEAD)"

TEST "quarantine: a large blob only in the pushed commit is read and refused"
server quarantine 'version: 1
files:
  max-file-size: 1KiB'
git checkout -q -b feature/big
head -c 4096 /dev/zero | tr '\0' 'x' >big.txt
git add big.txt && git commit -q --no-verify -m "big"
blob=$(git rev-parse HEAD:big.txt)
git -C "$SRV/quarantine.git" cat-file -e "$blob" 2>/dev/null && fail "the server had the blob before the push"
push_refused quarantine "$URL_plain" feature/big
expect_err_contains "error[large-file] big.txt"
# The blob lived only in the quarantine, which git dropped with the push.
git -C "$SRV/quarantine.git" cat-file -e "$blob" 2>/dev/null && fail "a refused push left its blob on the server"
[ -z "$(find "$SRV/quarantine.git/objects" -maxdepth 1 -name 'tmp_objdir-incoming-*')" ] || fail "quarantine left behind"

TEST "quarantine: a secret in a pushed blob (and packed: many objects) is refused"
cd "$WORK/quarantine"
git checkout -q -b feature/secret main
for i in $(seq 1 120); do echo "file $i" >"f$i.txt"; done # above receive.unpackLimit: the push stays a pack
BEGIN="-----BEGIN"
printf '%s RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----\n' "$BEGIN" \
  "MIIEowIBAAKCAQEA$(head -c 600 /dev/urandom | base64 -w0 | tr -d '+/=' | head -c 64)" >deploy.pem
git add . && git commit -q --no-verify -m "add files"
push_refused quarantine "$URL_plain" feature/secret
expect_err_contains "error[secret] deploy.pem"

TEST "report mode: findings printed, the push accepted and said so"
server report 'version: 1
server:
  mode: report'
git checkout -q -b Loose_Name
run git push "$URL_plain/report.git" Loose_Name
expect_status 0
expect_err_contains "remote: error[branch-name] refs/heads/Loose_Name"
expect_err_contains "the push was accepted in report mode (server.mode: report)"
expect_err_lacks "refused this push"
expect_eq "$(git -C "$SRV/report.git" rev-parse refs/heads/Loose_Name)" "$(git rev-parse HEAD)"

TEST "server.bypass: a listed pusher (WARDEN_PUSHER on the daemon) is judged in report mode"
server bypass 'version: 1
server:
  bypass: [renovate-*, "dependabot[bot]"]'
git checkout -q -b Bot_Branch
run git push "$URL_bot/bypass.git" Bot_Branch
expect_status 0
expect_err_contains "error[branch-name] refs/heads/Bot_Branch"
expect_err_contains "the pusher 'renovate-bot' (WARDEN_PUSHER) is in server.bypass (entry 'renovate-*')"
expect_eq "$(git -C "$SRV/bypass.git" rev-parse refs/heads/Bot_Branch)" "$(git rev-parse HEAD)"

TEST "server.bypass: any other pusher is refused"
cd "$WORK/bypass"
git checkout -q -b Human_Branch
push_refused bypass "$URL_plain" Human_Branch
expect_err_contains "error[branch-name] refs/heads/Human_Branch"
expect_err_lacks "server.bypass"

TEST "server.bypass: only * is a wildcard; brackets match themselves"
cd "$WORK/bypass"
git checkout -q -b Dep_Branch
WARDEN_PUSHER=dependabotb push_refused bypass "$SRV" Dep_Branch
expect_err_lacks "server.bypass"
WARDEN_PUSHER='dependabot[bot]' run git push "$SRV/bypass.git" Dep_Branch
expect_status 0
expect_err_contains "the pusher 'dependabot[bot]' (WARDEN_PUSHER) is in server.bypass;"

TEST "GitLab: GL_USERNAME is the pusher before WARDEN_PUSHER"
cd "$WORK/bypass"
git checkout -q -b Deploy_Branch
push_refused bypass "$URL_gitlab_bot" Deploy_Branch
expect_err_lacks "server.bypass"
expect_eq "$(first_remote_line | cut -c1-13)" "GL-HOOK-ERR: "

TEST "GitLab (GL_ID set): a refusal's first line is GL-HOOK-ERR: with a summary"
server gitlab
git checkout -q -b Bad_Name
echo x >x.orig && git add x.orig && git commit -q --no-verify -m "x"
push_refused gitlab "$URL_gitlab" Bad_Name
line=$(first_remote_line)
[[ "$line" == "GL-HOOK-ERR: warden refused this push: [branch-name] refs/heads/Bad_Name: "* ]] \
  || fail "first line is not a GL-HOOK-ERR summary: $line"
[[ "$line" == *"(and 1 more error)" ]] || fail "the summary does not count the other error: $line"
expect_err_contains "error[forbidden-path] x.orig"

TEST "GitLab: an accepted push prints no GL-HOOK-ERR"
cd "$WORK/gitlab"
git checkout -q -b feature/ok main
run git push "$URL_gitlab/gitlab.git" feature/ok
expect_status 0
expect_err_lacks "GL-HOOK-ERR"

TEST "GitLab: a policy that does not load refuses with GL-HOOK-ERR first"
server gitlab_policy 'version: 1
branchez: {}'
git checkout -q -b feature/any
push_refused gitlab_policy "$URL_gitlab" feature/any
line=$(first_remote_line)
[[ "$line" == "GL-HOOK-ERR: warden could not judge this push: "*"warden.yml:2:"* ]] \
  || fail "first line is not a GL-HOOK-ERR naming the policy: $line"

finish
