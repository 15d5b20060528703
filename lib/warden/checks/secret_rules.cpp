// The built-in secret rules (docs/secrets.md), after gitleaks' default
// configuration: one entry per token format, each beside the samples it must
// find and the near misses it must pass. Only formats with a documented
// prefix or structure are here, never a bare "high-entropy string": a
// pre-commit hook that cries wolf gets skipped.
//
// Samples are templates (expand_sample): a literal token in this file would
// be refused by warden's own `check --all` and by push protection. Headers
// and prefixes that would read as a finding on their own are split in two
// string literals ("-----BEGIN " "RSA ...").
#include "warden/checks/secret_rules.hpp"

#include <cstddef>
#include <string>

namespace warden {

namespace {

// gitleaks' "semi-generic" shape: KEYWORD, a few name characters, an
// assignment (=, :, =>, :=, ...), optional quotes, then SECRET, then the end
// of the value. For formats that are only recognisable beside their name.
std::string keyword_context(std::string_view keyword, std::string_view secret) {
  std::string out = R"((?i)(?:)";
  out += keyword;
  out += R"()(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}()";
  out += secret;
  out += R"()(?:[\x60'"\s;,]|\\[nrt]|$))";
  return out;
}

// After a token whose alphabet has '-' in it, where \b does not serve.
constexpr std::string_view k_end_dash = R"((?:[^0-9A-Za-z_-]|$))";

BuiltinSecretRule rule(std::string id, std::string description, std::string regex,
                       std::vector<std::string> keywords, double entropy,
                       std::vector<std::string> true_positives,
                       std::vector<std::string> false_positives) {
  BuiltinSecretRule out;
  out.rule.id = std::move(id);
  out.rule.description = std::move(description);
  out.rule.regex = std::move(regex);
  out.rule.keywords = std::move(keywords);
  out.rule.entropy = entropy;
  out.true_positives = std::move(true_positives);
  out.false_positives = std::move(false_positives);
  return out;
}

std::string with_end(std::string regex) {
  regex += k_end_dash;
  return regex;
}

// A PEM header counts only at the end of its line or before an escaped "\n"
// in a string literal: code that compares a line with the header
// (`line == "-----BEGIN ..."`) is not a key.
constexpr std::string_view k_pem_end = R"((?:\r?$|(?:\\r)?\\n))";

