// A stand-in for Discord's webhook endpoint, for the end-to-end tests.
// Listens on 127.0.0.1 at a random port, prints the port on stdout, and
// behaves like https://discord.com/api/webhooks/ID/TOKEN:
//   204 (200 + message JSON with ?wait=true) for a valid payload;
//   400 {"message": "Invalid Form Body", "code": 50035, "errors": ...} when
//       any limit is broken (content 2000, username 80, 10 embeds, title 256,
//       description 4096, 25 fields, field name 256 / value 1024, footer 2048,
//       author 256, 6000 characters in all embeds), or the body is not JSON;
//   modes: --rate-limit N (429 with retry_after and Retry-After for the first
//       N requests), --unavailable N (503 for the first N), --not-found (404
//       Unknown Webhook), --status CODE (that status with an error body),
//       --delay SECONDS (answer late).
// Every accepted payload is appended as one JSON line to --record FILE;
// every request's status to --requests FILE ("STATUS USER-AGENT").
// POST .../chat/completions answers like an OpenAI-compatible endpoint
// (--llm-reply TEXT, --llm-status CODE) for the digest summarizer.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace {

struct Options {
  std::string record;
  std::string requests;
  int rate_limit = 0;
  double retry_after = 0.3;
  int unavailable = 0;
  bool not_found = false;
  int status = 0;
  double delay = 0;
  std::string llm_reply = "- a summary";
  int llm_status = 200;
};

std::size_t length(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) == 0x80 ? 0 : 1;
  return count;
}

std::string text_of(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const auto& value = object[key];
  return value.is_string() ? value.get<std::string>() : "";
}

// The first limit `payload` breaks, or "" when it is acceptable.
std::string limit_problem(const nlohmann::json& payload) {
  if (!payload.is_object()) return "body is not an object";
  const auto content = text_of(payload, "content");
  if (length(content) > 2000) return "content: Must be 2000 or fewer in length.";
  if (length(text_of(payload, "username")) > 80) return "username: Must be 80 or fewer in length.";
  const auto embeds = payload.contains("embeds") ? payload["embeds"] : nlohmann::json::array();
  if (!embeds.is_array()) return "embeds: not an array";
  if (embeds.size() > 10) return "embeds: Must be 10 or fewer in length.";
  if (content.empty() && embeds.empty()) return "Cannot send an empty message";
  std::size_t total = 0;
  for (const auto& embed : embeds) {
    const auto title = text_of(embed, "title");
    const auto description = text_of(embed, "description");
    if (length(title) > 256) return "embeds.title: Must be 256 or fewer in length.";
    if (length(description) > 4096) return "embeds.description: Must be 4096 or fewer in length.";
    total += length(title) + length(description);
    if (embed.contains("footer")) {
      const auto footer = text_of(embed["footer"], "text");
      if (length(footer) > 2048) return "embeds.footer.text: Must be 2048 or fewer in length.";
      total += length(footer);
    }
    if (embed.contains("author")) {
      const auto author = text_of(embed["author"], "name");
      if (length(author) > 256) return "embeds.author.name: Must be 256 or fewer in length.";
      total += length(author);
    }
    if (embed.contains("fields")) {
      const auto& fields = embed["fields"];
      if (!fields.is_array() || fields.size() > 25) return "embeds.fields: Must be 25 or fewer in length.";
      for (const auto& field : fields) {
        const auto name = text_of(field, "name");
        const auto value = text_of(field, "value");
        if (name.empty() || value.empty()) return "embeds.fields: name and value are required";
        if (length(name) > 256) return "embeds.fields.name: Must be 256 or fewer in length.";
        if (length(value) > 1024) return "embeds.fields.value: Must be 1024 or fewer in length.";
        total += length(name) + length(value);
      }
    }
  }
  if (total > 6000) return "embeds: Embed size exceeds maximum size of 6000";
  return "";
}

