# Starts the production topologies as throwaway instances on loopback, beside the single servers of
# servers.sh (sourced first; uses VDI_SERVERS_DIR, VDI_DB_PASSWORD, free_port and the PostgreSQL server):
#   - a 3-node MariaDB Galera cluster (galera-4, rsync state transfer), nodes running as `mysql` when
#     started by root (state transfer needs one user), else as the calling user;
#   - PgBouncer in front of the PostgreSQL server, once in transaction and once in session pooling.
# Exports:
#   VDI_TEST_GALERA_URLS         three URLs, one per node, space-separated (database vdi_test)
#   VDI_TEST_GALERA_SOCKETS      the three nodes' sockets (for the admin client), space-separated
#   VDI_TEST_PGBOUNCER_TX_URL    PgBouncer, pool_mode = transaction
#   VDI_TEST_PGBOUNCER_SESSION_URL  PgBouncer, pool_mode = session

GALERA_PROVIDER=/usr/lib/galera/libgalera_smm.so

server_user() { if [ "$(id -u)" -eq 0 ]; then echo "$1"; else id -un; fi; }

# The command line of Galera node $1 (1-3); the cluster's ports are in GALERA_* variables.
galera_node_args() {
    local n=$1 dir="$VDI_SERVERS_DIR/galera/node$1"
    local ports=($VDI_GALERA_PORTS) gports=($VDI_GALERA_GCOMM_PORTS) iports=($VDI_GALERA_IST_PORTS) sports=($VDI_GALERA_SST_PORTS)
    local i=$((n - 1)) members=""
    for g in "${gports[@]}"; do members="${members:+$members,}127.0.0.1:$g"; done
    echo --no-defaults --datadir="$dir/data" --user="$(server_user mysql)" --port="${ports[$i]}" --bind-address=127.0.0.1 \
        --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit=0 \
        --max-connections=300 --binlog-format=ROW --innodb-autoinc-lock-mode=2 --default-storage-engine=InnoDB \
        --wsrep-on=ON --wsrep-provider=$GALERA_PROVIDER --wsrep-cluster-name=vdi_test \
        --wsrep-cluster-address="gcomm://$members" --wsrep-node-name="node$n" --wsrep-node-address="127.0.0.1:${gports[$i]}" \
        "--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${gports[$i]};ist.recv_addr=127.0.0.1:${iports[$i]};gcache.size=64M" \
        --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:${sports[$i]}"
}

galera_client() { mariadb --no-defaults -S "$VDI_SERVERS_DIR/galera/node$1/mysqld.sock" -u "$(id -un)" "${@:2}"; }

# Waits until node $1 is a synced member of a cluster of $2 nodes (at most 120 s, less if it exits).
galera_wait_synced() {
    local n=$1 size=$2 i state pid
    for i in $(seq 1 240); do
        pid=$(cat "$VDI_SERVERS_DIR/galera/node$n/mysqld.pid" 2>/dev/null) || pid=""
        if [ "$i" -gt 20 ] && { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; }; then break; fi
        state=$(galera_client "$n" -N -e "SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_LOCAL_STATE_COMMENT'), (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_CLUSTER_SIZE')" 2>/dev/null) || state=""
        [ "$state" = "Synced	$size" ] && return 0
        sleep 0.5
    done
    echo "Galera node $n did not reach Synced in a cluster of $size (last: ${state:-no answer})" >&2
    tail -20 "$VDI_SERVERS_DIR/galera/node$n/error.log" >&2
    return 1
}

# Starts node $1; node 1 with --wsrep-new-cluster when $2 is "bootstrap".
galera_start_node() {
    local n=$1 dir="$VDI_SERVERS_DIR/galera/node$1" extra=()
    [ "${2:-}" = bootstrap ] && extra=(--wsrep-new-cluster)
    rm -f "$dir/mysqld.sock" "$dir/mysqld.pid"
    # shellcheck disable=SC2046
    mariadbd $(galera_node_args "$n") "${extra[@]}" >/dev/null 2>&1 &
    disown
}

