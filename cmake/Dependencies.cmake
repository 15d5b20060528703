# Every dependency is a Debian 12 package (see tests/run.sh for the list).
find_package(PkgConfig REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CURL REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
find_path(HTTPLIB_INCLUDE_DIR httplib.h)
find_package(Catch2 2 QUIET)
find_package(tomlplusplus REQUIRED)

# Hooks run on every commit, and every shared library a process loads costs
# start-up time (bench/RESULTS.md): link yaml-cpp, RE2 and utf8proc from the
# static archives Debian ships, and fmt compiled once into warden_core
# (lib/warden/core/fmt_library.cpp). Where an archive is missing, the shared
# library serves. Every target uses these names.
function(warden_static_or_shared name archive shared_target)
  add_library(${name} INTERFACE)
  find_library(${name}_ARCHIVE NAMES ${archive})
  if(${name}_ARCHIVE)
    get_target_property(includes ${shared_target} INTERFACE_INCLUDE_DIRECTORIES)
    if(includes)
      target_include_directories(${name} INTERFACE ${includes})
    endif()
    target_link_libraries(${name} INTERFACE ${${name}_ARCHIVE} Threads::Threads)
  else()
    target_link_libraries(${name} INTERFACE ${shared_target})
  endif()
endfunction()
# The hook binaries go further and link statically altogether (no dynamic
# loader, ~0.4 ms less per hook process: docs/decisions.md) when the C
# library's and zlib's archives are there; hooks/CMakeLists.txt.
find_library(WARDEN_ZLIB_ARCHIVE NAMES libz.a)
find_library(WARDEN_LIBC_ARCHIVE NAMES libc.a)
warden_static_or_shared(warden_yaml libyaml-cpp.a yaml-cpp)
warden_static_or_shared(warden_re2 libre2.a PkgConfig::RE2)
warden_static_or_shared(warden_utf8proc libutf8proc.a PkgConfig::UTF8PROC)

# fmt's headers without its shared library and without FMT_HEADER_ONLY: the
# implementation is lib/warden/core/fmt_library.cpp.
add_library(warden_fmt INTERFACE)
get_target_property(warden_fmt_includes fmt::fmt INTERFACE_INCLUDE_DIRECTORIES)
if(warden_fmt_includes)
  target_include_directories(warden_fmt SYSTEM INTERFACE ${warden_fmt_includes})
endif()

# toml++ (gitleaks-format secret rules) header-only: Debian ships no static
# archive, and its shared library would be one more for every hook to load.
# Only lib/warden/checks/gitleaks_config.cpp includes it.
add_library(warden_toml INTERFACE)
get_target_property(warden_toml_includes tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(warden_toml SYSTEM INTERFACE ${warden_toml_includes})
target_compile_definitions(warden_toml INTERFACE TOML_HEADER_ONLY=1 TOML_ENABLE_FORMATTERS=0)
