#pragma once
// A scripted HTTP server on 127.0.0.1 (a random port) for the net/ unit
// tests: each POST gets the next scripted reply (the last one repeats) and
// is recorded. Runs in its own thread; stopped and joined on destruction.
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace warden::test {

struct Reply {
  int status = 204;
  std::string body{};
  std::map<std::string, std::string> headers{};
  // Hold the answer back this long (a slow endpoint); cut short by the
  // server's destruction, never longer than 5 s.
  std::chrono::milliseconds delay{0};
};

struct Received {
  std::string path;
  std::string body;
  std::map<std::string, std::string> headers; // names as sent
};

class LoopbackServer {
public:
  explicit LoopbackServer(std::vector<Reply> replies) : m_replies(std::move(replies)) {
    if (m_replies.empty()) m_replies.push_back(Reply{});
    m_server.Post(R"(.*)", [this](const httplib::Request& request, httplib::Response& response) {
      Reply reply;
      {
        std::lock_guard lock(m_mutex);
        Received received{request.path, request.body, {}};
        for (const auto& [name, value] : request.headers) received.headers[name] = value;
        m_received.push_back(std::move(received));
        reply = m_replies[std::min(m_next, m_replies.size() - 1)];
        ++m_next;
      }
      if (reply.delay.count() > 0) {
        std::unique_lock lock(m_mutex);
        m_stopping_cv.wait_for(lock, std::min(reply.delay, std::chrono::milliseconds(5000)),
                               [this] { return m_stopping; });
      }
      response.status = reply.status;
      for (const auto& [name, value] : reply.headers) response.set_header(name, value);
      if (!reply.body.empty()) response.set_content(reply.body, "application/json");
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    if (m_port <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    // stop() before the accept loop runs would be lost: wait for it (bounded).
    for (int i = 0; i < 5000 && !m_server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (!m_server.is_running()) throw std::runtime_error("the loopback server did not start");
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  ~LoopbackServer() { stop(); }

  // Stop listening (later requests are refused) and join the thread.
  void stop() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_stopping_cv.notify_all();
    if (m_thread.joinable()) {
      m_server.stop();
      m_thread.join();
    }
  }

  int port() const { return m_port; }
  // http://127.0.0.1:PORT`path`
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

  std::vector<Received> received() const {
    std::lock_guard lock(m_mutex);
    return m_received;
  }
  std::size_t count() const {
    std::lock_guard lock(m_mutex);
    return m_received.size();
  }

private:
  httplib::Server m_server;
  std::vector<Reply> m_replies;
  std::size_t m_next = 0;
  std::vector<Received> m_received;
  mutable std::mutex m_mutex;
  std::condition_variable m_stopping_cv;
  bool m_stopping = false;
  int m_port = 0;
  std::thread m_thread;
};

} // namespace warden::test
