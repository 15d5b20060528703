#include "warden/hook/pipeline.hpp"
#include "warden/core/error.hpp"

#include <cstdio>

namespace warden {

int finish(Findings& findings, const FinishOptions& options) {
  options.skip.apply(findings);
  sort_findings(findings);
  std::string document;
  switch (options.format) {
  case report::Format::text:
    print_findings(findings, options.out, options.entry, options.colour, options.skip,
                   options.repairable && !findings.empty() ? options.repairable(findings) : 0, options.hint);
    if (findings.empty() && !options.when_clean.empty()) std::fputs(options.when_clean.c_str(), options.out);
    break;
  case report::Format::json: document = report::render_json(findings); break;
  case report::Format::sarif: document = report::render_sarif(findings); break;
  case report::Format::junit: document = report::render_junit(findings, options.skip.remaining(options.checks_run)); break;
  }
  std::fwrite(document.data(), 1, document.size(), options.out);
  std::fflush(options.out);
  return options.exit_zero ? k_exit_ok : exit_code_for(findings);
}

} // namespace warden
