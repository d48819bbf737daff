#!/usr/bin/env bash
# The rooms of a service keep their roles (issue #15, docs/architecture.md "Inside a service"):
#  - domain/, service/ and store/ name no contract message (io.crowsnest.<x>.v1), no gRPC type and
#    no protobuf type, and never reach into api/ or mapping/ (the CEL typing of scoring's segment
#    variables, which needs protobuf descriptors, is the one listed exception);
#  - mapping/ never reaches into api/;
#  - nothing but api/ (and the gateway's console/, the pages beside its HTTP API) uses api/.
# Fails listing every line that breaks a rule. Comments are not code: lines starting with * or //.
set -euo pipefail
root="${1:-.}"
# scoring's segments are CEL expressions typed by a protobuf descriptor built from the segment's
# variables (docs/scoring.md): these classes use protobuf's descriptor API, no contract message
allowed_protobuf='scoring/src/main/java/io/crowsnest/scoring/(domain/SegmentTypes|domain/SegmentLanguage|service/SegmentVariables|service/VariableMessages)\.java'
code() { grep -rnE "$1" "${@:2}" 2>/dev/null | grep -vE '^[^:]+:[0-9]+:\s*(\*|//|/\*)' || true; }
broken=""
for svc in "$root"/services/*/src/main/java/io/crowsnest/*; do
  for room in domain service store; do
    [[ -d "$svc/$room" ]] || continue
    broken+=$(code 'io\.crowsnest\.[a-z]+\.v1\.|io\.grpc\.|\.(api|mapping)\.[A-Z]' "$svc/$room")$'\n'
    broken+=$(code 'com\.google\.protobuf\.' "$svc/$room" | grep -vE "$allowed_protobuf" || true)$'\n'
  done
  [[ -d "$svc/mapping" ]] && broken+=$(code 'io\.crowsnest\.[a-z]+\.api\.' "$svc/mapping")$'\n'
  for dir in "$svc"/*/; do
    case "$(basename "$dir")" in api|console) continue ;; esac
    broken+=$(code 'io\.crowsnest\.[a-z]+\.api\.' "$dir")$'\n'
  done
done
broken=$(printf '%s\n' "$broken" | sed '/^$/d' | sort -u)
if [[ -n "$broken" ]]; then
  echo "These lines break the rooms' rules (docs/architecture.md, \"Inside a service\"):" >&2
  printf '%s\n' "$broken" >&2
  exit 1
fi
echo "domain/, service/ and store/ name no contract, gRPC or protobuf type; mapping/ and the rest never use api/."
