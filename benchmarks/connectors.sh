#!/usr/bin/env bash
# Connector throughput: 1,000,000 rows in PostgreSQL and in a CSV file, read through the PostgreSQL and
# file connectors beside psql \copy ... TO /dev/null and wc -l of the same data. Prints rows/s and memory.
# Usage: bash benchmarks/connectors.sh [rows]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
work=$(mktemp -d /tmp/workbench-bench-XXXXXX)
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -n1)")
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

as_pg "$bin/initdb" -D "$work/data" -A trust -U bench >/dev/null
as_pg "$bin/pg_ctl" -D "$work/data" -l "$work/log" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -w start >/dev/null
psql -h 127.0.0.1 -p "$port" -U bench -d postgres -qc "create database bench"
chmod 777 "$work"

dotnet build "$root/benchmarks/Workbench.Benchmarks.Connectors" -c Release -v q -clp:ErrorsOnly --nologo >/dev/null
"$root/benchmarks/Workbench.Benchmarks.Connectors/bin/Release/net10.0/Workbench.Benchmarks.Connectors" \
  "Host=127.0.0.1;Port=$port;Username=bench;Database=bench" "$work" "$rows"
