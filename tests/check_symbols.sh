#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Each library exports exactly what its installed headers declare with
# VOL_API: every export is declared (nothing internal leaks out: the
# libraries are built with hidden visibility), and every declaration is
# exported (a header promises nothing the library lacks). Every name starts
# with vol_. The __odr_asan markers of a sanitizer build are ignored.
# Usage: check_symbols.sh LIBRARY "HEADER..." [LIBRARY "HEADER..." ...]
# The named critical sections of OpenMP (.gomp_critical_user_*) are global
# by design (a lock shared by every object that names it) and not ours to
# declare.
set -u
bad=0
check() {
    lib=$1
    shift
    [ -f "$lib" ] || { echo "check_symbols: no library at '$lib'" >&2; bad=1; return; }
    tmp=$(mktemp -d)
    nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBV]$/ {print $3}' \
        | grep -v -E '^(_init|_fini|__bss_start|_edata|_end|__odr_asan.*|\.gomp_critical_user_.*)$' | sort -u > "$tmp/exported"
    # VOL_API declarations: the name before the first '(' (functions) or
    # before ';' (extern objects) on a line starting with VOL_API or extern VOL_API
    cat "$@" | sed -n -e 's/^\(extern \)\{0,1\}VOL_API[^(;]*[ *]\(vol_[A-Za-z0-9_]*\)[[:space:]]*[(;].*/\2/p' \
        | sort -u > "$tmp/declared"
    # a declaration in an installed header without VOL_API would be hidden
    unmarked=$(cat "$@" | grep -E '^(const |unsigned |struct )*[A-Za-z_][A-Za-z0-9_]*( const)?[ *]+vol_[a-z0-9_]+ *\(' \
               | grep -v -E '^(typedef|static|extern|VOL_API)' || true)
    if [ -n "$unmarked" ]; then
        echo "$(basename "$lib"): declarations in its headers without VOL_API (hidden, so unusable):" >&2
        echo "$unmarked" | sed 's/^/  /' >&2
        bad=1
    fi
    undeclared=$(comm -23 "$tmp/exported" "$tmp/declared")
    missing=$(comm -13 "$tmp/exported" "$tmp/declared")
    name=$(basename "$lib")
    if [ -n "$undeclared" ]; then
        echo "$name exports symbols no installed header declares with VOL_API:" >&2
        echo "$undeclared" | sed 's/^/  /' >&2
        bad=1
    fi
    if [ -n "$missing" ]; then
        echo "$name lacks symbols its headers declare with VOL_API:" >&2
        echo "$missing" | sed 's/^/  /' >&2
        bad=1
    fi
    if grep -v -q '^vol_' "$tmp/exported"; then
        echo "$name exports symbols without the vol_ prefix:" >&2
        grep -v '^vol_' "$tmp/exported" | sed 's/^/  /' >&2
        bad=1
    fi
    echo "$name: $(wc -l < "$tmp/exported") exports, $(wc -l < "$tmp/declared") VOL_API declarations"
    rm -rf "$tmp"
}
while [ $# -ge 2 ]; do
    # shellcheck disable=SC2086
    check "$1" $2
    shift 2
done
[ "$bad" = 0 ] || exit 1
echo "exports match the installed headers"
