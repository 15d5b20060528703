// The secret scanner's speed on 1 MB blobs (docs/secrets.md: the target is
// at most 5 ms per MB). Built by hand, only when asked:
//   c++ -O2 -std=c++20 -Ilib -o build/secret_scan bench/secret_scan.cpp
//       lib/warden/checks/secret_scanner.cpp lib/warden/checks/secret_rules.cpp -lre2
//   build/secret_scan
// Three blobs: source-like text with no keyword, text where nearly every line
// holds keywords (sk, heroku, eyJ, -----BEGIN, ...) but no secret, and the
// same with a real-looking token on one line in fifty.
#include "warden/checks/secret_scanner.hpp"

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr std::size_t k_size = 1u << 20;

std::string fill(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; out.size() < k_size; ++i) out += lines[i % lines.size()];
  return out;
}

double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double median_ms(const warden::SecretScanner& scanner, const std::string& text, std::size_t& hits) {
  std::vector<double> runs;
  for (int i = 0; i < 21; ++i) {
    // CPU time, not wall time: the number must not depend on what else
    // the machine is running.
    const double start = cpu_ms();
    hits = scanner.scan(text, "src/file.txt").size();
    runs.push_back(cpu_ms() - start);
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

} // namespace

int main() {
  // Compiling the rules is paid once per process, by every hook that scans.
  const double compile_start = cpu_ms();
  const warden::SecretScanner& scanner = warden::SecretScanner::builtin();
  (void)scanner.scan("warm up the keyword index", "a.txt");
  std::printf("%-24s %7.2f ms (%zu rules)\n", "compiling the rules", cpu_ms() - compile_start, scanner.size());
  std::uint64_t state = 1;
  const std::string plain = fill({
      "int main(int argc, char** argv) { return run(argc, argv); }\n",
      "    for (const auto& entry : entries) total += entry.size();\n",
      "// Why: the index is built once, on first use, under a lock.\n",
      "    std::string message = format(\"{} at line {}\", id, line);\n",
  });
  const std::string keywords = fill({
      "the task asks each desk to ask: sk = 1; risk; whisk; mask\n",
      "heroku_app = \"my-app\"  # mailgun and twilio are configured elsewhere\n",
      "header = \"eyJhbGciOiJIUzI1NiJ9\" -----BEGIN CERTIFICATE-----\n",
      "npm_config_cache=/tmp/npm_cache hf_home=/tmp/hf_cache service_account\n",
      "SG.name = xoxb-placeholder sk_live_ dapi AIza hvs. glpat- ghp_ AKIA\n",
  });
  std::vector<std::string> with_tokens_lines;
  for (int i = 0; i < 49; ++i) with_tokens_lines.push_back(i % 2 ? "the task asks each desk to ask: sk = 1; risk\n"
                                                                   : "    std::string message = format(id, line);\n");
  with_tokens_lines.push_back("GITHUB_TOKEN=" + warden::expand_sample("ghp_{a36}", state) + "\n");
  const std::string tokens = fill(with_tokens_lines);

  for (const auto& [name, text] : {std::pair<const char*, const std::string&>{"no keywords", plain},
                                   {"keywords on every line", keywords},
                                   {"a token every 50 lines", tokens}}) {
    std::size_t hits = 0;
    const double ms = median_ms(scanner, text, hits);
    std::printf("%-24s %7.2f ms per MB  (%zu hits)\n", name, ms * static_cast<double>(k_size) / static_cast<double>(text.size()), hits);
  }
  return 0;
}
