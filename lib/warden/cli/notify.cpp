// `warden notify flush|status|test|ci` and `warden digest`, plus the hidden
// `warden notify confirm-push` that the pre-push hook starts detached (see
// docs/notifications.md).
#include "warden/cli/registry.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/remote.hpp"
#include "warden/config/policy.hpp"
#include "warden/git/repository.hpp"
#include "warden/net/channels.hpp"
#include "warden/net/delivery.hpp"
#include "warden/net/summarizer.hpp"
#include "warden/notify/channels.hpp"
#include "warden/notify/digest.hpp"
#include "warden/notify/discord.hpp"
#include "warden/notify/events.hpp"
#include "warden/notify/junit.hpp"
#include "warden/notify/outbox.hpp"
#include "warden/notify/push_confirm.hpp"
#include "warden/notify/text.hpp"
#include "warden/notify/webhook.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string_view>

namespace warden::cli {

namespace {

using notify::Outbox;
using notify::Webhook;

struct NotifyOptions {
  bool quiet = false;
  std::string ci_status;
  std::string junit;
  std::string ci_url;
  std::string record;
  long wait_pid = 0;
  std::string since;
  std::string until;
  bool post = false;
  bool dry_run = false;
  std::string channel; // notify test --channel
};

// --dry-run: the payload that would be posted, pretty-printed.
void print_preview(const std::string& event, const nlohmann::json& facts, const Policy& policy) {
  const auto payload = notify::discord_payload(notify::build_message(event, facts, policy));
  fmt::print("would post ({}):\n{}\n", event, nlohmann::json::parse(payload).dump(2));
}

// `webhook` when usable; throws Fatal(2) with its problem (after `label`)
// when its URL is unusable. nullopt stays nullopt: none is configured.
std::optional<Webhook> checked_webhook(std::optional<Webhook> webhook, std::string_view label) {
  if (!webhook) return std::nullopt;
  if (auto problem = notify::webhook_problem(webhook->url)) {
    throw Fatal(k_exit_usage, fmt::format("{}{} (from {})", label, *problem, webhook->source));
  }
  return webhook;
}

// The configured Discord webhook, checked; nullopt when none is configured.
std::optional<Webhook> usable_webhook(const git::Repository& repo) {
  return checked_webhook(notify::find_webhook(repo), "");
}

constexpr const char* k_no_webhook =
    "no Discord webhook configured (set WARDEN_DISCORD_WEBHOOK or `git config warden.discord.webhook URL`)";

// Deliver the outbox; prints outcomes unless `quiet`. Exit 0 when nothing is left undelivered.
int deliver(const Outbox& outbox, const Webhook& webhook, bool quiet, bool wait_for_others = true) {
  auto options = net::default_delivery_options();
  options.wait_for_others = wait_for_others;
  const auto log = [quiet](const std::string& line) {
    if (!quiet) fmt::print(stderr, "warden: {}\n", line);
  };
  const auto report = net::flush_outbox(outbox, webhook, options, log);
  const std::size_t pending = outbox.pending().size();
  if (!quiet) {
    fmt::print("{} delivered, {} pending, {} failed (webhook {})\n", report.delivered, pending,
               outbox.failed().size(), webhook.redacted());
  }
  return report.left_pending > 0 || report.failed > 0 || report.webhook_dead ? 1 : 0;
}

constexpr const char* k_no_smtp =
    "no SMTP server configured (set WARDEN_SMTP_URL or `git config warden.smtp.url URL`)";
constexpr const char* k_no_slack =
    "no Slack webhook configured (set WARDEN_SLACK_WEBHOOK or `git config warden.slack.webhook URL`)";

// The configured SMTP server, checked before any connection; nullopt when none.
std::optional<notify::SmtpSettings> usable_smtp(const git::Repository& repo) {
  auto smtp = notify::find_smtp(repo);
  if (!smtp) return std::nullopt;
  if (auto problem = notify::smtp_problem(*smtp)) throw Fatal(k_exit_usage, fmt::format("{} (from {})", *problem, smtp->source));
  return smtp;
}

// The configured Slack webhook, checked; nullopt when none is configured.
std::optional<Webhook> usable_slack(const git::Repository& repo) {
  return checked_webhook(notify::find_slack_webhook(repo), "Slack ");
}

// Print a channel's flush outcome like deliver() does for Discord; the exit status.
int channel_status(const net::FlushReport& report, const Outbox& outbox, const std::string& channel,
                   const std::string& endpoint, bool quiet) {
  if (!quiet) {
    fmt::print("{}: {} delivered, {} pending, {} failed ({})\n", channel, report.delivered, outbox.pending().size(),
               outbox.failed().size(), endpoint);
  }
  return report.left_pending > 0 || report.failed > 0 || report.webhook_dead ? 1 : 0;
}

// Deliver the email and Slack outboxes whose channel is configured (all of
// them, or only `only`). Exit 0 when nothing is left undelivered.
int deliver_other_channels(const git::Repository& repo, bool quiet, bool wait_for_others, const std::string& only = "") {
  auto options = net::default_delivery_options();
  options.wait_for_others = wait_for_others;
  const auto log = [quiet](const std::string& line) {
    if (!quiet) fmt::print(stderr, "warden: {}\n", line);
  };
  const auto base = Outbox::of(repo);
  int status = 0;
  if (only.empty() || only == notify::k_email) {
    if (const auto smtp = usable_smtp(repo)) {
      const auto outbox = base.channel(notify::k_email);
      status |= channel_status(net::flush_email(outbox, *smtp, options, log), outbox, "email", smtp->redacted(), quiet);
    }
  }
  if (only.empty() || only == notify::k_slack) {
    if (const auto slack = usable_slack(repo)) {
      const auto outbox = base.channel(notify::k_slack);
      status |= channel_status(net::flush_slack(outbox, *slack, options, log), outbox, "slack",
                               "webhook " + slack->redacted(), quiet);
    }
  }
  return status;
}

// Every configured channel, checked (a bad URL is a usage error before
// anything is queued).
std::vector<std::string> checked_channels(const git::Repository& repo, const Policy& policy) {
  usable_webhook(repo);
  usable_smtp(repo);
  usable_slack(repo);
  return notify::configured_channels(repo, policy);
}

// Deliver what was just queued for `channels`; the exit status.
int deliver_channels(const git::Repository& repo, const std::vector<std::string>& channels, bool quiet) {
  int status = 0;
  for (const auto& channel : channels) {
    if (channel == notify::k_discord) {
      if (const auto webhook = usable_webhook(repo)) status |= deliver(Outbox::of(repo), *webhook, quiet);
    } else {
      status |= deliver_other_channels(repo, quiet, true, channel);
    }
  }
  return status;
}

// --dry-run: what the email and Slack outboxes would send.
void print_other_dry_run(const git::Repository& repo, const Outbox& base) {
  const auto show = [](const Outbox& outbox, const std::string& where) {
    const auto pending = outbox.pending();
    fmt::print("would send {} event{} to {}\n", pending.size(), pending.size() == 1 ? "" : "s", where);
    for (const auto& entry : pending) fmt::print("  {} {} {}\n", entry.created, entry.event, entry.summary);
  };
  if (const auto smtp = notify::find_smtp(repo)) show(base.channel(notify::k_email), "email through " + smtp->redacted());
  if (const auto slack = notify::find_slack_webhook(repo)) show(base.channel(notify::k_slack), "Slack webhook " + slack->redacted());
}

int run_flush(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto outbox = Outbox::of(repo);
  const auto webhook = usable_webhook(repo);
  const bool others = notify::find_smtp(repo) || notify::find_slack_webhook(repo);
  if (!webhook) {
    if (!options.quiet && (!others || !outbox.pending().empty())) {
      fmt::print("{}; {} events pending\n", k_no_webhook, outbox.pending().size());
    }
    if (!others) return k_exit_ok;
    if (options.dry_run) {
      print_other_dry_run(repo, outbox);
      return k_exit_ok;
    }
    return deliver_other_channels(repo, options.quiet, !options.quiet);
  }
  if (options.dry_run) {
    const auto pending = outbox.pending();
    fmt::print("would send {} event{} to {}\n", pending.size(), pending.size() == 1 ? "" : "s", webhook->redacted());
    for (const auto& entry : pending) fmt::print("  {} {} {}\n", entry.created, entry.event, entry.summary);
    print_other_dry_run(repo, outbox);
    return k_exit_ok;
  }
  const int status = deliver(outbox, *webhook, options.quiet, !options.quiet);
  return status | (others ? deliver_other_channels(repo, options.quiet, !options.quiet) : 0);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

enum class SendingEntries { count_only, listed };

// An outbox's state, each line after `indent`: pending with attempts and
// last error, sending (counted, or listed too), failed with the reason.
void print_outbox(const Outbox& outbox, std::string_view indent, SendingEntries sending_entries) {
  const auto pending = outbox.pending();
  fmt::print("{}pending: {}\n", indent, pending.size());
  for (const auto& entry : pending) {
    fmt::print("{}  {} {} {}", indent, entry.created, entry.event, entry.summary);
    if (entry.attempts > 0) fmt::print(" (attempts: {}, last error: {})", entry.attempts, entry.last_error);
    fmt::print("\n");
  }
  const auto sending = outbox.sending();
  if (!sending.empty()) {
    fmt::print("{}sending: {}\n", indent, sending.size());
    if (sending_entries == SendingEntries::listed) {
      for (const auto& entry : sending) fmt::print("{}  {} {} {}\n", indent, entry.created, entry.event, entry.summary);
    }
  }
  const auto failed = outbox.failed();
  fmt::print("{}failed: {}\n", indent, failed.size());
  for (const auto& entry : failed) {
    fmt::print("{}  {} {} {}: {}\n", indent, entry.created, entry.event, entry.summary, entry.last_error);
  }
}

// Why a webhook at `url` gets nothing: unusable, or marked dead in `outbox`.
void print_webhook_problems(const std::string& url, const std::string& fingerprint, const Outbox& outbox) {
  if (auto problem = notify::webhook_problem(url)) fmt::print("  unusable: {}\n", *problem);
  if (const auto dead = outbox.dead_webhook(); dead && dead->fingerprint == fingerprint) {
    fmt::print("  dead: {} since {}; nothing is sent until the URL changes\n", dead->reason, dead->since);
  }
}

// One channel's outbox, under its channel line.
void print_channel_outbox(const Outbox& outbox) { print_outbox(outbox, "  ", SendingEntries::count_only); }

// The email and Slack channels, each with its own delivery state; shown when
// configured or when its outbox holds something.
void print_channel_status(const git::Repository& repo, const Policy& policy, const Outbox& base) {
  const auto email_outbox = base.channel(notify::k_email);
  const auto smtp = notify::find_smtp(repo);
  if (smtp || policy.notify.email || !email_outbox.pending().empty() || !email_outbox.failed().empty()) {
    if (smtp) {
      fmt::print("email: {} (from {})\n", smtp->redacted(), smtp->source);
      if (auto problem = notify::smtp_problem(*smtp)) fmt::print("  unusable: {}\n", *problem);
    } else {
      fmt::print("email: none ({})\n", k_no_smtp);
    }
    const auto to = policy.notify.email ? policy.notify.email->to : std::vector<std::string>{};
    fmt::print("  to: {}\n", to.empty() ? "nobody (notify.email.to)" : joined(to));
    fmt::print("  events: {}\n", joined(notify::channel_events(policy, notify::k_email)));
    print_channel_outbox(email_outbox);
  }
  const auto slack_outbox = base.channel(notify::k_slack);
  const auto slack = notify::find_slack_webhook(repo);
  if (slack || policy.notify.slack || !slack_outbox.pending().empty() || !slack_outbox.failed().empty()) {
    if (slack) {
      fmt::print("slack: webhook {} (from {})\n", slack->redacted(), slack->source);
      print_webhook_problems(slack->url, slack->fingerprint(), slack_outbox);
    } else {
      fmt::print("slack: none ({})\n", k_no_slack);
    }
    fmt::print("  events: {}\n", joined(notify::channel_events(policy, notify::k_slack)));
    print_channel_outbox(slack_outbox);
  }
}

int run_status() {
  auto repo = git::Repository::discover();
  const auto outbox = Outbox::of(repo);
  const auto webhook = notify::find_webhook(repo);
  if (webhook) {
    fmt::print("webhook: {} (from {})\n", webhook->redacted(), webhook->source);
    print_webhook_problems(webhook->url, webhook->fingerprint(), outbox);
  } else {
    fmt::print("webhook: none ({})\n", k_no_webhook);
  }
  const auto policy = load_policy(repo);
  std::string events;
  for (const auto& event : policy.notify.discord.events) events += (events.empty() ? "" : ", ") + event;
  fmt::print("events: {}\n", events.empty() ? "none" : events);
  const auto channels = notify::configured_channels(repo, policy);
  fmt::print("channels: {}\n", channels.empty() ? "none configured" : joined(channels));
  fmt::print("outbox: {}\n", outbox.dir().string());
  print_outbox(outbox, "", SendingEntries::listed);
  const auto pushes = outbox.pushes();
  if (!pushes.empty()) fmt::print("pushes awaiting confirmation: {}\n", pushes.size());
  print_channel_status(repo, policy, outbox);
  return k_exit_ok;
}

int run_test(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto policy = load_policy(repo);
  const std::string& only = options.channel;
  // The channel asked for must be configured; without --channel, at least one.
  if (only == notify::k_discord || only.empty()) usable_webhook(repo);
  if (only == notify::k_email || only.empty()) usable_smtp(repo);
  if (only == notify::k_slack || only.empty()) usable_slack(repo);
  const auto configured = notify::configured_channels(repo, policy);
  const bool found = only.empty() ? !configured.empty()
                                  : std::find(configured.begin(), configured.end(), only) != configured.end();
  if (!found && !options.dry_run) {
    if (only == notify::k_email && notify::find_smtp(repo)) {
      throw Fatal(k_exit_usage, "no email recipient: list them in the policy's notify.email.to");
    }
    throw Fatal(k_exit_usage, only == notify::k_email ? k_no_smtp : only == notify::k_slack ? k_no_slack : k_no_webhook);
  }
  const std::string url = git::remote_url(repo, policy.branches.remote);
  const std::string name = notify::repository_name(repo, url);
  nlohmann::json facts{{"title", fmt::format("[{}] warden test message", name)},
                       {"colour", notify::colours::k_test},
                       {"text", fmt::format("Notifications for **{}** reach this channel.", name)}};
  if (options.dry_run) {
    if (only == notify::k_email) {
      const auto payload = nlohmann::json::parse(notify::email_payload(Outbox::new_event_name("test"), "test", facts,
                                                                        policy, std::time(nullptr)));
      fmt::print("would send (test):\n{}", payload.value("message", ""));
    } else if (only == notify::k_slack) {
      fmt::print("would post (test):\n{}\n", nlohmann::json::parse(notify::slack_payload("test", facts, policy)).dump(2));
    } else {
      print_preview("test", facts, policy);
    }
    return k_exit_ok;
  }
  const auto queued = notify::queue_for_channels(repo, "test", facts, policy, notify::Scope::explicit_request, only);
  int status = 0;
  for (const auto& channel : queued) {
    const int channel_result = deliver_channels(repo, {channel}, false);
    if (channel_result == 0) {
      if (channel == notify::k_discord) fmt::print("test message delivered to {}\n", notify::find_webhook(repo)->redacted());
      else if (channel == notify::k_email) fmt::print("test message delivered to {} through {}\n", joined(policy.notify.email->to), notify::find_smtp(repo)->redacted());
      else fmt::print("test message delivered to Slack webhook {}\n", notify::find_slack_webhook(repo)->redacted());
    }
    status |= channel_result;
  }
  return status;
}

int run_ci(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto policy = load_policy(repo);
  std::optional<notify::JunitSummary> junit;
  if (!options.junit.empty()) {
    const auto text = fs::read_file(options.junit);
    if (!text) throw Fatal(k_exit_usage, fmt::format("--junit {}: cannot read the file", options.junit));
    try {
      junit = notify::parse_junit(*text);
    } catch (const Error& e) {
      throw Fatal(k_exit_usage, fmt::format("--junit {}: {}", options.junit, e.what()));
    }
  }
  std::string branch = repo.head_branch().value_or("");
  for (const char* variable : {"GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME"}) {
    if (const char* value = std::getenv(variable); branch.empty() && value && *value) branch = value;
  }
  const auto head = repo.head_commit();
  const std::string url = git::remote_url(repo, policy.branches.remote);
  const std::string name = notify::repository_name(repo, url);
  nlohmann::json facts;
  facts["repo"] = name;
  facts["status"] = options.ci_status;
  facts["branch"] = branch;
  facts["commit"] = head ? git::oid_hex(*head).substr(0, 7) : "";
  facts["title"] = fmt::format("[{}] CI {}{}", name, options.ci_status, branch.empty() ? "" : " on " + branch);
  facts["url"] = options.ci_url;
  facts["colour"] = options.ci_status == "success"   ? notify::colours::k_success
                    : options.ci_status == "failure" ? notify::colours::k_failure
                                                     : notify::colours::k_cancelled;
  facts["has_tests"] = junit.has_value();
  facts["failures"] = nlohmann::json::array();
  facts["more_failures"] = false;
  std::string line = fmt::format("ci {}", options.ci_status);
  if (junit) {
    facts["passed"] = junit->passed;
    facts["failed"] = junit->failed;
    facts["skipped"] = junit->skipped;
    facts["total"] = junit->total;
    constexpr std::size_t k_shown = 10;
    for (std::size_t i = 0; i < junit->failures.size() && i < k_shown; ++i) {
      facts["failures"].push_back({{"name", junit->failures[i].name}, {"message", junit->failures[i].message}});
    }
    if (junit->failures.size() > k_shown) facts["more_failures"] = junit->failures.size() - k_shown;
    facts["fields"] = nlohmann::json::array({{{"name", "Passed"}, {"value", std::to_string(junit->passed)}, {"inline", true}},
                                             {{"name", "Failed"}, {"value", std::to_string(junit->failed)}, {"inline", true}},
                                             {{"name", "Skipped"}, {"value", std::to_string(junit->skipped)}, {"inline", true}}});
    line += fmt::format(": {} passed, {} failed, {} skipped", junit->passed, junit->failed, junit->skipped);
  }
  fmt::print("{}\n", line);
  if (options.dry_run) {
    print_preview("ci", facts, policy);
    return k_exit_ok;
  }
  const auto channels = checked_channels(repo, policy);
  if (channels.empty()) {
    fmt::print(stderr, "warden: {}; nothing sent\n", k_no_webhook);
    return k_exit_ok;
  }
  // An explicit request: each channel's events list governs what the hooks send by themselves.
  return deliver_channels(repo, notify::queue_for_channels(repo, "ci", facts, policy, notify::Scope::explicit_request), false);
}

int run_confirm_push(const NotifyOptions& options) {
  std::string start_time;
  if (const auto text = fs::read_file(options.record)) {
    const auto record = nlohmann::json::parse(*text, nullptr, false);
    if (!record.is_discarded() && record.is_object() && record.contains("git_start") && record["git_start"].is_string()) {
      start_time = record["git_start"].get<std::string>();
    }
  }
  notify::wait_for_exit(options.wait_pid, start_time, 600);
  const auto result = notify::confirm_push(options.record);
  if (result.queued == 0) return k_exit_ok;
  auto repo = git::Repository::discover();
  int status = 0;
  if (const auto webhook = usable_webhook(repo)) status |= deliver(Outbox::of(repo), *webhook, true, false);
  return status | deliver_other_channels(repo, true, false);
}

int run_digest(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto policy = load_policy(repo);
  notify::DigestPeriod period;
  period.since = notify::parse_when(repo, options.since, "--since");
  period.until = options.until.empty() ? static_cast<std::int64_t>(std::time(nullptr))
                                       : notify::parse_when(repo, options.until, "--until");
  if (period.until < period.since) throw Fatal(k_exit_usage, "--until is before --since");
  auto digest = notify::build_digest(repo, policy, period);
  if (policy.notify.summarizer && !policy.notify.summarizer->url.empty()) {
    const auto summary = net::summarize(*policy.notify.summarizer, digest.text);
    if (summary.text) {
      const std::string text = notify::clean_text(*summary.text);
      fmt::print("Summary ({}):\n{}\n\n", policy.notify.summarizer->model.empty() ? "summarizer" : policy.notify.summarizer->model, text);
      digest.facts["summary"] = text;
    } else {
      fmt::print("(summarizer unavailable: {}; template digest used)\n\n", summary.error);
    }
  }
  fmt::print("{}", digest.text);
  if (!options.post) return k_exit_ok;
  if (options.dry_run) {
    print_preview("digest", digest.facts, policy);
    return k_exit_ok;
  }
  const auto channels = checked_channels(repo, policy);
  if (channels.empty()) throw Fatal(k_exit_usage, std::string(k_no_webhook) + "; digest not posted");
  // An explicit request: each channel's events list governs what the hooks send by themselves.
  return deliver_channels(repo, notify::queue_for_channels(repo, "digest", digest.facts, policy, notify::Scope::explicit_request),
                          false);
}

} // namespace

void register_notify(CLI::App& app, Action& action) {
  auto options = std::make_shared<NotifyOptions>();

  auto* notify = app.add_subcommand("notify", "Notifications (Discord, email, Slack): the outbox (flush, status), test, ci");
  notify->require_subcommand(1);

  auto* flush = notify->add_subcommand("flush", "Deliver the pending notifications of the outbox");
  flush->add_flag("--quiet", options->quiet, "Print nothing");
  flush->add_flag("--dry-run", options->dry_run, "List what would be sent, send nothing");
  flush->callback([&action, options] { action = [options] { return run_flush(*options); }; });

  auto* status = notify->add_subcommand("status", "Show each channel (secrets redacted), pending and failed notifications");
  status->callback([&action] { action = [] { return run_status(); }; });

  auto* test = notify->add_subcommand("test", "Send a test message to each configured channel (or one)");
  test->add_flag("--dry-run", options->dry_run, "Print the message, send nothing");
  test->add_option("--channel", options->channel, "Only this channel: discord, email or slack")
      ->check(CLI::IsMember({"discord", "email", "slack"}));
  test->callback([&action, options] { action = [options] { return run_test(*options); }; });

  auto* ci = notify->add_subcommand("ci", "Post a CI result (with test counts from a JUnit report)");
  ci->add_option("--status", options->ci_status, "success, failure or cancelled")
      ->required()
      ->check(CLI::IsMember({"success", "failure", "cancelled"}));
  ci->add_option("--junit", options->junit, "JUnit XML report to count tests and failures from");
  ci->add_option("--url", options->ci_url, "Link to the CI run");
  ci->add_flag("--dry-run", options->dry_run, "Print the message, send nothing");
  ci->callback([&action, options] { action = [options] { return run_ci(*options); }; });

  auto* confirm = notify->add_subcommand("confirm-push", "Queue push/tag events once a push is known to have succeeded");
  confirm->group("");
  confirm->add_option("record", options->record, "Pending-push record")->required();
  confirm->add_option("--wait-pid", options->wait_pid, "Wait until this process (git push) has exited");
  confirm->callback([&action, options] { action = [options] { return run_confirm_push(*options); }; });

  auto* digest = app.add_subcommand("digest", "Summarise the commits of a period by branch, author and type");
  digest->add_option("--since", options->since, "Start of the period (what `git log --since` accepts)")->required();
  digest->add_option("--until", options->until, "End of the period (default: now)");
  digest->add_flag("--post", options->post, "Also post the digest to the configured channels");
  digest->add_flag("--dry-run", options->dry_run, "With --post: print the message, post nothing");
  digest->callback([&action, options] { action = [options] { return run_digest(*options); }; });
}

} // namespace warden::cli
