#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a tracked source, header, script or build file lacks the
# project's SPDX licence line near its top (LICENSE: GPL-3.0-or-later, as
# GSL, which volsim links, requires), or when LICENSE is missing.
set -u
src=$1
cd "$src" || exit 1
[ -s LICENSE ] && grep -q "GNU GENERAL PUBLIC LICENSE" LICENSE || { echo "LICENSE is missing or not the GPL" >&2; exit 1; }
missing=0
for f in $(git ls-files '*.c' '*.h' '*.sh' '*.py' '*.cmake' CMakeLists.txt bench/run fuzz/make-corpus fuzz/make-dict \
                         scripts/demo scripts/test .ci/run | grep -v '^tests/data/'); do
    if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later'; then
        echo "no SPDX-License-Identifier line in the first 3 lines of $f" >&2
        missing=$((missing + 1))
    fi
done
[ "$missing" = 0 ] || { echo "$missing file(s) without the licence line" >&2; exit 1; }
echo "every tracked source file carries the licence line"
