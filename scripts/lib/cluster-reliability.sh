# The cluster section of scripts/reliability.sh: the migration lock on a 3-node Galera cluster and
# behind PgBouncer (transaction and session pooling). Sourced after the servers and topologies are up;
# uses $fixtures, $vdi, $log and appends to rows/failures like the other sections.
#   cluster_section ROUNDS KILLS   (the full run: 20 and 5; CI's short run: 2 and 1)

galera_sql() { galera_client 1 -N "$@" 2>>"$log"; }
pg_sql() { psql -X -q -At "$VDI_TEST_POSTGRESQL_URL" "$@" 2>>"$log"; }

# Fresh database $2 on topology $1; prints the URLs runs use (one per node, or PgBouncer's).
topology_db() {
    local topo=$1 name=$2 u urls=()
    case $topo in
        galera)
            galera_sql -e "DROP DATABASE IF EXISTS $name; CREATE DATABASE $name CHARACTER SET utf8mb4"
            for u in $VDI_TEST_GALERA_URLS; do urls+=("${u%%/vdi_test*}/$name?charset=utf8mb4"); done ;;
        pgbouncer-transaction | pgbouncer-session)
            pg_sql -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
            u=$([ "$topo" = pgbouncer-transaction ] && echo "$VDI_TEST_PGBOUNCER_TX_URL" || echo "$VDI_TEST_PGBOUNCER_SESSION_URL")
            urls+=("${u%/vdi_test}/$name") ;;
    esac
    echo "${urls[*]}"
}

# Drops database $2 of topology $1 (its pooled server connections with it).
drop_topology_db() {
    case $1 in
        galera) galera_sql -e "DROP DATABASE IF EXISTS $2" ;;
        *) pg_sql -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" ;;
    esac
}

# A query on topology $1's database $2, straight to a node / the server.
topology_query() {
    case $1 in
        galera) galera_sql "$2" -e "$3" ;;
        *) psql -X -q -At "${VDI_TEST_POSTGRESQL_URL%/vdi_test}/$2" -c "$3" 2>>"$log" ;;
    esac
}

