# The fencing section of scripts/reliability.sh: a run paused past its lease (SIGSTOP, as a frozen VM
# or a long stall) at a statement boundary of VDI's history, a second run taking the lock over and
# finishing, then the first continued. On PostgreSQL, MariaDB, a 3-node Galera cluster (the first run
# on node 1, the second on node 2) and PgBouncer in transaction pooling. Sourced after the servers and
# topologies are up and after cluster-reliability.sh (for topology_db); uses $vdi, $log, rows, failures.
#   fencing_section full|short   (full: every boundary of four revisions, paused before and after;
#                                 short, in CI: one DDL statement, one data statement and one revision
#                                 end, before and after)
#
# The pause is the tool's own failpoint (VDI_DB_MANAGE_FAILPOINT=before:N / after:N raises SIGSTOP at
# the Nth boundary; `list` prints them). "after" a data statement on MariaDB is inside its transaction,
# before the commit: the statement is in flight. After every round:
#   - the first run exits non-zero with exactly one error line;
#   - the second run finishes (after a MariaDB pause inside a revision it finishes the revision the run
#     it took the lock from left, as --resume does; a refusal naming the revision would fail the round
#     unless --resume then finishes it);
#   - every revision is finished once in the ledger, the schema equals a clean run's (`inspect`), and
#     every table holds the rows a clean run leaves (no data statement landed twice);
#   - statements after takeover: the SQL the first run sent once continued (its --debug log after the
#     pause, ROLLBACK aside) = 0.
# The second run has ddl_lock_timeout = 20 s: a paused run whose locks were never released fails the
# round instead of hanging it.

FENCE_TARGET=4a6f8b0d2e34   # icehouse + 4 revisions: DDL, backfills, seeding INSERTs, revision ends
FENCE_LEASE=2
FENCE_TABLES="desktops desktop_assignments quotas quota_usages reservations images hosts services"

# Fresh database $2 on topology $1 (postgresql, mariadb, or a cluster-reliability topology), loaded with
# VDI's Icehouse fixture and stamped icehouse; prints its URLs (first run's, second run's).
fence_db() {
    local topo=$1 name=$2 urls
    case $topo in
        postgresql)
            pg_sql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
            urls="${VDI_TEST_POSTGRESQL_URL%/vdi_test}/$name" ;;
        mariadb)
            mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" \
                -e "DROP DATABASE IF EXISTS $name; CREATE DATABASE $name CHARACTER SET utf8mb4" 2>>"$log"
            urls="${VDI_TEST_MYSQL_URL%%/vdi_test*}/$name?charset=utf8mb4" ;;
        *) urls=$(topology_db "$topo" "$name") ;;
    esac
    case $topo in
        postgresql | pgbouncer-*) psql -X -q "${VDI_TEST_POSTGRESQL_URL%/vdi_test}/$name" -f Tests/Fixtures/icehouse/postgresql.sql >>"$log" 2>&1 ;;
        mariadb) mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" "$name" <Tests/Fixtures/icehouse/mysql.sql 2>>"$log" ;;
        galera) galera_client 1 "$name" <Tests/Fixtures/icehouse/mysql.sql 2>>"$log" ;;
    esac
    set -- $urls
    "$vdi" --database-connection "$1" stamp icehouse >>"$log" 2>&1
    # One URL: both runs use it; several (Galera): the first run on node 1, the second on node 2.
    echo "$1 ${2:-$1}"
}

fence_query() { # topo db sql
    case $1 in
        postgresql | pgbouncer-*) psql -X -q -At "${VDI_TEST_POSTGRESQL_URL%/vdi_test}/$2" -c "$3" 2>>"$log" ;;
        mariadb) mariadb --no-defaults -N -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" "$2" -e "$3" 2>>"$log" ;;
        galera) galera_client 1 -N "$2" -e "SET SESSION wsrep_sync_wait = 1; $3" 2>>"$log" ;;
    esac
}

# What a database holds, for comparing with a clean run: the schema as `inspect` reports it, and the
# row count of every table the revisions fill.
fence_fingerprint() { # topo db url
    local t
    "$vdi" --database-connection "$3" --subproject vdi inspect --format json 2>>"$log"
    for t in $FENCE_TABLES; do echo "$t $(fence_query "$1" "$2" "SELECT count(*) FROM $t")"; done
}

fence_wait_stopped() { # pid
    local i st
    for i in $(seq 1 600); do
        st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
        [ "$st" = T ] && return 0
        sleep 0.05
    done
    return 1
}

