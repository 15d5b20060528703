#pragma once
// run_file_checks with options: checks left out (WARDEN_SKIP), and the
// content checks (those that read blobs: large-file, conflict-marker,
// secret) spread over worker threads, each with its own blob reader, for
// `warden check --all` (docs/decisions.md, "check --all on both cores").
// Findings are identical to the single-threaded run, in the same order.
#include "warden/checks/file_input.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace warden {

struct FileCheckRun {
  // Checks (by their own id) not run at all: WARDEN_SKIP names every id they
  // emit, so their findings would be dropped anyway.
  std::vector<std::string> not_run;
  // Worker threads for the content checks (the calling thread is one of
  // them); 1: everything on the calling thread.
  unsigned threads = 1;
  // A fresh blob reader for one worker, reading the same objects as
  // `input.blobs`; called once per worker, each reader used by one thread
  // only. Unset: the content checks run on the calling thread through
  // `input.blobs`.
  std::function<std::unique_ptr<BlobSource>()> blob_reader;
  // Fewer reported entries than this: no thread is started (one costs more
  // than checking a few blobs); with `blob_reader` the content checks still
  // go entry by entry through one reader of their own.
  std::size_t min_parallel_entries = 2048;
  // Entries per work item: each worker takes the next chunk. Within a chunk
  // each entry goes through every content check before the next entry, so a
  // reader that keeps only the last blob it read serves the size and the
  // contents each check asks for from one read.
  std::size_t chunk_entries = 64;
};

// Run every files-section check of `policy` on `input` as
// run_file_checks(policy, input) does (file_input.hpp), with `run`'s options.
Findings run_file_checks(const Policy& policy, const FileCheckInput& input, const FileCheckRun& run);

// The number of worker threads `warden check --all` uses: the machine's
// cores, at most 8.
unsigned default_check_threads();

} // namespace warden