std::vector<BuiltinSecretRule> make_rules() {
  std::vector<BuiltinSecretRule> rules;
  // Private keys.
  rules.push_back(rule(
      "private-key", "A PEM private key (RSA, DSA, EC, PKCS #8, encrypted, PGP)",
      std::string(R"(-----BEGIN (?:(?:RSA|DSA|EC|ENCRYPTED|ANY|SSH2 ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----)") +
          std::string(k_pem_end),
      {"-----begin"}, 0,
      {"-----BEGIN " "RSA PRIVATE KEY-----\n{s64}\n-----END RSA " "PRIVATE KEY-----",
       "-----BEGIN " "EC PRIVATE KEY-----\r\n{s64}", "-----BEGIN " "DSA PRIVATE KEY-----",
       "-----BEGIN " "PRIVATE KEY-----", "-----BEGIN " "ENCRYPTED PRIVATE KEY-----",
       "-----BEGIN " "PGP PRIVATE KEY BLOCK-----", "key = \"-----BEGIN " "EC PRIVATE KEY-----\\n{s64}\""},
      {"if (line == \"-----BEGIN " "RSA PRIVATE KEY-----\") {", "-----BEGIN PUBLIC KEY-----\n{s64}",
       "-----BEGIN CERTIFICATE-----", "-----BEGIN " "RSA PRIVATE KEY (see the docs)"}));
  rules.push_back(rule(
      "openssh-private-key", "An OpenSSH private key",
      std::string(R"(-----BEGIN OPENSSH PRIVATE KEY-----)") + std::string(k_pem_end),
      {"-----begin openssh"}, 0,
      {"-----BEGIN " "OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE{s50}"},
      {"`-----BEGIN " "OPENSSH PRIVATE KEY-----` starts the file"}));
  rules.push_back(rule(
      "putty-private-key", "A PuTTY private key file (.ppk)",
      R"(^(PuTTY-User-Key-File-[23]): *(?:ssh-rsa|ssh-dss|ssh-ed25519|ssh-ed448|ecdsa-sha2-nistp(?:256|384|521))\r?$)",
      {"putty-user-key-file-"}, 0,
      {"PuTTY-User-Key-File-" "3: ssh-ed25519\nEncryption: none\nPublic-Lines: 2\n{s64}",
       "PuTTY-User-Key-File-" "2: ssh-rsa\r\n"},
      {"a PuTTY-User-Key-File-3 file starts with the key type", "x PuTTY-User-Key-File-" "3: ssh-rsa"}));
  rules.push_back(rule(
      "age-secret-key", "An age encryption secret key",
      R"(\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b)", {"age-secret-key-1"}, 0,
      {"AGE-SECRET-KEY-" "1{B58}"}, {"AGE-SECRET-KEY-" "1{B57}", "AGE-SECRET-KEY-" "1{=Q58}"}));

  // Cloud providers.
  rules.push_back(rule(
      "aws-access-key", "An AWS access key id",
      R"(\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b)", {"akia", "asia", "abia", "acca", "a3t"}, 3,
      {"AKIA{z16}", "aws_access_key_id = ASIA{z16}"},
      {"AKIA{z15}", "AKIA{z17}", "xAKIA{z16}", "AKIA{=X16}", "AKIAIOSFODNN7" "EXAMPLE"}));
  rules.push_back(rule(
      "google-api-key", "A Google (GCP, Firebase, Maps) API key",
      with_end(R"(\b(AIza[0-9A-Za-z_-]{35}))"), {"aiza"}, 3,
      {"AIza{w35}", "key=\"AIza{w35}\""}, {"AIza{w34}", "AIza{=x35}"}));
  {
    BuiltinSecretRule gcp = rule(
        "gcp-service-account", "A Google Cloud service-account key file (JSON with its private key)",
        R"re("type"\s*:\s*"(service_account)")re", {"service_account"}, 0,
        {"{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n  \"private_key\": \"-----BEGIN "
         "PRIVATE KEY-----\\n{s64}\\n\"\n}"},
        {"{\"type\": \"service_account\", \"client_email\": \"a@b.iam.gserviceaccount.com\"}"});
    gcp.rule.file_context = R"("private_key"\s*:\s*"-----BEGIN)";
    rules.push_back(std::move(gcp));
  }
  rules.push_back(rule(
      "azure-storage-key", "An Azure storage account key in a connection string",
      R"((?i)\bAccountKey=([A-Za-z0-9+/]{86}==))", {"accountkey="}, 3,
      {"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={s86}==;EndpointSuffix=core.windows.net"},
      {"AccountKey=<your key>", "AccountKey={s20}=="}));
  rules.push_back(rule(
      "azure-ad-client-secret", "An Azure AD (Entra ID) client secret",
      R"((?:^|[\s'"\x60=(,:;])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:$|[\s'"\x60),;]))", {"q~"}, 3,
      {"AZURE_CLIENT_SECRET={a3}8Q~{a34}"}, {"AZURE_CLIENT_SECRET={a3}8Q~{a10}"}));
  rules.push_back(rule(
      "alibaba-access-key-id", "An Alibaba Cloud access key id",
      R"((?i)\b(LTAI[a-z0-9]{20})\b)", {"ltai"}, 3, {"LTAI{a20}"}, {"LTAI{a19}", "LTAI{=x20}"}));
  rules.push_back(rule(
      "digitalocean-pat", "A DigitalOcean personal access token",
      R"(\b(dop_v1_[a-f0-9]{64})\b)", {"dop_v1_"}, 3, {"dop_v1_{h64}"}, {"dop_v1_{h63}", "dop_v1_{=064}"}));
  rules.push_back(rule(
      "digitalocean-access-token", "A DigitalOcean OAuth access token",
      R"(\b(doo_v1_[a-f0-9]{64})\b)", {"doo_v1_"}, 3, {"doo_v1_{h64}"}, {"doo_v1_{h63}"}));
  rules.push_back(rule(
      "digitalocean-refresh-token", "A DigitalOcean OAuth refresh token",
      R"(\b(dor_v1_[a-f0-9]{64})\b)", {"dor_v1_"}, 3, {"dor_v1_{h64}"}, {"dor_v1_{h63}"}));
  rules.push_back(rule(
      "heroku-api-key", "A Heroku API key (a UUID beside the word heroku)",
      keyword_context("heroku", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), {"heroku"}, 0,
      {"HEROKU_API_KEY={uuid}", "heroku_api_key: \"{uuid}\""},
      {"request_id = {uuid}", "HEROKU_API_KEY=00000000-0000-0000-0000-000000000000"}));
  rules.push_back(rule(
      "heroku-api-key-v2", "A Heroku API key (HRKU- format)",
      with_end(R"(\b(HRKU-AA[0-9A-Za-z_-]{58}))"), {"hrku-aa"}, 3, {"HRKU-AA{w58}"}, {"HRKU-AA{w20}"}));
  rules.push_back(rule(
      "hashicorp-tf-api-token", "A Terraform Cloud / Enterprise API token",
      R"((?i)\b([a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70}))", {"atlasv1"}, 3,
      {"{l14}.atlasv1.{l67}"}, {"{l14}.atlasv1.{l20}"}));
  rules.push_back(rule(
      "vault-service-token", "A HashiCorp Vault service token",
      R"(\b(hvs\.[A-Za-z0-9_-]{90,120}))", {"hvs."}, 3, {"hvs.{w95}"}, {"hvs.{w20}"}));
  rules.push_back(rule(
      "vault-batch-token", "A HashiCorp Vault batch token",
      R"(\b(hvb\.[A-Za-z0-9_-]{138,300}))", {"hvb."}, 3, {"hvb.{w140}"}, {"hvb.{w20}"}));
  rules.push_back(rule(
      "databricks-api-token", "A Databricks API token",
      R"(\b(dapi[a-f0-9]{32}(?:-[0-9])?)\b)", {"dapi"}, 3, {"dapi{h32}", "dapi{h32}-2"}, {"dapi{h31}"}));
  rules.push_back(rule(
      "doppler-api-token", "A Doppler API token",
      R"((?i)\b(dp\.pt\.[a-z0-9]{43})\b)", {"dp.pt."}, 2, {"dp.pt.{a43}"}, {"dp.pt.{a42}"}));
  rules.push_back(rule(
      "pulumi-api-token", "A Pulumi access token",
      R"(\b(pul-[a-f0-9]{40})\b)", {"pul-"}, 2, {"pul-{h40}"}, {"pul-{h39}"}));
  rules.push_back(rule(
      "planetscale-api-token", "A PlanetScale service token",
      R"(\b(pscale_tkn_[A-Za-z0-9_=.-]{32,64}))", {"pscale_tkn_"}, 3, {"pscale_tkn_{w43}"}, {"pscale_tkn_{w20}"}));
  rules.push_back(rule(
      "planetscale-password", "A PlanetScale database password",
      R"(\b(pscale_pw_[A-Za-z0-9_=.-]{32,64}))", {"pscale_pw_"}, 3, {"pscale_pw_{w43}"}, {"pscale_pw_{w20}"}));
  rules.push_back(rule(
      "flyio-access-token", "A Fly.io access token",
      R"(\b(fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}))", {"fo1_", "fm1", "fm2_"}, 3,
      {"fo1_{w43}", "fm2_{s120}"}, {"fo1_{w20}"}));

  // Source hosting, packages and CI.
  rules.push_back(rule(
      "github-pat", "A GitHub personal access token (classic)",
      R"(\b(ghp_[0-9A-Za-z]{36})\b)", {"ghp_"}, 3,
      {"ghp_{a36}", "GITHUB_TOKEN=ghp_{a36}\n"}, {"ghp_{=x36}", "ghp_{a35}", "ghp_{a37}"}));
  rules.push_back(rule(
      "github-fine-grained-pat", "A GitHub fine-grained personal access token",
      R"(\b(github_pat_[0-9A-Za-z_]{82})\b)", {"github_pat_"}, 3,
      {"github_pat_11{u9}{a11}_{a59}"}, {"github_pat_{=x82}", "github_pat_11{u9}{a11}_{=x59}", "github_pat_short"}));
  rules.push_back(rule(
      "github-oauth", "A GitHub OAuth access token",
      R"(\b(gho_[0-9A-Za-z]{36})\b)", {"gho_"}, 3, {"gho_{a36}"}, {"gho_{=Z36}", "gho_{a30}"}));
  rules.push_back(rule(
      "github-app-token", "A GitHub App user-to-server or server-to-server token",
      R"(\b((?:ghu|ghs)_[0-9A-Za-z]{36})\b)", {"ghu_", "ghs_"}, 3, {"ghu_{a36}", "ghs_{a36}"}, {"ghs_{=x36}"}));
  rules.push_back(rule(
      "github-refresh-token", "A GitHub refresh token",
      R"(\b(ghr_[0-9A-Za-z]{36})\b)", {"ghr_"}, 3, {"ghr_{a36}"}, {"ghr_{a35}"}));
  rules.push_back(rule(
      "gitlab-pat", "A GitLab personal access token",
      R"(\b(glpat-[0-9A-Za-z_-]{20,}))", {"glpat-"}, 3,
      {"glpat-{w20}", "GITLAB_TOKEN=glpat-{w27}.01.{l9}"}, {"glpat-{a19}", "glpat-{=x20}"}));
  rules.push_back(rule(
      "gitlab-ptt", "A GitLab pipeline trigger token",
      R"(\b(glptt-[0-9a-f]{40})\b)", {"glptt-"}, 3, {"glptt-{h40}"}, {"glptt-{h39}"}));
  rules.push_back(rule(
      "gitlab-deploy-token", "A GitLab deploy token",
      R"(\b(gldt-[0-9A-Za-z_-]{20,}))", {"gldt-"}, 3, {"gldt-{w20}"}, {"gldt-{w10}"}));
  rules.push_back(rule(
      "gitlab-rrt", "A GitLab runner registration token",
      R"(\b(GR1348941[0-9A-Za-z_-]{20,}))", {"gr1348941"}, 3, {"GR1348941{w20}"}, {"GR1348941{w10}"}));
  rules.push_back(rule(
      "npm-access-token", "An npm access token",
      R"((?i)\b(npm_[a-z0-9]{36})\b)", {"npm_"}, 2, {"npm_{a36}", "//registry.npmjs.org/:_authToken=npm_{a36}"},
      {"npm_{=x36}", "npm_{a35}"}));
  rules.push_back(rule(
      "pypi-upload-token", "A PyPI upload token",
      R"(\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}))", {"pypi-ageichlwas5vcmc"}, 0,
      {"password = pypi-" "AgEIcHlwaS5vcmc{w70}"}, {"pypi-" "AgEIcHlwaS5vcmc{w20}"}));
  rules.push_back(rule(
      "rubygems-api-token", "A RubyGems API token",
      R"(\b(rubygems_[a-f0-9]{48})\b)", {"rubygems_"}, 3, {"rubygems_{h48}"}, {"rubygems_{h47}"}));
  rules.push_back(rule(
      "clojars-api-token", "A Clojars deploy token",
      R"((?i)\b(CLOJARS_[a-z0-9]{60})\b)", {"clojars_"}, 2, {"CLOJARS_{l60}"}, {"CLOJARS_{l59}"}));
  rules.push_back(rule(
      "dockerhub-pat", "A Docker Hub personal access token",
      R"(\b(dckr_pat_[A-Za-z0-9_-]{27,}))", {"dckr_pat_"}, 3, {"dckr_pat_{w27}"}, {"dckr_pat_{w20}"}));
  rules.push_back(rule(
      "artifactory-api-key", "A JFrog Artifactory API key",
      R"(\b(AKCp[A-Za-z0-9]{69})\b)", {"akcp"}, 3, {"AKCp{a69}"}, {"AKCp{a60}"}));
  rules.push_back(rule(
      "atlassian-api-token", "An Atlassian (Jira, Confluence) API token",
      with_end(R"(\b(ATATT3[A-Za-z0-9_=-]{186}))"), {"atatt3"}, 3, {"ATATT3{w186}"}, {"ATATT3{w100}"}));
  rules.push_back(rule(
      "linear-api-key", "A Linear API key",
      R"((?i)\b(lin_api_[a-z0-9]{40})\b)", {"lin_api_"}, 2, {"lin_api_{a40}"}, {"lin_api_{a39}"}));
  rules.push_back(rule(
      "postman-api-token", "A Postman API key",
      R"((?i)\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b)", {"pmak-"}, 3, {"PMAK-{h24}-{h34}"}, {"PMAK-{h24}-{h20}"}));
  rules.push_back(rule(
      "prefect-api-token", "A Prefect API key",
      R"((?i)\b(pnu_[a-z0-9]{36})\b)", {"pnu_"}, 2, {"pnu_{a36}"}, {"pnu_{a35}"}));
  rules.push_back(rule(
      "readme-api-token", "A ReadMe API key",
      R"(\b(rdme_[a-z0-9]{70})\b)", {"rdme_"}, 2, {"rdme_{l70}"}, {"rdme_{l60}"}));
  rules.push_back(rule(
      "sentry-org-token", "A Sentry organization auth token",
      R"(\b(sntrys_eyJ[A-Za-z0-9+/=_]{60,}))", {"sntrys_"}, 3, {"sntrys_eyJ{s80}_{s43}"}, {"sntrys_eyJ{s20}"}));
  rules.push_back(rule(
      "sentry-user-token", "A Sentry user auth token",
      R"(\b(sntryu_[a-f0-9]{64})\b)", {"sntryu_"}, 3, {"sntryu_{h64}"}, {"sntryu_{h63}"}));
  rules.push_back(rule(
      "grafana-cloud-api-token", "A Grafana Cloud API token",
      R"(\b(glc_[A-Za-z0-9+/]{32,400}={0,2}))", {"glc_"}, 3, {"glc_{s60}"}, {"glc_{a10}"}));
  rules.push_back(rule(
      "grafana-service-account-token", "A Grafana service account token",
      R"(\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b)", {"glsa_"}, 3, {"glsa_{a32}_{h8}"}, {"glsa_{a32}"}));
  rules.push_back(rule(
      "newrelic-user-api-key", "A New Relic user API key",
      R"(\b(NRAK-[A-Z0-9]{27})\b)", {"nrak-"}, 3, {"NRAK-{u27}"}, {"NRAK-{u26}"}));
  rules.push_back(rule(
      "1password-service-account-token", "A 1Password service account token",
      R"(\b(ops_eyJ[A-Za-z0-9+/]{250,}={0,3}))", {"ops_eyj"}, 3, {"ops_eyJ{s260}"}, {"ops_eyJ{s100}"}));
  rules.push_back(rule(
      "huggingface-access-token", "A Hugging Face access token",
      R"(\b(hf_[A-Za-z]{34})\b)", {"hf_"}, 2, {"hf_{c34}"}, {"hf_{c33}", "hf_{=x34}"}));
  rules.push_back(rule(
      "openai-api-key", "An OpenAI API key",
      R"(\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|sk-proj-[A-Za-z0-9_-]{80,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}))",
      {"t3blbkfj", "sk-proj-"}, 3,
      {"sk-proj-{w74}T3BlbkFJ{w74}", "OPENAI_API_KEY=sk-{a20}T3BlbkFJ{a20}", "sk-proj-{w120}"},
      {"sk-{a20}", "sk-proj-{=x80}", "sk-proj-{w20}"}));
  rules.push_back(rule(
      "anthropic-api-key", "An Anthropic API key",
      with_end(R"(\b(sk-ant-api03-[A-Za-z0-9_-]{93}AA))"), {"sk-ant-api03"}, 3,
      {"ANTHROPIC_API_KEY=sk-ant-api03-{w93}AA"}, {"sk-ant-api03-{w20}", "sk-ant-api03-{=x93}AA"}));
  rules.push_back(rule(
      "anthropic-admin-api-key", "An Anthropic admin API key",
      with_end(R"(\b(sk-ant-admin01-[A-Za-z0-9_-]{93}AA))"), {"sk-ant-admin01"}, 3,
      {"sk-ant-admin01-{w93}AA"}, {"sk-ant-admin01-{w20}"}));

  // Chat, mail and messaging.
  rules.push_back(rule(
      "slack-bot-token", "A Slack bot token",
      R"(\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-?[A-Za-z0-9-]*))", {"xoxb-"}, 3,
      {"SLACK_BOT_TOKEN=xoxb-{d12}-{d13}-{a24}"}, {"xoxb-your-token-here", "xoxb-{d12}-{d13}-{=x24}"}));
  rules.push_back(rule(
      "slack-user-token", "A Slack user token",
      R"(\b(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9-]{28,34}))", {"xoxp-", "xoxe-"}, 3,
      {"xoxp-{d12}-{d12}-{d12}-{h32}"}, {"xoxp-{d12}-{d12}-{d12}-{=x32}", "xoxp-{d12}-{h32}"}));
  rules.push_back(rule(
      "slack-app-token", "A Slack app-level token",
      R"((?i)\b(xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]+))", {"xapp-"}, 3,
      {"xapp-1-A{u10}-{d13}-{h64}"}, {"xapp-1-A{u10}-{d13}-{=x64}"}));
  rules.push_back(rule(
      "slack-webhook-url", "A Slack incoming-webhook URL",
      R"(((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}))",
      {"hooks.slack.com"}, 0,
      {"https://hooks.slack.com/" "services/T{u8}/B{u10}/{a24}"},
      {"https://hooks.slack.com/services/XXX/YYY/ZZZ", "https://hooks.slack.com/services/T{u8}/B{u10}/{=X24}"}));
  rules.push_back(rule(
      "discord-webhook-url", "A Discord webhook URL",
      R"((https://(?:canary\.|ptb\.)?discord(?:app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{8,}))",
      {"/api/webhooks/"}, 0,
      {"url: https://discord.com/api/" "webhooks/{d18}/{w68}", "https://canary.discordapp.com/api/" "webhooks/1234/{w20}"},
      {"https://discord.com/api/webhooks/ID/TOKEN", "https://discord.com/api/webhooks/{d18}/",
       "https://discord.com/api/webhooks/<id>/<token>", "https://discord.com/api/webhooks/{d18}/{=x68}"}));
  rules.push_back(rule(
      "telegram-bot-api-token", "A Telegram bot API token",
      with_end(R"(\b([0-9]{5,16}:AA[0-9A-Za-z_-]{33}))"), {":aa"}, 3,
      {"TELEGRAM_TOKEN={d10}:AA{w33}"}, {"{d10}:AA{w20}"}));
  rules.push_back(rule(
      "sendgrid-api-token", "A SendGrid API key",
      with_end(R"(\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}))"), {"sg."}, 3,
      {"SENDGRID_API_KEY=SG.{w22}.{w43}"}, {"SG.{w22}.{w20}", "SG.{=x22}.{=x43}"}));
  rules.push_back(rule(
      "twilio-api-key", "A Twilio API key (SK...)",
      R"(\b(SK[0-9a-fA-F]{32})\b)", {"sk"}, 3, {"TWILIO_API_KEY=SK{h32}"}, {"SK{h31}", "SK{=032}"}));
  rules.push_back(rule(
      "twilio-auth-token", "A Twilio auth token (beside the word twilio, or after an AC account id)",
      R"((?i)twilio[\w.-]{0,20}(?:auth|secret)[\w.-]{0,20}[\s'"]{0,3}(?:=|:|=>)[\s'"\x60]{0,5}([0-9a-f]{32})\b|\bAC[0-9a-f]{32}:([0-9a-f]{32})@)",
      {"twilio"}, 3,
      {"TWILIO_AUTH_TOKEN={h32}", "https://AC{h32}:{h32}@api.twilio.com/2010-04-01/Accounts"},
      {"TWILIO_AUTH_TOKEN=your_auth_token", "TWILIO_AUTH_TOKEN={=032}", "TWILIO_ACCOUNT_SID=AC{h32}"}));
  rules.push_back(rule(
      "mailgun-private-api-token", "A Mailgun private API key",
      keyword_context("mailgun", "key-[a-f0-9]{32}"), {"mailgun"}, 3,
      {"MAILGUN_API_KEY=key-{h32}"}, {"MAILGUN_API_KEY=key-{h10}", "key-{h32}"}));
  rules.push_back(rule(
      "mailgun-pub-key", "A Mailgun public validation key",
      keyword_context("mailgun", "pubkey-[a-f0-9]{32}"), {"mailgun"}, 3,
      {"mailgun_public_key: pubkey-{h32}"}, {"mailgun_public_key: pubkey-{h10}"}));
  rules.push_back(rule(
      "mailgun-signing-key", "A Mailgun webhook signing key",
      keyword_context("mailgun", "[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}"), {"mailgun"}, 3,
      {"MAILGUN_SIGNING_KEY={h32}-{h8}-{h8}"}, {"SIGNING_KEY={h32}-{h8}-{h8}"}));
  rules.push_back(rule(
      "mailchimp-api-key", "A Mailchimp API key",
      keyword_context("mailchimp", "[0-9a-f]{32}-us[0-9]{1,2}"), {"mailchimp"}, 3,
      {"MAILCHIMP_API_KEY={h32}-us14"}, {"MAILCHIMP_API_KEY={h20}-us14"}));
  rules.push_back(rule(
      "dropbox-api-token", "A Dropbox short-lived access token",
      R"((?i)dropbox[^\n]{0,60}?\b(sl\.[a-z0-9_=-]{130,}))", {"dropbox"}, 3,
      {"DROPBOX_TOKEN=sl.{w135}"}, {"DROPBOX_TOKEN=sl.{w20}"}));

  // Payments and commerce.
  rules.push_back(rule(
      "stripe-access-token", "A Stripe live secret or restricted key",
      R"(\b((?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{24,247})\b)", {"sk_live_", "rk_live_", "sk_prod_", "rk_prod_"}, 2,
      {"STRIPE_KEY=sk_live_{a24}", "rk_live_{a99}"},
      {"sk_test_{a24}", "sk_live_{=x24}", "sk_live_{a10}EXAMPLE{a10}", "sk_live_{a10}"}));
  rules.push_back(rule(
      "square-access-token", "A Square access token",
      with_end(R"(\b((?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60}))"), {"sq0atp-", "eaaa"}, 3,
      {"sq0atp-{w22}", "SQUARE_TOKEN=EAAA{w60}"}, {"sq0atp-{w10}"}));
  rules.push_back(rule(
      "shopify-access-token", "A Shopify access token",
      R"(\b(shpat_[a-fA-F0-9]{32})\b)", {"shpat_"}, 3, {"shpat_{h32}"}, {"shpat_{h31}", "shpat_{=032}"}));
  rules.push_back(rule(
      "shopify-custom-access-token", "A Shopify custom app access token",
      R"(\b(shpca_[a-fA-F0-9]{32})\b)", {"shpca_"}, 3, {"shpca_{h32}"}, {"shpca_{h31}"}));
  rules.push_back(rule(
      "shopify-private-app-access-token", "A Shopify private app access token",
      R"(\b(shppa_[a-fA-F0-9]{32})\b)", {"shppa_"}, 3, {"shppa_{h32}"}, {"shppa_{h31}"}));
  rules.push_back(rule(
      "shopify-shared-secret", "A Shopify shared secret",
      R"(\b(shpss_[a-fA-F0-9]{32})\b)", {"shpss_"}, 3, {"shpss_{h32}"}, {"shpss_{h31}"}));
  rules.push_back(rule(
      "shippo-api-token", "A Shippo live API token",
      R"(\b(shippo_live_[a-f0-9]{40})\b)", {"shippo_"}, 3, {"shippo_live_{h40}"}, {"shippo_test_{h40}"}));
  rules.push_back(rule(
      "easypost-api-token", "An EasyPost API key",
      R"((?i)\b(EZAK[a-z0-9]{54})\b)", {"ezak"}, 3, {"EZAK{a54}"}, {"EZAK{a40}"}));
  rules.push_back(rule(
      "adobe-client-secret", "An Adobe client secret",
      R"((?i)\b(p8e-[a-z0-9]{32})\b)", {"p8e-"}, 2, {"p8e-{a32}"}, {"p8e-{a20}"}));
  rules.push_back(rule(
      "typeform-api-token", "A Typeform personal access token",
      R"((?i)\b(tfp_[a-z0-9_.=-]{59}))", {"tfp_"}, 3, {"tfp_{w59}"}, {"tfp_{w20}"}));
  rules.push_back(rule(
      "frameio-api-token", "A Frame.io API token",
      R"((?i)\b(fio-u-[a-z0-9_=-]{64}))", {"fio-u-"}, 3, {"fio-u-{w64}"}, {"fio-u-{w20}"}));

  // Generic but structured.
  rules.push_back(rule(
      "jwt", "A JSON Web Token",
      R"(\b(eyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{10,}))", {"eyj"}, 3,
      {"Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{w40}.{w43}"},
      {"eyJ{w10}.eyJ{w10}.{w10}", "eyJ{w20}.eyJ{w20}"}));
  return rules;
}