# $3 processes over topology $1's entry points run `upgrade head` on the linear fixture, $2 rounds, from
# an empty database (mode empty) or one adopted with stamp (mode stamp). Fails the round when a process
# exits other than 0 or with a lock timeout, prints "previous run stopped", or a revision ran twice.
# Prints the number of bad rounds.
race_rounds() {
    local topo=$1 rounds=$2 n=$3 mode=$4 bad=0 r i
    for r in $(seq 1 "$rounds"); do
        local name="race_${n}_${mode}_$r" urls dir ok=1
        read -r -a urls <<<"$(topology_db "$topo" "$name")"
        if [ "$mode" = stamp ]; then
            VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[0]}" upgrade juno >>"$log" 2>&1 || ok=0
            topology_query "$topo" "$name" "DROP TABLE alembic_version"
            VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[0]}" stamp juno >>"$log" 2>&1 || ok=0
        fi
        dir=$(mktemp -d /tmp/vdi-race.XXXXXX)
        for i in $(seq 0 $((n - 1))); do
            (VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[$((i % ${#urls[@]}))]}" upgrade head \
                >/dev/null 2>"$dir/$i.err"; echo $? >"$dir/$i.rc") &
        done
        wait
        for i in $(seq 0 $((n - 1))); do
            cat "$dir/$i.err" >>"$log"
            if [ "$(cat "$dir/$i.rc")" != 0 ] && ! grep -q "lock timeout" "$dir/$i.err"; then ok=0; fi
            if grep -q "previous run stopped" "$dir/$i.err"; then ok=0; fi
        done
        [ "$(topology_query "$topo" "$name" "SELECT count(*) FROM fx_runs")" = 5 ] || ok=0
        [ "$(topology_query "$topo" "$name" "SELECT count(DISTINCT revision) FROM fx_runs")" = 5 ] || ok=0
        [ "$(topology_query "$topo" "$name" "SELECT version_num FROM alembic_version")" = e5f6a7b8c9d0 ] || ok=0
        [ $ok -eq 1 ] || { bad=$((bad + 1)); echo "race $topo n=$n $mode round $r failed (see $dir)" >>"$log"; }
        [ $ok -eq 1 ] && rm -rf "$dir"
        drop_topology_db "$topo" "$name"
    done
    echo "$bad"
}

# upgrade racing downgrade over the entry points, then stamp racing upgrade, $2 rounds: every process
# exits 0, the schema agrees with the version table after the first race, and the second leaves exactly
# one version row, at head. Prints the number of bad rounds.
mixed_rounds() {
    local topo=$1 rounds=$2 bad=0 r
    for r in $(seq 1 "$rounds"); do
        local name="mixed_$r" urls ok=1 version tables pids=()
        read -r -a urls <<<"$(topology_db "$topo" "$name")"
        VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[0]}" upgrade juno >>"$log" 2>&1 || ok=0
        VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[0]}" upgrade head >>"$log" 2>&1 & pids+=($!)
        VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[1 % ${#urls[@]}]}" downgrade base >>"$log" 2>&1 & pids+=($!)
        for p in "${pids[@]}"; do wait "$p" || ok=0; done
        version=$(topology_query "$topo" "$name" "SELECT version_num FROM alembic_version")
        case $topo in
            galera) tables=$(topology_query "$topo" "$name" "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'fx\_%'") ;;
            *) tables=$(topology_query "$topo" "$name" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'fx\_%'") ;;
        esac
        # Whichever ran second decides; the schema always agrees with the version table.
        case $version in
            e5f6a7b8c9d0) [ "$tables" = 3 ] || ok=0 ;;
            "") [ "$tables" = 0 ] || ok=0 ;;
            *) ok=0 ;;
        esac
        pids=()
        VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[1 % ${#urls[@]}]}" stamp head >>"$log" 2>&1 & pids+=($!)
        VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[2 % ${#urls[@]}]}" upgrade head >>"$log" 2>&1 & pids+=($!)
        for p in "${pids[@]}"; do wait "$p" || ok=0; done
        [ "$(topology_query "$topo" "$name" "SELECT version_num FROM alembic_version")" = e5f6a7b8c9d0 ] || ok=0
        [ $ok -eq 1 ] || { bad=$((bad + 1)); echo "mixed race on $topo round $r failed (version '$version', $tables fx tables)" >>"$log"; }
        drop_topology_db "$topo" "$name"
    done
    echo "$bad"
}

# A run stopped in the middle of a long revision by killing its Galera node (what=node) or the run
# itself (what=process), $2 times. Through another node: `current` names the unfinished revision and its
# owner; after the lease the next run takes the lock over and finishes the revision the dead run left
# (as --resume does), reaching head.
# Prints the number of rounds that needed repair by hand.
stop_rounds() {
    local topo=$1 rounds=$2 what=$3 bad=0 r
    for r in $(seq 1 "$rounds"); do
        local name="stop_${what}_$r" urls ok=1 marker pid owner
        read -r -a urls <<<"$(topology_db "$topo" "$name")"
        marker=$(mktemp -u /tmp/vdi-marker.XXXXXX)
        local first=${urls[1 % ${#urls[@]}]} other=${urls[2 % ${#urls[@]}]}
        VDI_FIXTURE_HISTORY=sleeping VDI_FIXTURE_MARKER=$marker VDI_FIXTURE_PAUSE=8 OS_MIGRATIONS__LOCK_LEASE=3 \
            "$fixtures" --database-connection "$first" upgrade head >>"$log" 2>&1 &
        pid=$!
        for _ in $(seq 1 300); do [ -e "$marker" ] && break; sleep 0.1; done
        [ -e "$marker" ] || ok=0
        if [ "$what" = node ]; then galera_kill_node 2; else kill -9 "$pid"; fi
        wait "$pid" 2>/dev/null && ok=0
        owner="pid $pid, run "
        if [ "$topo" = galera ]; then
            # DDL committed as it ran: the revision is unfinished, and `current` says whose it was.
            VDI_FIXTURE_HISTORY=sleeping "$fixtures" --database-connection "$other" current 2>"$marker.cur" >/dev/null || ok=0
            grep -q "unfinished: upgrade 51ee951ee9f1 after 1 statement(s) by a run that stopped (host .*$owner" "$marker.cur" || ok=0
            VDI_FIXTURE_HISTORY=sleeping OS_MIGRATIONS__LOCK_LEASE=3 "$fixtures" --database-connection "$other" upgrade head 2>"$marker.up" >/dev/null || ok=0
            grep -q "Took over the migration lock of a run that stopped renewing it (host .*$owner" "$marker.up" || ok=0
            grep -q "(host .*$owner.*) left upgrade 51ee951ee9f1 unfinished after 1 statement(s): resuming it" "$marker.up" || ok=0
            cat "$marker.cur" "$marker.up" >>"$log"
        else
            VDI_FIXTURE_HISTORY=sleeping OS_MIGRATIONS__LOCK_LEASE=3 "$fixtures" --database-connection "$other" upgrade head 2>"$marker.up" >/dev/null || ok=0
            grep -q "Took over the migration lock of a run that stopped renewing it (host .*$owner" "$marker.up" || ok=0
            cat "$marker.up" >>"$log"
        fi
        [ "$(topology_query "$topo" "$name" "SELECT version_num FROM alembic_version")" = 51ee951ee9f1 ] || ok=0
        [ "$(topology_query "$topo" "$name" "SELECT count(*) FROM fx_runs WHERE revision = '51ee951ee9f1'")" = 1 ] || ok=0
        [ "$what" = node ] && { galera_restart_node 2 >>"$log" 2>&1 || ok=0; }
        [ $ok -eq 1 ] || { bad=$((bad + 1)); echo "stop ($what) on $topo round $r failed" >>"$log"; }
        rm -f "$marker" "$marker.cur" "$marker.up"
        drop_topology_db "$topo" "$name"
    done
    echo "$bad"
}

# VDI's real history (core and accounting) through node 2, which is killed at a random moment; through
# node 3, `upgrade head` or `upgrade head --resume` must reach head in both repositories with a clean
# `check`. Prints the number of kills that needed repair by hand.
vdi_node_kills() {
    local rounds=$1 bad=0 r start full_ms
    read -r -a urls <<<"$(topology_db galera vdi_kills)"
    start=$(date +%s%N)
    "$vdi" --database-connection "${urls[1]}" --subproject all upgrade head >>"$log" 2>&1
    full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    for r in $(seq 1 "$rounds"); do
        read -r -a urls <<<"$(topology_db galera vdi_kills)"
        "$vdi" --database-connection "${urls[1]}" --subproject all upgrade head >>"$log" 2>&1 &
        local pid=$! ok=0
        sleep "$(awk -v ms="$full_ms" -v r="$RANDOM" 'BEGIN { printf "%.3f", (r / 32767) * ms / 1000 }')"
        galera_kill_node 2
        wait "$pid" 2>/dev/null || true
        if OS_MIGRATIONS__LOCK_LEASE=3 "$vdi" --database-connection "${urls[2]}" --subproject all upgrade head >>"$log" 2>&1; then ok=1
        elif "$vdi" --database-connection "${urls[2]}" --subproject all upgrade head --resume >>"$log" 2>&1; then ok=1
        fi
        if [ $ok -eq 1 ] && "$vdi" --database-connection "${urls[2]}" --subproject all check >>"$log" 2>&1; then :; else
            bad=$((bad + 1)); echo "VDI node kill $r needed repair" >>"$log"
        fi
        galera_restart_node 2 >>"$log" 2>&1 || bad=$((bad + 1))
    done
    echo "$bad"
}

cluster_row() { # name measure figure bad
    local result=ok
    [ "$4" -eq 0 ] || { result=FAILED; failures=$((failures + 1)); }
    rows+=("$(printf '%-34s %-16s %8s   %s' "$1" "$2" "$3" "$result")")
    # Shown as it comes, too: the cluster section takes a while.
    printf '%-34s %-16s %8s   %s\n' "$1" "$2" "$3" "$result" >&2
}

# Node 3 cut off from the cluster (gmcast.isolate: outside the primary component, as a network
# partition leaves it): current, upgrade and check_connection through it must each fail at once with
# one line naming the primary component, change nothing, and the node must rejoin. Prints 0 or 1.
isolated_node() {
    local name=iso_node bad=0 urls c out rc status i
    read -r -a urls <<<"$(topology_db galera "$name")"
    VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[0]}" upgrade juno >>"$log" 2>&1 || bad=1
    galera_client 3 -e "SET GLOBAL wsrep_provider_options='gmcast.isolate=1'" 2>>"$log" || bad=1
    for i in $(seq 1 120); do
        status=$(galera_client 3 -N -e "SHOW STATUS LIKE 'wsrep_cluster_status'" 2>/dev/null | cut -f2)
        [ "$status" = non-Primary ] && break
        sleep 0.5
    done
    [ "$status" = non-Primary ] || { echo "node 3 did not leave the primary component (last: $status)" >>"$log"; bad=1; }
    for c in current "upgrade head" check_connection; do
        rc=0
        out=$(VDI_FIXTURE_HISTORY=linear timeout 30 "$fixtures" --database-connection "${urls[2]}" $c 2>&1 >/dev/null) || rc=$?
        printf '%s: %s\n' "$c" "$out" >>"$log"
        [ "$rc" -eq 1 ] || bad=1
        [ "$(printf '%s\n' "$out" | grep -c "^vdi-db-manage: error: .*is not in the cluster's primary component")" -eq 1 ] || bad=1
    done
    galera_client 3 -e "SET GLOBAL wsrep_provider_options='gmcast.isolate=0'" 2>>"$log" || bad=1
    if ! galera_wait_synced 3 3 >>"$log" 2>&1; then
        bad=1
        galera_kill_node 3
        galera_restart_node 3 >>"$log" 2>&1
    fi
    [ "$(VDI_FIXTURE_HISTORY=linear "$fixtures" --database-connection "${urls[0]}" current 2>>"$log")" = "c3d4e5f6a7b8 (juno)" ] || bad=1
    drop_topology_db galera "$name"
    echo "$bad"
}

cluster_section() {
    local rounds=$1 kills=$2 bad n processes
    for topo in galera pgbouncer-transaction pgbouncer-session; do
        bad=0
        processes=0
        for n in 3 9 30; do
            [ "$topo" = pgbouncer-session ] && [ "$n" != 9 ] && continue
            for mode in empty stamp; do
                bad=$((bad + $(race_rounds "$topo" "$rounds" "$n" "$mode")))
                processes=$((processes + rounds * n))
            done
        done
        cluster_row "$topo: N runs, each revision once" "processes" "$processes" "$bad"
    done
    for topo in galera pgbouncer-transaction; do
        bad=$(mixed_rounds "$topo" "$rounds")
        cluster_row "$topo: up vs down, stamp vs up" "rounds" "$rounds" "$bad"
    done
    bad=$(stop_rounds galera "$kills" node)
    cluster_row "galera: node killed mid-revision" "needing repair" "$bad/$kills" "$bad"
    bad=$(stop_rounds galera "$kills" process)
    cluster_row "galera: run killed mid-revision" "needing repair" "$bad/$kills" "$bad"
    bad=$(stop_rounds pgbouncer-transaction "$kills" process)
    cluster_row "pgbouncer-tx: run killed, lease" "needing repair" "$bad/$kills" "$bad"
    bad=$(vdi_node_kills "$kills")
    cluster_row "galera: node kills in VDI history" "needing repair" "$bad/$kills" "$bad"
    bad=$(isolated_node)
    cluster_row "galera: node outside primary comp." "commands" 3 "$bad"
}
