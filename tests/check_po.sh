#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The report's message catalogues are complete and current: the template
# po/volsim.pot holds exactly the messages of the sources, and every
# catalogue po/<lang>.po translates each of them (none untranslated or
# fuzzy, format directives matching: msgfmt --check). scripts/update-po
# brings them up to date. Usage: check_po.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --language=C --keyword=T:2 --keyword=N_ --from-code=UTF-8 --no-location --sort-output \
  --package-name=volsim --msgid-bugs-address=none -o "$tmp/volsim.pot" "$src/analysis/report.c"
fail=0
: >"$tmp/err1"; : >"$tmp/err2"
# the committed template against the sources, both ways
if ! msgcmp --use-untranslated "$src/po/volsim.pot" "$tmp/volsim.pot" 2>"$tmp/err1" ||
   ! msgcmp --use-untranslated "$tmp/volsim.pot" "$src/po/volsim.pot" 2>"$tmp/err2"; then
  echo "po/volsim.pot is not the template of the sources (run scripts/update-po):" >&2
  cat "$tmp/err1" "$tmp/err2" >&2
  fail=1
fi
for po in "$src"/po/*.po; do
  # every message of the sources translated in this catalogue ...
  if ! msgcmp "$po" "$tmp/volsim.pot" 2>"$tmp/err"; then
    echo "$po lacks translations (run scripts/update-po, then translate):" >&2
    cat "$tmp/err" >&2
    fail=1
  fi
  # ... and nothing else in it, nothing fuzzy, the format directives right
  if ! msgcmp --use-untranslated "$tmp/volsim.pot" "$po" 2>"$tmp/err"; then
    echo "$po holds messages the sources no longer have (run scripts/update-po):" >&2
    cat "$tmp/err" >&2
    fail=1
  fi
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: msgfmt --check failed: $stats" >&2; fail=1; }
  case "$stats" in
    *fuzzy*|*untranslated*) echo "$po: $stats" >&2; fail=1 ;;
  esac
  echo "$po: $stats"
done
exit $fail