start_galera() {
    local base="$VDI_SERVERS_DIR/galera" n user
    user=$(server_user mysql)
    [ -x "$GALERA_PROVIDER" ] || [ -f "$GALERA_PROVIDER" ] || { echo "galera-4 is not installed ($GALERA_PROVIDER)" >&2; return 1; }
    local p=54306 ports=() gports=() iports=() sports=()
    for n in 1 2 3; do
        for list in ports gports iports sports; do
            p=$(free_port $((p + 1)))
            eval "$list+=($p)"
        done
    done
    export VDI_GALERA_PORTS="${ports[*]}" VDI_GALERA_GCOMM_PORTS="${gports[*]}" VDI_GALERA_IST_PORTS="${iports[*]}" VDI_GALERA_SST_PORTS="${sports[*]}"
    for n in 1 2 3; do
        mkdir -p "$base/node$n/data"
        mariadb-install-db --no-defaults --datadir="$base/node$n/data" --user="$user" --auth-root-authentication-method=socket \
            --auth-root-socket-user="$(id -un)" --skip-test-db >"$base/node$n/install.log" 2>&1 || { cat "$base/node$n/install.log" >&2; return 1; }
    done
    chown -R "$user" "$base"
    galera_start_node 1 bootstrap
    galera_wait_synced 1 1 || return 1
    galera_client 1 <<SQL || return 1
CREATE USER 'vdi'@'127.0.0.1' IDENTIFIED BY '$VDI_DB_PASSWORD';
CREATE USER 'vdi'@'localhost' IDENTIFIED BY '$VDI_DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'vdi'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'vdi'@'localhost';
CREATE DATABASE vdi_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
    galera_start_node 2
    galera_wait_synced 2 2 || return 1
    galera_start_node 3
    galera_wait_synced 3 3 || return 1
    local urls=() sockets=()
    for n in 1 2 3; do
        urls+=("mysql://vdi:$VDI_DB_PASSWORD@127.0.0.1:${ports[$((n - 1))]}/vdi_test?charset=utf8mb4")
        sockets+=("$base/node$n/mysqld.sock")
    done
    export VDI_TEST_GALERA_URLS="${urls[*]}" VDI_TEST_GALERA_SOCKETS="${sockets[*]}"
    echo "Galera cluster of 3 ($(mariadbd --version | awk '{print $3}'), galera-4) on 127.0.0.1:${ports[*]}" >&2
}

# SIGKILLs node $1 (a crash); galera_restart_node brings it back into the cluster (IST or SST).
galera_kill_node() {
    local pid
    pid=$(cat "$VDI_SERVERS_DIR/galera/node$1/mysqld.pid" 2>/dev/null) || return 0
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
}

