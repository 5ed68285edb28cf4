#!/usr/bin/env bash
# Sets up and runs the whole test suite: unit, integration (a real PostgreSQL started by the tests) and
# browser tests (the real app in Debian's Chromium through Playwright). Prints "N passed, N failed" last.
# Extra arguments go to dotnet test, e.g. --filter "FullyQualifiedName~Migration"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"

ensure_dotnet
ensure_postgres
ensure_chromium
ensure_front_end
ensure_accessibility_scanner
ensure_mongo_emulator

results="$REPO_ROOT/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The clusters of this run live here; a test process that died hard can leave one running.
use_throwaway_clusters workbench-run

say "Building (dotnet build)"
dotnet build Workbench.sln --nologo -v quiet -clp:ErrorsOnly || die "the build failed"

say "Running the tests"
status=0
dotnet test Workbench.sln --no-build --nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

passed=0 failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# The failures again, last, so that the tail of a long log names them.
if [ "$failed" -gt 0 ]; then
  say "Failed tests"
  perl -0777 -ne 'while (/<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="Failed"[^>]*>(.*?)<\/UnitTestResult>/gs) {
      my ($name, $body) = ($1, $2); my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
      $message = substr($message // "", 0, 1500); print "FAILED $name\n  $message\n"; }' "$results"/*.trx
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; say "dotnet test failed outside any test (see above)"; fi
echo "$passed passed, $failed failed"
exit "$status"
