#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: `.ci/postgres.sh start|stop|status`.
#
#   eval "$(.ci/postgres.sh start)"   # starts it (or finds it running) and prints `export STRATA_TEST_POSTGRES=…`
#   .ci/postgres.sh stop              # stops it and deletes its data
#
# The cluster lives in $TMPDIR/strata-postgres-<port> (port 55432 unless STRATA_POSTGRES_PORT says otherwise), listens on
# 127.0.0.1 only, keeps fsync on, and has a role strata/strata with CREATEDB (each test creates and drops its own
# database). initdb refuses to run as root, so under root the server runs as the system user strata-ci, created here.
# Needs Debian's postgresql package (apt-get install postgresql); .ci/run installs it.
set -euo pipefail

port="${STRATA_POSTGRES_PORT:-55432}"
cluster="${TMPDIR:-/tmp}/strata-postgres-$port"
connection="Host=127.0.0.1;Port=$port;Username=strata;Password=strata;Database=postgres"

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]] && bin="$candidate"
done
if [[ -z "$bin" ]]; then
  echo "postgres.sh: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install them: apt-get install postgresql" >&2
  exit 1
fi

# Runs a command as the cluster's owner: the current user, or strata-ci when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u strata-ci -- "$@"; else "$@"; fi
}

running() { [[ -f "$cluster/data/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$cluster/data" status >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if ! running; then
      if [[ $(id -u) -eq 0 ]] && ! id strata-ci >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin strata-ci
      fi
      rm -rf "$cluster"
      as_owner mkdir -m 700 "$cluster"
      # --no-sync only skips flushing the fresh template files of a cluster that is thrown away anyway; the server runs with fsync on.
      as_owner "$bin/initdb" -D "$cluster/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync \
        --encoding=UTF8 --locale=C >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
      as_owner "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$cluster' -c fsync=on -c max_connections=200" \
        >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }
      as_owner "$bin/psql" -h "$cluster" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE strata LOGIN CREATEDB PASSWORD 'strata'" >&2
      echo "postgres.sh: PostgreSQL started on 127.0.0.1:$port (data in $cluster)" >&2
    else
      echo "postgres.sh: PostgreSQL already running on 127.0.0.1:$port (data in $cluster)" >&2
    fi
    echo "export STRATA_TEST_POSTGRES='$connection'"
    ;;
  stop)
    if running; then as_owner "$bin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null; fi
    rm -rf "$cluster"
    ;;
  status)
    running
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
