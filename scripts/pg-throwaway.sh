#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback: scripts/pg-throwaway.sh start <dir> <port> | stop <dir>
# Debian's postgresql package; initdb refuses root, so the cluster runs as the postgres user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
cmd=$1 dir=$2
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=$3
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod o+x "$(dirname "$dir")"; fi
    as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true
    rm -rf "$dir"
    ;;
esac
