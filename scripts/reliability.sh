#!/usr/bin/env bash
# The reliability and security suites, with figures: concurrent runs, crashes and server loss in the
# middle of a revision, hostile names, bad input and fuzzing, on SQLite, PostgreSQL and MariaDB.
# Starts its own throwaway servers, a 3-node Galera cluster, PgBouncer and a PostgreSQL primary with a
# streaming standby (it kills and restarts them on
# purpose) and prints a table.
#   scripts/reliability.sh [fuzz-seconds]      everything (fuzzing 30 s by default; the cluster section
#                                              with 20 rounds per race and 5 kills per kind)
#   scripts/reliability.sh --cluster --short   the cluster, fencing and failover sections alone, 2 rounds
#                                              and 1 kill, fencing at one boundary of each kind, 3
#                                              failovers per replication mode (CI runs it)
# A killed run's lock is taken over once its lease expires: the runs here use a 3 s lease
# (OS_MIGRATIONS__LOCK_LEASE), not the default 30 s, so that the suites do not wait.
set -euo pipefail
cd "$(dirname "$0")/.."
cluster_only=0
rounds=20
cluster_kills=5
fuzz_seconds=30
for arg in "$@"; do
    case $arg in
        --cluster) cluster_only=1 ;;
        --short) rounds=2; cluster_kills=1 ;;
        *) fuzz_seconds=$arg ;;
    esac
done
source scripts/lib/deps.sh
source scripts/lib/servers.sh
source scripts/lib/cluster-reliability.sh
source scripts/lib/fencing.sh
source scripts/lib/failover.sh
ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
trap stop_servers EXIT INT TERM
# Durable MariaDB, as in production: a killed server keeps every committed statement.
VDI_MARIADB_FLUSH=1 CI=${CI:-1} start_servers
export OS_MIGRATIONS__LOCK_LEASE=3

swift build --build-tests 2>&1 | grep -E 'error:' && exit 1
bin=$(swift build --show-bin-path)
fixtures="$bin/vdi-db-manage-fixtures"
vdi="$bin/vdi-db-manage"
log=$(mktemp /tmp/vdi-reliability.XXXXXX)
declare -a rows
failures=0

