#pragma once
// Capture what the code under test writes to a file descriptor (stdout,
// stderr): the descriptor is pointed at a temporary file for one scope and
// restored afterwards, so both stdio (printf, fmt::print) and iostreams
// (CLI11's help text) are caught.
#include "git_test_repo.hpp"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace warden::test {

class CapturedFd {
public:
  // Start capturing `fd` (1 or 2).
  explicit CapturedFd(int fd) : m_fd(fd) {
    flush_all();
    m_file = std::tmpfile();
    if (!m_file) throw std::runtime_error("tmpfile failed");
    m_saved = ::dup(m_fd);
    if (m_saved < 0 || ::dup2(::fileno(m_file), m_fd) < 0) throw std::runtime_error("dup2 failed");
  }
  CapturedFd(const CapturedFd&) = delete;
  CapturedFd& operator=(const CapturedFd&) = delete;
  ~CapturedFd() {
    restore();
    if (m_file) std::fclose(m_file);
  }

  // Stop capturing (when not yet stopped) and return everything written.
  std::string text() {
    restore();
    std::string out;
    std::rewind(m_file);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, m_file)) > 0) out.append(buffer, n);
    return out;
  }

private:
  static void flush_all() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(stdout);
    std::fflush(stderr);
  }
  void restore() {
    if (m_saved < 0) return;
    flush_all();
    ::dup2(m_saved, m_fd);
    ::close(m_saved);
    m_saved = -1;
  }

  int m_fd;
  int m_saved = -1;
  std::FILE* m_file = nullptr;
};

// Read everything written to `file` (a tmpfile()) so far.
inline std::string read_all(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  return out;
}

// A file in a fresh temporary directory for a printer to write into; text()
// reads back what was written.
struct OutFile {
  TempDir dir;
  std::FILE* file = nullptr;
  OutFile() {
    file = std::fopen((dir.path() / "out.txt").c_str(), "w+");
    if (file == nullptr) throw std::runtime_error("cannot create out.txt in the test directory");
  }
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;
  ~OutFile() { std::fclose(file); }
  std::string text() const { return read_all(file); }
};

} // namespace warden::test
