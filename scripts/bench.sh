#!/usr/bin/env bash
# Benchmarks vdi-db-manage against Python Alembic on the same workloads and databases (issue #7):
# builds the release binary, starts throwaway PostgreSQL and MariaDB servers, installs Alembic,
# SQLAlchemy and their drivers in a virtual environment, and runs bench/run.py.
#   scripts/bench.sh [--runs N] [--revisions N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
VDI_SINGLE_SERVERS=1  # the benchmarks need no cluster
source scripts/lib/servers.sh
source scripts/lib/alembic.sh
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
trap stop_servers EXIT INT TERM
VDI_MARIADB_FLUSH=1 start_servers
ensure_alembic_venv
swift build -c release 2>&1 | grep -E 'error:' && exit 1
products=$(swift build -c release --show-bin-path)
python3 bench/run.py --products "$products" "$@"