galera_restart_node() {
    # Rejoining before the others have evicted the dead member can make the new node leave again:
    # wait until node 1 sees a cluster of 2, then start; one more try if the node does not come up.
    local i size attempt
    for i in $(seq 1 60); do
        size=$(galera_client 1 -N -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_CLUSTER_SIZE'" 2>/dev/null) || size=""
        [ "$size" = 2 ] && break
        sleep 0.5
    done
    for attempt in 1 2; do
        galera_start_node "$1"
        galera_wait_synced "$1" 3 && return 0
        galera_kill_node "$1"
        sleep 5
    done
    return 1
}

stop_galera() {
    local n pid
    for n in 3 2 1; do
        pid=$(cat "$VDI_SERVERS_DIR/galera/node$n/mysqld.pid" 2>/dev/null) || continue
        kill -9 "$pid" 2>/dev/null || true
    done
}

# PgBouncer with pool mode $1 on a free port; prints the port.
start_pgbouncer_mode() {
    local mode=$1 dir="$VDI_SERVERS_DIR/pgbouncer-$1" port
    mkdir -p "$dir"
    port=$(free_port $([ "$mode" = transaction ] && echo 56432 || echo 56532))
    printf '"vdi" "%s"\n' "$VDI_DB_PASSWORD" >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$VDI_TEST_POSTGRESQL_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = $mode
max_client_conn = 500
default_pool_size = 20
; Each test makes a database of its own, so pools come and go: idle server connections are closed
; after 2 s and one database keeps at most 25, well inside the server's max_connections.
server_idle_timeout = 2
max_db_connections = 25
server_reset_query = DISCARD ALL
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    chown -R "$(server_user postgres)" "$dir"
    local as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" pgbouncer -d "$dir/pgbouncer.ini" >/dev/null 2>&1 || { cat "$dir/pgbouncer.log" >&2; return 1; }
    local i
    for i in $(seq 1 40); do
        PGPASSWORD="$VDI_DB_PASSWORD" psql -h 127.0.0.1 -p "$port" -U vdi -d vdi_test -qAtc "SELECT 1" >/dev/null 2>&1 && break
        sleep 0.25
    done
    PGPASSWORD="$VDI_DB_PASSWORD" psql -h 127.0.0.1 -p "$port" -U vdi -d vdi_test -qAtc "SELECT 1" >/dev/null || { cat "$dir/pgbouncer.log" >&2; return 1; }
    echo "$port"
}

start_pgbouncer() {
    local tx session
    tx=$(start_pgbouncer_mode transaction) || return 1
    session=$(start_pgbouncer_mode session) || return 1
    export VDI_TEST_PGBOUNCER_TX_URL="postgresql://vdi:$VDI_DB_PASSWORD@127.0.0.1:$tx/vdi_test"
    export VDI_TEST_PGBOUNCER_SESSION_URL="postgresql://vdi:$VDI_DB_PASSWORD@127.0.0.1:$session/vdi_test"
    echo "PgBouncer $(pgbouncer --version | head -1 | awk '{print $2}') on 127.0.0.1:$tx (transaction pooling) and :$session (session pooling)" >&2
}

stop_pgbouncer() {
    local mode pid
    for mode in transaction session; do
        pid=$(cat "$VDI_SERVERS_DIR/pgbouncer-$mode/pgbouncer.pid" 2>/dev/null) || continue
        kill "$pid" 2>/dev/null || true
    done
}

# A PostgreSQL primary and a streaming standby (Debian's postgresql package: initdb, pg_basebackup -R,
# pg_ctl promote), on two loopback ports, in $VDI_SERVERS_DIR/pgha/{a,b}. The node names a and b keep
# their ports; which of them is the primary changes with each failover (pgha_failover), recorded in
# $VDI_SERVERS_DIR/pgha/primary. Exports:
#   VDI_TEST_PGHA_PORTS      the two ports, a's first
#   VDI_TEST_PGHA_URL        libpq's spelling: postgresql://vdi:…@127.0.0.1:A,127.0.0.1:B/vdi_test?target_session_attrs=read-write
#   VDI_TEST_PGHA_SQLA_URL   SQLAlchemy's: postgresql+psycopg2://vdi:…@/vdi_test?host=127.0.0.1:A&host=127.0.0.1:B&target_session_attrs=read-write
#   VDI_TEST_PGHA_STANDBY_URL  the standby alone (changes with a failover: read pgha_port standby)
#   VDI_TEST_PGHA_SOCKET_DIR   both nodes' socket directory, where "postgres" logs in without a password
pgha_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgha_port() { # primary|standby -> port
    local p
    p=$(cat "$VDI_SERVERS_DIR/pgha/primary")
    if [ "$1" = primary ]; then pgha_node_port "$p"; else pgha_node_port "$([ "$p" = a ] && echo b || echo a)"; fi
}
pgha_node_port() { local ports=($VDI_TEST_PGHA_PORTS); [ "$1" = a ] && echo "${ports[0]}" || echo "${ports[1]}"; }
pgha_node() { cat "$VDI_SERVERS_DIR/pgha/primary"; }
pgha_other() { [ "$1" = a ] && echo b || echo a; }
pgha_psql() { # primary|standby|a|b, then psql arguments (as the superuser, over the socket)
    local port node=$1
    case $node in primary | standby) port=$(pgha_port "$node") ;; *) port=$(pgha_node_port "$node") ;; esac
    pgha_as psql -X -q -At -h "$VDI_SERVERS_DIR/pgha" -p "$port" -U postgres "${@:2}"
}

pgha_start_node() { # a|b
    local dir="$VDI_SERVERS_DIR/pgha" port
    port=$(pgha_node_port "$1")
    pgha_as "$(pg_config --bindir)/pg_ctl" -D "$dir/$1" -l "$dir/$1.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100 -c cluster_name=pgha_$1 -c wal_sender_timeout=5s -c wal_receiver_timeout=5s" \
        start >/dev/null || { tail -20 "$dir/$1.log" >&2; return 1; }
}

# A standby of the current primary on node $1 (its data directory made anew), streaming.
pgha_make_standby() {
    local dir="$VDI_SERVERS_DIR/pgha" node=$1 i
    rm -rf "${dir:?}/$node"
    pgha_as "$(pg_config --bindir)/pg_basebackup" -h "$dir" -p "$(pgha_port primary)" -U postgres -D "$dir/$node" -R -X stream -c fast \
        >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; return 1; }
    pgha_start_node "$node" || return 1
    for i in $(seq 1 100); do
        [ "$(pgha_psql primary -d postgres -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" 2>/dev/null)" = 1 ] && return 0
        sleep 0.1
    done
    echo "the PostgreSQL standby on node $node did not start streaming" >&2
    return 1
}

