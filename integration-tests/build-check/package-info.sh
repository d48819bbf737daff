#!/usr/bin/env bash
# Every package of every service (and of platform) says what belongs in it (issue #15): fails,
# listing them, when a directory of main Java sources has no package-info.java.
set -euo pipefail
root="${1:-.}"
missing=""
while IFS= read -r dir; do
  if compgen -G "$dir/*.java" > /dev/null && [[ ! -f "$dir/package-info.java" ]]; then
    missing+="$dir"$'\n'
  fi
done < <(find "$root"/services/*/src/main/java -type d | sort)
if [[ -n "$missing" ]]; then
  echo "These packages have no package-info.java saying what belongs in them:" >&2
  printf '%s' "$missing" >&2
  exit 1
fi
echo "Every service package has a package-info.java."
