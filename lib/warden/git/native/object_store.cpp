// Loose objects: zlib("<type> <size>\0<data>") at objects/ab/cdef...
// Packs (gitformat-pack.txt): .idx v2 = magic, version, 256-entry fan-out,
// sorted ids, CRCs, 4-byte offsets (MSB set: index into 8-byte offsets);
// .pack entries = type+size varint header, then zlib data; deltas name
// their base by negative offset (OFS_DELTA) or by id (REF_DELTA).
#include "warden/git/native/object_store.hpp"

#include "warden/git/native/mapped_file.hpp"
#include "warden/git/reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden::git::native {

namespace {

constexpr int k_max_delta_depth = 64;

std::optional<ObjectType> type_from_name(std::string_view name) {
  if (name == "commit") return ObjectType::commit;
  if (name == "tree") return ObjectType::tree;
  if (name == "blob") return ObjectType::blob;
  if (name == "tag") return ObjectType::tag;
  return std::nullopt;
}

// Inflate `in` into `out` until `want` bytes are produced (or the stream
// ends). Returns false on a zlib error.
bool inflate_bytes(const unsigned char* in, std::size_t in_size, std::string& out, std::size_t want) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return false;
  stream.next_in = const_cast<Bytef*>(in);
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(in_size, UINT32_MAX));
  out.resize(want);
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(want);
  int rc = Z_OK;
  while (stream.avail_out > 0) {
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK) break;
  }
  out.resize(want - stream.avail_out);
  inflateEnd(&stream);
  return rc == Z_OK || rc == Z_STREAM_END;
}

// Read the 7-bit little-endian size varint used by delta headers.
bool delta_varint(const std::string& data, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  int shift = 0;
  while (pos < data.size() && shift < 64) {
    unsigned char c = static_cast<unsigned char>(data[pos++]);
    value |= std::uint64_t(c & 0x7f) << shift;
    shift += 7;
    if (!(c & 0x80)) return true;
  }
  return false;
}

std::optional<std::string> apply_delta(const std::string& base, const std::string& delta) {
  std::size_t pos = 0;
  std::uint64_t base_size = 0, result_size = 0;
  if (!delta_varint(delta, pos, base_size) || !delta_varint(delta, pos, result_size)) return std::nullopt;
  if (base_size != base.size()) return std::nullopt;
  std::string out;
  out.reserve(result_size);
  while (pos < delta.size()) {
    unsigned char op = static_cast<unsigned char>(delta[pos++]);
    if (op & 0x80) {
      std::uint64_t offset = 0, size = 0;
      for (int i = 0; i < 4; ++i)
        if (op & (1 << i)) {
          if (pos >= delta.size()) return std::nullopt;
          offset |= std::uint64_t(static_cast<unsigned char>(delta[pos++])) << (8 * i);
        }
      for (int i = 0; i < 3; ++i)
        if (op & (0x10 << i)) {
          if (pos >= delta.size()) return std::nullopt;
          size |= std::uint64_t(static_cast<unsigned char>(delta[pos++])) << (8 * i);
        }
      if (size == 0) size = 0x10000;
      if (offset + size > base.size()) return std::nullopt;
      out.append(base, offset, size);
    } else if (op != 0) {
      if (pos + op > delta.size()) return std::nullopt;
      out.append(delta, pos, op);
      pos += op;
    } else {
      return std::nullopt;
    }
  }
  if (out.size() != result_size) return std::nullopt;
  return out;
}

} // namespace

struct ObjectStore::Pack {
  MappedFile idx;
  MappedFile pack;
  Pack(const std::string& idx_path, const std::string& pack_path) : idx(idx_path), pack(pack_path) {}

  bool valid() const {
    return idx.data() && pack.data() && idx.size() >= 8 + 256 * 4 && std::memcmp(idx.data(), "\377tOc", 4) == 0 &&
           be32(idx.data() + 4) == 2 && pack.size() >= 12 && std::memcmp(pack.data(), "PACK", 4) == 0;
  }

  std::uint32_t count() const { return be32(idx.data() + 8 + 255 * 4); }

