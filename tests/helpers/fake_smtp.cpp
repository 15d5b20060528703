// A loopback SMTP sink for the end-to-end tests: listens on 127.0.0.1 at a
// random port (printed on stdout) and speaks enough SMTP for libcurl:
// EHLO/HELO, optional AUTH PLAIN (any credentials accepted), MAIL, RCPT,
// DATA, RSET, NOOP, QUIT. No TLS. Each accepted message is written to
// --record DIR as NNNN.eml, preceded by X-Sink-From / X-Sink-To /
// X-Sink-Auth header lines with the envelope.
//   --auth          advertise AUTH PLAIN
//   --tempfail N    answer 451 to the first N messages (not recorded)
//   --drop N        record the first N messages, then hang up without an answer
//   --reject-rcpt   answer 550 to every RCPT
//   --log FILE      one line per command received
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string record = ".";
  std::string log;
  bool auth = false;
  int tempfail = 0;
  int drop = 0;
  bool reject_rcpt = false;
};

Options g_options;
std::atomic<int> g_messages{0}; // messages that reached the end of DATA
std::atomic<int> g_recorded{0};
std::mutex g_log_mutex;

void log_line(const std::string& line) {
  if (g_options.log.empty()) return;
  std::lock_guard<std::mutex> lock(g_log_mutex);
  std::ofstream(g_options.log, std::ios::app) << line << '\n';
}

std::string decode_base64(const std::string& text) {
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (char c : text) {
    int digit = -1;
    if (c >= 'A' && c <= 'Z') digit = c - 'A';
    else if (c >= 'a' && c <= 'z') digit = c - 'a' + 26;
    else if (c >= '0' && c <= '9') digit = c - '0' + 52;
    else if (c == '+') digit = 62;
    else if (c == '/') digit = 63;
    if (digit < 0) continue;
    value = (value << 6) | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

// "\0user\0password" -> user.
std::string plain_user(const std::string& encoded) {
  const auto decoded = decode_base64(encoded);
  const auto first = decoded.find('\0');
  if (first == std::string::npos) return decoded;
  const auto second = decoded.find('\0', first + 1);
  return decoded.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

class Connection {
public:
  explicit Connection(int fd) : m_fd(fd) {}
  ~Connection() { ::close(m_fd); }

  void send(const std::string& text) {
    const std::string line = text + "\r\n";
    std::size_t sent = 0;
    while (sent < line.size()) {
      const auto n = ::write(m_fd, line.data() + sent, line.size() - sent);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  // One line without its CRLF; false at the end of the connection.
  bool read_line(std::string& line) {
    for (;;) {
      const auto end = m_buffer.find("\r\n");
      if (end != std::string::npos) {
        line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 2);
        return true;
      }
      char chunk[4096];
      const auto n = ::read(m_fd, chunk, sizeof chunk);
      if (n <= 0) return false;
      m_buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

private:
  int m_fd;
  std::string m_buffer;
};

std::string upper(std::string text) {
  for (auto& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

void serve(int fd) {
  Connection connection(fd);
  connection.send("220 127.0.0.1 fake SMTP sink ready");
  std::string from;
  std::vector<std::string> to;
  std::string user;
  std::string line;
  while (connection.read_line(line)) {
    const std::string verb = upper(line.substr(0, line.find(' ')));
    log_line(verb == "AUTH" ? "AUTH ..." : line);
    if (verb == "EHLO") {
      connection.send("250-127.0.0.1 hello");
      connection.send("250-8BITMIME");
      if (g_options.auth) connection.send("250-AUTH PLAIN");
      connection.send("250 SIZE 10485760");
    } else if (verb == "HELO") {
      connection.send("250 127.0.0.1 hello");
    } else if (verb == "AUTH") {
      const auto rest = line.size() > 11 ? line.substr(11) : std::string();
      if (!g_options.auth || upper(line).rfind("AUTH PLAIN", 0) != 0) {
        connection.send("504 unsupported authentication mechanism");
        continue;
      }
      std::string encoded = rest;
      if (encoded.empty()) {
        connection.send("334 ");
        if (!connection.read_line(encoded)) return;
      }
      user = plain_user(encoded);
      connection.send("235 2.7.0 authenticated");
    } else if (verb == "MAIL") {
      from = line.substr(line.find(':') + 1);
      to.clear();
      connection.send("250 2.1.0 ok");
    } else if (verb == "RCPT") {
      if (g_options.reject_rcpt) {
        connection.send("550 5.1.1 no such user here");
        continue;
      }
      to.push_back(line.substr(line.find(':') + 1));
      connection.send("250 2.1.5 ok");
    } else if (verb == "DATA") {
      if (to.empty()) {
        connection.send("503 5.5.1 no recipients");
        continue;
      }
      connection.send("354 end with <CRLF>.<CRLF>");
      std::string data;
      bool ended = false;
      while (connection.read_line(line)) {
        if (line == ".") {
          ended = true;
          break;
        }
        if (!line.empty() && line[0] == '.') line.erase(0, 1);
        data += line + "\r\n";
      }
      if (!ended) return;
      const int n = ++g_messages;
      if (n <= g_options.tempfail) {
        connection.send("451 4.3.0 try again later");
        continue;
      }
      std::string envelope = "X-Sink-From: " + from + "\r\n";
      for (const auto& recipient : to) envelope += "X-Sink-To: " + recipient + "\r\n";
      if (!user.empty()) envelope += "X-Sink-Auth: " + user + "\r\n";
      char name[32];
      std::snprintf(name, sizeof name, "/%04d.eml", ++g_recorded);
      {
        const std::string path = g_options.record + name;
        std::ofstream out(path + ".tmp", std::ios::binary);
        out << envelope << data;
        out.close();
        std::rename((path + ".tmp").c_str(), path.c_str());
      }
      if (n <= g_options.tempfail + g_options.drop) return; // hang up before answering
      connection.send("250 2.0.0 queued as " + std::to_string(n));
    } else if (verb == "RSET" || verb == "NOOP") {
      connection.send("250 2.0.0 ok");
    } else if (verb == "QUIT") {
      connection.send("221 2.0.0 bye");
      return;
    } else {
      connection.send("502 5.5.2 command not recognised");
    }
  }
}

} // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "fake_smtp: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--record") g_options.record = next();
    else if (arg == "--log") g_options.log = next();
    else if (arg == "--auth") g_options.auth = true;
    else if (arg == "--tempfail") g_options.tempfail = std::stoi(next());
    else if (arg == "--drop") g_options.drop = std::stoi(next());
    else if (arg == "--reject-rcpt") g_options.reject_rcpt = true;
    else {
      std::fprintf(stderr, "fake_smtp: unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  const int server = ::socket(AF_INET, SOCK_STREAM, 0);
  if (server < 0) return 1;
  int yes = 1;
  ::setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(server, 16) != 0) {
    std::fprintf(stderr, "fake_smtp: cannot listen\n");
    return 1;
  }
  socklen_t length = sizeof address;
  ::getsockname(server, reinterpret_cast<sockaddr*>(&address), &length);
  std::cout << ntohs(address.sin_port) << std::endl;
  for (;;) {
    const int client = ::accept(server, nullptr, nullptr);
    if (client < 0) continue;
    std::thread(serve, client).detach();
  }
}
