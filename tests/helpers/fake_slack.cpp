// A stand-in for a Slack incoming webhook (https://hooks.slack.com/services/...)
// for the end-to-end tests: listens on 127.0.0.1 at a random port, prints
// the port on stdout, and answers like Slack, in plain text:
//   200 "ok" for a payload with "text" or "blocks" (each block with a type);
//   400 "invalid_payload" when the body is not such JSON, or a section text
//       is over 3000 characters, or there are more than 50 blocks;
//   modes: --rate-limit N (429 "rate_limited" with Retry-After for the first
//       N requests), --status CODE --error TEXT (that status and body for
//       every request; e.g. 404 channel_not_found), --unavailable N (500).
// Every accepted payload is appended as one JSON line to --record FILE;
// every request's status to --requests FILE ("STATUS USER-AGENT").
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>

namespace {

struct Options {
  std::string record;
  std::string requests;
  int rate_limit = 0;
  int retry_after = 1;
  int unavailable = 0;
  int status = 0;
  std::string error = "invalid_payload";
};

void append_line(const std::string& path, const std::string& line) {
  static std::mutex mutex;
  if (path.empty()) return;
  std::lock_guard<std::mutex> lock(mutex);
  std::ofstream(path, std::ios::app) << line << '\n';
}

std::size_t length(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) == 0x80 ? 0 : 1;
  return count;
}

bool valid(const nlohmann::json& payload) {
  if (!payload.is_object()) return false;
  const bool has_text = payload.contains("text") && payload["text"].is_string() && !payload["text"].get<std::string>().empty();
  if (!payload.contains("blocks")) return has_text;
  const auto& blocks = payload["blocks"];
  if (!blocks.is_array() || blocks.size() > 50) return false;
  for (const auto& block : blocks) {
    if (!block.is_object() || !block.contains("type")) return false;
    if (block.contains("text") && block["text"].contains("text") &&
        length(block["text"]["text"].get<std::string>()) > 3000) {
      return false;
    }
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "fake_slack: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--record") options.record = next();
    else if (arg == "--requests") options.requests = next();
    else if (arg == "--rate-limit") options.rate_limit = std::stoi(next());
    else if (arg == "--retry-after") options.retry_after = std::stoi(next());
    else if (arg == "--unavailable") options.unavailable = std::stoi(next());
    else if (arg == "--status") options.status = std::stoi(next());
    else if (arg == "--error") options.error = next();
    else {
      std::fprintf(stderr, "fake_slack: unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  httplib::Server server;
  std::atomic<int> requests{0};
  server.Post(R"(.*)", [&](const httplib::Request& req, httplib::Response& res) {
    const int n = ++requests;
    if (options.status != 0) {
      res.status = options.status;
      res.set_content(options.error, "text/plain");
    } else if (n <= options.rate_limit) {
      res.status = 429;
      res.set_header("Retry-After", std::to_string(options.retry_after));
      res.set_content("rate_limited", "text/plain");
    } else if (n <= options.rate_limit + options.unavailable) {
      res.status = 500;
      res.set_content("internal_error", "text/plain");
    } else {
      const auto payload = nlohmann::json::parse(req.body, nullptr, false);
      if (payload.is_discarded() || !valid(payload)) {
        res.status = 400;
        res.set_content("invalid_payload", "text/plain");
      } else {
        append_line(options.record, payload.dump());
        res.status = 200;
        res.set_content("ok", "text/plain");
      }
    }
    append_line(options.requests, std::to_string(res.status) + " " + req.get_header_value("User-Agent"));
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "fake_slack: cannot bind\n");
    return 1;
  }
  std::cout << port << std::endl;
  server.listen_after_bind();
  return 0;
}
