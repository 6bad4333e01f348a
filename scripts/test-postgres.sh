#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the test suites.
#   test-postgres.sh start DIR   -> initdb + pg_ctl in DIR on a free port; writes DIR/url
#   test-postgres.sh stop DIR    -> stops it and removes DIR
# initdb refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail

cmd=${1:?usage: test-postgres.sh start|stop DIR}
dir=${2:?usage: test-postgres.sh start|stop DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    if [ -f "$dir/url" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "PostgreSQL already running: $(cat "$dir/url")"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir/data" "$dir/socket"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    as_owner "$bindir/initdb" -D "$dir/data" -U anxin --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U anxin anxin_test
    echo "postgresql://anxin@127.0.0.1:$port/anxin_test" >"$dir/url"
    [ "$(id -u)" = 0 ] && chmod 644 "$dir/url"
    echo "PostgreSQL started: $(cat "$dir/url")"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: test-postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
