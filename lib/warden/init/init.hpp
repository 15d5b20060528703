#pragma once
// `warden init`: a new repository, ready to work in (docs/init.md). The
// project files come from templates (config/templates, embedded in the
// `warden` binary and passed in here) rendered with mustache.
#include "warden/core/embedded.hpp"

#include <cstdio>
#include <map>
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

// Return why `name` cannot name a project ([a-z0-9_-], starting with a letter or
// digit); nullopt when it can.
std::optional<std::string> name_problem(std::string_view name);

// A file of the new project.
struct ProjectFile {
  std::string path;     // relative, '/'-separated
  std::string contents;
  unsigned mode = 0644;
  std::optional<std::string> link_target; // a symbolic link (inside the project) instead of a file
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
  std::optional<std::string> from;   // a template repository (git URL or path) instead of `kind`
  std::optional<std::string> ref;    // with `from`: the revision (tag, branch, commit) to start from
  std::map<std::string, std::string> variables; // --set key=value, for the template repository
  Force force = Force::no;
  DryRun dry_run = DryRun::no;
};

// A template repository's `warden-template.yml` (docs/init.md).
struct TemplateVariable {
  std::string description;
  std::optional<std::string> default_value;
};
struct TemplateManifest {
  std::string name;
  std::string description;
  std::vector<std::pair<std::string, TemplateVariable>> variables; // in file order
  std::vector<std::string> render;   // globs: files rendered (empty: every text file)
  std::vector<std::string> verbatim; // globs: files copied byte for byte
};

inline constexpr std::string_view k_template_manifest = "warden-template.yml";

// Parse a warden-template.yml; throws Error "source:line:column: ..." on bad input.
TemplateManifest parse_template_manifest(std::string_view text, const std::string& source);

// Return whether a variable name may be used: [A-Za-z_][A-Za-z0-9_]*.
bool valid_variable_name(std::string_view name);

// The variables for rendering: the manifest's defaults, then `given`
// (--set), then `ask` for each still missing (nullptr: none may be asked:
// a missing one is an Error naming it). `name` and `module` are built in.
using AskVariable = std::string (*)(const std::string& key, const TemplateVariable& variable);
std::map<std::string, std::string> resolve_variables(const TemplateManifest& manifest,
                                                     const std::map<std::string, std::string>& given,
                                                     const std::string& name, AskVariable ask);

// The files of the template repository cloned at `dir` (its .git and
// warden-template.yml aside). Every path is rendered with `variables`;
// contents are rendered per the manifest (by default text files are, binary
// ones are copied byte for byte), with their executable bit; `X.mustache`
// is always rendered into `X`. Throws Error for a path that leaves the
// project (`..`, absolute, a symbolic link pointing out) or two paths that
// differ only in case.
std::vector<ProjectFile> template_repository_files(const std::string& dir, const TemplateManifest& manifest,
                                                   const std::map<std::string, std::string>& variables);

// Throws Error when two of `files` (or their folders) differ only in case.
void check_case_collisions(const std::vector<ProjectFile>& files);

// Return the git settings the built-in templates' .warden.yml carries (`git:`).
const std::map<std::string, std::string>& default_repo_settings();

// Create the project: files, `git init -b main`, hooks (the install-hooks
// binary next to the `warden` binary), the first commit (hooks on) and,
// with a remote, `git push -u origin main`. Progress goes to `out`.
// Returns the exit code; throws Fatal for usage errors (2) and failures (1).
int run_init(const InitOptions& options, std::span<const embedded::EmbeddedFile> templates, std::FILE* out);

} // namespace warden::init
