#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the test suite, or stops it.
#   scripts/test-postgres.sh start   -> prints the DATABASE_URL to use
#   scripts/test-postgres.sh stop
# TEST_PG_OPTIONS adds server settings (the benchmarks: the production memory settings of docs/operations.md).
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

PORT="${TEST_PG_PORT:-54329}"
DIR="${TEST_PG_DIR:-/tmp/ruhr-monitor-test-pg-$PORT}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$BIN" ] || { echo "PostgreSQL-Server nicht installiert (Debian-Paket postgresql)." >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
      as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${TEST_PG_OPTIONS:-}" start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$PORT/ruhr_monitor"
    ;;
  stop)
    [ -f "$DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "Aufruf: $0 start|stop" >&2; exit 2 ;;
esac
