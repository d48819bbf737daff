#!/usr/bin/env bash
# The build prints no warnings of ours (issue #19): fails, listing them, when the Maven log given has
# a [WARNING] line of the build itself — an unrecognised configuration key, an empty JAR, a
# deprecated or unchecked call, a plugin's complaint about a module. Not counted: the summary line
# surefire prints for a test class with skipped tests ("[WARNING] Tests run: …, Skipped: N"), which
# is a test's report, not the build's.
set -euo pipefail
log="${1:?usage: no-warnings.sh <maven log>}"
warnings=$(grep -n '^\[WARNING\]' "$log" | grep -v '^\S*\[WARNING\] Tests run:' | grep -v '^[0-9]*:\[WARNING\] *$' || true)
if [[ -n "$warnings" ]]; then
  echo "The build printed warnings (fix them; see $log):" >&2
  echo "$warnings" >&2
  exit 1
fi
echo "The build printed no warnings."
