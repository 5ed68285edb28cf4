#!/usr/bin/env bash
# Quality preview benchmark: 1,000,000 legacy rows in PostgreSQL x 1,000,000 FAST rows as a CSV file, and the same
# FAST rows through the workbench's demo API (the workbench started on the throwaway cluster, serving the file).
# Prints wall time, rows/s and peak RSS of `workbench preview` (streaming, streaming through the API, pushdown),
# DuckDB on the same data as CSV, and psql running the hand-written pushdown SQL; then the ratios against the aims.
# Usage: bash benchmarks/quality/run.sh   (ROWS=200000 for a quicker run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/setup.sh"
ensure_dotnet
ensure_postgres
ensure_node
ensure_front_end
ROWS="${ROWS:-1000000}"

work=$(mktemp -d /tmp/workbench-bench-XXXXXX)
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" | tail -n1; }
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  as_pg "$(pg_bin pg_ctl)" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say "Starting a throwaway PostgreSQL on port $port"
as_pg "$(pg_bin initdb)" -D "$work/data" -A trust -U postgres >/dev/null
as_pg "$(pg_bin pg_ctl)" -D "$work/data" -l "$work/pg.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c work_mem=64MB -c max_parallel_workers_per_gather=2" start >/dev/null
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }

say "Generating $ROWS legacy rows and $ROWS FAST rows"
psql_ -v rows="$ROWS" -f "$here/generate.sql" >/dev/null 2>&1
psql_ -c "\copy fast.policies to '$work/fast.csv' csv header"
psql_ -c "\copy legacy.policies to '$work/legacy.csv' csv header"

say "Building the workbench CLI and app (Release)"
dotnet build "$REPO_ROOT/src/Workbench.Cli" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build "$REPO_ROOT/src/Workbench.Web" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
cli="$REPO_ROOT/src/Workbench.Cli/bin/Release/net10.0/workbench"
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then (cd "$here" && npm ci --no-audit --no-fund --loglevel=error); fi

connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
legacy_side='{ "name": "legacy", "schema": "legacy", "table": "policies", "key": ["pol_num"], "fields": [
    { "target": "holder", "expression": { "column": "pol_holder", "kind": "trim" } },
    { "target": "premium", "expression": { "column": "premium", "kind": "number" } },
    { "target": "status", "expression": { "column": "status" } }'
rules='[ { "field": "premium", "kind": "notNull" }, { "field": "premium", "kind": "between", "min": 0, "max": 10000 },
    { "field": "status", "kind": "inSet", "values": ["A", "L"] }, { "field": "holder", "kind": "lengthBetween", "min": 1, "max": 40 } ]'
cat > "$work/streaming.json" <<JSON
{ "connectionString": "$connection", "engine": "streaming",
  "sides": [ $legacy_side,
    { "target": "effective", "expression": { "column": "eff_date", "kind": "date", "formats": ["dd/MM/yyyy", "yyyy-MM-dd"] } } ] },
    { "name": "fast", "csv": "fast.csv", "key": ["policy_id"], "fields": [
      { "target": "holder", "expression": { "column": "holder_name" } },
      { "target": "premium", "expression": { "column": "premium_amount", "kind": "number" } },
      { "target": "effective", "expression": { "column": "effective_date", "kind": "date", "formats": ["yyyy-MM-dd"] } } ] } ],
  "fields": [ { "name": "holder" }, { "name": "premium", "tolerance": 0.01 }, { "name": "status" }, { "name": "effective" } ],
  "rules": $rules, "options": { "issueSampleLimit": 100 } }
JSON
cat > "$work/pushdown.json" <<JSON
{ "connectionString": "$connection", "engine": "pushdown",
  "sides": [ $legacy_side ] },
    { "name": "fast", "schema": "fast", "table": "policies", "key": ["policy_id"], "fields": [
      { "target": "holder", "expression": { "column": "holder_name" } },
      { "target": "premium", "expression": { "column": "premium_amount", "kind": "number" } } ] } ],
  "fields": [ { "name": "holder" }, { "name": "premium", "tolerance": 0.01 }, { "name": "status" } ],
  "rules": $rules, "options": { "issueSampleLimit": 0 } }
JSON

