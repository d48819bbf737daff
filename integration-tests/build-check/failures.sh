#!/usr/bin/env bash
# After a failed build: prints each failed or erroneous test with its exception chain (the
# exception, every "Caused by" and the frames of our own code), taken from the Maven log given, so
# that the end of the output — all a CI summary may keep — says why, not only which test. A boot
# failure of a @QuarkusTest, for one, is reported as "RuntimeException: InvocationTargetException"
# whose cause is only in its chain.
set -uo pipefail
log="${1:?usage: failures.sh <maven log>}"
echo "=== Why the tests failed (from $log) ==="
awk '
  /<<< (ERROR|FAILURE)!/ { inblock = 1; shown = 0; print ""; print; next }
  inblock && /^\[(INFO|ERROR|WARNING)\]/ { inblock = 0 }
  inblock && shown < 40 {
    if ($0 ~ /^[ \t]+at / && $0 !~ /io\.crowsnest/) next
    if ($0 ~ /^[ \t]+\.\.\. [0-9]+ more/) next
    print; shown++
  }
' "$log" | head -n 300
