#pragma once
// HTTP through libcurl. Only the `warden` command links this: the hooks
// never touch the network (libcurl alone costs about 12 ms to load: bench/RESULTS.md).
#include <string>
#include <vector>

namespace warden::net {

struct HttpResponse {
  long status = 0;          // 0: no response (see error)
  std::string body;
  std::string retry_after;  // the Retry-After header, when present
  std::string error;        // transport error (connection refused, timeout, TLS ...)
  bool success() const { return status >= 200 && status < 300; }
};

// POST `body` as application/json to `url` with `headers` ("Name: value")
// and a `User-Agent: warden/<version>`. Never throws on HTTP or transport
// errors: they are in the response. Error texts never contain the URL path.
HttpResponse post_json(const std::string& url, const std::string& body, const std::vector<std::string>& headers,
                       double timeout_seconds);

} // namespace warden::net