  // Offset of `oid` in the pack, if this pack has it.
  std::optional<std::uint64_t> find(const git_oid& oid) const {
    const unsigned char* fanout = idx.data() + 8;
    std::uint32_t n = count();
    std::uint32_t lo = oid.id[0] == 0 ? 0 : be32(fanout + (oid.id[0] - 1) * 4);
    std::uint32_t hi = be32(fanout + oid.id[0] * 4);
    const unsigned char* ids = fanout + 256 * 4;
    if (idx.size() < 8 + 256 * 4 + std::size_t(n) * 28) return std::nullopt;
    while (lo < hi) {
      std::uint32_t mid = lo + (hi - lo) / 2;
      int cmp = std::memcmp(ids + std::size_t(mid) * 20, oid.id, 20);
      if (cmp == 0) {
        const unsigned char* offsets = ids + std::size_t(n) * 24;
        std::uint32_t off = be32(offsets + std::size_t(mid) * 4);
        if (!(off & 0x80000000u)) return off;
        const unsigned char* large = offsets + std::size_t(n) * 4 + std::size_t(off & 0x7fffffffu) * 8;
        if (large + 8 > idx.data() + idx.size()) return std::nullopt;
        return (std::uint64_t(be32(large)) << 32) | be32(large + 4);
      }
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return std::nullopt;
  }

  struct EntryHeader {
    int type = 0;               // 1-4 objects, 6 OFS_DELTA, 7 REF_DELTA
    std::uint64_t size = 0;     // inflated size of this entry's data
    std::uint64_t data_offset = 0;
    std::uint64_t base_offset = 0; // OFS_DELTA
    git_oid base_id{};          // REF_DELTA
  };

  std::optional<EntryHeader> entry(std::uint64_t offset) const {
    const unsigned char* p = pack.data();
    std::size_t size = pack.size();
    if (offset >= size) return std::nullopt;
    EntryHeader h;
    unsigned char c = p[offset++];
    h.type = (c >> 4) & 7;
    h.size = c & 15;
    int shift = 4;
    while (c & 0x80) {
      if (offset >= size || shift > 57) return std::nullopt;
      c = p[offset++];
      h.size |= std::uint64_t(c & 0x7f) << shift;
      shift += 7;
    }
    if (h.type == 6) {
      if (offset >= size) return std::nullopt;
      c = p[offset++];
      std::uint64_t back = c & 0x7f;
      while (c & 0x80) {
        if (offset >= size) return std::nullopt;
        c = p[offset++];
        back = ((back + 1) << 7) | (c & 0x7f);
      }
      h.base_offset = back; // relative to this entry's start
      h.data_offset = offset;
      return h;
    }
    if (h.type == 7) {
      if (offset + 20 > size) return std::nullopt;
      std::memcpy(h.base_id.id, p + offset, 20);
      offset += 20;
    }
    if (h.type == 0 || h.type == 5) return std::nullopt;
    h.data_offset = offset;
    return h;
  }

  bool inflate_at(const EntryHeader& h, std::string& out, std::size_t want) const {
    if (h.data_offset >= pack.size()) return false;
    return inflate_bytes(pack.data() + h.data_offset, pack.size() - h.data_offset, out, want);
  }
};

struct ObjectStore::Source {
  std::string dir;
  std::vector<std::unique_ptr<Pack>> packs;
};

ObjectStore::ObjectStore(std::string objects_dir) : m_objects_dir(std::move(objects_dir)) {}
ObjectStore::ObjectStore(std::string objects_dir, std::vector<std::string> alternates, bool missing_is_beyond)
  : m_objects_dir(std::move(objects_dir)), m_extra_alternates(std::move(alternates)),
    m_missing_is_beyond(missing_is_beyond) {}
ObjectStore::~ObjectStore() = default;

void ObjectStore::load_sources() {
  if (m_loaded) return;
  m_loaded = true;
  std::vector<std::string> dirs{m_objects_dir};
  dirs.insert(dirs.end(), m_extra_alternates.begin(), m_extra_alternates.end());
  // Alternates: one object directory per line, relative to this one; their
  // own alternates followed too (git stops at a depth of 5).
  std::vector<int> depth(dirs.size(), 0);
  for (std::size_t i = 0; i < dirs.size() && dirs.size() < 64; ++i) {
    if (depth[i] > 5) continue;
    std::ifstream file(dirs[i] + "/info/alternates");
    if (!file) continue;
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    for (auto& entry : parse_alternates(text, '\n')) {
      if (entry[0] != '/') entry = dirs[i] + "/" + entry;
      if (std::find(dirs.begin(), dirs.end(), entry) != dirs.end()) continue;
      dirs.push_back(std::move(entry));
      depth.push_back(depth[i] + 1);
    }
  }
  for (const auto& dir : dirs) {
    auto source = std::make_unique<Source>();
    source->dir = dir;
    if (DIR* d = ::opendir((dir + "/pack").c_str())) {
      while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".idx") == 0) {
          std::string base = dir + "/pack/" + name.substr(0, name.size() - 4);
          auto pack = std::make_unique<Pack>(base + ".idx", base + ".pack");
          if (pack->valid()) source->packs.push_back(std::move(pack));
          else if (m_unreadable_pack.empty()) m_unreadable_pack = base + ".idx";
        }
      }
      ::closedir(d);
    }
    m_sources.push_back(std::move(source));
  }
}

