# The failover section of scripts/reliability.sh: a PostgreSQL primary with a streaming standby
# (topologies.sh, start_pg_ha), VDI's whole history run through the multi-host URL, the primary lost
# (SIGKILL to its postmaster) at a random statement boundary of the run, the standby promoted, and the
# next run through the same URL finishing on the new primary. Sourced after the servers are up; uses
# $vdi, $log, rows, failures.
#   failover_section ROUNDS   (ROUNDS with synchronous replication, ROUNDS with asynchronous)
#
# A round: a fresh database on the primary (VDI's Icehouse fixture, stamped icehouse); `upgrade heads`
# through the multi-host URL (target_session_attrs=read-write) paused at boundary N (the tool's own
# failpoint, N drawn at random from the run's boundaries); the primary killed, the standby promoted,
# the paused run continued (it must stop with one error line: its server is gone); then:
#   - what the promoted node holds is consistent: every revision the ledger records as finished is in
#     the version table's history and every applied revision after icehouse has its ledger record (a
#     lost commit takes both with it, never one);
#   - synchronous replication: every revision the killed run reported done is on the new primary;
#     asynchronous: the revisions lost with the old primary are counted (the standby's WAL receiver is
#     stopped for the run, so the loss is real: whatever the kernel had not handed it is gone);
#   - `upgrade heads` through the same URL finishes (after the dead run's lease, or with --resume if
#     it says so), `check` finds no difference, the ledger is consistent again, and schema and rows
#     equal a clean run's;
#   - the lost node is made the new standby (pg_basebackup) for the next round.
# Needing repair by hand: a round in which the next run (or --resume) failed, or left a database unlike a
# clean run's (check, ledger, schema, rows). The other checks fail the round without counting there.

FAILOVER_LEASE=2
FAILOVER_TABLES="desktops desktop_assignments desktop_sessions quotas quota_usages reservations images hosts services acct_rates"

failover_url() { # db
    local ports=($VDI_TEST_PGHA_PORTS)
    echo "postgresql://vdi:$VDI_DB_PASSWORD@127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}/$1?target_session_attrs=read-write&connect_timeout=3"
}

failover_db() { # db: fresh, loaded with the Icehouse fixture and stamped icehouse (on the primary)
    pgha_psql primary -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 OWNER vdi" >>"$log" 2>&1
    pgha_psql primary -d "$1" -c "SET ROLE vdi" -f Tests/Fixtures/icehouse/postgresql.sql >>"$log" 2>&1
    # The URL names the standby first after an odd number of failovers: it must have the database.
    pgha_wait_replayed >>"$log" 2>&1
    "$vdi" --database-connection "$(failover_url "$1")" stamp icehouse >>"$log" 2>&1
    pgha_wait_replayed >>"$log" 2>&1
}

failover_fingerprint() { # db
    local t url
    url=$(failover_url "$1")
    "$vdi" --database-connection "$url" --subproject vdi inspect --format json 2>>"$log"
    "$vdi" --database-connection "$url" --subproject accounting inspect --format json 2>>"$log"
    for t in $FAILOVER_TABLES; do echo "$t $(pgha_psql primary -d "$1" -c "SELECT count(*) FROM $t" 2>>"$log")"; done
}

# "ok" when the ledger and the version tables of database $1 (on the primary) agree; else what differs.
failover_ledger_check() { # db
    local url out=""
    url=$(failover_url "$1")
    local project table stamped
    for project in vdi accounting; do
        table=alembic_version; stamped=icehouse
        [ $project = accounting ] && { table=alembic_version_accounting; stamped=""; }
        local applied done_ stamp_json="[]"
        applied=$("$vdi" --database-connection "$url" --subproject $project history -r base:current --format json 2>>"$log") || applied="[]"
        [ -n "$stamped" ] && stamp_json=$("$vdi" --database-connection "$url" --subproject $project history -r base:$stamped --format json 2>>"$log")
        done_=$(pgha_psql primary -d "$1" -c "SELECT DISTINCT ON (revision) revision, direction, finished_ms IS NOT NULL FROM ${table}_ledger ORDER BY revision, started_ms DESC" 2>>"$log")
        out="$out$(APPLIED="$applied" STAMPED="$stamp_json" DONE="$done_" python3 - "$project" <<'PY'
import json, os, sys
applied = {r["revision"] for r in json.loads(os.environ["APPLIED"] or "[]")}
stamped = {r["revision"] for r in json.loads(os.environ["STAMPED"] or "[]")}
done = set()
for line in filter(None, os.environ["DONE"].splitlines()):
    rev, direction, finished = line.split("|")
    if direction == "upgrade" and finished == "t":
        done.add(rev)
claimed = sorted(done - applied)
missing = sorted(applied - stamped - done)
if claimed or missing:
    print(f" {sys.argv[1]}: ledger claims {claimed} not applied, applied without a ledger record {missing}", end="")
PY
)"
    done
    echo "${out:-ok}"
}

