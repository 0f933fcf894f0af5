#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 (trust auth for local tests) and that
# the test database exists. Starts the Debian cluster if one is installed, installs it otherwise.
# Usage: .ci/start-postgres.sh [DBNAME]   (default: juesuan_test; tests make their own per session)
set -euo pipefail

DB="${1:-juesuan_test}"
PGUSER_NAME="${PGUSER:-postgres}"
export PGCONNECT_TIMEOUT=5

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! is_up; then
  echo "start-postgres: installing postgresql via apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

if ! is_up; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  conf="/etc/postgresql/${version}/main"
  # Local test server: trust connections from this machine, listen on 127.0.0.1.
  if ! grep -q "juesuan-ci" "${conf}/pg_hba.conf"; then
    sed -i '1i host all all 127.0.0.1/32 trust # juesuan-ci\nlocal all all trust # juesuan-ci' "${conf}/pg_hba.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "${version}" main start
  for _ in $(seq 1 30); do is_up && break; sleep 1; done
fi

if ! is_up; then
  echo "start-postgres: PostgreSQL does not answer on 127.0.0.1:5432" >&2
  exit 1
fi

if ! psql -h 127.0.0.1 -U "${PGUSER_NAME}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}'" | grep -q 1; then
  psql -h 127.0.0.1 -U "${PGUSER_NAME}" -d postgres -qc "CREATE DATABASE \"${DB}\""
fi
echo "start-postgres: ready, postgresql://${PGUSER_NAME}@127.0.0.1:5432/${DB}" >&2
