#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store tests, and print the URL to use.
#
#   eval "$(scripts/start-test-postgres.sh)"      # exports MARSAD_TEST_POSTGRES_URL
#   python -m pytest tests/store -q               # runs the store tests on SQLite and PostgreSQL
#   scripts/start-test-postgres.sh stop           # stops the cluster and removes its files
#
# Installs the Debian package `postgresql` with apt-get when the server binaries are missing.
# The cluster lives in a temporary directory, listens on 127.0.0.1:$MARSAD_TEST_PG_PORT
# (default 54329) and trusts local connections. Everything but the export line goes to stderr.
set -euo pipefail

PORT="${MARSAD_TEST_PG_PORT:-54329}"
STATE="${TMPDIR:-/tmp}/marsad-test-postgres-${PORT}.state"
DB=marsad_test

log() { echo "start-test-postgres: $*" >&2; }

pg_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
    command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)" && return 0
    return 1
}

as_owner() {  # run a command as the cluster owner (postgres when we are root)
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [[ "${1:-}" == "stop" ]]; then
    if [[ -f "$STATE" ]]; then
        # shellcheck disable=SC1090
        source "$STATE"
        as_owner "$BINDIR/pg_ctl" -D "$DATADIR" -m fast stop >&2 || true
        rm -rf "$DATADIR" "$STATE"
        log "stopped"
    else
        log "no cluster recorded in $STATE"
    fi
    exit 0
fi

if ! BINDIR=$(pg_bindir); then
    log "installing postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BINDIR=$(pg_bindir)
fi

URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/${DB}"

if [[ -f "$STATE" ]]; then
    # shellcheck disable=SC1090
    source "$STATE"
    if as_owner "$BINDIR/pg_ctl" -D "$DATADIR" status >/dev/null 2>&1; then
        log "already running on port $PORT"
        echo "export MARSAD_TEST_POSTGRES_URL=$URL"
        exit 0
    fi
    rm -rf "$DATADIR"
fi

DATADIR=$(mktemp -d "${TMPDIR:-/tmp}/marsad-pg-XXXXXX")
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown postgres "$DATADIR"
fi
chmod 700 "$DATADIR"
as_owner "$BINDIR/initdb" -D "$DATADIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_owner "$BINDIR/initdb" -D "$DATADIR" -U postgres --auth=trust --encoding=UTF8 >&2
as_owner "$BINDIR/pg_ctl" -D "$DATADIR" -l "$DATADIR/server.log" -w \
    -o "-p $PORT -k $DATADIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >&2
as_owner "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE $DB" >&2
printf 'BINDIR=%q\nDATADIR=%q\n' "$BINDIR" "$DATADIR" > "$STATE"
log "running on port $PORT (data in $DATADIR)"
echo "export MARSAD_TEST_POSTGRES_URL=$URL"