# One round; prints "ok LOST" (LOST revisions lost with the old primary and run again) or "FAILED why".
failover_round() { # sync|async point reference
    local mode=$1 point=$2 reference=$3 db=failover_round url out pid arc rc why="" reported lost=0 walrcv=""
    failover_db $db
    url=$(failover_url $db)
    out=$(mktemp /tmp/vdi-failover.XXXXXX)
    if [ "$mode" = async ]; then
        walrcv=$(pgha_walreceiver)
        [ -n "$walrcv" ] && kill -STOP "$walrcv"
    fi
    OS_MIGRATIONS__LOCK_LEASE=$FAILOVER_LEASE VDI_DB_MANAGE_FAILPOINT=$point \
        "$vdi" --database-connection "$url" upgrade heads >"$out.a" 2>&1 &
    pid=$!
    if ! fence_wait_stopped $pid; then
        wait $pid || true
        [ -n "$walrcv" ] && kill -CONT "$walrcv"
        echo "FAILED the run did not reach $point"; cat "$out.a" >>"$log"; rm -f "$out"*; return
    fi
    # What the run reported done before it was paused (revisions whose "done in" line printed).
    reported=$(awk '/^Running upgrade/ {for (i = 1; i < NF; i++) if ($i == "->") rev = $(i + 1); sub(",", "", rev)} /^  done in/ && rev {print rev; rev = ""}' "$out.a")
    pgha_kill_primary
    [ -n "$walrcv" ] && kill -CONT "$walrcv"
    pgha_promote || { echo "FAILED the standby was not promoted"; kill -9 $pid; rm -f "$out"*; return; }
    kill -CONT $pid
    arc=0
    wait $pid || arc=$?
    { echo "== failover $mode $point"; cat "$out.a"; } >>"$log"
    # Paused between repositories (after core's last COMMIT), the run goes on through the same URL on
    # the promoted node and may finish there: exit 0 with no error. Otherwise one line and exit 1.
    if [ $arc -eq 0 ]; then
        grep -q '^vdi-db-manage: error:' "$out.a" && why="$why; the killed run exited 0 after an error"
    else
        [ "$(grep -c '^vdi-db-manage: error:' "$out.a")" = 1 ] || why="$why; the killed run did not print one error line"
        grep '^vdi-db-manage: error:' "$out.a" | grep -qi 'the server was lost' || why="$why; the killed run's error does not say the server was lost"
    fi
    grep -q -e 'Fatal error' -e 'Stack dump' "$out.a" && why="$why; a crash"
    # The promoted node's own account, before anything runs there.
    local ledger
    ledger=$(failover_ledger_check $db)
    [ "$ledger" = ok ] || why="$why; after the failover:$ledger"
    local applied rev
    applied=$(for p in vdi accounting; do
        "$vdi" --database-connection "$url" --subproject $p history -r base:current --format json 2>>"$log" \
            | python3 -c 'import json,sys; print("\n".join(r["revision"] for r in json.load(sys.stdin)))' 2>>"$log"
    done)
    for rev in $reported; do
        grep -qx "$rev" <<<"$applied" || lost=$((lost + 1))
    done
    [ "$mode" = sync ] && [ $lost -ne 0 ] && why="$why; $lost revisions reported done were lost with synchronous replication"
    # The next run, through the same URL.
    pgha_replication async  # the promoted node has no standby yet: a synchronous one would wait for ever
    rc=0
    OS_MIGRATIONS__LOCK_LEASE=$FAILOVER_LEASE OS_MIGRATIONS__LOCK_TIMEOUT=60 \
        "$vdi" --database-connection "$url" upgrade heads >"$out.b" 2>&1 || rc=$?
    if [ $rc -ne 0 ] && grep -q -- "--resume" "$out.b"; then
        rc=0
        OS_MIGRATIONS__LOCK_LEASE=$FAILOVER_LEASE OS_MIGRATIONS__LOCK_TIMEOUT=60 \
            "$vdi" --database-connection "$url" upgrade heads --resume >>"$out.b" 2>&1 || rc=$?
    fi
    cat "$out.b" >>"$log"
    # What would need a hand: the next run failing, or a database unlike a clean run's after it.
    local repair=""
    [ $rc -eq 0 ] || repair="$repair; the next run failed: $(grep '^vdi-db-manage: error:' "$out.b" | head -1)"
    "$vdi" --database-connection "$url" --subproject vdi check >>"$log" 2>&1 || repair="$repair; check found differences"
    ledger=$(failover_ledger_check $db)
    [ "$ledger" = ok ] || repair="$repair; after the next run:$ledger"
    failover_fingerprint $db >"$out.f"
    cmp -s "$out.f" "$reference" || { repair="$repair; schema or rows differ from a clean run"; diff "$reference" "$out.f" >>"$log"; }
    # The lost node back as the new primary's standby, replication as the round's mode wants.
    pgha_rebuild >>"$log" 2>&1 || why="$why; the lost node did not come back as a standby"
    pgha_replication "$mode"
    rm -f "$out" "$out".*
    if [ -n "$repair" ]; then echo "REPAIR ${repair#; }${why}"
    elif [ -n "$why" ]; then echo "FAILED ${why#; }"
    else echo "ok $lost"; fi
}

