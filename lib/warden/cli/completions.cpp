// Shell completions (bash, zsh, fish) and manual pages generated from the
// CLI11 definitions of `warden` and `install-hooks`, so neither can drift
// from the commands they describe (docs/package.md). The build runs the
// hidden `warden completions SHELL [--for PROGRAM]` and `warden manpage
// PAGE --template FILE` and installs what they print.
#include "warden/cli/registry.hpp"
#include "warden/config/keys.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/version.hpp"
#include "warden/install/install_hooks.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace warden::cli {

namespace {

// One option of a command, as completion offers it.
struct OptionInfo {
  std::vector<std::string> names;   // "--format", "-f"
  std::string description;
  bool takes_value = false;
  std::vector<std::string> choices; // from a CLI::IsMember check
  std::string value_name;           // "TEXT", "FILE", ...
};

struct PositionalInfo {
  std::string name;
  std::string description;
  bool required = false;
  bool many = false;
};

// One (sub)command: its words from the program down, what it offers.
struct CommandInfo {
  std::vector<std::string> path; // {} for the program, {"branch", "prune"}
  std::string description;
  std::vector<OptionInfo> options;
  std::vector<PositionalInfo> positionals;
  std::vector<CommandInfo> subcommands;
};

// "{text,json,sarif,junit}" (CLI::IsMember's description) -> the values.
std::vector<std::string> split_choices(std::string text) {
  std::vector<std::string> out;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return out;
  text = text.substr(1, text.size() - 2);
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool hidden(const CLI::App& app) { return app.get_group().empty(); }

CommandInfo describe(const CLI::App& app, std::vector<std::string> path) {
  CommandInfo info;
  info.path = path;
  info.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue; // hidden
    if (!option->nonpositional()) {
      info.positionals.push_back({option->get_name(), option->get_description(), option->get_required(),
                                  option->get_items_expected_max() > 1});
      continue;
    }
    OptionInfo o;
    for (const auto& name : option->get_lnames()) o.names.push_back("--" + name);
    for (const auto& name : option->get_snames()) o.names.push_back("-" + name);
    o.description = option->get_description();
    o.takes_value = option->get_items_expected_max() > 0; // a flag expects 0
    if (o.takes_value) {
      std::string type = option->get_type_name();
      o.value_name = option->get_option_text().empty() ? type : option->get_option_text();
      // CLI11 2.1 lists an option's validators only by index, and throws
      // past the last; an IsMember check adds its values to the type name.
      for (int i = 0;; ++i) {
        try {
          const auto* validator = const_cast<CLI::Option*>(option)->get_validator(i);
          auto choices = split_choices(validator->get_description());
          if (!choices.empty()) o.choices = std::move(choices);
        } catch (const CLI::OptionNotFound&) {
          break;
        }
      }
      if (o.choices.empty()) o.choices = split_choices(type);
    }
    info.options.push_back(std::move(o));
  }
  const auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subcommands) {
    if (hidden(*sub)) continue;
    auto sub_path = path;
    sub_path.push_back(sub->get_name());
    info.subcommands.push_back(describe(*sub, sub_path));
  }
  return info;
}

