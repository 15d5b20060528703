#pragma once
// The optional digest summarizer: an OpenAI-compatible chat-completions
// endpoint (`notify.summarizer: {url, model, timeout_seconds}`), key from
// $WARDEN_LLM_KEY. Any failure leaves the template digest in place.
#include "warden/config/policy.hpp"

#include <optional>
#include <string>

namespace warden::net {

struct Summary {
  std::optional<std::string> text; // the summary, or nullopt on failure
  std::string error;               // why not (timeout, HTTP status, bad reply)
};

// Ask the summarizer for a stand-up summary of `digest_text`.
Summary summarize(const SummarizerPolicy& summarizer, const std::string& digest_text);

} // namespace warden::net
