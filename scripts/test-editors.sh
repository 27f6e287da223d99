#!/bin/bash
# Real-editor tests: the integration suite in VS Code (code-server + headless Chromium), first with the
# extension from this repo (--dev), then with the packaged .vsix installed (--vsix). Prints one final
# "Editor suite: N passed, N failed" line and exits non-zero if anything failed.
# Needs: bash scripts/setup-editors.sh, npm run compile (and npm run package for the .vsix run).
#   bash scripts/test-editors.sh [--dev-only] [--screenshot FILE]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VSIX=${VSIX:-$ROOT/rust-readiness.vsix}
DEV_ONLY=0; SHOT=()
while [ $# -gt 0 ]; do
  case $1 in
    --dev-only) DEV_ONLY=1 ;;
    --screenshot) SHOT=(--screenshot "$2"); shift ;;
    *) echo "test-editors: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

passed=0; failed=0; status=0
run_mode() {
  local log; log=$(mktemp)
  node scripts/run-vscode-tests.js "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line; line=$(grep -E '^VS Code suite \([a-z]+\): [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  rm -f "$log"
  if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
  else
    failed=$((failed + 1))
  fi
  if [ "$rc" != 0 ]; then status=1; fi
}

run_mode --dev "${SHOT[@]}"
if [ "$DEV_ONLY" = 0 ]; then
  if [ -f "$VSIX" ]; then run_mode --vsix "$VSIX"
  else echo "test-editors: $VSIX not found (npm run package)" >&2; failed=$((failed + 1)); status=1; fi
fi
echo "Editor suite: $passed passed, $failed failed"
exit $status
