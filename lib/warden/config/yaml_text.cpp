#include "warden/config/yaml_text.hpp"

namespace warden::config {

std::string comments_blanked(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool single = false, dbl = false, comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      single = dbl = comment = false;
      out += c;
      continue;
    }
    if (comment) continue;
    if (c == '\'' && !dbl) single = !single;
    else if (c == '"' && !single) dbl = !dbl;
    else if (c == '#' && !single && !dbl && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      comment = true;
      continue;
    }
    out += c;
  }
  return out;
}

} // namespace warden::config
