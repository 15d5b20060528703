#pragma once
// A read-only mapping of a whole file (the index, pack indexes and packs):
// parsed in place, never copied.
#include <cstddef>
#include <cstdint>
#include <string>

namespace warden::git::native {

class MappedFile {
public:
  // An empty mapping (data() == nullptr) when the file cannot be opened or mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const unsigned char* data() const { return m_data; }
  std::size_t size() const { return m_size; }

private:
  const unsigned char* m_data = nullptr;
  std::size_t m_size = 0;
};

// The big-endian 32-bit number at `p`, as git's files store them.
inline std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

} // namespace warden::git::native
