#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts throwaway PostgreSQL and MariaDB servers on
# loopback, runs `swift test` against them and SQLite, and removes the servers however the tests end.
#   scripts/test.sh [extra swift test arguments, e.g. --filter Graph]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/build.sh
source scripts/lib/servers.sh
source scripts/lib/alembic.sh

ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

# The engine's folders depend one way, in the order ARCHITECTURE.md states: a cycle or a use against
# the order fails here, before anything is built.
python3 scripts/folder-deps.py Sources/MigrationKit ARCHITECTURE.md >/dev/null || {
    python3 scripts/folder-deps.py Sources/MigrationKit ARCHITECTURE.md | grep -v -- ' -> ' >&2
    exit 1
}

trap stop_servers EXIT INT TERM
start_servers
ensure_alembic_venv || { [ -n "${CI:-}" ] && exit 1; echo "Alembic interoperability tests will be skipped" >&2; }

# The build's progress lines are dropped; a failed build stops the run with its errors shown.
quiet_build test.sh --build-tests
# The VDI revision registry and graph must be sound before anything else runs.
swift run --skip-build vdi-db-manage --database-connection sqlite:// --subproject all check_migration
# A skipped or cancelled test is reported as such; in CI one is a failure (a database that did not start
# must never pass). The golden-file rewriter is a tool, skipped unless VDI_UPDATE_GOLDEN is set.
log=$(mktemp /tmp/vdi-test.XXXXXX)
status=0
# XCTest's empty "Selected tests ... Executed 0 tests" lines (all tests are Swift Testing) are noise.
swift test --skip-build "$@" 2>&1 | sed -e "/^Test Suite 'Selected tests' /d" -e '/Executed 0 tests, with 0 failures/d' | tee "$log" || status=$?
if [ -n "${CI:-}" ]; then
    skipped=$(grep -E '^(➜ .*(skipped|was cancelled)|skipping: |skipped: )' "$log" | grep -v 'rewrite the golden files' || true)
    if [ -n "$skipped" ]; then
        echo "CI: tests were skipped, which CI counts as failures:" >&2
        echo "$skipped" >&2
        status=1
    fi
fi
rm -f "$log"
exit "$status"
