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
dotnet publish src/Workbench.Web/Workbench.Web.csproj -c Release -o .workbench/app --nologo -v quiet -clp:ErrorsOnly \
  || die "the build failed"

say "Starting the workbench; Ctrl+C stops it"
exec .workbench/app/Workbench.Web "$@"
