# The commit `--version` names (docs/package.md). A custom target runs
# cmake/VersionScript.cmake on every build; the script rewrites
# generated/warden_commit.hpp only when its content changes (and Ninja
# re-reads the byproduct's time stamp), so a build recompiles the one file
# that includes it (lib/warden/core/version.cpp) only when HEAD moved or
# the tree became clean or dirty.
set(WARDEN_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
set(WARDEN_COMMIT_HEADER ${WARDEN_GENERATED_DIR}/warden_commit.hpp)
find_package(Git QUIET)
set(_warden_version_args -DSOURCE=${PROJECT_SOURCE_DIR} -DOUT=${WARDEN_COMMIT_HEADER} -DGIT=${GIT_EXECUTABLE})
# Configure time too, so the header exists before the first build.
execute_process(COMMAND ${CMAKE_COMMAND} ${_warden_version_args} -P ${PROJECT_SOURCE_DIR}/cmake/VersionScript.cmake)
add_custom_target(warden_commit
  COMMAND ${CMAKE_COMMAND} ${_warden_version_args} -P ${PROJECT_SOURCE_DIR}/cmake/VersionScript.cmake
  BYPRODUCTS ${WARDEN_COMMIT_HEADER}
  VERBATIM)
