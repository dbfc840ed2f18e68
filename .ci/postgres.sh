# Sourced by .ci/run and .ci/with-postgres: a throwaway PostgreSQL cluster for the store's tests.
#
#   spotter_pg_start   installs the server when missing (Debian), creates a cluster in a temporary
#                      directory, starts it on 127.0.0.1 and exports SPOTTER_TEST_POSTGRES_URL
#   spotter_pg_stop    stops the cluster and removes its directory (safe to call twice)
#
# Nothing here is meant for production: no fsync, trust authentication (on 127.0.0.1 only).

SPOTTER_PG_DIR=""
SPOTTER_PG_BIN=""

# PostgreSQL refuses to run as root, so as root every server command runs as the postgres user.
spotter_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

spotter_pg_find_bin() {
  local initdb
  # the newest version installed wins
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && SPOTTER_PG_BIN=$(dirname "$initdb")
  [ -n "$SPOTTER_PG_BIN" ]
}

spotter_pg_install() {
  if spotter_pg_find_bin; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres: no PostgreSQL server in /usr/lib/postgresql/*/bin; install it:" \
      "sudo apt-get install postgresql" >&2
    return 1
  fi
  echo "postgres: installing the PostgreSQL server (apt-get install postgresql)" >&2
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  spotter_pg_find_bin || { echo "postgres: apt-get installed no initdb" >&2; return 1; }
}

# A port nobody listens on yet, from 5433 up.
spotter_pg_free_port() {
  local port=$1
  while [ "$port" -lt 5533 ]; do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
    port=$((port + 1))
  done
  echo "postgres: no free port in 5433..5532" >&2
  return 1
}

spotter_pg_start() {
  spotter_pg_install || return 1
  if [ "$(id -u)" -eq 0 ] && ! getent passwd postgres >/dev/null; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local base="${TMPDIR:-/tmp}"
  # the postgres user must be able to reach the directory: as root, /tmp rather than a private TMPDIR
  [ "$(id -u)" -eq 0 ] && base=/tmp
  SPOTTER_PG_DIR=$(mktemp -d "$base/spotter-pg.XXXXXX")
  chmod 700 "$SPOTTER_PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$SPOTTER_PG_DIR"
  local data="$SPOTTER_PG_DIR/data"
  spotter_pg_as_owner "$SPOTTER_PG_BIN/initdb" -D "$data" --username=postgres --auth=trust \
    --encoding=UTF8 --no-locale >"$SPOTTER_PG_DIR/initdb.log" 2>&1 || {
    echo "postgres: initdb failed:" >&2
    cat "$SPOTTER_PG_DIR/initdb.log" >&2
    return 1
  }
  # TCP on 127.0.0.1 only, no Unix socket. Members of spotter_password_login must give their
  # password (the tests of a refused password); everyone else is trusted.
  spotter_pg_as_owner sh -c "cat > '$data/pg_hba.conf'" <<'HBA'
host  all  +spotter_password_login  127.0.0.1/32  scram-sha-256
host  all  all                      127.0.0.1/32  trust
HBA
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(spotter_pg_free_port $((5433 + (attempt - 1) * 7))) || return 1
    if spotter_pg_as_owner "$SPOTTER_PG_BIN/pg_ctl" -D "$data" -w -t 60 \
      -l "$SPOTTER_PG_DIR/server.log" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=''" \
      -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      -o "-c max_connections=300" \
      start >/dev/null; then
      export SPOTTER_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
      spotter_pg_as_owner "$SPOTTER_PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres \
        -d postgres -c "CREATE ROLE spotter_password_login NOLOGIN" >/dev/null
      echo "postgres: PostgreSQL $("$SPOTTER_PG_BIN/postgres" -V | awk '{print $3}')" \
        "listens on 127.0.0.1:$port (cluster in $SPOTTER_PG_DIR)" >&2
      return 0
    fi
    echo "postgres: the server did not start on port $port:" >&2
    tail -n 5 "$SPOTTER_PG_DIR/server.log" >&2 || true
  done
  return 1
}

spotter_pg_stop() {
  if [ -n "$SPOTTER_PG_DIR" ] && [ -d "$SPOTTER_PG_DIR" ]; then
    if [ -f "$SPOTTER_PG_DIR/data/postmaster.pid" ]; then
      spotter_pg_as_owner "$SPOTTER_PG_BIN/pg_ctl" -D "$SPOTTER_PG_DIR/data" -m immediate -w \
        stop >/dev/null 2>&1 || true
    fi
    rm -rf "$SPOTTER_PG_DIR"
  fi
  SPOTTER_PG_DIR=""
}
