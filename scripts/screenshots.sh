#!/usr/bin/env bash
# Photographs the workbench for the docs: starts it with its demo on a throwaway PostgreSQL (as the browser tests do),
# follows the README's demo story in Chromium and writes one PNG per step and per main page into docs/images/.
# Run it after a change of the pages, look at every picture, and commit them.
# Usage: bash scripts/screenshots.sh [folder]   (default docs/images)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"

ensure_dotnet
ensure_postgres
ensure_chromium
ensure_front_end

# The throwaway cluster lives here; it is removed at the end, also when a picture fails.
export WORKBENCH_TEST_TMP
WORKBENCH_TEST_TMP=$(mktemp -d /tmp/workbench-screenshots-XXXXXX)
chmod 755 "$WORKBENCH_TEST_TMP"
cleanup() {
  for data in "$WORKBENCH_TEST_TMP"/*/data; do
    [ -d "$data" ] || continue
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- pg_ctl -D "$data" -m immediate stop >/dev/null 2>&1 || true
    else pg_ctl -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$WORKBENCH_TEST_TMP"
}
trap cleanup EXIT

say "Building (the workbench and the screenshot program)"
dotnet build tools/Workbench.Screenshots --nologo -v quiet -clp:ErrorsOnly || die "the build failed"

say "Taking the pictures"
dotnet run --no-build --project tools/Workbench.Screenshots -- "${1:-$REPO_ROOT/docs/images}"
