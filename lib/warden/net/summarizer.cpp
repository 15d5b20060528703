#include "warden/net/summarizer.hpp"

#include "warden/net/http.hpp"
#include "warden/notify/webhook.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

namespace warden::net {

Summary summarize(const SummarizerPolicy& summarizer, const std::string& digest_text) {
  Summary summary;
  if (summarizer.url.empty()) {
    summary.error = "no summarizer URL";
    return summary;
  }
  if (const auto problem = notify::webhook_problem(summarizer.url)) {
    summary.error = "summarizer " + *problem;
    return summary;
  }
  nlohmann::json request{
      {"model", summarizer.model},
      {"messages",
       nlohmann::json::array(
           {{{"role", "system"},
             {"content", "Summarise this git activity digest for a team stand-up in a few short bullet points. "
                         "Plain Markdown, no preamble, under 1500 characters."}},
            {{"role", "user"}, {"content", digest_text}}})}};
  std::vector<std::string> headers;
  if (const char* key = std::getenv("WARDEN_LLM_KEY"); key && *key) headers.push_back(std::string("Authorization: Bearer ") + key);
  const double timeout = summarizer.timeout_seconds > 0 ? summarizer.timeout_seconds : 10;
  const auto response = post_json(summarizer.url, request.dump(), headers, timeout);
  if (response.status == 0) {
    summary.error = response.error;
    return summary;
  }
  if (!response.success()) {
    summary.error = fmt::format("HTTP {}", response.status);
    return summary;
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  try {
    const auto& content = body.at("choices").at(0).at("message").at("content");
    if (!content.is_string() || content.get<std::string>().empty()) throw std::runtime_error("empty");
    summary.text = content.get<std::string>();
  } catch (const std::exception&) {
    summary.error = "unexpected reply (no choices[0].message.content)";
  }
  return summary;
}

} // namespace warden::net
