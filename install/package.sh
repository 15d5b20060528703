#!/usr/bin/env bash
# Build the Debian package warden_VERSION_ARCH.deb in the current directory
# (docs/package.md): CPack's DEB generator over the install rules, under /usr,
# with Depends computed from the binaries by dpkg-shlibdeps.
#
#   install/package.sh                   build in build/package (Release), then package
#   install/package.sh --build-dir DIR   package an already configured build (brought up to date)
#   install/package.sh --dry-run         say what would be done
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(pwd)
build=""
dry_run=0
usage() { sed -n '2,8s/^# \{0,1\}//p' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) [ $# -ge 2 ] || { echo "package.sh: --build-dir needs a directory" >&2; exit 2; }
                 build=$(cd "$2" 2>/dev/null && pwd) || { echo "package.sh: $2: no such directory" >&2; exit 2; }
                 shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

source "$here/install/deps.sh"
if [ "$dry_run" = 1 ]; then
  echo "would build ${build:-$here/build/package} and write warden_*.deb to $out"
  exit 0
fi
warden_install_deps package

if [ -z "$build" ]; then
  build="$here/build/package"
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DWARDEN_BUILD_TESTS=OFF >/dev/null
fi
[ -f "$build/CPackConfig.cmake" ] || { echo "package.sh: $build is not a configured warden build" >&2; exit 2; }
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"

# CPack works in a scratch directory; only the .deb comes to $out.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/warden-package.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch" >"$scratch/cpack.log" 2>&1; then
  cat "$scratch/cpack.log" >&2
  echo "package.sh: cpack failed" >&2
  exit 1
fi
shopt -s nullglob
debs=("$scratch"/warden_*.deb)
[ ${#debs[@]} = 1 ] || { cat "$scratch/cpack.log" >&2; echo "package.sh: cpack made no warden_*.deb" >&2; exit 1; }
mv -f "${debs[0]}" "$out/"
echo "$out/$(basename "${debs[0]}")"
