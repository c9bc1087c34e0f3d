#!/usr/bin/env bash
# Starts the machine's own PostgreSQL server on 127.0.0.1:5432 for the database test suite, with a
# `fanzha` superuser (password `fanzha`). Idempotent: does nothing when one already answers.
set -euo pipefail
PGBIN=${PGBIN:-$(dirname "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)")}
PGDATA=${PGDATA:-/tmp/fanzha-pg}
export PATH="$PGBIN:$PATH"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then echo "postgres already running"; exit 0; fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  rm -rf "$PGDATA"; mkdir -p "$PGDATA"; chown postgres "$PGDATA"
  su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
fi
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/server.log -o '-c listen_addresses=127.0.0.1 -c port=5432 -c fsync=off -c max_connections=200 -k /tmp' -w start" >/dev/null
psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_roles where rolname='fanzha'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -c "create role fanzha login superuser password 'fanzha'" >/dev/null
echo "postgres ready on 127.0.0.1:5432"
