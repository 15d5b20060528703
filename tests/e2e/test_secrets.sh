#!/usr/bin/env bash
# The `secret` check (docs/secrets.md): private keys, webhook URLs and
# provider tokens in staged text block the commit, naming the file, the rule
# id and at most the secret's first four characters, never the secret; near
# misses, placeholders and `warden:allow` lines pass. Every secret-looking
# value is generated at run time, so this file holds none.
source "$(dirname "$0")/lib.sh"

cd "$WORK"
new_repo r
install_hooks "$WORK/r"

# rand ALPHABET N: N random characters of ALPHABET.
ALNUM=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789
HEX=0123456789abcdef
DIGITS=0123456789
B64URL=${ALNUM}_-
B64=${ALNUM}+/
B32=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567
BECH32=QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L
rand() {
  local alphabet=$1 n=$2 out="" i
  for ((i = 0; i < n; i++)); do out+=${alphabet:RANDOM%${#alphabet}:1}; done
  printf '%s' "$out"
}

BEGIN="-----BEGIN"
KEY_TAIL="PRIVATE KEY-----"
DISCORD="https://discord.com/api/""webhooks/123456789012345678/"
DISCORD_TOKEN=$(rand "$B64URL" 67)x
SLACK="https://hooks.slack.com/""services/T0ABCDEFG/B0ABCDEFG/"
SLACK_TOKEN=$(rand "$ALNUM" 24)
AWS="AKIA$(rand "$B32" 16)"
GH_TOKEN="ghp_$(rand "$ALNUM" 36)"
GH_PAT="github_pat_11$(rand "$ALNUM" 20)_$(rand "$ALNUM" 59)"

# commit_file NAME CONTENT: stage NAME with CONTENT and try to commit it.
commit_file() {
  printf '%s\n' "$2" >"r/$1"
  git -C r add "$1"
  run_in r git commit -q -m "add $1"
}

# expect_blocked NAME RULE SECRET: the last commit was refused for RULE in
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
expect_blocked id_rsa "private-key at line 1" "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn"

TEST "an OpenSSH private key deep in a config file"
commit_file deploy.txt "line one
line two
$BEGIN OPENSSH $KEY_TAIL
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
-----END OPENSSH $KEY_TAIL"
expect_blocked deploy.txt "openssh-private-key at line 3" "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU"

TEST "a Discord webhook URL"
commit_file notify.sh "curl -X POST $DISCORD$DISCORD_TOKEN -d '{}'"
expect_blocked notify.sh "discord-webhook-url at line 1" "$DISCORD_TOKEN"

TEST "a Slack webhook URL"
commit_file slack.json "{\"url\": \"$SLACK$SLACK_TOKEN\"}"
expect_blocked slack.json "slack-webhook-url" "$SLACK_TOKEN"

TEST "an AWS access key id"
commit_file aws.ini "[default]
aws_access_key_id = $AWS"
expect_blocked aws.ini "aws-access-key at line 2 (AKIA…); remove it and revoke it" "$AWS"

TEST "a GitHub token (classic and fine-grained)"
commit_file gh.env "GITHUB_TOKEN=$GH_TOKEN"
expect_blocked gh.env "github-pat at line 1 (ghp_…)" "$GH_TOKEN"
commit_file gh2.env "token: $GH_PAT"
expect_blocked gh2.env "github-fine-grained-pat" "$GH_PAT"

TEST "a token of each provider format is refused with its rule id"
PYPI="pypi-""AgEIcHlwaS5vcmc"
AGE="AGE-SECRET-KEY-""1"
while IFS='|' read -r rule file content; do
  commit_file "$file" "$content"
  expect_blocked "$file" "$rule at line 1 (" "${content: -12}"
done <<EOF
slack-bot-token|bot.env|SLACK_BOT_TOKEN=xoxb-$(rand "$DIGITS" 12)-$(rand "$DIGITS" 13)-$(rand "$ALNUM" 24)
slack-user-token|user.env|SLACK_USER_TOKEN=xoxp-$(rand "$DIGITS" 12)-$(rand "$DIGITS" 12)-$(rand "$DIGITS" 12)-$(rand "$HEX" 32)
gitlab-pat|gitlab.env|GITLAB_TOKEN=glpat-$(rand "$B64URL" 20)x
stripe-access-token|stripe.env|STRIPE_SECRET_KEY=sk_live_$(rand "$ALNUM" 24)
stripe-access-token|stripe2.env|STRIPE_RESTRICTED_KEY=rk_live_$(rand "$ALNUM" 32)
google-api-key|maps.js|const key = "AIza$(rand "$B64URL" 34)x";
npm-access-token|.npmrc|//registry.npmjs.org/:_authToken=npm_$(rand "$ALNUM" 36)
pypi-upload-token|.pypirc|password = $PYPI$(rand "$B64URL" 70)x
openai-api-key|openai.py|client = OpenAI(api_key="sk-proj-$(rand "$B64URL" 74)T3BlbkFJ$(rand "$ALNUM" 74)")
openai-api-key|openai2.env|OPENAI_API_KEY=sk-$(rand "$ALNUM" 20)T3BlbkFJ$(rand "$ALNUM" 20)
anthropic-api-key|anthropic.env|ANTHROPIC_API_KEY=sk-ant-api03-$(rand "$B64URL" 93)AA
sendgrid-api-token|mail.env|SENDGRID_API_KEY=SG.$(rand "$B64URL" 22).$(rand "$ALNUM" 43)
twilio-api-key|twilio.env|TWILIO_API_KEY=SK$(rand "$HEX" 32)
twilio-auth-token|twilio2.env|TWILIO_AUTH_TOKEN=$(rand "$HEX" 32)
jwt|auth.http|Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ$(rand "$B64URL" 40).$(rand "$ALNUM" 43)
age-secret-key|age.txt|$AGE$(rand "$BECH32" 58)
shopify-access-token|shop.env|SHOPIFY_TOKEN=shpat_$(rand "$HEX" 32)
digitalocean-pat|do.env|DIGITALOCEAN_TOKEN=dop_v1_$(rand "$HEX" 64)
heroku-api-key|heroku.env|HEROKU_API_KEY=$(rand "$HEX" 8)-$(rand "$HEX" 4)-$(rand "$HEX" 4)-$(rand "$HEX" 4)-$(rand "$HEX" 12)
databricks-api-token|databricks.cfg|token = dapi$(rand "$HEX" 32)
telegram-bot-api-token|bot.py|TOKEN = "$(rand "$DIGITS" 10):AA$(rand "$B64URL" 32)x"
hashicorp-tf-api-token|.terraformrc|token = "$(rand "$HEX" 14).atlasv1.$(rand "$HEX" 67)"
linear-api-key|linear.env|LINEAR_API_KEY=lin_api_$(rand "$ALNUM" 40)
doppler-api-token|doppler.env|DOPPLER_TOKEN=dp.pt.$(rand "$ALNUM" 43)
EOF
commit_file putty.ppk "PuTTY-User-Key-File-""3: ssh-ed25519
Encryption: none
Private-Lines: 1
$(rand "$B64" 64)"
expect_blocked putty.ppk "putty-private-key at line 1" "Private-Lines"
GCP_BODY=$(rand "$B64" 64)
commit_file sa.json "{
  \"type\": \"service_account\",
  \"project_id\": \"demo\",
  \"private_key\": \"$BEGIN $KEY_TAIL\\n$GCP_BODY\\n\"
}"
expect_blocked sa.json "gcp-service-account at line 2" "$GCP_BODY"

TEST "mixed files: a token deep in a long line, in JSON, in YAML, in a .env; each at its line"
LONG_PREFIX=$(rand "$ALNUM" 9000)
commit_file bundle.min.js "var a=1;
!function(){var x=\"$LONG_PREFIX\",k=\"$GH_TOKEN\";return x+k}();"
expect_blocked bundle.min.js "github-pat at line 2 (" "${GH_TOKEN: -12}"
NPM_TOKEN="npm_$(rand "$ALNUM" 36)"
commit_file settings.json "{
  \"name\": \"demo\",
  \"publish\": {
    \"registry\": \"https://registry.npmjs.org/\",
    \"token\": \"$NPM_TOKEN\"
  }
}"
expect_blocked settings.json "npm-access-token at line 5 (" "${NPM_TOKEN: -12}"
GITLAB_TOKEN="glpat-$(rand "$B64URL" 20)x"
commit_file deploy.yml "stages: [deploy]
deploy:
  variables:
    GITLAB_TOKEN: '$GITLAB_TOKEN'   # set in CI instead
  script: [make deploy]"