failover_section() { # rounds per replication mode
    local per=$1 mode boundaries reference points point r rounds bad repair lost
    failover_db failover_reference
    local url
    url=$(failover_url failover_reference)
    boundaries=$(VDI_DB_MANAGE_FAILPOINT=list "$vdi" --database-connection "$url" upgrade heads 2>&1 >/dev/null | grep '^failpoint ' | awk '{print $2}')
    reference=$(mktemp /tmp/vdi-failover-ref.XXXXXX)
    failover_fingerprint failover_reference >"$reference"
    RANDOM=30  # the same rounds each time
    for mode in sync async; do
        pgha_replication "$mode"
        rounds=0 bad=0 repair=0 lost=0
        points=$(echo "$boundaries" | shuf -n "$per" --random-source=<(yes "$mode"))
        for point in $points; do
            # Before or after the statement at that boundary (after a revision's COMMIT: between revisions).
            point="$([ $((RANDOM % 2)) -eq 0 ] && echo before || echo after):$point"
            r=$(failover_round "$mode" "$point" "$reference")
            rounds=$((rounds + 1))
            case $r in
                ok*) lost=$((lost + ${r#ok })) ;;
                REPAIR*) repair=$((repair + 1)); bad=$((bad + 1)); echo "failover $mode $point: $r" >>"$log"; echo "failover $mode $point: $r" >&2 ;;
                *) bad=$((bad + 1)); echo "failover $mode $point: $r" >>"$log"; echo "failover $mode $point: $r" >&2 ;;
            esac
        done
        rows+=("$(printf '%-34s %-16s %8s   %s' "failover, $mode replication" "rounds" "$rounds" "$([ $bad -eq 0 ] && echo ok || echo FAILED)")")
        rows+=("$(printf '%-34s %-16s %8s   %s' "failover, $mode: repair by hand" "rounds" "$repair" "$([ $repair -eq 0 ] && echo ok || echo FAILED)")")
        rows+=("$(printf '%-34s %-16s %8s   %s' "failover, $mode: lost, run again" "revisions" "$lost" "$([ "$mode" = async ] || [ $lost -eq 0 ] && echo ok || echo FAILED)")")
        [ $bad -eq 0 ] || failures=$((failures + 1))
    done
    pgha_replication async
    rm -f "$reference"
}
