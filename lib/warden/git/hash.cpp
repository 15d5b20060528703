// SHA-1 as FIPS 180-4 specifies it. Only for ids of small texts (the trust
// hash of the policy's commands), never for object contents read from a
// repository: git's collision detection does not matter for data we hash
// ourselves.
#include "warden/git/hash.hpp"

#include <cstring>

namespace warden::git {

namespace {

std::uint32_t rotl(std::uint32_t value, int bits) { return (value << bits) | (value >> (32 - bits)); }

class Sha1 {
public:
  void update(std::string_view data) {
    for (const char c : data) {
      m_block[m_used++] = static_cast<std::uint8_t>(c);
      if (m_used == 64) {
        compress();
        m_used = 0;
      }
    }
    m_length += data.size();
  }

  std::array<std::uint8_t, 20> finish() {
    const std::uint64_t bits = m_length * 8;
    m_block[m_used++] = 0x80;
    if (m_used > 56) {
      while (m_used < 64) m_block[m_used++] = 0;
      compress();
      m_used = 0;
    }
    while (m_used < 56) m_block[m_used++] = 0;
    for (int i = 7; i >= 0; --i) m_block[m_used++] = static_cast<std::uint8_t>(bits >> (i * 8));
    compress();
    std::array<std::uint8_t, 20> digest{};
    for (std::size_t i = 0; i < 5; ++i)
      for (std::size_t j = 0; j < 4; ++j) digest[i * 4 + j] = static_cast<std::uint8_t>(m_state[i] >> (24 - 8 * j));
    return digest;
  }

private:
  void compress() {
    std::uint32_t w[80];
    for (std::size_t i = 0; i < 16; ++i) {
      w[i] = (std::uint32_t(m_block[i * 4]) << 24) | (std::uint32_t(m_block[i * 4 + 1]) << 16) |
             (std::uint32_t(m_block[i * 4 + 2]) << 8) | std::uint32_t(m_block[i * 4 + 3]);
    }
    for (std::size_t i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = m_state[0], b = m_state[1], c = m_state[2], d = m_state[3], e = m_state[4];
    for (std::size_t i = 0; i < 80; ++i) {
      std::uint32_t f = 0, k = 0;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const std::uint32_t next = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
    m_state[4] += e;
  }

  std::uint32_t m_state[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
  std::uint8_t m_block[64] = {};
  std::size_t m_used = 0;
  std::uint64_t m_length = 0;
};

} // namespace

std::array<std::uint8_t, 20> sha1(std::string_view data) {
  Sha1 hasher;
  hasher.update(data);
  return hasher.finish();
}

std::string hash_blob_hex(std::string_view data) {
  Sha1 hasher;
  const std::string header = "blob " + std::to_string(data.size());
  hasher.update(std::string_view(header.data(), header.size() + 1)); // with its NUL
  hasher.update(data);
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(40);
  for (const std::uint8_t byte : hasher.finish()) {
    hex += k_digits[byte >> 4];
    hex += k_digits[byte & 0xf];
  }
  return hex;
}

} // namespace warden::git
