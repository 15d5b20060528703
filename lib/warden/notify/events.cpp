#include "warden/notify/events.hpp"

#include "warden/core/error.hpp"
#include "warden/git/graph.hpp"
#include "warden/git/reader_refs.hpp"
#include "warden/notify/outbox.hpp"
#include "warden/notify/text.hpp"

#include <fmt/core.h>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

namespace warden::notify {

namespace {

namespace mustache = kainjow::mustache;

constexpr std::size_t k_subject_bytes = 100;

mustache::data to_data(const nlohmann::json& value) {
  switch (value.type()) {
  case nlohmann::json::value_t::object: {
    mustache::data object{mustache::data::type::object};
    for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
    return object;
  }
  case nlohmann::json::value_t::array: {
    mustache::data list{mustache::data::type::list};
    for (const auto& item : value) list.push_back(to_data(item));
    return list;
  }
  case nlohmann::json::value_t::string: {
    // An empty string is falsy, as in mustache.js: `{{#x}}..{{/x}}` skips it,
    // `{{^x}}..{{/x}}` renders; `{{x}}` still renders nothing.
    const auto& text = value.get_ref<const std::string&>();
    return text.empty() ? mustache::data{false} : mustache::data{text};
  }
  case nlohmann::json::value_t::boolean: return mustache::data{value.get<bool>()};
  case nlohmann::json::value_t::null: return mustache::data{false};
  default: return mustache::data{value.dump()};
  }
}

// Template output tidied: no runs of blank lines, no leading/trailing blank space.
std::string tidy(const std::string& text) {
  std::string out;
  int newlines = 0;
  for (char c : text) {
    if (c == '\n') {
      if (++newlines > 2) continue;
    } else {
      newlines = 0;
    }
    out += c;
  }
  const auto first = out.find_first_not_of(" \n");
  if (first == std::string::npos) return "";
  const auto last = out.find_last_not_of(" \n");
  return out.substr(first, last - first + 1);
}

std::string strip_dot_git(std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.ends_with(".git")) path.resize(path.size() - 4);
  return path;
}

} // namespace

CommitInfo describe(const git::CommitInfo& commit) {
  CommitInfo info;
  info.oid = git::hex_id(commit.id);
  info.short_oid = info.oid.substr(0, 7);
  info.subject = shorten_line(commit.summary, k_subject_bytes);
  info.author = commit.author;
  info.time = commit.time;
  info.parents = commit.parents;
  return info;
}

CommitInfo describe(const git::CommitData& commit) {
  CommitInfo info;
  info.oid = git::hex_id(commit.id);
  info.short_oid = info.oid.substr(0, 7);
  info.subject = shorten_line(git::commit_summary(commit.message), k_subject_bytes);
  info.author = commit.author_name;
  info.time = commit.commit_time;
  info.parents = commit.parents.size();
  return info;
}

CommitList list_commits(const git::RepoReader& repo, const git_oid& tip, const std::vector<git_oid>& hide,
                        std::size_t limit, Merges merges) {
  CommitList result;
  git::CommitWalk walk(repo, git::CommitOrder::newest_first);
  walk.push(tip, "from " + git::hex_id(tip));
  for (const auto& oid : hide) walk.hide(oid);
  while (const auto commit = walk.next()) {
    if (merges == Merges::exclude && commit->parents.size() > 1) continue;
    ++result.total;
    if (result.commits.size() < limit) result.commits.push_back(describe(*commit));
  }
  return result;
}