template <typename F>
void each_command(const CommandInfo& command, F&& visit) {
  visit(command);
  for (const auto& sub : command.subcommands) each_command(sub, visit);
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

// The key of a command in the generated scripts: "" for the program,
// "branch/prune" for `warden branch prune`.
std::string key(const CommandInfo& command) { return join(command.path, "/"); }

std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string identifier(std::string name) {
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

// The loop every shell runs over the words before the cursor: descend into
// a subcommand word, skip the value of an option that takes one. Emitted
// as `case` arms, `"key:word") next=...;;`.
std::string bash_walk_arms(const CommandInfo& root) {
  std::string arms;
  each_command(root, [&](const CommandInfo& command) {
    for (const auto& sub : command.subcommands)
      arms += fmt::format("      {}) path={} ;;\n", single_quoted(key(command) + ":" + sub.path.back()),
                          single_quoted(key(sub)));
    for (const auto& option : command.options)
      if (option.takes_value)
        for (const auto& name : option.names)
          arms += fmt::format("      {}) skip=1 ;;\n", single_quoted(key(command) + ":" + name));
  });
  return arms;
}

std::string bash(const CommandInfo& root, const std::string& program) {
  const std::string fn = "_" + identifier(program);
  std::string out = fmt::format("# bash completion for {} (generated by `warden completions bash`; do not edit)\n",
                                program);
  out += fmt::format("{fn}_complete() {{ # {fn}_complete FIRST: FIRST is the index of the first word after the program\n"
                     "  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=\"\" path=\"\" skip=0 i word\n"
                     "  for ((i = $1; i < COMP_CWORD; i++)); do\n"
                     "    word=${{COMP_WORDS[i]}}\n"
                     "    if [ \"$skip\" = 1 ]; then skip=0; continue; fi\n"
                     "    case \"$path:$word\" in\n{arms}"
                     "    esac\n"
                     "  done\n"
                     "  [ \"$COMP_CWORD\" -gt \"$1\" ] && prev=${{COMP_WORDS[COMP_CWORD-1]}}\n"
                     "  local words=\"\" options=\"\" values=\"\" takes=0\n"
                     "  case \"$path\" in\n",
                     fmt::arg("fn", fn), fmt::arg("arms", bash_walk_arms(root)));
  each_command(root, [&](const CommandInfo& command) {
    std::vector<std::string> subs, options;
    for (const auto& sub : command.subcommands) subs.push_back(sub.path.back());
    for (const auto& option : command.options)
      for (const auto& name : option.names) options.push_back(name);
    out += fmt::format("    {})\n      words={}\n      options={}\n", single_quoted(key(command)),
                       single_quoted(join(subs, " ")), single_quoted(join(options, " ")));
    // The values of the option before the cursor.
    std::string value_arms;
    for (const auto& option : command.options) {
      if (!option.takes_value) continue;
      value_arms += fmt::format("        {}) takes=1; values={} ;;\n", join(option.names, "|"),
                                single_quoted(join(option.choices, " ")));
    }
    if (!value_arms.empty()) out += "      case \"$prev\" in\n" + value_arms + "      esac\n";
    out += "      ;;\n";
  });
  out += "  esac\n"
         "  if [ \"$skip\" = 1 ] || [ \"$takes\" = 1 ]; then\n"
         "    # The value of an option: its choices, else files (-o default).\n"
         "    COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
         "  elif [[ $cur == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "  fi\n"
         "}\n";
  out += fmt::format("{fn}() {{ {fn}_complete 1; }}\n", fmt::arg("fn", fn));
  if (program == "warden") {
    // `git warden ...`: git's own completion calls _git_warden.
    out += "_git_warden() {\n"
           "  local i\n"
           "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "    [ \"${COMP_WORDS[i]}\" = warden ] && { _warden_complete $((i + 1)); return; }\n"
           "  done\n"
           "}\n";
    out += fmt::format("complete -o default -F {} warden git-warden\n", fn);
  } else {
    out += fmt::format("complete -o default -F {} {}\n", fn, program);
  }
  return out;
}

// zsh: `_describe` entries are "name:description", a ':' in either escaped.
std::string zsh_entry(std::string_view name, std::string_view description) {
  std::string out;
  for (char c : name) {
    if (c == ':') out += '\\';
    out += c;
  }
  out += ':';
  for (char c : description) {
    if (c == ':') out += '\\';
    out += c;
  }
  return single_quoted(out);
}

std::string zsh(const CommandInfo& root, const std::string& program) {
  const std::string fn = "_" + identifier(program);
  std::string out = fmt::format("#compdef {}{}\n# zsh completion for {} (generated by `warden completions zsh`; do not edit)\n",
                                program, program == "warden" ? " git-warden" : "", program);
  out += fmt::format("{fn}() {{\n"
                     "  local wpath=\"\" skip=0 i word prev=\"\" takes=0\n"
                     "  local -a words_ options_ values_\n"
                     "  for ((i = 2; i < CURRENT; i++)); do\n"
                     "    word=${{words[i]}}\n"
                     "    if [[ $skip == 1 ]]; then skip=0; continue; fi\n"
                     "    case \"$wpath:$word\" in\n{arms}"
                     "    esac\n"
                     "  done\n"
                     "  (( CURRENT > 2 )) && prev=${{words[CURRENT-1]}}\n"
                     "  case \"$wpath\" in\n",
                     fmt::arg("fn", fn), fmt::arg("arms", [&] {
                       std::string arms = bash_walk_arms(root);
                       std::string renamed;
                       // The same arms, with zsh's name for the path variable
                       // (`path` is zsh's array tied to PATH).
                       std::size_t pos = 0;
                       while (true) {
                         const auto hit = arms.find(") path=", pos);
                         if (hit == std::string::npos) break;
                         renamed += arms.substr(pos, hit - pos) + ") wpath=";
                         pos = hit + 7;
                       }
                       return renamed + arms.substr(pos);
                     }()));
  each_command(root, [&](const CommandInfo& command) {
    out += fmt::format("    {})\n", single_quoted(key(command)));
    out += "      words_=(";
    for (const auto& sub : command.subcommands) out += " " + zsh_entry(sub.path.back(), sub.description);
    out += " )\n      options_=(";
    for (const auto& option : command.options)
      for (const auto& name : option.names) out += " " + zsh_entry(name, option.description);
    out += " )\n";
    std::string value_arms;
    for (const auto& option : command.options) {
      if (!option.takes_value) continue;
      value_arms += fmt::format("        {}) takes=1; values_=(", join(option.names, "|"));
      for (const auto& choice : option.choices) value_arms += " " + single_quoted(choice);
      value_arms += " ) ;;\n";
    }
    if (!value_arms.empty()) out += "      case \"$prev\" in\n" + value_arms + "      esac\n";
    out += "      ;;\n";
  });
  out += "  esac\n"
         "  if [[ $skip == 1 || $takes == 1 ]]; then\n"
         "    if (( ${#values_} )); then compadd -a values_; else _files; fi\n"
         "  elif [[ ${words[CURRENT]} == -* ]]; then\n"
         "    _describe -t options option options_\n"
         "  elif (( ${#words_} )); then\n"
         "    _describe -t commands command words_\n"
         "  else\n"
         "    _files\n"
         "  fi\n"
         "}\n";
  out += fmt::format("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n  {fn} \"$@\"\nelse\n  compdef {fn} {names}\nfi\n",
                     fmt::arg("fn", fn), fmt::arg("names", program == "warden" ? "warden git-warden" : program));
  return out;
}

std::string fish(const CommandInfo& root, const std::string& program) {
  const std::string fn = "__" + identifier(program) + "_path";
  std::string out = fmt::format("# fish completion for {} (generated by `warden completions fish`; do not edit)\n",
                                program);
  // The command path of the words before the cursor, as the bash walk.
  out += fmt::format("function {}\n"
                     "    set -l path ''\n"
                     "    set -l skip 0\n"
                     "    for word in (commandline -opc)[2..-1]\n"
                     "        if test $skip = 1\n"
                     "            set skip 0\n"
                     "            continue\n"
                     "        end\n"
                     "        switch \"$path:$word\"\n",
                     fn);
  each_command(root, [&](const CommandInfo& command) {
    for (const auto& sub : command.subcommands)
      out += fmt::format("            case {}\n                set path {}\n", single_quoted(key(command) + ":" + sub.path.back()),
                         single_quoted(key(sub)));
    std::vector<std::string> valued;
    for (const auto& option : command.options)
      if (option.takes_value)
        for (const auto& name : option.names) valued.push_back(single_quoted(key(command) + ":" + name));
    if (!valued.empty()) out += fmt::format("            case {}\n                set skip 1\n", join(valued, " "));
  });
  out += "        end\n    end\n    echo \"/$path\"\nend\n";
  out += fmt::format("complete -c {} -f\n", program);
  each_command(root, [&](const CommandInfo& command) {
    // The keys are plain words and slashes: no quoting needed inside.
    const std::string when = fmt::format("-n 'test ({}) = /{}'", fn, key(command));
    for (const auto& sub : command.subcommands)
      out += fmt::format("complete -c {} {} -a {} -d {}\n", program, when, single_quoted(sub.path.back()),
                         single_quoted(sub.description));
    for (const auto& option : command.options) {
      std::string line = fmt::format("complete -c {} {}", program, when);
      for (const auto& name : option.names)
        line += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
      if (option.takes_value) line += option.choices.empty() ? " -r -F" : " -x -a " + single_quoted(join(option.choices, " "));
      line += " -d " + single_quoted(option.description);
      out += line + "\n";
    }
    if (!command.positionals.empty() && command.subcommands.empty())
      out += fmt::format("complete -c {} {} -F\n", program, when);
  });
  return out;
}

// The CLI11 tree of `program`: warden's own app, or install-hooks'.
CommandInfo program_tree(const CLI::App& warden_app, const std::string& program) {
  if (program == "install-hooks") {
    InstallHooksFlags flags;
    const auto app = install_hooks_app(flags);
    return describe(*app, {});
  }
  return describe(warden_app, {});
}

// ---- manual pages --------------------------------------------------------

// Text for roff: backslashes and leading dots/quotes made literal.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string option_synopsis(const OptionInfo& option) {
  std::string out = join(option.names, ", ");
  if (option.takes_value)
    out += " " + (option.choices.empty() ? (option.value_name.empty() ? std::string("VALUE") : option.value_name)
                                         : join(option.choices, "|"));
  return out;
}

std::string command_synopsis(const CommandInfo& command) {
  std::string out = join(command.path, " ");
  for (const auto& p : command.positionals) out += " " + (p.required ? p.name : "[" + p.name + "]") + (p.many ? "..." : "");
  for (const auto& o : command.options)
    if (o.names.front() != "--help" && o.names.front() != "-h") out += " [" + option_synopsis(o) + "]";
  return out;
}

// The options of `command`; --help only for the program itself (every
// command takes it, the page says so once).
std::string options_roff(const CommandInfo& command) {
  std::string out;
  for (const auto& option : command.options) {
    if (!command.path.empty() && option.names.front() == "--help") continue;
    out += ".TP\n.B " + roff(option_synopsis(option)) + "\n" + roff(option.description) + "\n";
  }
  for (const auto& p : command.positionals) out += ".TP\n.I " + roff(p.name) + "\n" + roff(p.description) + "\n";
  return out;
}

std::string commands_roff(const CommandInfo& root) {
  std::string out;
  each_command(root, [&](const CommandInfo& command) {
    if (command.path.empty()) return;
    out += ".SS " + roff(join(command.path, " ")) + "\n";
    out += ".B warden " + roff(command_synopsis(command)) + "\n.PP\n" + roff(command.description) + "\n";
    if (!command.subcommands.empty()) {
      std::vector<std::string> names;
      for (const auto& sub : command.subcommands) names.push_back(sub.path.back());
      out += ".PP\nCommands: " + roff(join(names, ", ")) + ".\n";
    }
    std::string options = options_roff(command);
    if (!options.empty()) out += ".PP\nOptions:\n" + options;
  });
  return out;
}

std::string keys_roff() {
  std::string out;
  std::string section = "-";
  for (const config::KeySpec* key : config::policy_keys()) {
    const std::string key_section(config::key_section(*key));
    if (key_section != section) {
      section = key_section;
      out += ".SS " + (section.empty() ? std::string("Top level") : roff(section) + ":") + "\n";
    }
    out += ".TP\n.B " + roff(key->key);
    if (!key->default_text.empty()) out += "\ndefault: \\f(CR" + roff(key->default_text) + "\\fR";
    if (!key->choices.empty()) {
      std::vector<std::string> choices(key->choices.begin(), key->choices.end());
      out += "; one of: " + roff(join(choices, ", "));
    }
    out += "\n.br\n" + roff(key->help) + "\n";
  }
  return out;
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

int print_manpage(const CLI::App& warden_app, const std::string& page, const std::string& template_file) {
  const auto text = fs::read_file(template_file);
  if (!text) throw Fatal(k_exit_usage, fmt::format("{}: cannot read the template", template_file));
  std::string out = replace_all(*text, "@VERSION@", version());
  if (page == "warden.1") {
    const CommandInfo root = program_tree(warden_app, "warden");
    out = replace_all(out, "@OPTIONS@", options_roff(root));
    out = replace_all(out, "@COMMANDS@", commands_roff(root));
  } else if (page == "install-hooks.1") {
    out = replace_all(out, "@OPTIONS@", options_roff(program_tree(warden_app, "install-hooks")));
  } else {
    out = replace_all(out, "@KEYS@", keys_roff());
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return k_exit_ok;
}

} // namespace

void register_generators(CLI::App& app, Action& action) {
  auto shell = std::make_shared<std::string>();
  auto program = std::make_shared<std::string>("warden");
  auto* completions = app.add_subcommand("completions", "Print the shell completion script (run by the build)");
  completions->group("");
  completions->add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completions->add_option("--for", *program, "the program: warden or install-hooks")
    ->check(CLI::IsMember({"warden", "install-hooks"}));
  completions->callback([&app, &action, shell, program] {
    action = [&app, shell, program] {
      const CommandInfo root = program_tree(app, *program);
      const std::string text = *shell == "bash" ? bash(root, *program)
                               : *shell == "zsh" ? zsh(root, *program)
                                                 : fish(root, *program);
      std::fwrite(text.data(), 1, text.size(), stdout);
      return k_exit_ok;
    };
  });

  auto page = std::make_shared<std::string>();
  auto template_file = std::make_shared<std::string>();
  auto* manpage = app.add_subcommand("manpage", "Print a manual page from its template (run by the build)");
  manpage->group("");
  manpage->add_option("PAGE", *page, "warden.1, install-hooks.1 or warden.yml.5")
    ->required()
    ->check(CLI::IsMember({"warden.1", "install-hooks.1", "warden.yml.5"}));
  manpage->add_option("--template", *template_file, "the page's roff template (docs/man/PAGE.in)")->required();
  manpage->callback([&app, &action, page, template_file] {
    action = [&app, page, template_file] { return print_manpage(app, *page, *template_file); };
  });
}

} // namespace warden::cli