expect_blocked deploy.yml "gitlab-pat at line 4 (" "${GITLAB_TOKEN: -12}"
STRIPE="sk_live_$(rand "$ALNUM" 24)"
commit_file .env "# local settings
export DEBUG=1
export STRIPE_SECRET_KEY=\"$STRIPE\"
export AWS_ACCESS_KEY_ID=$AWS"
expect_blocked .env "stripe-access-token at line 3 (" "${STRIPE: -12}"
expect_err_contains "aws-access-key at line 4 ("
expect_err_lacks "${AWS: -12}"

TEST "placeholders, documented examples and warden:allow lines pass"
AWS_EXAMPLE="AKIA""IOSFODNN7EXAMPLE"
AWS_EXAMPLE_SECRET="wJalrXUtnFEMI/K7MDENG/""bPxRfiCYEXAMPLEKEY"
cat >r/examples.md <<EOF
GITHUB_TOKEN=ghp_$(printf 'x%.0s' {1..36})
aws_access_key_id = $AWS_EXAMPLE
aws_secret_access_key = $AWS_EXAMPLE_SECRET
STRIPE_SECRET_KEY=sk_live_$(rand "$ALNUM" 8)EXAMPLE$(rand "$ALNUM" 12)
SENDGRID_API_KEY=SG.$(rand "$ALNUM" 8)placeholder$(rand "$ALNUM" 3).$(rand "$ALNUM" 43)
NPM_TOKEN=npm_dummy$(rand "$ALNUM" 31)
SLACK_BOT_TOKEN=xoxb-$(rand "$DIGITS" 12)-$(rand "$DIGITS" 13)-$(printf 'X%.0s' {1..24})
TEST_FIXTURE=$GH_TOKEN  # warden:allow (a revoked token the tests replay)
EOF
git -C r add examples.md
run_in r git commit -q -m "docs with placeholders"
expect_passed

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
expect_blocked skip.env "aws-access-key" "$AWS"
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

