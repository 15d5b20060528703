#!/usr/bin/env bash
# The `secret` check: private keys, Discord and Slack webhook URLs, AWS and
# GitHub tokens in staged text block the commit (naming the file and the kind,
# never echoing the secret); near misses pass. Every secret-looking value is
# assembled at run time so this file holds none.
source "$(dirname "$0")/lib.sh"

cd "$WORK"
new_repo r
install_hooks "$WORK/r"

BEGIN="-----BEGIN"
KEY_TAIL="PRIVATE KEY-----"
DISCORD="https://discord.com/api/""webhooks/123456789012345678/"
DISCORD_TOKEN="aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3rS"
SLACK="https://hooks.slack.com/""services/T0ABCDEFG/B0ABCDEFG/"
SLACK_TOKEN="abcdefghijklmnopqrstuvwx"
AWS="AKIA""IOSFODNN7EXAMPLE"
GH_TOKEN="ghp_""$(printf 'aB1%.0s' {1..12})"
GH_PAT="github_pat_""11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"

# commit_file NAME CONTENT: stage NAME with CONTENT and try to commit it.
commit_file() {
  printf '%s\n' "$2" >"r/$1"
  git -C r add "$1"
  run_in r git commit -q -m "add $1"
}

# expect_blocked NAME KIND SECRET: the last commit was refused for KIND in
# NAME, the secret was not echoed, and nothing was committed.
expect_blocked() {
  expect_status 1
  expect_err_contains "error[secret] $1"
  expect_err_contains "$2"
  expect_err_lacks "$3"
  git -C r rm -q --cached -f "$1" >/dev/null || fail "cannot unstage $1 after the blocked commit"
  rm -f "r/$1"
}

# expect_passed NAME: the last commit went through.
expect_passed() {
  expect_status 0
  expect_err_lacks 'error[secret]'
}

TEST "an RSA private key"
commit_file id_rsa "$BEGIN RSA $KEY_TAIL
MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MbzYLdZ7ZvVy7F7V
-----END RSA $KEY_TAIL"
expect_blocked id_rsa "private key" "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn"

TEST "an OpenSSH private key deep in a config file"
commit_file deploy.txt "line one
line two
$BEGIN OPENSSH $KEY_TAIL
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
-----END OPENSSH $KEY_TAIL"
expect_blocked deploy.txt "line 3" "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"

TEST "a Discord webhook URL"
commit_file notify.sh "curl -X POST $DISCORD$DISCORD_TOKEN -d '{}'"
expect_blocked notify.sh "Discord webhook" "$DISCORD_TOKEN"

TEST "a Slack webhook URL"
commit_file slack.json "{\"url\": \"$SLACK$SLACK_TOKEN\"}"
expect_blocked slack.json "Slack webhook" "$SLACK_TOKEN"

TEST "an AWS access key id"
commit_file aws.ini "[default]
aws_access_key_id = $AWS"
expect_blocked aws.ini "AWS" "$AWS"

TEST "a GitHub token (classic and fine-grained)"
commit_file gh.env "GITHUB_TOKEN=$GH_TOKEN"
expect_blocked gh.env "GitHub token" "$GH_TOKEN"
commit_file gh2.env "token: $GH_PAT"
expect_blocked gh2.env "GitHub token" "$GH_PAT"

TEST "near misses pass: public keys, certificates, placeholders, short ids"
cat >r/near.md <<EOF
$BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA
-----END PUBLIC KEY-----
$BEGIN CERTIFICATE-----
$BEGIN RSA PRIVATE KEY (see docs, not a real header)
Set the webhook: https://discord.com/api/webhooks/ID/TOKEN
or https://discord.com/api/webhooks/123456789012345678/short
https://hooks.slack.com/services/XXX/YYY/ZZZ
https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXX
AKIAEXAMPLE is too short; AKIA${AWS:4:15} is one short; akia${AWS:4} is lower case
xAKIA${AWS:4}x is inside a word
ghp_ alone, ghp_short, ghp_$(printf 'a%.0s' {1..35}) (35 chars)
github_pat_short
EOF
git -C r add near.md
run_in r git commit -q -m "docs with near misses"
expect_passed

TEST "a secret in a binary file is not scanned as text; in a text file it is"
printf 'BIN\0\0\0%s\n' "$AWS" >r/blob.bin
git -C r add blob.bin
run_in r git commit -q -m "binary"
expect_passed

TEST "WARDEN_SKIP=secret and files.secret: warn let it through, loudly"
commit_file skip.env "AWS_KEY=$AWS"
expect_blocked skip.env "AWS" "$AWS"
printf 'AWS_KEY=%s\n' "$AWS" >r/skip.env && git -C r add skip.env
run_in r env WARDEN_SKIP=secret git commit -q -m "skip the secret check"
expect_status 0
printf 'version: 1\nfiles:\n  secret: warn\n' >r/.warden.yml
printf 'AWS_KEY2=%s\n' "$AWS" >r/warned.env && git -C r add warned.env .warden.yml
run_in r git commit -q -m "warn only"
expect_status 0
expect_err_contains 'warn[secret] warned.env'
expect_err_lacks "$AWS"

TEST "a secret already committed does not block unrelated work; check --all reports it"
echo "unrelated" >r/other.txt && git -C r add other.txt
run_in r git commit -q -m "unrelated"
expect_status 0
git -C r rm -q .warden.yml && git -C r commit -q -m "default policy again" --no-verify
run_in r warden check --all
expect_status 1
expect_out_contains 'skip.env'
expect_out_lacks "$AWS"

TEST "a webhook URL in the policy itself is refused as a leaked secret"
printf 'version: 1\n# webhook: %s%s\n' "$DISCORD" "$DISCORD_TOKEN" >r/.warden.yml
run_in r warden policy check
expect_status 2
expect_err_contains '.warden.yml:2:'
[[ "$out$err" != *"$DISCORD_TOKEN"* ]] || fail "policy check echoed the webhook token"
printf 'version: 1\nnotify:\n  discord:\n    webhook: "%s%s"\n' "$DISCORD" "$DISCORD_TOKEN" >r/.warden.yml
echo y >r/y.txt && git -C r add y.txt
run_in r git commit -q -m "policy with a webhook"
expect_status 1
expect_err_contains '.warden.yml:4:'
expect_err_lacks "$DISCORD_TOKEN"

finish
