// What a Discord webhook (or anything answering at its URL) sends back: the
// error body and the Retry-After header (net/delivery.hpp). Input: the
// header value, a NUL, then the body.
#include "fuzz_common.hpp"

#include "warden/checks/unicode.hpp"
#include "warden/net/delivery.hpp"
#include "warden/net/http.hpp"

#include <cmath>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = warden::fuzz::as_text(data, size);
  const std::size_t nul = text.find('\0');
  warden::net::HttpResponse response;
  response.retry_after = std::string(text.substr(0, nul == std::string_view::npos ? 0 : nul));
  response.body = std::string(nul == std::string_view::npos ? text : text.substr(nul + 1));
  for (const long status : {429L, 400L, 404L, 500L}) {
    response.status = status;
    const double wait = warden::net::retry_after(response);
    // The delivery loop sleeps this long when it is under its cap: it must be
    // a real, non-negative number.
    if (std::isnan(wait) || wait < 0) __builtin_trap();
    const std::string reason = warden::net::discord_reason(response);
    // The reason is stored in the outbox as JSON and printed: valid UTF-8.
    if (reason.empty() || !warden::is_valid_utf8(reason)) __builtin_trap();
  }
  return 0;
}