# Waits until the standby has replayed everything the primary wrote (at most 10 s).
pgha_wait_replayed() {
    local i
    for i in $(seq 1 200); do
        [ "$(pgha_psql primary -d postgres -c "SELECT bool_and(replay_lsn >= pg_current_wal_lsn()) FROM pg_stat_replication" 2>/dev/null)" = t ] && return 0
        sleep 0.05
    done
    echo "the PostgreSQL standby did not catch up with the primary" >&2
    return 1
}

# Synchronous (each commit waits for the standby's flush) or asynchronous replication, on the primary.
pgha_replication() { # sync|async
    local names=""
    [ "$1" = sync ] && names='*'
    pgha_as psql -X -q -h "$VDI_SERVERS_DIR/pgha" -p "$(pgha_port primary)" -U postgres -d postgres \
        -c "ALTER SYSTEM SET synchronous_standby_names = '$names'" -c "SELECT pg_reload_conf()" >/dev/null
}

start_pg_ha() {
    local dir="$VDI_SERVERS_DIR/pgha" a b bindir
    bindir=$(pg_config --bindir)
    mkdir -p "$dir"
    chown "$(server_user postgres)" "$dir"
    a=$(free_port 57432)
    b=$(free_port $((a + 1)))
    export VDI_TEST_PGHA_PORTS="$a $b"
    echo a >"$dir/primary"
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
    pgha_as "$bindir/initdb" -D "$dir/a" -U postgres -E UTF8 --auth-local=trust --auth-host=scram-sha-256 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    pgha_start_node a || return 1
    pgha_psql a -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE vdi LOGIN PASSWORD '$VDI_DB_PASSWORD' CREATEDB" -c "CREATE DATABASE vdi_test OWNER vdi" >/dev/null || return 1
    pgha_make_standby b || return 1
    export VDI_TEST_PGHA_URL="postgresql://vdi:$VDI_DB_PASSWORD@127.0.0.1:$a,127.0.0.1:$b/vdi_test?target_session_attrs=read-write"
    export VDI_TEST_PGHA_SQLA_URL="postgresql+psycopg2://vdi:$VDI_DB_PASSWORD@/vdi_test?host=127.0.0.1:$a&host=127.0.0.1:$b&target_session_attrs=read-write"
    export VDI_TEST_PGHA_STANDBY_URL="postgresql://vdi:$VDI_DB_PASSWORD@127.0.0.1:$b/vdi_test"
    export VDI_TEST_PGHA_SOCKET_DIR="$dir"  # the superuser "postgres" logs in over it (trust)
    echo "PostgreSQL primary on 127.0.0.1:$a with a streaming standby on 127.0.0.1:$b" >&2
}

# The standby's WAL receiver (its process id), for pausing replication.
pgha_walreceiver() {
    local pid
    pid=$(head -1 "$VDI_SERVERS_DIR/pgha/$(pgha_other "$(pgha_node)")/postmaster.pid" 2>/dev/null) || return 0
    pgrep -P "$pid" -f walreceiver | head -1
}

# The primary lost (SIGKILL to its postmaster, as a crash), the standby promoted; the lost node's
# directory is kept until pgha_rebuild makes it the new standby.
pgha_kill_primary() {
    local dir="$VDI_SERVERS_DIR/pgha" node pid
    node=$(pgha_node)
    pid=$(head -1 "$dir/$node/postmaster.pid" 2>/dev/null) || return 0
    # The postmaster and its own children only (by process id: another pair on this machine has the
    # same process titles).
    local kids
    kids=$(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ')
    kill -9 "$pid" $kids 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
        sleep 0.05
    done
    # A killed postmaster leaves its socket's lock file; where nothing reaps the dead process (a
    # container's init), the next server on that port would take it for a live one.
    rm -f "$dir/.s.PGSQL.$(pgha_node_port "$node")" "$dir/.s.PGSQL.$(pgha_node_port "$node").lock"
}
pgha_promote() {
    local dir="$VDI_SERVERS_DIR/pgha" node
    node=$(pgha_other "$(pgha_node)")
    pgha_as "$(pg_config --bindir)/pg_ctl" -D "$dir/$node" -w -t 60 promote >/dev/null || return 1
    echo "$node" >"$dir/primary"
}
# The lost node back as a standby of the new primary.
pgha_rebuild() { pgha_make_standby "$(pgha_other "$(pgha_node)")"; }

stop_pg_ha() {
    local dir="$VDI_SERVERS_DIR/pgha" node
    [ -d "$dir" ] || return 0
    for node in a b; do
        [ -f "$dir/$node/postmaster.pid" ] && pgha_as "$(pg_config --bindir)/pg_ctl" -D "$dir/$node" -m immediate stop >/dev/null 2>&1
    done
    return 0
}