namespace {

std::string loose_path(const std::string& dir, const git_oid& oid) {
  std::string hex = oid_to_hex(oid);
  std::string path;
  path.reserve(dir.size() + 42);
  path.append(dir).append("/").append(hex, 0, 2).append("/").append(hex, 2, 38);
  return path;
}

// The bytes of a loose object file; nullopt when there is none. Read, not
// mapped: loose objects are small, and a map and unmap per object costs
// more than the read when a commit adds thousands of files.
std::optional<std::string> read_loose(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> data;
  if (::fstat(fd, &st) == 0) {
    data.emplace(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < data->size()) {
      ssize_t n = ::read(fd, data->data() + done, data->size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    data->resize(done);
  }
  ::close(fd);
  return data;
}

// Parse "<type> <size>\0" at the start of an inflated loose object.
std::optional<std::pair<ObjectHeader, std::size_t>> loose_header(const std::string& head) {
  std::size_t space = head.find(' ');
  std::size_t nul = head.find('\0');
  if (space == std::string::npos || nul == std::string::npos || space > nul) return std::nullopt;
  auto type = type_from_name(std::string_view(head).substr(0, space));
  if (!type) return std::nullopt;
  std::uint64_t size = 0;
  for (std::size_t i = space + 1; i < nul; ++i) {
    if (head[i] < '0' || head[i] > '9') return std::nullopt;
    size = size * 10 + std::uint64_t(head[i] - '0');
  }
  return std::make_pair(ObjectHeader{*type, size}, nul + 1);
}

// The header of a loose object file's bytes and, when its size is at most
// `limit`, its contents (empty otherwise).
std::optional<std::pair<ObjectHeader, std::string>> inflate_loose(const std::string& file, std::uint64_t limit) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
  std::string head;
  if (!inflate_bytes(bytes, file.size(), head, 64)) return std::nullopt;
  auto parsed = loose_header(head);
  if (!parsed) return std::nullopt;
  if (parsed->first.size > limit) return std::make_pair(parsed->first, std::string());
  std::string all;
  const std::size_t want = parsed->second + parsed->first.size;
  if (!inflate_bytes(bytes, file.size(), all, want) || all.size() != want) return std::nullopt;
  all.erase(0, parsed->second);
  return std::make_pair(parsed->first, std::move(all));
}

} // namespace

namespace {

[[noreturn]] void corrupt(const git_oid& oid, const char* what) {
  throw BeyondReader("object " + oid_to_hex(oid) + ": " + what);
}

} // namespace

std::optional<ObjectHeader> ObjectStore::header(const git_oid& oid) {
  try {
    return header_checked(oid);
  } catch (const BeyondReader&) {
    return std::nullopt;
  }
}

std::optional<Object> ObjectStore::read(const git_oid& oid, std::uint64_t limit) {
  try {
    return read_checked(oid, limit);
  } catch (const BeyondReader&) {
    return std::nullopt;
  }
}

void ObjectStore::not_found(const git_oid& oid) const {
  if (!m_unreadable_pack.empty())
    throw BeyondReader("object " + oid_to_hex(oid) + " not found and " + m_unreadable_pack + " unreadable");
  if (m_missing_is_beyond) throw BeyondReader("object " + oid_to_hex(oid) + " missing (partial clone)");
}

std::optional<ObjectHeader> ObjectStore::header_at_depth(const git_oid& oid, int depth) {
  load_sources();
  if (depth > k_max_delta_depth) corrupt(oid, "delta chain too deep");
  for (const auto& source : m_sources) {
    for (const auto& pack : source->packs) {
      auto offset = pack->find(oid);
      if (!offset) continue;
      auto h = pack->entry(*offset);
      if (!h) corrupt(oid, "unreadable pack entry");
      if (h->type <= 4) return ObjectHeader{static_cast<ObjectType>(h->type), h->size};
      // A delta: the result size is in the delta's own header; the type is
      // the base's. Follow the chain for the type only.
      std::string start;
      if (!pack->inflate_at(*h, start, 32)) corrupt(oid, "corrupt delta data");
      std::size_t pos = 0;
      std::uint64_t base_size = 0, result_size = 0;
      if (!delta_varint(start, pos, base_size) || !delta_varint(start, pos, result_size))
        corrupt(oid, "corrupt delta header");
      std::uint64_t at = *offset;
      auto cur = h;
      for (int chain = 0; chain < k_max_delta_depth; ++chain) {
        if (!cur) corrupt(oid, "unreadable pack entry");
        if (cur->type <= 4) return ObjectHeader{static_cast<ObjectType>(cur->type), result_size};
        if (cur->type == 6) {
          if (cur->base_offset > at) corrupt(oid, "delta base before the pack");
          at -= cur->base_offset;
          cur = pack->entry(at);
        } else {
          auto base = header_at_depth(cur->base_id, depth + 1);
          if (!base) corrupt(oid, "delta base missing");
          return ObjectHeader{base->type, result_size};
        }
      }
      corrupt(oid, "delta chain too deep");
    }
  }
  // Loose objects after every pack, as git looks objects up: in a packed
  // repository a failed open() per object was ~15% of `check --all`.
  for (const auto& source : m_sources) {
    if (auto loose = read_loose(loose_path(source->dir, oid))) {
      auto object = inflate_loose(*loose, 0);
      if (!object) corrupt(oid, "unreadable loose object");
      return object->first;
    }
  }
  not_found(oid);
  return std::nullopt;
}

std::optional<Object> ObjectStore::read_at_depth(const git_oid& oid, std::uint64_t limit, int depth) {
  load_sources();
  if (depth > k_max_delta_depth) corrupt(oid, "delta chain too deep");
  for (const auto& source : m_sources) {
    for (const auto& pack : source->packs) {
      auto offset = pack->find(oid);
      if (!offset) continue;
      // Walk down to the base, then apply the deltas back up.
      std::vector<Pack::EntryHeader> chain;
      std::uint64_t at = *offset;
      auto cur = pack->entry(at);
      std::optional<Object> base;
      for (int length = 0; length < k_max_delta_depth; ++length) {
        if (!cur) corrupt(oid, "unreadable pack entry");
        if (cur->type <= 4) {
          if (cur->size > limit && chain.empty()) return std::nullopt;
          Object object{static_cast<ObjectType>(cur->type), {}};
          if (!pack->inflate_at(*cur, object.data, cur->size) || object.data.size() != cur->size)
            corrupt(oid, "corrupt pack data");
          base = std::move(object);
          break;
        }
        chain.push_back(*cur);
        if (cur->type == 6) {
          if (cur->base_offset > at) corrupt(oid, "delta base before the pack");
          at -= cur->base_offset;
          cur = pack->entry(at);
        } else {
          base = read_at_depth(cur->base_id, UINT64_MAX, depth + 1);
          if (!base) corrupt(oid, "delta base missing");
          break;
        }
      }
      if (!base) corrupt(oid, "delta chain too deep");
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        std::string delta;
        if (!pack->inflate_at(*it, delta, it->size) || delta.size() != it->size) corrupt(oid, "corrupt delta data");
        auto next = apply_delta(base->data, delta);
        if (!next) corrupt(oid, "corrupt delta");
        base->data = std::move(*next);
      }
      if (base->data.size() > limit) return std::nullopt;
      return base;
    }
  }
  // Loose objects after every pack, as git looks objects up: in a packed
  // repository a failed open() per object was ~15% of `check --all`.
  for (const auto& source : m_sources) {
    if (auto loose = read_loose(loose_path(source->dir, oid))) {
      auto object = inflate_loose(*loose, limit);
      if (!object) corrupt(oid, "unreadable loose object");
      if (object->first.size > limit) return std::nullopt;
      return Object{object->first.type, std::move(object->second)};
    }
  }
  not_found(oid);
  return std::nullopt;
}

