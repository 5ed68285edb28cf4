#!/usr/bin/env bash
# MongoDB connector throughput: 1,000,000 documents inserted into the MongoDB emulator the tests use
# (tests/mongo-emulator, installed here when missing), then read through the connector. Prints rows/s and memory.
# The figures are the emulator's (a TypeScript server), not a real MongoDB's.
# Usage: bash benchmarks/mongo.sh [documents]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
documents="${1:-1000000}"
ensure_mongo_emulator
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
ready="$work/out"
# The emulator stops when its standard input ends: this script holds a pipe open to it and closes it on exit.
mkfifo "$work/stdin"
exec 3<>"$work/stdin"
(cd "$REPO_ROOT/tests/mongo-emulator" && exec node --max-old-space-size=8192 server.mjs "$port" >"$ready" 2>&1 <"$work/stdin" 3>&-) &
server=$!
trap 'exec 3>&-; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do grep -q "^ready $port" "$ready" && break; kill -0 "$server" 2>/dev/null || die "the emulator stopped: $(cat "$ready")"; sleep 0.2; done
grep -q "^ready $port" "$ready" || die "the emulator did not start"

dotnet build "$REPO_ROOT/benchmarks/Workbench.Benchmarks.Mongo" -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
"$REPO_ROOT/benchmarks/Workbench.Benchmarks.Mongo/bin/Release/net10.0/Workbench.Benchmarks.Mongo" "$port" "$documents"
