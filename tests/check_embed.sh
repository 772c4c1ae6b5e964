#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# examples/embed as a user builds it: install volsim into a temporary
# prefix, build the example with its Makefile against that prefix alone
# (pkg-config), run it on scenarios/one_off.cfg, and check that
# `volsim summary` reads its file and that its /scenarios equal, data for
# data (h5diff), what `volsim run one_off.cfg --replicates 4` writes.
# Usage: check_embed.sh BUILD_DIR SOURCE_DIR [EXTRA_CFLAGS] (the sanitizer
# build passes its -fsanitize flags).
set -eu
build="$1"
src="$2"
extra="${3:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir "$tmp/embed"
cp "$src/examples/embed/embed.c" "$src/examples/embed/Makefile" "$tmp/embed/"
make -s -C "$tmp/embed" PREFIX="$tmp/prefix" CFLAGS="-O2 -Wall -Wextra -Werror $extra" LDFLAGS="$extra"
volsim="$tmp/prefix/bin/volsim"
"$tmp/embed/embed" "$src/scenarios/one_off.cfg" "$tmp/embed.h5"
"$volsim" summary "$tmp/embed.h5" > "$tmp/summary.txt"
grep -q '^one_off (4 replicates' "$tmp/summary.txt" || { echo "volsim summary did not read the example's file:" >&2; cat "$tmp/summary.txt" >&2; exit 1; }
"$volsim" run "$src/scenarios/one_off.cfg" --replicates 4 -q -o "$tmp/run.h5"
if ! h5diff "$tmp/embed.h5" "$tmp/run.h5" /scenarios /scenarios; then
    echo "the example's /scenarios differ from volsim run's:" >&2
    h5diff -r "$tmp/embed.h5" "$tmp/run.h5" /scenarios /scenarios | head -20 >&2
    exit 1
fi
# and a bad scenario is refused with the loader's message and exit 2
printf 'population: { clients = -3; };\n' > "$tmp/bad.cfg"
set +e
"$tmp/embed/embed" "$tmp/bad.cfg" "$tmp/bad.h5" 2> "$tmp/bad.txt"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "bad.cfg:1" "$tmp/bad.txt" && [ ! -e "$tmp/bad.h5" ] \
    || { echo "a bad scenario gave exit $rc and:" >&2; cat "$tmp/bad.txt" >&2; exit 1; }
echo "examples/embed: built against the installed package, /scenarios identical to volsim run's"