TEST "a provider token in the policy file fails policy check too, named by line, never echoed"
printf 'version: 1\ncommits:\n  pattern: "%s"\n# old: %s\n' "$GH_TOKEN" "$AWS" >"$WORK/leaky.yml"
run_in r warden policy check "$WORK/leaky.yml"
expect_status 2
expect_err_contains "leaky.yml:3:13: a secret (github-pat, ghp_"
expect_err_contains "leaky.yml:4:8: a secret (aws-access-key, AKIA"
expect_err_lacks "${GH_TOKEN: -12}"
expect_err_lacks "${AWS: -8}"

TEST "files.secret-rules: a custom rule refuses a commit, with its id"
new_repo s
install_hooks "$WORK/s"
cat >s/rules.toml <<'EOF'
[[rules]]
id = "acme-api-key"
description = "An Acme API key"
regex = '''\b(acme_[0-9a-f]{32})\b'''
keywords = ["acme_"]
EOF
printf 'version: 1\nfiles:\n  secret-rules: rules.toml\n' >s/.warden.yml
git -C s add rules.toml .warden.yml
run_in s git commit -q -m "acme rules"
expect_status 0
run_in s warden policy check
expect_status 0
run_in s warden policy show
expect_out_contains '  secret-rules: "rules.toml"'
ACME="acme_$(rand "$HEX" 32)"
printf 'endpoint = https://acme.test\nkey = %s\n' "$ACME" >s/acme.cfg
git -C s add acme.cfg
run_in s git commit -q -m "acme config"
expect_status 1
expect_err_contains "error[secret] acme.cfg: acme-api-key at line 2 (acme…); remove it and revoke it"
expect_err_lacks "$ACME"
git -C s rm -q --cached -f acme.cfg >/dev/null

TEST "files.secret-rules: a rule with a lookahead is exit 2 naming the rule"
cat >s/bad.toml <<'EOF'
[[rules]]
id = "acme-lookahead"
regex = '''acme_(?=[0-9a-f]{32})'''
EOF
printf 'version: 1\nfiles:\n  secret-rules: bad.toml\n' >s/.warden.yml
run_in s warden policy check
expect_status 2
expect_err_contains "bad.toml: rule 'acme-lookahead': "
echo z >s/z.txt && git -C s add z.txt
run_in s warden check
expect_status 2
expect_err_contains "bad.toml: rule 'acme-lookahead': "
# git reports any hook failure as 1; the hook's own message names the rule.
run_in s git commit -q -m "with a bad rule file"
expect_status 1
expect_err_contains "warden pre-commit: bad.toml: rule 'acme-lookahead': "
[ -z "$(git -C s log --format=%s -1 | grep 'bad rule file')" ] || fail "the commit went through"
run_in s "$(git -C s rev-parse --git-path hooks)/pre-commit"
expect_status 2
printf 'version: 1\nfiles:\n  secret-rules: missing.toml\n' >s/.warden.yml
run_in s warden policy check
expect_status 2
expect_err_contains "missing.toml: cannot read the secret rules (files.secret-rules)"
git -C s rm -q --cached -f z.txt >/dev/null
git -C s checkout -q -- .warden.yml

TEST "check --format sarif and json: the secret rule id and the line"
LEAK="ghp_$(rand "$ALNUM" 36)"
printf 'a = 1\nb = 2\nGITHUB_TOKEN=%s\n' "$LEAK" >s/leak.env
git -C s add leak.env && git -C s commit -q --no-verify -m "leak"
run_in s warden check --all --format sarif
expect_status 1
expect_out_lacks "$LEAK"
printf '%s' "$out" | python3 -c '
import json, sys
run = json.load(sys.stdin)["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [rule["id"] for rule in rules]
assert len(ids) == len(set(ids)), "a rule listed twice"
assert "secret" in ids and "github-pat" in ids and "aws-access-key" in ids, ids
results = [r for r in run["results"] if r["ruleId"] == "github-pat"]
assert len(results) == 1, run["results"]
result = results[0]
assert rules[result["ruleIndex"]]["id"] == "github-pat", result
location = result["locations"][0]["physicalLocation"]
assert location["artifactLocation"]["uri"] == "leak.env", location
assert location["region"] == {"startLine": 3}, location
assert result["message"]["text"].startswith("leak.env: github-pat at line 3 (ghp_"), result
' || fail "unexpected SARIF: ${out:0:2000}"
run_in s warden check --all --format json
expect_status 1
printf '%s' "$out" | python3 -c '
import json, sys
findings = [f for f in json.load(sys.stdin)["findings"] if f["check"] == "secret"]
assert len(findings) == 1, findings
assert findings[0]["line"] == 3 and findings[0]["rule"] == "github-pat", findings
' || fail "unexpected JSON: ${out:0:2000}"

finish
