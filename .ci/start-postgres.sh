#!/bin/sh
# Starts the Debian PostgreSQL cluster and creates the CCGate test role and database. Idempotent.
set -eu
cd /  # psql as postgres warns if it cannot read the caller's working directory
PGVER="${PGVER:-$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)}"
PGVER="${PGVER:-$(ls /usr/lib/postgresql | sort -V | tail -n 1)}"
CLUSTER="${PGCLUSTER_NAME:-main}"
PGPORT="${PGPORT:-5432}"
# apt may install the server without a cluster (create_main_cluster=false, some images): create it.
if [ ! -d "/etc/postgresql/$PGVER/$CLUSTER" ]; then
  pg_createcluster --port "$PGPORT" "$PGVER" "$CLUSTER"
fi
# Containers block service start in postinst (policy-rc.d); start it here unless it already runs.
pg_ctlcluster "$PGVER" "$CLUSTER" status >/dev/null 2>&1 || pg_ctlcluster "$PGVER" "$CLUSTER" start
su postgres -c "psql -p $PGPORT -v ON_ERROR_STOP=1 -q" <<'SQL'
SELECT 'CREATE ROLE ccgate LOGIN CREATEDB PASSWORD ''ccgate'''
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccgate') \gexec
ALTER ROLE ccgate LOGIN CREATEDB PASSWORD 'ccgate';
SELECT 'CREATE DATABASE ccgate_test OWNER ccgate'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ccgate_test') \gexec
SQL
