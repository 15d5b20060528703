#pragma once
// Tags: every tag with the commit it leads to and its time, and an
// annotated tag's message. Values only, never a handle.
#include "warden/git/repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

struct TagInfo {
  std::string name;              // "v1.0"
  std::optional<git_oid> commit; // the commit it leads to
  std::int64_t time = 0;         // the tagger's time when annotated, else the commit's; 0 when neither
};

// Return every tag (refs/tags/*), by name.
std::vector<TagInfo> tags(const Repository& repo);

// Return the message of the annotated tag object `id`; nullopt when `id` is not one.
std::optional<std::string> tag_message(const Repository& repo, const git_oid& id);

} // namespace warden::git
