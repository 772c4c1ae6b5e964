#!/bin/sh
# Fails when a generated document is stale: docs/parameters.md and
# docs/metrics.md must equal what the tables print now.
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
exit $rc
