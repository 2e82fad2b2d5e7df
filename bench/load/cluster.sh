#!/usr/bin/env bash
# Load bench of a Strata cluster on loopback (see README.md in this folder): <silos> processes of
# `strata serve --cluster` over one PostgreSQL database holding ml-100k, EASE as the model. For <seconds>, one wrk per
# silo requests GET /users/{id}/recommendations (the connections split across silos: each silo answered directly, a
# round-robin by construction) while one poster per silo posts rating events (the rate split across silos); afterwards
# the log is checked for every acknowledged event (none lost, none doubled).
# Usage: bench/load/cluster.sh [silos=3] [seconds=20] [connections=8] [events_per_second=1000]
# Needs PostgreSQL: eval "$(.ci/postgres.sh start)" first (STRATA_TEST_POSTGRES names the server; a database
# strata_bench is created afresh on it).
set -euo pipefail
cd "$(dirname "$0")/../.."
silos=${1:-3}
seconds=${2:-20}
connections=${3:-8}
rate=${4:-1000}
data=${STRATA_DATA:-$(cd .. && pwd)/shared/data}
work=${STRATA_BENCH_DIR:-/tmp/strata-cluster-bench}
key=bench-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
: "${STRATA_TEST_POSTGRES:?start PostgreSQL first: eval \"\$(.ci/postgres.sh start)\"}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mkdir -p "$work"
rm -f "$work"/*.json "$work"/*.txt "$work"/silo-*.log

setting() { tr ';' '\n' <<<"$STRATA_TEST_POSTGRES" | sed -n "s/^$1=//Ip" | head -1; }
export PGHOST=$(setting Host) PGPORT=$(setting Port) PGUSER=$(setting Username) PGPASSWORD=$(setting Password)
psql -d postgres -qc "DROP DATABASE IF EXISTS strata_bench" -c "CREATE DATABASE strata_bench" 2>/dev/null
db="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=strata_bench"

dotnet build src/Strata.Cli -c Release -o "$work/bin" -v quiet -nologo >/dev/null
dotnet "$work/bin/strata.dll" import --format movielens-100k --path "$data/ml-100k" --db "$db" --json >/dev/null
cut -f1 "$data/ml-100k/u.data" | sort -un > "$work/users.txt"
cut -d'|' -f1 "$data/ml-100k/u.item" | sort -un > "$work/items.txt"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start_silo() {
  local i=$1
  (STRATA_API_KEY=$key Strata__Model__Kind=ease Strata__Model__EaseLambda=500 Logging__LogLevel__Default=Warning \
    Strata__Cluster__ClusterId=bench Strata__Embeddings__VectorCachePath="$work/vectors.db" Strata__RateLimit__PermitLimit=0 \
    exec dotnet "$work/bin/strata.dll" serve --cluster "$db" --urls "http://127.0.0.1:$((5190 + i))" \
      --Strata:Cluster:SiloPort=$((11190 + i)) --Strata:Cluster:SiloName=silo-$i > "$work/silo-$i.log" 2>&1) &
  pids+=($!)
}
wait_ready() {
  until curl -sf "http://127.0.0.1:$((5190 + $1))/health/ready" >/dev/null; do
    kill -0 "${pids[$(($1 - 1))]}" 2>/dev/null || { cat "$work/silo-$1.log"; exit 1; }
    sleep 1
  done
}
# The first silo embeds the catalogue into the shared vector cache; the others start from it.
start_silo 1; wait_ready 1
for i in $(seq 2 "$silos"); do start_silo "$i"; done
for i in $(seq 1 "$silos"); do wait_ready "$i"; done
until [ "$(curl -s -H "X-Api-Key: $key" http://127.0.0.1:5191/cluster | grep -o '"Active"' | wc -l)" -eq "$silos" ]; do sleep 1; done
echo "$silos silos ready: $(curl -s http://127.0.0.1:5191/health/ready)"

per_silo_connections=$(( connections / silos > 0 ? connections / silos : 1 ))
# Warm-up: JIT, caches and every user's grain activated somewhere; not measured.
warmups=()
for i in $(seq 1 "$silos"); do
  STRATA_API_KEY=$key STRATA_BENCH_USERS=$work/users.txt wrk -t1 -c"$per_silo_connections" -d5s -s bench/load/recommend.lua "http://127.0.0.1:$((5190 + i))" >/dev/null &
  warmups+=($!)
done
wait "${warmups[@]}"

prefix=bench-$(date +%s)
posters=()
for i in $(seq 1 "$silos"); do
  python3 bench/load/post_events.py --url "http://127.0.0.1:$((5190 + i))" --key "$key" --users "$work/users.txt" --items "$work/items.txt" \
    --rate $(( rate / silos )) --seconds "$seconds" --prefix "$prefix-$i" --threads 2 > "$work/posts-$i.json" &
  posters+=($!)
done
loads=()
for i in $(seq 1 "$silos"); do
  STRATA_API_KEY=$key STRATA_BENCH_USERS=$work/users.txt wrk -t1 -c"$per_silo_connections" -d"${seconds}s" --latency \
    -s bench/load/recommend.lua "http://127.0.0.1:$((5190 + i))" > "$work/wrk-$i.txt" &
  loads+=($!)
done
wait "${loads[@]}" "${posters[@]}"
for i in $(seq 1 "$silos"); do echo "silo-$i: $(grep RESULT "$work/wrk-$i.txt" | tr '\n' ' ')"; done

acknowledged=$(cat "$work"/posts-*.json | python3 -c 'import json,sys; print(sum(json.loads(l)["acknowledged"] for l in sys.stdin))')
read -r stored distinct < <(psql -d strata_bench -tAF' ' -c "SELECT count(*), count(DISTINCT idempotency_key) FROM events WHERE idempotency_key LIKE '$prefix-%'")
python3 - "$work" "$silos" "$acknowledged" "$stored" "$distinct" <<'PY'
import glob, json, re, sys
work, silos, acked, stored, distinct = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rps = p99 = 0.0; errors = 0
for f in glob.glob(f"{work}/wrk-*.txt"):
    text = open(f).read()
    m = dict(re.findall(r"(\w+)=([\d.]+)", " ".join(l for l in text.splitlines() if l.startswith("RESULT"))))
    rps += float(m["rps"]); p99 = max(p99, float(m["p99_ms"])); errors += int(m["socket_errors"]) + int(m["status_errors"])
posts = [json.load(open(f)) for f in glob.glob(f"{work}/posts-*.json")]
print(json.dumps({"silos": silos, "requests_per_second": round(rps, 1), "worst_silo_p99_ms": p99, "errors": errors,
                  "events_per_second": round(sum(p["events_per_second"] for p in posts), 1), "post_failed": sum(p["failed"] for p in posts),
                  "post_p99_ms": max(p["post_p99_ms"] or 0 for p in posts),
                  "acknowledged": acked, "stored": stored, "lost": max(0, acked - stored), "duplicated": stored - distinct}))
PY
