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
use_throwaway_clusters workbench-screenshots

say "Building (the workbench and the screenshot program)"
dotnet build tools/Workbench.Screenshots --nologo -v quiet -clp:ErrorsOnly || die "the build failed"

say "Taking the pictures"
dotnet run --no-build --project tools/Workbench.Screenshots -- "${1:-$REPO_ROOT/docs/images}"
