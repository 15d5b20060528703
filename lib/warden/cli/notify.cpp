// `warden notify flush|status|test|ci` and `warden digest` (SPEC sections 5
// and 6), plus the hidden `warden notify confirm-push` that the pre-push hook
// starts detached (see docs/notifications.md).
#include "warden/cli/registry.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/repository.hpp"
#include "warden/net/delivery.hpp"
#include "warden/net/summarizer.hpp"
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

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>

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
};

// --dry-run: the payload that would be posted, pretty-printed.
void print_preview(const std::string& event, const nlohmann::json& facts, const Policy& policy) {
  const auto payload = notify::discord_payload(notify::build_message(event, facts, policy));
  fmt::print("would post ({}):\n{}\n", event, nlohmann::json::parse(payload).dump(2));
}

// The configured webhook, checked; nullopt when none is configured.
std::optional<Webhook> usable_webhook(const git::Repository& repo) {
  auto webhook = notify::find_webhook(repo);
  if (!webhook) return std::nullopt;
  if (auto problem = notify::webhook_problem(webhook->url)) {
    throw Fatal(k_exit_usage, fmt::format("{} (from {})", *problem, webhook->source));
  }
  return webhook;
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

int run_flush(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto outbox = Outbox::of(repo);
  const auto webhook = usable_webhook(repo);
  if (!webhook) {
    if (!options.quiet) fmt::print("{}; {} events pending\n", k_no_webhook, outbox.pending().size());
    return k_exit_ok;
  }
  if (options.dry_run) {
    const auto pending = outbox.pending();
    fmt::print("would send {} event{} to {}\n", pending.size(), pending.size() == 1 ? "" : "s", webhook->redacted());
    for (const auto& entry : pending) fmt::print("  {} {} {}\n", entry.created, entry.event, entry.summary);
    return k_exit_ok;
  }
  return deliver(outbox, *webhook, options.quiet, !options.quiet);
}

int run_status() {
  auto repo = git::Repository::discover();
  const auto outbox = Outbox::of(repo);
  const auto webhook = notify::find_webhook(repo);
  if (webhook) {
    fmt::print("webhook: {} (from {})\n", webhook->redacted(), webhook->source);
    if (auto problem = notify::webhook_problem(webhook->url)) fmt::print("  unusable: {}\n", *problem);
    if (const auto dead = outbox.dead_webhook(); dead && dead->fingerprint == webhook->fingerprint()) {
      fmt::print("  dead: {} since {}; nothing is sent until the URL changes\n", dead->reason, dead->since);
    }
  } else {
    fmt::print("webhook: none ({})\n", k_no_webhook);
  }
  const auto policy = repo.load_policy();
  std::string events;
  for (const auto& event : policy.notify.discord.events) events += (events.empty() ? "" : ", ") + event;
  fmt::print("events: {}\n", events.empty() ? "none" : events);
  fmt::print("outbox: {}\n", outbox.dir().string());
  const auto pending = outbox.pending();
  fmt::print("pending: {}\n", pending.size());
  for (const auto& entry : pending) {
    fmt::print("  {} {} {}", entry.created, entry.event, entry.summary);
    if (entry.attempts > 0) fmt::print(" (attempts: {}, last error: {})", entry.attempts, entry.last_error);
    fmt::print("\n");
  }
  const auto sending = outbox.sending();
  if (!sending.empty()) {
    fmt::print("sending: {}\n", sending.size());
    for (const auto& entry : sending) fmt::print("  {} {} {}\n", entry.created, entry.event, entry.summary);
  }
  const auto failed = outbox.failed();
  fmt::print("failed: {}\n", failed.size());
  for (const auto& entry : failed) {
    fmt::print("  {} {} {}: {}\n", entry.created, entry.event, entry.summary, entry.last_error);
  }
  const auto pushes = outbox.pushes();
  if (!pushes.empty()) fmt::print("pushes awaiting confirmation: {}\n", pushes.size());
  return k_exit_ok;
}

int run_test(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto webhook = usable_webhook(repo);
  if (!webhook && !options.dry_run) throw Fatal(k_exit_usage, k_no_webhook);
  const auto policy = repo.load_policy();
  const auto outbox = Outbox::of(repo);
  const std::string url = notify::remote_url(repo, policy.branches.remote);
  const std::string name = notify::repository_name(repo, url);
  nlohmann::json facts{{"title", fmt::format("[{}] warden test message", name)},
                       {"colour", notify::colours::k_test},
                       {"text", fmt::format("Notifications for **{}** reach this channel.", name)}};
  if (options.dry_run) {
    print_preview("test", facts, policy);
    return k_exit_ok;
  }
  notify::queue_event(outbox, "test", facts, policy);
  const int status = deliver(outbox, *webhook, false);
  if (status == 0) fmt::print("test message delivered to {}\n", webhook->redacted());
  return status;
}

int run_ci(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto policy = repo.load_policy();
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
  const std::string url = notify::remote_url(repo, policy.branches.remote);
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
  const auto webhook = usable_webhook(repo);
  if (!webhook) {
    fmt::print(stderr, "warden: {}; nothing sent\n", k_no_webhook);
    return k_exit_ok;
  }
  // An explicit request: notify.discord.events governs what the hooks send by themselves.
  const auto outbox = Outbox::of(repo);
  notify::queue_event(outbox, "ci", facts, policy);
  return deliver(outbox, *webhook, false);
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
  const auto webhook = usable_webhook(repo);
  if (!webhook) return k_exit_ok;
  return deliver(Outbox::of(repo), *webhook, true, false);
}

int run_digest(const NotifyOptions& options) {
  auto repo = git::Repository::discover();
  const auto policy = repo.load_policy();
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
  const auto webhook = usable_webhook(repo);
  if (!webhook) throw Fatal(k_exit_usage, std::string(k_no_webhook) + "; digest not posted");
  // An explicit request: notify.discord.events governs what the hooks send by themselves.
  const auto outbox = Outbox::of(repo);
  notify::queue_event(outbox, "digest", digest.facts, policy);
  return deliver(outbox, *webhook, false);
}

} // namespace

void register_notify(CLI::App& app, Action& action) {
  auto options = std::make_shared<NotifyOptions>();

  auto* notify = app.add_subcommand("notify", "Discord notifications: the outbox (flush, status), test, ci");
  notify->require_subcommand(1);

  auto* flush = notify->add_subcommand("flush", "Deliver the pending notifications of the outbox");
  flush->add_flag("--quiet", options->quiet, "Print nothing");
  flush->add_flag("--dry-run", options->dry_run, "List what would be sent, send nothing");
  flush->callback([&action, options] { action = [options] { return run_flush(*options); }; });

  auto* status = notify->add_subcommand("status", "Show the webhook (redacted), pending and failed notifications");
  status->callback([&action] { action = [] { return run_status(); }; });

  auto* test = notify->add_subcommand("test", "Send a test message to the configured webhook");
  test->add_flag("--dry-run", options->dry_run, "Print the message, send nothing");
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
  digest->add_flag("--post", options->post, "Also post the digest to Discord");
  digest->add_flag("--dry-run", options->dry_run, "With --post: print the message, post nothing");
  digest->callback([&action, options] { action = [options] { return run_digest(*options); }; });
}

} // namespace warden::cli
