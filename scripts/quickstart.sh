#!/usr/bin/env bash
# Builds vdi-db-manage and runs its main job against the embedded SQLite database of etc/vdi.conf:
# upgrade to head, then show where the database is and the history it went through.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}"
swift build -c release --product vdi-db-manage 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Planning)' || true
bin="$(swift build -c release --show-bin-path)/vdi-db-manage"
conf=etc/vdi.conf
echo "+ vdi-db-manage --config-file $conf check_connection"
"$bin" --config-file "$conf" check_connection
echo "+ vdi-db-manage --config-file $conf upgrade head"
"$bin" --config-file "$conf" upgrade head
echo "+ vdi-db-manage --config-file $conf current"
"$bin" --config-file "$conf" current
echo "+ vdi-db-manage --config-file $conf history"
"$bin" --config-file "$conf" history