// A small, seedable generator (splitmix64): samples must be reproducible
// across runs and standard libraries, which <random>'s distributions are not.
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::string_view alphabet(char cls) {
  switch (cls) {
  case 'a': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  case 'c': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  case 'u': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  case 'U': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  case 'l': return "abcdefghijklmnopqrstuvwxyz0123456789";
  case 'L': return "abcdefghijklmnopqrstuvwxyz";
  case 'h': return "0123456789abcdef";
  case 'H': return "0123456789ABCDEF";
  case 'd': return "0123456789";
  case 'w': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  case 's': return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  case 'z': return "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  case 'B': return "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
  default: return {};
  }
}

void append_random(std::string& out, std::string_view chars, std::size_t count, std::uint64_t& state) {
  for (std::size_t i = 0; i < count; ++i) out += chars[next_random(state) % chars.size()];
}

} // namespace

const std::vector<BuiltinSecretRule>& builtin_secret_rules() {
  static const std::vector<BuiltinSecretRule> rules = make_rules();
  return rules;
}

std::string expand_sample(std::string_view pattern, std::uint64_t& state) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    const std::size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += pattern[i++];
      continue;
    }
    const std::string_view spec = pattern.substr(i + 1, close - i - 1);
    if (spec == "uuid") {
      const std::string_view hex = alphabet('h');
      for (const std::size_t group : {8, 4, 4, 4, 12}) {
        if (group != 8) out += '-';
        append_random(out, hex, group, state);
      }
      i = close + 1;
      continue;
    }
    // {aN} or {=cN}: a class (or a repeated character), then a count.
    const bool repeat = spec.size() >= 3 && spec[0] == '=';
    const std::size_t digits_at = repeat ? 2 : 1;
    std::size_t count = 0;
    bool valid = spec.size() > digits_at && (repeat || !alphabet(spec[0]).empty());
    for (std::size_t k = digits_at; valid && k < spec.size(); ++k) {
      if (spec[k] < '0' || spec[k] > '9') valid = false;
      else count = count * 10 + static_cast<std::size_t>(spec[k] - '0');
    }
    if (!valid) {
      out += pattern[i++];
      continue;
    }
    if (repeat) out.append(count, spec[1]);
    else append_random(out, alphabet(spec[0]), count, state);
    i = close + 1;
  }
  return out;
}

} // namespace warden
