#!/usr/bin/env bash
# Run the whole test suite (pytest) against real services: starts PostgreSQL if none runs.
# Usage: ./scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "run ./scripts/setup.sh first" >&2; exit 1; }
if [ -f .ci/start-postgres.sh ]; then
  bash .ci/start-postgres.sh
fi
exec .venv/bin/python -m pytest "$@"
