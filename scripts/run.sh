#!/usr/bin/env bash
# Sets up and runs the workbench with its demo. With no ConnectionStrings__Workbench it starts its own
# PostgreSQL in .workbench/postgres (kept between runs) and stops it on Ctrl+C.
# Extra arguments go to the workbench, e.g. --urls http://127.0.0.1:5050
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"

ensure_dotnet
[ -n "${ConnectionStrings__Workbench:-}" ] || ensure_postgres
ensure_front_end

say "Building the workbench (dotnet publish, Release)"
# Into a fresh folder, then put in place: files an earlier build left behind would be loaded with the new ones
# (a self-contained build's runtime beside a framework-dependent app stops it from starting).
rm -rf .workbench/app.next
dotnet publish src/Workbench.Web/Workbench.Web.csproj -c Release -o .workbench/app.next --nologo -v quiet -clp:ErrorsOnly \
  || die "the build failed"
rm -rf .workbench/app
mv .workbench/app.next .workbench/app

say "Starting the workbench; Ctrl+C stops it"
exec .workbench/app/Workbench.Web "$@"