void append_line(const std::string& path, const std::string& line) {
  static std::mutex mutex;
  if (path.empty()) return;
  std::lock_guard<std::mutex> lock(mutex);
  std::ofstream out(path, std::ios::app);
  out << line << '\n';
}

void error_body(httplib::Response& res, int status, const std::string& message, int code) {
  res.status = status;
  res.set_content(nlohmann::json{{"message", message}, {"code", code}}.dump(), "application/json");
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "fake_discord: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--record") options.record = next();
    else if (arg == "--requests") options.requests = next();
    else if (arg == "--rate-limit") options.rate_limit = std::stoi(next());
    else if (arg == "--retry-after") options.retry_after = std::stod(next());
    else if (arg == "--unavailable") options.unavailable = std::stoi(next());
    else if (arg == "--not-found") options.not_found = true;
    else if (arg == "--status") options.status = std::stoi(next());
    else if (arg == "--delay") options.delay = std::stod(next());
    else if (arg == "--llm-reply") options.llm_reply = next();
    else if (arg == "--llm-status") options.llm_status = std::stoi(next());
    else {
      std::fprintf(stderr, "fake_discord: unknown option %s\n", arg.c_str());
      return 2;
    }
  }

  httplib::Server server;
  std::atomic<int> webhook_requests{0};
  server.Post(R"(.*)", [&](const httplib::Request& req, httplib::Response& res) {
    if (options.delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(options.delay * 1000)));
    const std::string agent = req.get_header_value("User-Agent");
    if (req.path.size() >= 16 && req.path.ends_with("chat/completions")) {
      if (options.llm_status != 200) {
        error_body(res, options.llm_status, "summarizer failure", 0);
      } else {
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        append_line(options.record.empty() ? "" : options.record + ".llm", req.body);
        nlohmann::json reply{{"choices", nlohmann::json::array({{{"index", 0},
                                                                 {"message", {{"role", "assistant"}, {"content", options.llm_reply}}}}})}};
        res.set_content(reply.dump(), "application/json");
      }
      append_line(options.requests, std::to_string(res.status) + " llm " + agent);
      return;
    }
    const int n = ++webhook_requests;
    if (options.not_found) {
      error_body(res, 404, "Unknown Webhook", 10015);
    } else if (options.status != 0) {
      error_body(res, options.status, options.status == 401 ? "Invalid Webhook Token" : "Error", 50027);
    } else if (n <= options.rate_limit) {
      res.status = 429;
      res.set_header("Retry-After", std::to_string(static_cast<int>(options.retry_after + 0.999)));
      res.set_content(nlohmann::json{{"message", "You are being rate limited."}, {"retry_after", options.retry_after},
                                     {"global", false}}.dump(),
                      "application/json");
    } else if (n <= options.rate_limit + options.unavailable) {
      error_body(res, 503, "Service Unavailable", 0);
    } else {
      const auto payload = nlohmann::json::parse(req.body, nullptr, false);
      if (payload.is_discarded()) {
        error_body(res, 400, "The request body contains invalid JSON.", 50109);
      } else if (const auto problem = limit_problem(payload); !problem.empty()) {
        res.status = 400;
        res.set_content(nlohmann::json{{"message", "Invalid Form Body"}, {"code", 50035}, {"errors", problem}}.dump(),
                        "application/json");
      } else {
        append_line(options.record, payload.dump());
        if (req.has_param("wait") && req.get_param_value("wait") == "true") {
          res.status = 200;
          nlohmann::json message = payload;
          message["id"] = std::to_string(1000000 + n);
          message["type"] = 0;
          res.set_content(message.dump(), "application/json");
        } else {
          res.status = 204;
        }
      }
    }
    append_line(options.requests, std::to_string(res.status) + " webhook " + agent);
  });

  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "fake_discord: cannot bind\n");
    return 1;
  }
  std::cout << port << std::endl;
  server.listen_after_bind();
  return 0;
}