WebLinks WebLinks::from_remote_url(const std::string& remote_url) {
  std::string host;
  std::string path;
  if (const auto scheme = remote_url.find("://"); scheme != std::string::npos) {
    std::string rest = remote_url.substr(scheme + 3);
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return {};
    std::string authority = rest.substr(0, slash);
    if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
    if (const auto colon = authority.find(':'); colon != std::string::npos) authority = authority.substr(0, colon);
    host = authority;
    path = rest.substr(slash + 1);
  } else if (const auto colon = remote_url.find(':'); colon != std::string::npos && remote_url.find('/') > colon) {
    // scp-like: git@github.com:owner/repo.git
    host = remote_url.substr(0, colon);
    if (const auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
    path = remote_url.substr(colon + 1);
  } else {
    return {};
  }
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  path = strip_dot_git(path);
  if (path.empty() || path.find_first_of("?# ") != std::string::npos) return {};
  WebLinks links;
  if (host.find("github") != std::string::npos) {
    links.m_base = "https://" + host + "/" + path;
  } else if (host.find("gitlab") != std::string::npos) {
    links.m_base = "https://" + host + "/" + path;
    links.m_gitlab = true;
  }
  return links;
}

std::string WebLinks::page(const char* gitlab_path, const char* github_path, const std::string& rest) const {
  if (empty()) return "";
  return m_base + (m_gitlab ? gitlab_path : github_path) + rest;
}

std::string WebLinks::commit(const std::string& oid) const { return page("/-/commit/", "/commit/", oid); }
std::string WebLinks::compare(const std::string& from, const std::string& to) const {
  return page("/-/compare/", "/compare/", from + "..." + to);
}
std::string WebLinks::branch(const std::string& name) const { return page("/-/tree/", "/tree/", name); }
std::string WebLinks::tag(const std::string& name) const { return page("/-/tags/", "/releases/tag/", name); }

std::string repository_name(const git::RepoFacts& repo, const std::string& url) {
  std::string path = strip_dot_git(url);
  if (const auto cut = path.find_last_of("/:"); cut != std::string::npos) path = path.substr(cut + 1);
  if (!path.empty()) return path;
  const std::string dir = repo.is_bare() ? repo.git_dir() : repo.worktree_root();
  const std::string root = repo.is_bare() ? strip_dot_git(dir) : dir;
  return std::filesystem::path(root).filename().string();
}

nlohmann::json commits_json(const std::vector<CommitInfo>& commits, const WebLinks& links) {
  auto list = nlohmann::json::array();
  for (const auto& commit : commits) {
    const auto url = links.commit(commit.oid);
    list.push_back({{"oid", commit.oid}, {"short", commit.short_oid}, {"subject", commit.subject},
                    {"author", commit.author}, {"url", url}, {"has_url", !url.empty()},
                    {"merge", commit.parents > 1}});
  }
  return list;
}

std::string default_template(const std::string& event) {
  // A commit line: linked short id when the forge is known, subject, author.
  static const std::string commit_line =
      "{{#commits}}{{#has_url}}[`{{short}}`]({{url}}){{/has_url}}{{^has_url}}`{{short}}`{{/has_url}} "
      "{{subject}} \xE2\x80\x94 {{author}}\n{{/commits}}";
  // After the listed commits: how many more there are.
  static const std::string more_line = "{{#more}}\xE2\x80\xA6" "and {{more}} more\n{{/more}}";
  if (event == "push") {
    return "{{#branches}}**{{name}}**{{#created}} (new branch){{/created}}{{#forced}} (force-pushed){{/forced}}"
           "{{#deleted}} deleted{{/deleted}}{{^deleted}}: {{count}} commit{{^one}}s{{/one}}{{/deleted}}\n" +
           commit_line + more_line + "\n{{/branches}}";
  }
  if (event == "tag") {
    return "{{#message}}{{message}}\n\n{{/message}}"
           "**{{count}} commit{{^one}}s{{/one}}** since {{#previous}}{{previous}}{{/previous}}{{^previous}}the start{{/previous}}\n" +
           commit_line + more_line;
  }
  if (event == "merge") {
    return "**{{source}}** into **{{branch}}**{{#squash}} (squashed){{/squash}}{{#fast_forward}} (fast-forward){{/fast_forward}}: "
           "{{count}} commit{{^one}}s{{/one}}\n" +
           commit_line + more_line;
  }
  if (event == "ci") {
    return "**{{status}}**{{#branch}} on {{branch}}{{/branch}}{{#commit}} at `{{commit}}`{{/commit}}\n"
           "{{#has_tests}}{{passed}} passed, {{failed}} failed, {{skipped}} skipped\n{{/has_tests}}"
           "{{#failures}}\xE2\x80\xA2 `{{name}}`{{#message}}: {{message}}{{/message}}\n{{/failures}}"
           "{{#more_failures}}\xE2\x80\xA6" "and {{more_failures}} more failures\n{{/more_failures}}";
  }
  if (event == "digest") {
    return "{{#summary}}{{summary}}\n\n{{/summary}}{{^summary}}{{text}}{{/summary}}";
  }
  return "{{text}}";
}

namespace {

constexpr int k_max_list_nesting = 2;          // {{#branches}}{{#commits}} is as deep as a message needs
constexpr std::size_t k_max_rendered = 256 * 1024; // far beyond any message; the payload is cut later anyway

void collect_list_names(const nlohmann::json& value, std::set<std::string>& names, int depth = 0) {
  if (depth > 8) return;
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (item.is_array()) names.insert(key);
      collect_list_names(item, names, depth + 1);
    }
  } else if (value.is_array() && !value.empty()) {
    collect_list_names(value.front(), names, depth + 1);
  }
}

