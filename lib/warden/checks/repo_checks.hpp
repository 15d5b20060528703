#pragma once
// The file checks on a repository's own index, as `warden check` and
// `warden fix` run them: the same input, the same blob reader, the same
// checks as the pre-commit hook.
#include "warden/checks/file_input.hpp"
#include "warden/git/repository.hpp"

namespace warden {

// The staged tree of `repo` against HEAD: the index GIT_INDEX_FILE names,
// else the repository's own.
FileCheckInput staged_check_input(const git::Repository& repo);

// Run the file checks of `policy` on `input`, blobs read from `repo`'s
// object database; `report_all`: every finding, not only those of changed
// paths. `input` is left as it was (no blob reader kept). Findings sorted.
Findings run_repo_file_checks(const git::Repository& repo, const Policy& policy, FileCheckInput& input,
                              bool report_all);

} // namespace warden