# One round; prints "ok N" (N statements sent after the takeover) or "FAILED why".
fence_round() { # topo point reference last-boundary
    local topo=$1 point=$2 reference=$3 last=$4 db=fence_round urls a b pid rc out errs after
    urls=$(fence_db "$topo" "$db")
    set -- $urls
    a=$1 b=$2
    out=$(mktemp /tmp/vdi-fence.XXXXXX)
    OS_MIGRATIONS__LOCK_LEASE=$FENCE_LEASE VDI_DB_MANAGE_FAILPOINT=$point \
        "$vdi" --debug --database-connection "$a" upgrade $FENCE_TARGET >/dev/null 2>"$out.a" &
    pid=$!
    if ! fence_wait_stopped $pid; then
        wait $pid || true
        echo "FAILED the first run did not reach $point"; cat "$out.a" >>"$log"; rm -f "$out"*; return
    fi
    # Past the lease: the second run takes the lock over.
    sleep "$(awk -v l=$FENCE_LEASE 'BEGIN { print l * 1.3 }')"
    rc=0
    OS_MIGRATIONS__LOCK_LEASE=$FENCE_LEASE OS_MIGRATIONS__LOCK_TIMEOUT=60 OS_MIGRATIONS__DDL_LOCK_TIMEOUT=20 \
        "$vdi" --database-connection "$b" upgrade $FENCE_TARGET >>"$out.b" 2>&1 || rc=$?
    if [ $rc -ne 0 ] && grep -q -- "--resume" "$out.b"; then
        rc=0
        OS_MIGRATIONS__LOCK_LEASE=$FENCE_LEASE OS_MIGRATIONS__LOCK_TIMEOUT=60 OS_MIGRATIONS__DDL_LOCK_TIMEOUT=20 \
            "$vdi" --database-connection "$b" upgrade $FENCE_TARGET --resume >>"$out.b" 2>&1 || rc=$?
    fi
    kill -CONT $pid
    local arc=0
    wait $pid || arc=$?
    { echo "== $topo $point"; cat "$out.a" "$out.b"; } >>"$log"
    errs=$(grep -c '^vdi-db-manage: error:' "$out.a" || true)
    after=$(sed -n '/^failpoint: pausing/,$p' "$out.a" | grep '^DEBUG: ' | grep -v -e '^DEBUG: ROLLBACK' -e '^DEBUG: releasing' | wc -l)
    local why=""
    [ $rc -eq 0 ] || why="$why; the second run failed"
    if [ "$point" = "after:$last" ]; then
        # Paused after its last statement, the first run had nothing left to do: it ends as it was.
        [ $arc -eq 0 ] || why="$why; the first run failed after its last statement"
    else
        [ $arc -ne 0 ] || why="$why; the first run exited 0"
        [ "$errs" = 1 ] || why="$why; the first run printed $errs error lines"
    fi
    grep -q -e 'Fatal error' -e 'Stack dump' "$out.a" && why="$why; a crash"
    local twice
    twice=$(fence_query "$topo" $db "SELECT revision FROM alembic_version_ledger WHERE direction = 'upgrade' AND finished_ms IS NOT NULL GROUP BY revision HAVING count(*) <> 1")
    [ -z "$twice" ] || why="$why; finished twice in the ledger: $twice"
    [ "$(fence_query "$topo" $db "SELECT version_num FROM alembic_version")" = $FENCE_TARGET ] || why="$why; not at $FENCE_TARGET"
    fence_fingerprint "$topo" $db "$b" >"$out.f"
    cmp -s "$out.f" "$reference" || { why="$why; schema or rows differ from a clean run"; diff "$reference" "$out.f" >>"$log"; }
    rm -f "$out" "$out".*
    if [ -n "$why" ]; then echo "FAILED ${why#; }"; else echo "ok $after"; fi
}

