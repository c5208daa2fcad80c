#!/usr/bin/env bash
# `cpack -G DEB` builds an installable Debian package: the right name and version, a maintainer,
# Depends computed by dpkg-shlibdeps that name the runtime libraries the binary links, and the
# binary, man page and docs under /usr.
# Usage: deb_package_test.sh CPACK BUILD_DIR VERSION
set -euo pipefail
cpack_command=$1 build_dir=$2 version=$3

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! "$cpack_command" --config "$build_dir/CPackConfig.cmake" -G DEB -B "$scratch" >"$scratch/cpack.log" 2>&1; then
  cat "$scratch/cpack.log"
  echo "FAIL: cpack -G DEB failed"
  exit 1
fi
debs=("$scratch"/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { echo "FAIL: expected one .deb in $scratch: ${debs[*]}"; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == rulekit ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version), expected $version"
[[ $(field Maintainer) == *@* ]] || fail "Maintainer has no address: $(field Maintainer)"
[[ -n $(field Description) ]] || fail "no Description"
depends=$(field Depends)
echo "Depends: $depends"
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/rulekit >"$scratch/rulekit"
chmod +x "$scratch/rulekit"
needed=$(objdump -p "$scratch/rulekit" | awk '$1 == "NEEDED" { print $2 }')
[[ -n $needed ]] || fail "the packaged binary names no shared libraries (objdump -p)"
# The libraries the binary needs at run time, by soname (their Debian package names follow).
while read -r soname; do
  case $soname in
    libyaml-cpp.so.*) package=libyaml-cpp ;;
    libre2.so.*) package=libre2 ;;
    libfmt.so.*) package=libfmt ;;
    libpugixml.so.*) package=libpugixml ;;
    libstdc++.so.*) package=libstdc++ ;;
    *) continue ;;
  esac
  [[ $depends == *"$package"* ]] || fail "the binary links $soname but Depends names no $package package"
done <<<"$needed"

contents=$(dpkg-deb --contents "$deb" | awk '{ print $NF }')
for path in ./usr/bin/rulekit ./usr/share/man/man1/rulekit.1 ./usr/share/doc/rulekit/README.md \
            ./usr/share/doc/rulekit/docs/cli.md ./usr/share/doc/rulekit/docs/checks/unknown-field.md; do
  grep -qxF "$path" <<<"$contents" || fail "the package has no $path"
done
"$scratch/rulekit" --version | grep -qxF "rulekit $version" || fail "the packaged binary does not run"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s); package contents:"
  echo "$contents"
  exit 1
fi
echo "Debian package OK"
