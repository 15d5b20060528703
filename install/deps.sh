# Sourced by install/setup.sh and tests/run.sh: the Debian 12 packages warden
# builds with, installed only when some are missing (root only).
warden_build_packages=(build-essential cmake ninja-build pkg-config git
  zlib1g-dev libgit2-dev libfmt-dev libyaml-cpp-dev libcli11-dev libutf8proc-dev libre2-dev
  libcurl4-openssl-dev nlohmann-json3-dev libkainjow-mustache-dev libtomlplusplus-dev)
# install/package.sh: dpkg-shlibdeps (dpkg-dev) and file compute the .deb's Depends.
warden_package_packages=(dpkg-dev file)
# The tests also build the package and validate the JSON Schema.
warden_test_packages=(catch2 libcpp-httplib-dev python3 ca-certificates clang libclang-rt-14-dev strace
  "${warden_package_packages[@]}" python3-jsonschema python3-yaml
  exfatprogs exfat-fuse)   # mkfs.exfat; mount.exfat-fuse (pulls fuse): tests/e2e/test_fix_exfat.sh

warden_install_deps() { # warden_install_deps build|test|package
  local wanted=("${warden_build_packages[@]}")
  [ "${1:-build}" = test ] && wanted+=("${warden_test_packages[@]}")
  [ "${1:-build}" = package ] && wanted+=("${warden_package_packages[@]}")
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "warden: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    return 1
  fi
  echo "warden: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
}
