#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared set-up of scripts/demo and scripts/test (sourced, not run):
# installs the Debian packages that are missing, then configures and builds
# volsim in build/. Needs root to install; otherwise prints the one command
# to run and stops.
set -euo pipefail

VOLSIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VOLSIM_BUILD="$VOLSIM_ROOT/build"

# Build tools (libc6-dev: the C headers, only recommended by gcc and so not
# pulled in by --no-install-recommends), libraries, and the programs the tests use from outside
# (h5diff, nm, h5py and matplotlib for the Python example, Chromium and PIL
# to render and check the HTML report, valgrind for the memcheck test), and
# GNU time for bench/run; gettext's msgfmt compiles the report's message
# catalogues.
VOLSIM_PACKAGES=(
  cmake make gcc libc6-dev pkg-config binutils git gettext
  libgsl-dev libconfig-dev libhdf5-dev hdf5-tools libcriterion-dev librandom123-dev
  libopenmpi-dev openmpi-bin libplplot-dev plplot-driver-cairo
  python3 python3-h5py python3-numpy python3-matplotlib python3-pil chromium time valgrind
)

volsim_missing_packages() {
  local p missing=()
  for p in "${VOLSIM_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]:-}"
}

volsim_install() {
  local missing
  missing=$(volsim_missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "volsim needs these Debian packages: $missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
  echo "== installing Debian packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >/dev/null
  missing=$(volsim_missing_packages)
  if [ -n "$missing" ]; then
    echo "volsim: these packages are still missing after apt-get install: $missing" >&2
    exit 1
  fi
}

volsim_build() {
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  echo "== configuring and building in build/"
  cmake -S "$VOLSIM_ROOT" -B "$VOLSIM_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVOLSIM_WERROR=ON >/dev/null
  cmake --build "$VOLSIM_BUILD" -j "$jobs" -- --no-print-directory >/dev/null 2>"$VOLSIM_BUILD/build-errors.log" || {
    cat "$VOLSIM_BUILD/build-errors.log" >&2
    echo "volsim: the build failed (log above)" >&2
    exit 1
  }
}

volsim_install
volsim_build