report() {
    echo
    printf '%-34s %-16s %8s   %s\n' "suite" "measure" "count" "result"
    printf '%s\n' "${rows[@]}"
    echo
    echo "full log: $log"
    passed=$(( ${#rows[@]} - failures ))
    echo "$passed passed, $failures failed"
    [ "$failures" -eq 0 ]
}

cluster_section "$rounds" "$cluster_kills"
# A run paused past its lease at each statement boundary, on every server topology (short: a sample).
fencing_section "$([ "$rounds" -le 2 ] && echo short || echo full)"
# The PostgreSQL primary lost at a random boundary of VDI's history, the standby promoted, the next run
# through the same multi-host URL finishing (synchronous and asynchronous replication; short: 3 each).
failover_section "$([ "$rounds" -le 2 ] && echo 3 || echo 20)"
if [ $cluster_only -eq 1 ]; then
    leaks=$(grep -c -F "$VDI_DB_PASSWORD" "$log" || true)
    rows+=("$(printf '%-34s %-16s %8s   %s' "password leaks in all output" "leaks" "$leaks" "$([ "$leaks" -eq 0 ] && echo ok || echo FAILED)")")
    [ "$leaks" -eq 0 ] || failures=$((failures + 1))
    report
    exit $?
fi

suite() { # name filter figure-label figure
    local name=$1 filter=$2 label=$3 figure=$4 result
    if swift test --skip-build --filter "$filter" >>"$log" 2>&1; then result=ok; else result=FAILED; failures=$((failures + 1)); fi
    rows+=("$(printf '%-34s %-16s %8s   %s' "$name" "$label" "$figure" "$result")")
}

# Processes: 3 backends x (2 + 8 + 32) upgrading at once, plus upgrade-vs-downgrade and stamp-vs-upgrade races.
suite "concurrent upgrades and races" "ConcurrencyTests" "processes" $((3 * (2 + 8 + 32) + 3 * 2 + 3 * 2 + 1))
suite "SIGKILL mid-revision" "CrashTests" "crashes" 3
suite "MariaDB interrupted + --resume" "ResumeTests" "interruptions" 4
suite "hostile names and values" "ReflectionTests|OperationRoundTripTests" "backends" 3
suite "SIGINT mid-revision (exit 130)" "CrashTests/interrupted" "interrupts" 3
suite "resume reconciles with the schema" "ResumeReconcileTests|resumeAcrossRepositories" "interruptions" 6
suite "SQLite rebuild property test" "SQLiteRebuildTests|SQLiteKeepsObjectsTests" "cases" 32
suite "password corpus, every error path" "SecretTests" "passwords" 9
suite "bad invocations (binary)" "BadInputTests|CommandTests" "invocations" 45
# Random upgrade/downgrade/stamp sequences (online, --sql through the client, SIGKILL and again) against
# a pure model of the version rows and the schema, and every target form against Python Alembic.
VDI_MODEL_SEQUENCES=${VDI_MODEL_SEQUENCES:-1000} suite "model-based command sequences" "ModelBasedTests" "sequences" $((3 * ${VDI_MODEL_SEQUENCES:-1000}))
VDI_DIFFERENTIAL_FULL=1 suite "differential against Alembic" "AlembicDifferentialTests" "graphs" 4

# Server lost in the middle of a revision: the server is killed while the revision pauses.
server_loss() { # backend url kill restart
    local backend=$1 url=$2 kill_fn=$3 restart_fn=$4 marker status rc=0
    marker=$(mktemp -u /tmp/vdi-marker.XXXXXX)
    VDI_FIXTURE_HISTORY=slow "$fixtures" --database-connection "$url" upgrade a1b2c3d4e5f6 >>"$log" 2>&1 || rc=1
    VDI_FIXTURE_HISTORY=slow VDI_FIXTURE_MARKER=$marker VDI_FIXTURE_PAUSE=20 \
        "$fixtures" --database-connection "$url" upgrade head >>"$log" 2>"$marker.err" &
    local pid=$!
    for _ in $(seq 1 200); do [ -e "$marker" ] && break; sleep 0.1; done
    [ -e "$marker" ] || rc=1
    "$kill_fn"
    status=0
    wait "$pid" || status=$?
    cat "$marker.err" >>"$log"
    [ "$status" -eq 1 ] || rc=1
    [ "$(wc -l <"$marker.err")" -ge 1 ] || rc=1
    "$restart_fn" || rc=1
    local current
    current=$(VDI_FIXTURE_HISTORY=slow "$fixtures" --database-connection "$url" current 2>>"$log")
    [ "$current" = "a1b2c3d4e5f6" ] || rc=1
    if [ "$backend" = mysql ]; then
        # DDL committed as it ran: the tool refuses to continue blindly, then resumes.
        if VDI_FIXTURE_HISTORY=slow "$fixtures" --database-connection "$url" upgrade head >>"$log" 2>&1; then rc=1; fi
        VDI_FIXTURE_HISTORY=slow "$fixtures" --database-connection "$url" upgrade head --resume >>"$log" 2>&1 || rc=1
    else
        VDI_FIXTURE_HISTORY=slow "$fixtures" --database-connection "$url" upgrade head >>"$log" 2>&1 || rc=1
    fi
    current=$(VDI_FIXTURE_HISTORY=slow "$fixtures" --database-connection "$url" current 2>>"$log")
    [ "$current" = "5105105105f1 (head)" ] || rc=1
    rm -f "$marker" "$marker.err"
    return $rc
}
psql -X -q "$VDI_TEST_POSTGRESQL_URL" -c "CREATE SCHEMA reliability" >>"$log" 2>&1
pg_url="$VDI_TEST_POSTGRESQL_URL?options=-csearch_path%3Dreliability"
mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" -e "CREATE DATABASE reliability CHARACTER SET utf8mb4" >>"$log" 2>&1
my_url="${VDI_TEST_MYSQL_URL%%/vdi_test*}/reliability?charset=utf8mb4"
lost=0
for spec in "postgresql $pg_url kill_postgresql restart_postgresql" "mysql $my_url kill_mariadb restart_mariadb"; do
    set -- $spec
    if server_loss "$@"; then lost=$((lost + 1)); else failures=$((failures + 1)); echo "server loss on $1 failed" >&2; fi
done
rows+=("$(printf '%-34s %-16s %8s   %s' "server stopped mid-revision" "servers lost" 2 "$([ $lost -eq 2 ] && echo ok || echo FAILED)")")

# Random SIGKILLs in the middle of VDI's real history on MariaDB (DDL commits as it runs): after each,
# the next run refuses, `upgrade head --resume` (or a plain re-run when the kill fell between revisions)
# must reach head with a clean `check`, with no hand repair.
kills=${VDI_KILLS:-50}
repaired=0
mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" -e "CREATE DATABASE kills CHARACTER SET utf8mb4" >>"$log" 2>&1
kill_url="${VDI_TEST_MYSQL_URL%%/vdi_test*}/kills?charset=utf8mb4"
start=$(date +%s%N)
"$vdi" --database-connection "$kill_url" upgrade head >>"$log" 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
for i in $(seq 1 "$kills"); do
    mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" -e "DROP DATABASE kills; CREATE DATABASE kills CHARACTER SET utf8mb4" >>"$log" 2>&1
    "$vdi" --database-connection "$kill_url" upgrade head >>"$log" 2>&1 &
    pid=$!
    sleep "$(awk -v ms="$full_ms" -v r="$RANDOM" 'BEGIN { printf "%.3f", (r / 32767) * ms / 1000 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    ok=0
    if "$vdi" --database-connection "$kill_url" upgrade head >>"$log" 2>&1; then ok=1
    elif "$vdi" --database-connection "$kill_url" upgrade head --resume >>"$log" 2>&1; then ok=1
    fi
    if [ $ok -eq 1 ] && "$vdi" --database-connection "$kill_url" --subproject all check >>"$log" 2>&1; then :; else
        repaired=$((repaired + 1)); echo "kill $i needed repair" >>"$log"
    fi
done
rows+=("$(printf '%-34s %-16s %8s   %s' "MariaDB kills in VDI's history" "needing repair" "$repaired/$kills" "$([ $repaired -eq 0 ] && echo ok || echo FAILED)")")
[ $repaired -eq 0 ] || failures=$((failures + 1))

# A MariaDB server configured non-strict: narrowing a column must fail, not truncate.
mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" -e "SET GLOBAL sql_mode = ''; DROP DATABASE kills; CREATE DATABASE kills CHARACTER SET utf8mb4" >>"$log" 2>&1
strict=FAILED
long=$(printf 'n%.0s' $(seq 1 200))
if "$vdi" --database-connection "$kill_url" upgrade head >>"$log" 2>&1 \
    && mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" kills -e "INSERT INTO images (uuid, name, size_bytes) VALUES ('u', '$long', 5000000000)" >>"$log" 2>&1 \
    && ! "$vdi" --database-connection "$kill_url" downgrade juno >>"$log" 2>&1 \
    && [ "$(mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" kills -N -e "SELECT length(name) FROM images WHERE uuid = 'u'")" = 200 ]; then
    strict=ok
fi
mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" -e "SET GLOBAL sql_mode = DEFAULT" >>"$log" 2>&1
rows+=("$(printf '%-34s %-16s %8s   %s' "non-strict MariaDB server" "truncations" "$([ $strict = ok ] && echo 0 || echo 1)" "$strict")")
[ $strict = ok ] || failures=$((failures + 1))

fuzz_out=$(scripts/fuzz.sh "$fuzz_seconds" 2>&1 | tee -a "$log" | grep '^fuzz:' || true)
fuzz_inputs=$(echo "$fuzz_out" | sed -n 's/.* \([0-9]*\) generated inputs.*/\1/p')
if [ -n "$fuzz_inputs" ]; then fuzz_result=ok; else fuzz_result=FAILED; fuzz_inputs=0; failures=$((failures + 1)); fi
rows+=("$(printf '%-34s %-16s %8s   %s' "fuzzed URL/config/target parsers" "inputs" "$fuzz_inputs" "$fuzz_result")")

# No output of any run above may contain the test password.
leaks=$(grep -c -F "$VDI_DB_PASSWORD" "$log" || true)
rows+=("$(printf '%-34s %-16s %8s   %s' "password leaks in all output" "leaks" "$leaks" "$([ "$leaks" -eq 0 ] && echo ok || echo FAILED)")")
[ "$leaks" -eq 0 ] || failures=$((failures + 1))

report