# The same streaming spec with the FAST side read through the demo API (10,000 records a page, by cursor).
app_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$work" "$app_port" <<'PY'
import json, sys
work, port = sys.argv[1], sys.argv[2]
spec = json.load(open(f"{work}/streaming.json"))
fast = next(side for side in spec["sides"] if side["name"] == "fast")
del fast["csv"]
fast["api"] = f"http://127.0.0.1:{port}/demo/fast/policies?pageSize=10000"
json.dump(spec, open(f"{work}/api.json", "w"), indent=1)
PY

# Wall seconds and peak RSS (KB) of a command, its stdout kept in a file.
measure() { local out=$1; shift; /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$out"; cat "$work/time"; }

say "workbench preview, streaming (PostgreSQL table x CSV file)"
read -r stream_s stream_kb < <(measure "$work/streaming.out" "$cli" preview --spec "$work/streaming.json")
say "workbench preview, pushdown (both tables in PostgreSQL)"
read -r push_s push_kb < <(measure "$work/pushdown.out" "$cli" preview --spec "$work/pushdown.json")
say "psql, hand-written pushdown SQL"
read -r hand_s hand_kb < <(measure "$work/hand.out" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres -f "$here/handwritten.sql")
say "DuckDB (@duckdb/node-api, 2 threads) on the same data as CSV, at its best (decimal(18, 8), arg_min per key)"
read -r duck_s duck_kb < <(measure "$work/duck.out" node "$here/duckdb.mjs" "$work/legacy.csv" "$work/fast.csv" best)
say "DuckDB, the original reference query (decimal(28, 8), ordered window per key)"
read -r duck_old_s duck_old_kb < <(measure "$work/duck-original.out" node "$here/duckdb.mjs" "$work/legacy.csv" "$work/fast.csv" original)

say "Starting the workbench (its demo FAST API serving fast.csv) on port $app_port"
psql_ -c "create database workbench" >/dev/null
(cd "$work" && ASPNETCORE_ENVIRONMENT=Development Urls="http://127.0.0.1:$app_port" \
  ConnectionStrings__Workbench="Host=127.0.0.1;Port=$port;Username=postgres;Database=workbench" \
  Demo__SeedWhenEmpty=false Demo__FastApiFile="$work/fast.csv" \
  exec "$REPO_ROOT/src/Workbench.Web/bin/Release/net10.0/Workbench.Web" >"$work/app.log" 2>&1) &
app_pid=$!
python3 - "$app_port" <<'PY' || { cat "$work/app.log" >&2; die "the workbench did not start"; }
import sys, time, urllib.request
for _ in range(240):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2); sys.exit(0)
    except Exception:
        time.sleep(0.5)
sys.exit(1)
PY
say "workbench preview, streaming (PostgreSQL table x the FAST rows through the demo API)"
read -r api_s api_kb < <(measure "$work/api.out" "$cli" preview --spec "$work/api.json")

