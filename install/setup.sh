#!/usr/bin/env bash
# Install what is missing, build warden in Release, install it under PREFIX
# (default /usr/local) and, given a repository, install its hooks there.
# Usage: [PREFIX=/usr/local] install/setup.sh [REPO]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
prefix=${PREFIX:-/usr/local}
source "$here/install/deps.sh"
warden_install_deps build

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
build="$here/build/setup"
cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DWARDEN_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
cmake --install "$build"
echo "warden: installed under $prefix"

if [ $# -ge 1 ]; then
  "$prefix/bin/install-hooks" --repo "$1"
fi
