#!/usr/bin/env bash
# Regenerates the client SDK from the server's own OpenAPI document:
#   1. builds the CLI and starts `strata serve` on a free 127.0.0.1 port over an empty, throw-away store;
#   2. saves its /openapi/v1.json as clients/openapi/strata.v1.json (the contract the client is generated from);
#   3. regenerates clients/Strata.Client/Generated with Kiota (the version pinned in .config/dotnet-tools.json).
# Run from anywhere: ./clients/regenerate.sh. Commit the document and the generated code together.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
document="clients/openapi/strata.v1.json"
generated="clients/Strata.Client/Generated"

dotnet build src/Strata.Cli -c Release -nologo -v quiet
dotnet tool restore >/dev/null

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The document does not depend on the data: an empty store serves it while the (empty) first fit runs or fails.
# A throw-away key: the server refuses to start without one, and nothing here writes.
STRATA_API_KEY="regenerate-$(date +%s%N)" DOTNET_NOLOGO=1 Logging__Console__FormatterName=simple \
  dotnet src/Strata.Cli/bin/Release/net10.0/strata.dll serve --db "$work/strata.db" --urls http://127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 1 300); do
  url="$(grep -oE 'Now listening on: http://[^ ]+' "$work/server.log" | head -n1 | sed 's/Now listening on: //' || true)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "strata serve exited:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
if [[ -z "$url" ]]; then
  echo "strata serve did not start listening:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

mkdir -p "$(dirname "$document")"
curl -fsS "$url/openapi/v1.json" -o "$work/openapi.json"
# Without "servers" (the throw-away port would change every time: a client is given its server's address), pretty-printed
# so that a regeneration diffs line by line.
python3 - "$work/openapi.json" "$document" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)
document.pop("servers", None)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(document, f, indent=2, ensure_ascii=False)
    f.write("\n")
PY
echo "saved $document from $url"

dotnet kiota generate \
  --language CSharp \
  --openapi "$document" \
  --output "$generated" \
  --class-name StrataApiClient \
  --namespace-name Strata.Client \
  --exclude-backward-compatible \
  --clean-output \
  --log-level Warning
# Kiota's lock file records the inputs (document hash, version, options) the code was generated from; keep it.
echo "regenerated $generated"