// Templates come from the policy, i.e. from the repository, and render in
// the hooks: refuse what could make that slow. Sections over lists nested
// more than two deep multiply (300 commits nested three deep is 27 million
// renders); custom delimiters would hide sections from this scan.
void check_template_cost(const std::string& text, const nlohmann::json& facts) {
  std::set<std::string> lists;
  collect_list_names(facts, lists);
  std::vector<bool> stack; // true: a section over a list
  int list_depth = 0;
  for (std::size_t pos = text.find("{{"); pos != std::string::npos; pos = text.find("{{", pos + 2)) {
    std::size_t start = pos + 2;
    while (start < text.size() && (text[start] == ' ' || text[start] == '{')) ++start;
    if (start >= text.size()) break;
    const char kind = text[start];
    if (kind == '=') throw Error("template: custom delimiters ({{=...=}}) are not supported");
    if (kind != '#' && kind != '^' && kind != '/') continue;
    const std::size_t close = text.find("}}", start);
    if (close == std::string::npos) break;
    std::string name = text.substr(start + 1, close - start - 1);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (kind == '/') {
      if (!stack.empty()) {
        if (stack.back()) --list_depth;
        stack.pop_back();
      }
      continue;
    }
    const bool over_list = kind == '#' && lists.count(name) > 0;
    stack.push_back(over_list);
    if (over_list && ++list_depth > k_max_list_nesting)
      throw Error(fmt::format("template: sections over lists nested more than {} deep ('{}')", k_max_list_nesting, name));
    if (stack.size() > 32) throw Error("template: sections nested more than 32 deep");
  }
}

} // namespace

std::string render_template(const std::string& template_text, const nlohmann::json& facts) {
  check_template_cost(template_text, facts);
  mustache::mustache tmpl{template_text};
  if (!tmpl.is_valid()) throw Error("template: " + tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& text) { return text; });
  std::string out;
  bool cut = false;
  tmpl.render(to_data(facts), [&](const std::string& piece) {
    if (out.size() + piece.size() > k_max_rendered) {
      cut = true;
      return;
    }
    out += piece;
  });
  if (cut) out += "\n…";
  return tidy(out);
}

Message build_message(const std::string& event, const nlohmann::json& facts, const Policy& policy) {
  std::string description;
  const auto custom = policy.notify.discord.templates.find(event);
  if (custom != policy.notify.discord.templates.end()) {
    try {
      description = render_template(custom->second, facts);
    } catch (const Error& e) {
      description = render_template(default_template(event), facts) +
                    fmt::format("\n(notify.discord.templates.{}: {}; built-in template used)", event, e.what());
    }
  } else {
    description = render_template(default_template(event), facts);
  }
  Embed embed;
  embed.title = facts.value("title", event);
  embed.url = facts.value("url", "");
  embed.description = description;
  embed.author = facts.value("author", "");
  embed.colour = facts.value("colour", 0);
  embed.footer = facts.contains("footer") ? facts.value("footer", "") : "warden \xC2\xB7 " + event;
  embed.timestamp = now_iso8601();
  if (facts.contains("fields") && facts["fields"].is_array()) {
    for (const auto& field : facts["fields"]) {
      embed.fields.push_back({field.value("name", ""), field.value("value", ""), field.value("inline", false)});
    }
  }
  Message message;
  message.username = policy.notify.discord.username;
  message.embeds.push_back(std::move(embed));
  return message;
}

bool event_enabled(const Policy& policy, const std::string& event) {
  const auto& events = policy.notify.discord.events;
  return std::find(events.begin(), events.end(), event) != events.end();
}

void queue_event(const Outbox& outbox, const std::string& event, const nlohmann::json& facts, const Policy& policy) {
  const Message message = build_message(event, facts, policy);
  outbox.enqueue(event, shorten_line(safe_text(facts.value("title", event), Newlines::to_space), 200),
                 discord_payload(message));
}

} // namespace warden::notify