# A run blocked inside a revision by another session's lock on the table it alters (the service's open
# transaction), paused there past its lease; the second run takes over, which ends the first one's
# statement still waiting on the server; the other session ends; the first continues. Not on Galera,
# whose DDL (total order) aborts the local transaction in its way instead of waiting for it.
fence_blocked_round() { # topo reference
    local topo=$1 reference=$2 db=fence_round urls a b pid rc arc out why=""
    urls=$(fence_db "$topo" "$db")
    set -- $urls
    a=$1 b=$2
    out=$(mktemp /tmp/vdi-fence.XXXXXX)
    case $topo in
        mariadb) mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" $db \
                     -e "BEGIN; SELECT count(*) FROM desktops; SELECT SLEEP(6); COMMIT" >/dev/null 2>>"$log" & ;;
        *) psql -X -q "${VDI_TEST_POSTGRESQL_URL%/vdi_test}/$db" -c "BEGIN" -c "LOCK TABLE desktops IN ACCESS SHARE MODE" \
               -c "SELECT pg_sleep(6)" -c "COMMIT" >/dev/null 2>>"$log" & ;;
    esac
    local blocker=$!
    sleep 0.5
    OS_MIGRATIONS__LOCK_LEASE=$FENCE_LEASE "$vdi" --debug --database-connection "$a" upgrade $FENCE_TARGET >/dev/null 2>"$out.a" &
    pid=$!
    sleep 1
    kill -STOP $pid
    grep -q '^DEBUG: ALTER TABLE .desktops. ADD COLUMN .uuid.' "$out.a" || why="$why; the first run was not waiting on the table"
    sleep "$(awk -v l=$FENCE_LEASE 'BEGIN { print l * 1.3 }')"
    rc=0
    OS_MIGRATIONS__LOCK_LEASE=$FENCE_LEASE OS_MIGRATIONS__LOCK_TIMEOUT=60 OS_MIGRATIONS__DDL_LOCK_TIMEOUT=20 \
        "$vdi" --database-connection "$b" upgrade $FENCE_TARGET >>"$out.b" 2>&1 || rc=$?
    if [ $rc -ne 0 ] && grep -q -- "--resume" "$out.b"; then
        rc=0
        OS_MIGRATIONS__LOCK_LEASE=$FENCE_LEASE OS_MIGRATIONS__LOCK_TIMEOUT=60 OS_MIGRATIONS__DDL_LOCK_TIMEOUT=20 \
            "$vdi" --database-connection "$b" upgrade $FENCE_TARGET --resume >>"$out.b" 2>&1 || rc=$?
    fi
    wait $blocker || true
    kill -CONT $pid
    arc=0
    wait $pid || arc=$?
    { echo "== $topo blocked"; cat "$out.a" "$out.b"; } >>"$log"
    [ $rc -eq 0 ] || why="$why; the second run failed"
    [ $arc -ne 0 ] || why="$why; the first run exited 0"
    [ "$(grep -c '^vdi-db-manage: error:' "$out.a")" = 1 ] || why="$why; the first run did not print one error line"
    local twice
    twice=$(fence_query "$topo" $db "SELECT revision FROM alembic_version_ledger WHERE direction = 'upgrade' AND finished_ms IS NOT NULL GROUP BY revision HAVING count(*) <> 1")
    [ -z "$twice" ] || why="$why; finished twice in the ledger: $twice"
    fence_fingerprint "$topo" $db "$b" >"$out.f"
    cmp -s "$out.f" "$reference" || { why="$why; schema or rows differ from a clean run"; diff "$reference" "$out.f" >>"$log"; }
    rm -f "$out" "$out".*
    if [ -n "$why" ]; then echo "FAILED ${why#; }"; else echo "ok 0"; fi
}

fencing_section() { # full|short
    local mode=$1 topo boundaries points point reference last r rounds bad sent total_rounds=0 total_bad=0 total_sent=0
    for topo in postgresql mariadb galera pgbouncer-transaction; do
        # A clean run lists the boundaries and leaves the reference the rounds are compared with.
        local urls
        urls=$(fence_db "$topo" fence_reference)
        set -- $urls
        boundaries=$(VDI_DB_MANAGE_FAILPOINT=list "$vdi" --database-connection "$1" upgrade $FENCE_TARGET 2>&1 >/dev/null | grep '^failpoint ')
        last=$(echo "$boundaries" | tail -1 | awk '{print $2}')
        reference=$(mktemp /tmp/vdi-fence-ref.XXXXXX)
        fence_fingerprint "$topo" fence_reference "$1" >"$reference"
        if [ "$mode" = short ]; then
            # One of each kind: the first DDL statement, the first data statement, the first revision end.
            points=$(for k in ddl data end; do echo "$boundaries" | awk -v k="$k:" '$3 == k {print $2; exit}'; done)
        else
            points=$(echo "$boundaries" | awk '{print $2}')
        fi
        rounds=0 bad=0 sent=0
        for point in $points; do
            for when in before after; do
                r=$(fence_round "$topo" "$when:$point" "$reference" "$last")
                rounds=$((rounds + 1))
                case $r in
                    ok*) sent=$((sent + ${r#ok })) ;;
                    *) bad=$((bad + 1)); echo "fencing $topo $when:$point: $r" >&2; echo "fencing $topo $when:$point: $r" >>"$log" ;;
                esac
            done
        done
        if [ "$topo" != galera ]; then
            r=$(fence_blocked_round "$topo" "$reference")
            rounds=$((rounds + 1))
            case $r in
                ok*) ;;
                *) bad=$((bad + 1)); echo "fencing $topo blocked: $r" >&2; echo "fencing $topo blocked: $r" >>"$log" ;;
            esac
        fi
        rm -f "$reference"
        drop_fence_dbs "$topo"
        local ok=ok
        [ $bad -eq 0 ] && [ $sent -eq 0 ] || { ok=FAILED; failures=$((failures + 1)); }
        rows+=("$(printf '%-34s %-16s %8s   %s' "paused past lease: $topo" "rounds/after" "$rounds/$sent" "$ok")")
        total_rounds=$((total_rounds + rounds)); total_bad=$((total_bad + bad)); total_sent=$((total_sent + sent))
    done
    echo "fencing: $total_rounds rounds, $total_bad failed, $total_sent statements after takeover" >>"$log"
}

drop_fence_dbs() {
    local db
    for db in fence_round fence_reference; do
        case $1 in
            postgresql) pg_sql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" ;;
            mariadb) mariadb --no-defaults -S "$VDI_TEST_MYSQL_SOCKET" -u "$(id -un)" -e "DROP DATABASE IF EXISTS $db" 2>>"$log" ;;
            *) drop_topology_db "$1" $db ;;
        esac
    done
}
