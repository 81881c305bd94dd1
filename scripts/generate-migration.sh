#!/usr/bin/env bash
# Generate a migration from the entities for BOTH dialects and merge them into one class:
#   scripts/generate-migration.sh AddBookings
# It migrates a fresh SQLite file and a throwaway PostgreSQL cluster to the current head, asks TypeORM for the
# difference to the entities in each, and writes libs/persistence/src/migrations/<timestamp>-<Name>.ts.
set -euo pipefail
name=${1:?usage: $0 MigrationName}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'scripts/pg-throwaway.sh stop "$work/pg"; rm -rf "$work"' EXIT
scripts/pg-throwaway.sh start "$work/pg" "$port"
run_cli() {
  TS_NODE_TRANSPILE_ONLY=1 DATABASE_URL=$1 node -r ts-node/register -r tsconfig-paths/register \
    node_modules/typeorm/cli.js "${@:2}" -d libs/persistence/src/data-source.ts
}
for target in "sqlite:$work/gen.sqlite" "postgres://postgres@127.0.0.1:$port/postgres"; do
  run_cli "$target" migration:run >/dev/null
done
run_cli "sqlite:$work/gen.sqlite" migration:generate "$work/sqlite/$name" >/dev/null
run_cli "postgres://postgres@127.0.0.1:$port/postgres" migration:generate "$work/pg/gen/$name" >/dev/null
node scripts/merge-migrations.js "$name" "$work/sqlite" "$work/pg/gen" libs/persistence/src/migrations
