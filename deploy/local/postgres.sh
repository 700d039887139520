#!/usr/bin/env bash
# Starts a private PostgreSQL 15 for SocialCare in a project-local folder, on a loopback port.
# Installs Debian's postgresql package if it is missing. Idempotent: if the instance already
# runs, it only prints the connection string.
#
#   deploy/local/postgres.sh          start (default)
#   deploy/local/postgres.sh stop     stop the instance
#   deploy/local/postgres.sh url      print the connection string only
#
# Settings (environment): SOCIALCARE_PG_PORT (55432), SOCIALCARE_PG_DIR (<repo>/.data/postgres).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
port="${SOCIALCARE_PG_PORT:-55432}"
dir="${SOCIALCARE_PG_DIR:-$repo/.data/postgres}"
database=socialcare
password=socialcare
url="Host=127.0.0.1;Port=$port;Database=$database;Username=socialcare;Password=$password"

# As root, the server runs as the postgres user, which may not be able to enter the checkout
# (a private temporary folder, say). Then the data lives in a folder of this checkout's own
# under /tmp instead.
if [ "$(id -u)" = 0 ] && [ -z "${SOCIALCARE_PG_DIR:-}" ] && id postgres >/dev/null 2>&1 \
   && ! runuser -u postgres -- test -x "$repo"; then
  dir="/tmp/socialcare-postgres-$(printf '%s' "$repo" | md5sum | cut -c1-12)"
fi

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL refuses to run as root; run its tools as the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  url) echo "$url"; exit 0 ;;
  stop)
    bin="$(find_bin)"
    [ -n "$bin" ] && [ -f "$dir/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast stop || true
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|url]" >&2; exit 2 ;;
esac

bin="$(find_bin)"
if [ -z "$bin" ]; then
  echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  bin="$(find_bin)"
fi

if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  pwfile="$(mktemp)"
  echo "$password" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  as_owner "$bin/initdb" -D "$dir" -U socialcare --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
fi

if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  # Another instance on the port (another clone's, or one a benchmark left running) would make
  # pg_ctl fail with "could not start server": say whose it is and what to do instead.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    holders="$(ps -eo args= | awk '$1 ~ /bin\/postgres$/ { for (i = 2; i < NF; i++) if ($i == "-D") print $(i + 1) }' | tr '\n' ' ')"
    echo "postgres.sh: port $port is already taken${holders:+ (PostgreSQL running from: $holders)}; stop it (runuser -u postgres -- $bin/pg_ctl -D <folder> stop) or set SOCIALCARE_PG_PORT to another port." >&2
    exit 1
  fi
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
fi

if ! PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U socialcare -d postgres -tAc "select 1 from pg_database where datname='$database'" | grep -q 1; then
  PGPASSWORD=$password "$bin/createdb" -h 127.0.0.1 -p "$port" -U socialcare "$database"
fi

echo "$url"
