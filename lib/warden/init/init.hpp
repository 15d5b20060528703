#pragma once
// `warden init`: a new repository, ready to work in (docs/init.md). The
// project files come from templates (config/templates, embedded in the
// `warden` binary and passed in here) rendered with mustache.
#include "warden/core/embedded.hpp"

#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace warden::init {

enum class Template { generic, cpp, python };
enum class Ci { github, gitlab, none };
enum class Force { no, yes };
enum class DryRun { no, yes };
enum class Layout { include, skip }; // skip: only the common files and the CI (for --from)

std::optional<Template> parse_template(std::string_view name);
std::optional<Ci> parse_ci(std::string_view name);
std::string_view to_string(Template value);
std::string_view to_string(Ci value);

// Why `name` cannot name a project ([a-z0-9_-], starting with a letter or
// digit); nullopt when it can.
std::optional<std::string> name_problem(std::string_view name);

// A file of the new project.
struct ProjectFile {
  std::string path;     // relative, '/'-separated
  std::string contents;
  unsigned mode = 0644;
};

// Render the project files for `kind` and `ci` from `templates` (paths
// relative to config/templates: common/, <template>/, ci/<kind>/). In paths,
// a component "dot-X" becomes ".X", "__name__" the project name and
// "__module__" its identifier form ('-' -> '_'). Throws Error naming the
// template file when one does not render.
std::vector<ProjectFile> render_project(std::span<const embedded::EmbeddedFile> templates, Template kind, Ci ci,
                                        const std::string& name, Layout layout = Layout::include);

struct InitOptions {
  std::string dir;
  Template kind = Template::generic;
  Ci ci = Ci::github;
  std::optional<std::string> name;   // default: DIR's base name
  std::optional<std::string> remote; // origin URL: add it and push main
  std::optional<std::string> from;   // a template repository (git URL) instead of `kind`
  Force force = Force::no;
  DryRun dry_run = DryRun::no;
};

// The files of the template repository cloned at `dir` (its .git aside),
// layered over the common files: regular files are copied verbatim, with
// their executable bit, except that `X.mustache` is rendered into `X`.
std::vector<ProjectFile> template_repository_files(const std::string& dir, const std::string& name);

// Create the project: files, `git init -b main`, hooks (the install-hooks
// binary next to the `warden` binary), the first commit (hooks on) and,
// with a remote, `git push -u origin main`. Progress goes to `out`.
// Returns the exit code; throws Fatal for usage errors (2) and failures (1).
int run_init(const InitOptions& options, std::span<const embedded::EmbeddedFile> templates, std::FILE* out);

} // namespace warden::init
