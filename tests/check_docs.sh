#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a generated document is stale: docs/parameters.md,
# docs/metrics.md, docs/patterns.md and the table of docs/calibration.md
# must equal what the code produces now.
exe="$1"; src="$2"; rc=0
for t in params:parameters metrics:metrics; do
  cmd=${t%%:*}; doc="$src/docs/${t#*:}.md"
  if ! "$exe" "$cmd" --format markdown | diff -u "$doc" - >/dev/null; then
    echo "$doc is stale; regenerate it with: build/volsim $cmd --format markdown > docs/${t#*:}.md" >&2
    "$exe" "$cmd" --format markdown | diff -u "$doc" - | head -20 >&2
    rc=1
  else
    echo "$doc is up to date"
  fi
done
# docs/calibration.md: the generated table between its markers
doc="$src/docs/calibration.md"
if [ -f "$doc" ]; then
  want=$(sed -n '/<!-- BEGIN volsim calibration -->/,/<!-- END volsim calibration -->/p' "$doc" | sed '1d;$d')
  got=$(cd "$src" && "$exe" calibration --replicates 30 --format markdown)
  if [ "$want" != "$got" ]; then
    echo "$doc is stale; regenerate its table with: build/volsim calibration --replicates 30 --format markdown" >&2
    rc=1
  else
    echo "$doc is up to date"
  fi
fi
# docs/patterns.md: generated whole, with the knockouts and the robustness
# shares (about 3 minutes on two cores; the same arguments as its header)
doc="$src/docs/patterns.md"
patterns_args="--replicates 30 --set run.burn_in_days=0 --knockout --robustness 40 --robustness-replicates 10"
if [ -f "$doc" ]; then
  # shellcheck disable=SC2086
  if ! (cd "$src" && "$exe" patterns $patterns_args --format markdown) | diff -u "$doc" - >/dev/null; then
    echo "$doc is stale; regenerate it with: build/volsim patterns $patterns_args --format markdown > docs/patterns.md" >&2
    rc=1
  else
    echo "$doc is up to date"
  fi
fi
exit $rc
