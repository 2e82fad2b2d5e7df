#!/usr/bin/env bash
# Load bench of `strata serve` on loopback (see README.md in this folder):
#   GET /users/{id}/recommendations for random users of ml-latest-small with wrk, while POST /events runs at a fixed
#   rate (default 1,000 events/s); afterwards the log is checked for every acknowledged event (none lost, none doubled).
# Usage: bench/load/run.sh [seconds=30] [connections=32] [events_per_second=1000]
# STRATA_BENCH_MODEL picks the served model (default strata; ease fits in a fraction of the time).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
connections=${2:-32}
rate=${3:-1000}
data=${STRATA_DATA:-$(cd .. && pwd)/shared/data}
work=${STRATA_BENCH_DIR:-/tmp/strata-load-bench}
key=bench-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=${STRATA_BENCH_PORT:-5099}
url=http://127.0.0.1:$port
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

dotnet build src/Strata.Cli -c Release -o "$work/bin" -v quiet -nologo >/dev/null
strata() { dotnet "$work/bin/strata.dll" "$@"; }

# Every run starts from the freshly imported dataset (earlier runs' posted events would lengthen the histories).
db=$work/ml-latest-small.db
if [ ! -f "$work/imported.db" ]; then
  strata import --format movielens-latest --path "$data/ml-latest-small" --db "$work/imported.db" --json >/dev/null
fi
rm -f "$db" "$db-wal" "$db-shm" "$db.model"
cp "$work/imported.db" "$db"
# STRATA_BENCH_SAVED_MODEL=1 serves the model an earlier run fitted on this same import (ready in seconds instead of
# a ~5 min fit; only valid while the fitting code is unchanged).
if [ "${STRATA_BENCH_SAVED_MODEL:-0}" = 1 ] && [ -f "$work/imported.model" ]; then cp "$work/imported.model" "$db.model"; fi
# Users and items to draw from: ml-latest-small's own ids.
tail -n +2 "$data/ml-latest-small/ratings.csv" | cut -d, -f1 | sort -un > "$work/users.txt"
tail -n +2 "$data/ml-latest-small/movies.csv" | cut -d, -f1 | sort -un > "$work/items.txt"

if curl -s -o /dev/null "$url/health/live"; then echo "something already listens on $url" >&2; exit 1; fi
# exec: $! is then the server process itself, so the trap below stops it.
(STRATA_API_KEY=$key Strata__Serving__Model=${STRATA_BENCH_MODEL:-strata} Logging__LogLevel__Default=Warning \
  exec dotnet "$work/bin/strata.dll" serve --db "$db" --urls "$url" > "$work/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
echo "waiting for the model (the first start embeds 9,742 items; then the model is fitted)…"
until curl -sf "$url/health/ready" >/dev/null; do
  kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 1
done
# The server saves the fitted model (~390 MB here) just after it starts serving; measure once that is done.
for _ in $(seq 1 600); do [ -f "$db.model" ] && break; sleep 0.5; done
[ -f "$db.model" ] && [ ! -f "$work/imported.model" ] && cp "$db.model" "$work/imported.model"
before=$(python3 - "$db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("select count(*) from events").fetchone()[0])
PY
)
prefix=bench-$(date +%s)
# Warm-up: JIT and caches, not measured.
STRATA_API_KEY=$key STRATA_BENCH_USERS=$work/users.txt wrk -t2 -c"$connections" -d5s -s bench/load/recommend.lua "$url" >/dev/null

python3 bench/load/post_events.py --url "$url" --key "$key" --users "$work/users.txt" --items "$work/items.txt" \
  --rate "$rate" --seconds "$seconds" --prefix "$prefix" > "$work/posts.json" &
poster=$!
STRATA_API_KEY=$key STRATA_BENCH_USERS=$work/users.txt wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/load/recommend.lua "$url" | tee "$work/wrk.txt"
wait $poster

python3 - "$db" "$prefix" "$work/posts.json" "$before" <<'PY'
import json, sqlite3, sys
db, prefix, posts, before = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3])), int(sys.argv[4])
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
stored = con.execute("select count(*), count(distinct idempotency_key) from events where idempotency_key like ?", (prefix + "-%",)).fetchone()
print(json.dumps({**posts, "stored": stored[0], "stored_distinct": stored[1],
                  "lost": posts["acknowledged"] - stored[0] if stored[0] < posts["acknowledged"] else 0,
                  "duplicated": stored[0] - stored[1]}))
PY
