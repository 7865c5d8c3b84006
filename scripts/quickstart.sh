#!/usr/bin/env bash
# Builds vdi-db-manage and runs its main job against the embedded SQLite database of etc/vdi.conf:
# upgrade to head, then show where the database is and the history it went through.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/build.sh
ensure_packages "${BUILD_PACKAGES[@]}"
# The Swift runtime linked in: starts twice as fast and runs where Swift is not installed.
quiet_build quickstart.sh -c release --static-swift-stdlib --product vdi-db-manage
bin="$(swift build -c release --show-bin-path)/vdi-db-manage"
conf=etc/vdi.conf
# The database file is etc/vdi.db: a relative path in a config file is relative to that file.
echo "+ vdi-db-manage --config-file $conf upgrade head"
"$bin" --config-file "$conf" upgrade head
echo "+ vdi-db-manage --config-file $conf check_connection"
"$bin" --config-file "$conf" check_connection
echo "+ vdi-db-manage --config-file $conf current"
"$bin" --config-file "$conf" current
echo "+ vdi-db-manage --config-file $conf history"
"$bin" --config-file "$conf" history
