#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary prefix and checks what a user of the
# library gets: library, headers, pkg-config file, command, man page; then
# compiles and runs a small program against the installed library.
# Usage: check_install.sh BUILD_DIR [EXTRA_CFLAGS] (the sanitizer build
# passes its -fsanitize flags: a program using an instrumented library must
# be linked with the same runtime).
set -eu
build="$1"
extra="${2:-}"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/volsim include/volsim/volsim.h include/volsim/vol_param_table.h share/man/man1/volsim.1 \
         share/locale/nl/LC_MESSAGES/volsim.mo; do
  [ -e "$prefix/$f" ] || { echo "not installed: $f" >&2; exit 1; }
done
pc=$(find "$prefix" -name volsim.pc | head -1)
[ -n "$pc" ] || { echo "no pkg-config file installed" >&2; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
# every layer's library with its soname, its headers and its pkg-config file
for layer in volsim volsim-engine volsim-io volsim-analysis; do
  pkg-config --exists "$layer" || { echo "no pkg-config file for $layer" >&2; exit 1; }
  lib="$(pkg-config --variable=libdir "$layer")/lib$layer.so"
  [ -e "$lib" ] || { echo "not installed: $lib" >&2; exit 1; }
  soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
  [ "$soname" = "lib$layer.so.0" ] || { echo "lib$layer.so: soname '$soname', expected lib$layer.so.0" >&2; exit 1; }
done
for f in vol_engine.h vol_scenario.h vol_results.h vol_h5read.h vol_sweep.h vol_journal.h vol_patterns.h; do
  [ -e "$prefix/include/volsim/$f" ] || { echo "not installed: include/volsim/$f" >&2; exit 1; }
done
cat > "$prefix/use.c" <<'C'
#include <stdio.h>
#include <volsim.h>
int main(void)
{
    if (vol_abi_version() != VOL_ABI_VERSION || vol_params_size() != sizeof(vol_params)) return 3;
    vol_params p;
    vol_params_defaults(&p);
    p.clients_count = 50; p.npo_count = 2; p.vol_initial = 20;
    vol_sim *s;
    if (vol_sim_create(&p, 0, 0, &s) != VOL_OK) return 1;
    if (vol_sim_run(s, 30, NULL) != VOL_OK) return 1;
    printf("volsim %s: day %ld, wellbeing %.3f\n", vol_version(), vol_sim_day(s),
           vol_sim_metrics(s)[VOL_M_CLIENT_WELLBEING]);
    vol_sim_free(s);
    return 0;
}
C
# shellcheck disable=SC2086
cc -std=c11 $extra "$prefix/use.c" $(pkg-config --cflags --libs volsim) -o "$prefix/use"
libdir=$(pkg-config --variable=libdir volsim)
LD_LIBRARY_PATH="$libdir" "$prefix/use"
LD_LIBRARY_PATH="$libdir" "$prefix/bin/volsim" --version
# the installed command finds the installed Dutch catalogue (../share/locale)
LD_LIBRARY_PATH="$libdir" "$prefix/bin/volsim" run "$(dirname "$0")/../scenarios/one_off.cfg" --days 20 \
  --set run.burn_in_days=0 --set clients.count=50 --set npo.count=2 --set volunteers.initial=20 \
  --set companies.pool_size=20 --replicates 2 --quiet -o "$prefix/r.h5"
LD_LIBRARY_PATH="$libdir" "$prefix/bin/volsim" report "$prefix/r.h5" --lang nl -o "$prefix/r.html" >/dev/null
grep -q '<html lang="nl">' "$prefix/r.html" && grep -q 'volsim-rapport' "$prefix/r.html" ||
  { echo "the installed volsim did not write the report in Dutch" >&2; exit 1; }
MANPAGER=cat man -l "$prefix/share/man/man1/volsim.1" >/dev/null 2>&1 || test -s "$prefix/share/man/man1/volsim.1"
echo "install ok"