std::vector<std::string> parse_alternates(std::string_view text, char separator) {
  std::vector<std::string> entries;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == separator) { ++pos; continue; }
    std::string entry;
    if (text[pos] == '#') {
      while (pos < text.size() && text[pos] != separator) ++pos;
      continue;
    }
    bool quoted_ok = false;
    if (text[pos] == '"') {
      // A C-style quoted path (git's unquote_c_style).
      std::size_t at = pos + 1;
      while (at < text.size() && text[at] != '"') {
        char c = text[at++];
        if (c == '\\' && at < text.size()) {
          const char e = text[at++];
          switch (e) {
            case 'a': c = '\a'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'v': c = '\v'; break;
            case '\\': case '"': c = e; break;
            default:
              if (e >= '0' && e <= '3' && at + 1 < text.size() && text[at] >= '0' && text[at] <= '7' &&
                  text[at + 1] >= '0' && text[at + 1] <= '7') {
                c = static_cast<char>(((e - '0') << 6) | ((text[at] - '0') << 3) | (text[at + 1] - '0'));
                at += 2;
              } else {
                at = text.size(); // malformed: read the entry as written
              }
          }
        }
        entry += c;
      }
      if (at < text.size() && (at + 1 == text.size() || text[at + 1] == separator)) {
        quoted_ok = true;
        pos = at + 1;
      } else {
        entry.clear();
      }
    }
    if (!quoted_ok) {
      const std::size_t end = std::min(text.find(separator, pos), text.size());
      entry.assign(text.substr(pos, end - pos));
      pos = end;
    }
    while (entry.size() > 1 && entry.back() == '/') entry.pop_back();
    if (!entry.empty()) entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::vector<TreeItem>> parse_tree(const std::string& data) {
  std::vector<TreeItem> items;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t space = data.find(' ', pos);
    if (space == std::string::npos) return std::nullopt;
    std::uint32_t mode = 0;
    for (std::size_t i = pos; i < space; ++i) {
      if (data[i] < '0' || data[i] > '7') return std::nullopt;
      mode = mode * 8 + std::uint32_t(data[i] - '0');
    }
    std::size_t nul = data.find('\0', space + 1);
    if (nul == std::string::npos || nul + 21 > data.size()) return std::nullopt;
    TreeItem item;
    item.mode = mode;
    item.name = data.substr(space + 1, nul - space - 1);
    std::memcpy(item.oid.id, data.data() + nul + 1, 20);
    items.push_back(std::move(item));
    pos = nul + 21;
  }
  return items;
}

std::optional<git_oid> commit_tree_id(const std::string& data) {
  if (data.compare(0, 5, "tree ") != 0 || data.size() < 45) return std::nullopt;
  return oid_from_hex(std::string_view(data).substr(5, 40));
}

std::optional<git_oid> oid_from_hex(std::string_view hex) {
  if (hex.size() != 40) return std::nullopt;
  git_oid oid{};
  for (std::size_t i = 0; i < 40; ++i) {
    char c = hex[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) return std::nullopt;
    oid.id[i / 2] = static_cast<unsigned char>(i % 2 == 0 ? v << 4 : oid.id[i / 2] | v);
  }
  return oid;
}

std::string oid_to_hex(const git_oid& oid) {
  static const char digits[] = "0123456789abcdef";
  std::string hex(40, '0');
  for (int i = 0; i < 20; ++i) {
    hex[2 * i] = digits[oid.id[i] >> 4];
    hex[2 * i + 1] = digits[oid.id[i] & 15];
  }
  return hex;
}

} // namespace warden::git::native
