// GCC 12 at -O3 reports a false -Wrestrict inside std::string's inlined
// replace (GCC bug 105651); nothing here copies overlapping memory.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "warden/notify/outbox.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/reader.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace warden::notify {

namespace {

constexpr const char* k_sending = "sending";
constexpr const char* k_failed = "failed";
constexpr const char* k_pushes = "pushes";

// flock on <outbox>/.lock for the life of the object.
class OutboxLock {
public:
  explicit OutboxLock(const stdfs::path& dir) {
    std::error_code ec;
    stdfs::create_directories(dir, ec);
    const auto path = dir / ".lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw Error(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
    while (::flock(m_fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        ::close(m_fd);
        throw Error(fmt::format("cannot lock {}: {}", path.string(), std::strerror(errno)));
      }
    }
  }
  ~OutboxLock() { ::close(m_fd); }
  OutboxLock(const OutboxLock&) = delete;
  OutboxLock& operator=(const OutboxLock&) = delete;

private:
  int m_fd = -1;
};

bool is_event_file(const stdfs::directory_entry& entry) {
  const auto name = entry.path().filename().string();
  return entry.is_regular_file() && !name.empty() && name.front() != '.' && name.ends_with(".json");
}

std::vector<stdfs::path> list_files(const stdfs::path& dir) {
  std::vector<stdfs::path> files;
  std::error_code ec;
  for (stdfs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (is_event_file(*it)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<OutboxEntry> read_entry(const stdfs::path& path) {
  const auto text = fs::read_file(path);
  if (!text) return std::nullopt;
  OutboxEntry entry;
  entry.path = path;
  entry.name = path.filename().string();
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    entry.event = "?";
    entry.last_error = "unreadable outbox file";
    return entry;
  }
  entry.event = parsed.value("event", "?");
  entry.summary = parsed.value("summary", "");
  entry.created = parsed.value("created", "");
  entry.attempts = parsed.value("attempts", 0);
  entry.last_error = parsed.value("last_error", "");
  if (parsed.contains("payload")) entry.payload = parsed["payload"].dump();
  return entry;
}

std::vector<OutboxEntry> read_entries(const stdfs::path& dir) {
  std::vector<OutboxEntry> entries;
  for (const auto& path : list_files(dir)) {
    if (auto entry = read_entry(path)) entries.push_back(std::move(*entry));
  }
  return entries;
}

// Rewrite the event file `path` with `attempts` and `last_error` updated, then move it to `target`.
void update_and_move(const stdfs::path& path, const stdfs::path& target, const std::string& error, bool count_attempt) {
  if (auto text = fs::read_file(path)) {
    auto parsed = nlohmann::json::parse(*text, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) {
      if (count_attempt) parsed["attempts"] = parsed.value("attempts", 0) + 1;
      parsed["last_error"] = error;
      parsed["last_attempt"] = now_iso8601();
      fs::write_file_atomic(path, parsed.dump(2) + "\n");
    }
  }
  std::error_code ec;
  stdfs::create_directories(target.parent_path(), ec);
  fs::rename(path, target);
}

// "<pid>.<name>" in sending/ -> pid; 0 when the name has no pid.
pid_t claim_pid(const std::string& claimed_name) {
  const auto dot = claimed_name.find('.');
  if (dot == std::string::npos) return 0;
  try {
    return static_cast<pid_t>(std::stol(claimed_name.substr(0, dot)));
  } catch (const std::exception&) {
    return 0;
  }
}

std::string original_name(const std::string& claimed_name) {
  const auto dot = claimed_name.find('.');
  return dot == std::string::npos ? claimed_name : claimed_name.substr(dot + 1);
}

bool process_alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

} // namespace

std::string now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

Outbox::Outbox(stdfs::path dir) : m_dir(std::move(dir)) {}

Outbox Outbox::of(const git::RepoReader& repo) {
  return Outbox(stdfs::path(repo.common_dir()) / "warden" / "outbox");
}

std::string Outbox::new_event_name(const std::string& event) {
  const auto stamp = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  return fmt::format("{:020d}-{}-{}.json", stamp, ::getpid(), event);
}

stdfs::path Outbox::enqueue(const std::string& event, const std::string& summary, const std::string& payload_json) const {
  return enqueue_named(new_event_name(event), event, summary, payload_json);
}

stdfs::path Outbox::enqueue_named(const std::string& name, const std::string& event, const std::string& summary,
                                  const std::string& payload_json) const {
  nlohmann::json file;
  file["version"] = 1;
  file["event"] = event;
  file["summary"] = summary;
  file["created"] = now_iso8601();
  file["attempts"] = 0;
  file["last_error"] = "";
  file["payload"] = nlohmann::json::parse(payload_json);
  const auto path = m_dir / name;
  fs::write_file_atomic(path, file.dump(2) + "\n");
  return path;
}

std::vector<OutboxEntry> Outbox::pending() const { return read_entries(m_dir); }
std::vector<OutboxEntry> Outbox::failed() const { return read_entries(m_dir / k_failed); }

std::vector<OutboxEntry> Outbox::sending() const {
  std::vector<OutboxEntry> entries;
  std::error_code ec;
  for (stdfs::directory_iterator it(m_dir / k_sending, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!it->is_regular_file() || name.front() == '.') continue;
    if (auto entry = read_entry(it->path())) entries.push_back(std::move(*entry));
  }
  return entries;
}

std::vector<stdfs::path> Outbox::pushes() const { return list_files(m_dir / k_pushes); }

std::optional<OutboxEntry> Outbox::claim_next() const {
  OutboxLock lock(m_dir);
  // A sender that died mid-flight leaves its claim behind: put it back.
  std::error_code ec;
  for (stdfs::directory_iterator it(m_dir / k_sending, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.front() == '.' || process_alive(claim_pid(name))) continue;
    std::error_code ignored;
    stdfs::rename(it->path(), m_dir / original_name(name), ignored);
  }
  for (const auto& path : list_files(m_dir)) {
    const auto target = m_dir / k_sending / fmt::format("{}.{}", ::getpid(), path.filename().string());
    stdfs::create_directories(target.parent_path(), ec);
    if (::rename(path.c_str(), target.c_str()) != 0) continue; // gone meanwhile
    auto entry = read_entry(target);
    if (!entry) continue;
    return entry;
  }
  return std::nullopt;
}

bool Outbox::others_sending() const {
  std::error_code ec;
  for (stdfs::directory_iterator it(m_dir / k_sending, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    const pid_t pid = claim_pid(name);
    if (name.front() != '.' && pid != ::getpid() && process_alive(pid)) return true;
  }
  return false;
}

void Outbox::complete(const OutboxEntry& claimed) const {
  std::error_code ec;
  stdfs::remove(claimed.path, ec);
}

void Outbox::release(const OutboxEntry& claimed, const std::string& error) const {
  update_and_move(claimed.path, m_dir / original_name(claimed.name), error, true);
}

void Outbox::fail(const OutboxEntry& claimed, const std::string& reason) const {
  update_and_move(claimed.path, m_dir / k_failed / original_name(claimed.name), reason, true);
}

std::optional<DeadWebhook> Outbox::dead_webhook() const {
  const auto text = fs::read_file(m_dir / ".webhook.json");
  if (!text) return std::nullopt;
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return DeadWebhook{parsed.value("fingerprint", ""), parsed.value("webhook", ""), parsed.value("reason", ""),
                     parsed.value("since", "")};
}

void Outbox::mark_dead(const DeadWebhook& dead) const {
  nlohmann::json file{{"fingerprint", dead.fingerprint}, {"webhook", dead.redacted}, {"reason", dead.reason},
                      {"since", dead.since}};
  fs::write_file_atomic(m_dir / ".webhook.json", file.dump(2) + "\n");
}

void Outbox::clear_dead() const {
  std::error_code ec;
  stdfs::remove(m_dir / ".webhook.json", ec);
}

} // namespace warden::notify
