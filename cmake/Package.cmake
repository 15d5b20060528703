# The Debian package (install/package.sh; docs/package.md): CPack's DEB
# generator over the install rules, under /usr. Depends is what
# dpkg-shlibdeps finds the binaries need, plus git (the hooks run under it
# and warden's network operations run it); man-db is recommended, for
# `man warden` and `git warden --help`.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME warden)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "git hooks that enforce a repository's policy, and the git chores around them")
set(CPACK_PACKAGE_DESCRIPTION
  "warden installs native git hooks (pre-commit, pre-push, post-merge, pre-receive)\nthat check file names, sizes, secrets, branch names and pushes against a\nrepository's .warden.yml, and a `warden` command for the same checks in CI and\nfor branch, notification and policy chores.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
if(NOT CPACK_PACKAGE_CONTACT)
  set(CPACK_PACKAGE_CONTACT "warden maintainers <warden@localhost>")
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # warden_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION vcs)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "git")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
