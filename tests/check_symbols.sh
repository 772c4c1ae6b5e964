#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when libvolsim exports a symbol without the vol_ prefix (the
# __odr_asan markers of a sanitizer build aside).
lib="$1"
[ -f "$lib" ] || { echo "check_symbols: no library at '$lib'" >&2; exit 2; }
bad=$(nm -D --defined-only "$lib" | awk '{print $NF}' \
      | grep -v -E '^(vol_|_init$|_fini$|__bss_start$|_edata$|_end$|__odr_asan)' || true)
if [ -n "$bad" ]; then
  echo "libvolsim exports symbols without the vol_ prefix:" >&2
  echo "$bad" >&2
  exit 1
fi
n=$(nm -D --defined-only "$lib" | grep -c ' vol_')
echo "all $n exported symbols of $(basename "$lib") start with vol_"
