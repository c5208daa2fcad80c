#!/usr/bin/env bash
# Installs (as root, via apt) only the Debian 12 packages rulekit needs that are missing.
# Idempotent: a second run installs nothing and does not touch the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache python3
  libyaml-cpp-dev libcli11-dev libboost-dev libfmt-dev catch2
  libsimdjson-dev libre2-dev nlohmann-json3-dev libpugixml-dev zlib1g-dev
  libbenchmark-dev
  git pre-commit python3-jsonschema
)
# Tools used only by optional targets (fuzzing) or tests.
if [[ "${RULEKIT_WITH_FUZZ:-0}" == 1 ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
