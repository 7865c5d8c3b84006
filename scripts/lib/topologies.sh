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
