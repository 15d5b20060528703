#include "warden/notify/junit.hpp"

#include "warden/core/error.hpp"
#include "warden/notify/text.hpp"

#include <optional>

namespace warden::notify {

namespace {

std::string decode_entities(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const auto end = text.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
      out += '&';
      continue;
    }
    const auto entity = text.substr(i + 1, end - i - 1);
    if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "amp") out += '&';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else if (!entity.empty() && entity[0] == '#') {
      unsigned long cp = 0;
      try {
        cp = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X')
                 ? std::stoul(std::string(entity.substr(2)), nullptr, 16)
                 : std::stoul(std::string(entity.substr(1)));
      } catch (const std::exception&) {
        cp = 0xFFFD;
      }
      if (cp < 0x80) out += static_cast<char>(cp);
      else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | ((cp >> 18) & 0x07));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    } else {
      out.append(text.substr(i, end - i + 1));
    }
    i = end;
  }
  return out;
}

// The end of the start tag beginning at `start` ('<'), quotes respected: index of '>'.
std::size_t tag_end(std::string_view xml, std::size_t start) {
  char quote = 0;
  for (std::size_t i = start; i < xml.size(); ++i) {
    if (quote) {
      if (xml[i] == quote) quote = 0;
    } else if (xml[i] == '"' || xml[i] == '\'') {
      quote = xml[i];
    } else if (xml[i] == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

std::optional<std::string> attribute(std::string_view tag, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    const bool boundary = pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n');
    std::size_t i = pos + name.size();
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (boundary && i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && tag[i] == ' ') ++i;
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        const char quote = tag[i];
        const auto close = tag.find(quote, i + 1);
        if (close == std::string_view::npos) return std::nullopt;
        return decode_entities(tag.substr(i + 1, close - i - 1));
      }
    }
    pos += name.size();
  }
  return std::nullopt;
}

// The start of element `name` in `xml` at or after `from` ("<name" then space, '>' or '/').
std::size_t find_element(std::string_view xml, std::string_view name, std::size_t from) {
  while ((from = xml.find(name, from)) != std::string_view::npos) {
    const std::size_t after = from + name.size();
    if (from > 0 && xml[from - 1] == '<' && after < xml.size() &&
        (xml[after] == ' ' || xml[after] == '>' || xml[after] == '/' || xml[after] == '\n' || xml[after] == '\t')) {
      return from - 1;
    }
    from = after;
  }
  return std::string_view::npos;
}

std::string first_line(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  text = text.substr(first);
  const auto newline = text.find('\n');
  return shorten_line(newline == std::string::npos ? text : text.substr(0, newline), 200);
}

} // namespace

JunitSummary parse_junit(std::string_view xml) {
  JunitSummary summary;
  if (find_element(xml, "testsuite", 0) == std::string_view::npos &&
      find_element(xml, "testsuites", 0) == std::string_view::npos &&
      find_element(xml, "testcase", 0) == std::string_view::npos) {
    throw Error("not a JUnit XML report (no <testsuite> or <testcase> element)");
  }
  std::size_t pos = 0;
  while ((pos = find_element(xml, "testcase", pos)) != std::string_view::npos) {
    const auto end = tag_end(xml, pos);
    if (end == std::string_view::npos) break;
    const auto tag = xml.substr(pos, end - pos + 1);
    std::string_view body;
    std::size_t next = end + 1;
    if (tag.size() < 2 || tag[tag.size() - 2] != '/') {
      const auto close = xml.find("</testcase>", end);
      body = xml.substr(end + 1, close == std::string_view::npos ? std::string_view::npos : close - end - 1);
      next = close == std::string_view::npos ? xml.size() : close + 11;
    }
    ++summary.total;
    const std::string name = attribute(tag, "name").value_or("?");
    const std::string classname = attribute(tag, "classname").value_or("");
    std::size_t failure = find_element(body, "failure", 0);
    if (failure == std::string_view::npos) failure = find_element(body, "error", 0);
    if (failure != std::string_view::npos) {
      ++summary.failed;
      const auto failure_end = tag_end(body, failure);
      const auto failure_tag = body.substr(failure, failure_end == std::string_view::npos ? std::string_view::npos
                                                                                           : failure_end - failure + 1);
      std::string message = attribute(failure_tag, "message").value_or("");
      if (message.empty() && failure_end != std::string_view::npos) {
        const auto text_end = body.find('<', failure_end + 1);
        message = decode_entities(body.substr(failure_end + 1, text_end == std::string_view::npos ? std::string_view::npos
                                                                                                   : text_end - failure_end - 1));
      }
      summary.failures.push_back({classname.empty() ? name : classname + "." + name, first_line(message)});
    } else if (find_element(body, "skipped", 0) != std::string_view::npos) {
      ++summary.skipped;
    } else {
      ++summary.passed;
    }
    pos = next;
  }
  return summary;
}

} // namespace warden::notify