python3 - "$work" "$ROWS" "$stream_s" "$stream_kb" "$push_s" "$push_kb" "$hand_s" "$duck_s" "$api_s" "$api_kb" "$duck_old_s" <<'PY'
import json, sys
work, rows = sys.argv[1], int(sys.argv[2])
stream_s, stream_kb, push_s, push_kb, hand_s, duck_s, api_s, api_kb, duck_old_s = map(float, sys.argv[3:])
streaming = json.load(open(f"{work}/streaming.out"))
api = json.load(open(f"{work}/api.out"))
pushdown = json.load(open(f"{work}/pushdown.out"))
duck = json.loads(open(f"{work}/duck.out").read().strip().splitlines()[-1])
duck_old = json.loads(open(f"{work}/duck-original.out").read().strip().splitlines()[-1])
total = sum(streaming["rowsScanned"].values())
print()
print(f"rows: {rows:,} legacy (PostgreSQL) x {rows:,} FAST (CSV); scanned {total:,}")
print(f"streaming preview : {stream_s:6.2f} s wall  {total / stream_s:12,.0f} rows/s  peak RSS {stream_kb / 1024:6.0f} MB  (engine {streaming['elapsedMs']} ms, spilled {streaming['spilled']})")
print(f"streaming via API : {api_s:6.2f} s wall  {total / api_s:12,.0f} rows/s  peak RSS {api_kb / 1024:6.0f} MB  (engine {api['elapsedMs']} ms, FAST through the demo API)")
print(f"pushdown preview  : {push_s:6.2f} s wall  {total / push_s:12,.0f} rows/s  peak RSS {push_kb / 1024:6.0f} MB  (engine {pushdown['elapsedMs']} ms)")
print(f"hand-written SQL  : {hand_s:6.2f} s wall (psql)")
print(f"DuckDB at its best: {duck_s:6.2f} s wall (query {duck['elapsedMs']} ms; decimal(18, 8), arg_min per key)")
print(f"DuckDB original   : {duck_old_s:6.2f} s wall (query {duck_old['elapsedMs']} ms; decimal(28, 8), ordered window)")
print()
print(f"streaming within 15 s        : {'yes' if stream_s <= 15 else 'NO'} ({stream_s:.2f} s)")
print(f"streaming vs DuckDB at best  : {stream_s / duck_s:.2f}x (aim: at most 1x)")
print(f"streaming vs DuckDB original : {stream_s / duck_old_s:.2f}x")
print(f"pushdown vs hand SQL (1.3x)  : {push_s / hand_s:.2f}x")
print(f"peak RSS under 1 GB          : {'yes' if max(stream_kb, api_kb) < 1024 * 1024 else 'NO'} ({stream_kb / 1024:.0f} MB, {api_kb / 1024:.0f} MB through the API)")
print()
print("same counts (streaming / via API / pushdown / DuckDB at its best / DuckDB original):")
print(f"  keys in both     {streaming['presence']['legacy+fast']:>9} {api['presence']['legacy+fast']:>9} {pushdown['presence']['legacy+fast']:>9} {duck['counts']['both_sources']:>9} {duck_old['counts']['both_sources']:>9}")
print(f"  legacy only      {streaming['presence']['legacy']:>9} {api['presence']['legacy']:>9} {pushdown['presence']['legacy']:>9} {duck['counts']['legacy_only']:>9} {duck_old['counts']['legacy_only']:>9}")
print(f"  fast only        {streaming['presence']['fast']:>9} {api['presence']['fast']:>9} {pushdown['presence']['fast']:>9} {duck['counts']['fast_only']:>9} {duck_old['counts']['fast_only']:>9}")
premium = lambda r: next(f for f in r['fields'] if f['name'] == 'premium')
print(f"  premium mismatch {premium(streaming)['mismatches']:>9} {premium(api)['mismatches']:>9} {premium(pushdown)['mismatches']:>9} {duck['counts']['premium_mismatches']:>9} {duck_old['counts']['premium_mismatches']:>9}")
print(f"  premium invalid  {premium(streaming)['invalid']:>9} {premium(api)['invalid']:>9} {premium(pushdown)['invalid']:>9} {duck['counts']['legacy_premium_invalid'] + duck['counts']['fast_premium_invalid']:>9} {duck_old['counts']['legacy_premium_invalid'] + duck_old['counts']['fast_premium_invalid']:>9}")
print(f"  legacy dup rows  {streaming['duplicates']['legacy']['extraRows']:>9} {api['duplicates']['legacy']['extraRows']:>9} {pushdown['duplicates']['legacy']['extraRows']:>9} {duck['counts']['legacy_extra_rows']:>9} {duck_old['counts']['legacy_extra_rows']:>9}")
if api['fields'] != streaming['fields'] or api['presence'] != streaming['presence']:
    print("  the preview through the API DIFFERS from the preview of the file")
if duck['counts'] != duck_old['counts']:
    print("  DuckDB at its best DIFFERS from the original DuckDB query")
duck_row = (duck['counts']['both_sources'], duck['counts']['legacy_only'], duck['counts']['fast_only'], duck['counts']['premium_mismatches'],
            duck['counts']['legacy_premium_invalid'] + duck['counts']['fast_premium_invalid'], duck['counts']['legacy_extra_rows'])
stream_row = (streaming['presence']['legacy+fast'], streaming['presence']['legacy'], streaming['presence']['fast'],
              premium(streaming)['mismatches'], premium(streaming)['invalid'], streaming['duplicates']['legacy']['extraRows'])
if duck_row != stream_row:
    print("  DuckDB DIFFERS from the streaming preview")
PY
