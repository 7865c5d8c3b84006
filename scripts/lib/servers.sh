# Starts throwaway PostgreSQL and MariaDB servers on loopback in $VDI_SERVERS_DIR, and stops them.
# MariaDB trades durability for speed (innodb_flush_log_at_trx_commit=0) unless VDI_MARIADB_FLUSH=1,
# which the crash suites set: there a lost server must lose nothing that was committed.
# Sourced by scripts/test.sh and the benchmark and suite scripts. Exports:
#   VDI_TEST_POSTGRESQL_URL, VDI_TEST_MYSQL_URL  (a user "vdi" with a password, owning database vdi_test)
#   VDI_TEST_POSTGRESQL_PORT, VDI_TEST_MYSQL_PORT, VDI_TEST_MYSQL_SOCKET, VDI_TEST_POSTGRESQL_SOCKET_DIR

VDI_DB_PASSWORD="vdi-test-pw-7Q"
source "$(dirname "${BASH_SOURCE[0]}")/topologies.sh"

free_port() {
    python3 - "$1" <<'PY'
import socket, sys
start = int(sys.argv[1])
for port in range(start, start + 200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port)); s.close(); print(port); break
    except OSError:
        s.close()
PY
}

# A certificate authority, a server certificate for the name "localhost" only (so that verifying it
# against 127.0.0.1 must fail on the name), a client certificate, and a second CA that signed nothing
# the servers use; made fresh for every run in $VDI_SERVERS_DIR/tls. Exports VDI_TEST_TLS_DIR.
make_tls_certs() {
    local dir="$VDI_SERVERS_DIR/tls"
    mkdir -p "$dir"
    (
        cd "$dir"
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=vdi test CA" -keyout ca.key -out ca.pem
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" -keyout other-ca.key -out other-ca.pem
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
        printf 'subjectAltName=DNS:localhost\n' >server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem
        openssl req -newkey rsa:2048 -nodes -subj "/CN=vdi" -keyout client.key -out client.csr
        openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem
    ) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; return 1; }
    chmod 644 "$dir"/*.pem
    chmod 600 "$dir"/client.key  # libpq refuses a private key others can read
    export VDI_TEST_TLS_DIR="$dir"
}

start_postgresql() {
    local bindir dir port
    bindir=$(pg_config --bindir)
    dir="$VDI_SERVERS_DIR/pg"
    mkdir -p "$dir"
    chown postgres "$dir" "$VDI_SERVERS_DIR" 2>/dev/null || true
    port=$(free_port 55432)
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
    local as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --auth-local=trust \
        --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    # TLS on (clients that do not ask for it keep plain connections): the server's key, owned by the
    # server's user and private, as PostgreSQL requires.
    install -m 600 "$VDI_TEST_TLS_DIR/server.key" "$dir/data/server.key"
    install -m 644 "$VDI_TEST_TLS_DIR/server.pem" "$dir/data/server.crt"
    chown postgres "$dir/data/server.key" "$dir/data/server.crt" 2>/dev/null || true
    "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c ssl=on" start \
        >/dev/null || { cat "$dir/server.log" >&2; return 1; }
    "${as[@]}" psql -h "$dir" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 <<SQL || return 1
CREATE ROLE vdi LOGIN PASSWORD '$VDI_DB_PASSWORD' CREATEDB;
CREATE DATABASE vdi_test OWNER vdi;
SQL
    export VDI_TEST_POSTGRESQL_PORT=$port VDI_TEST_POSTGRESQL_SOCKET_DIR=$dir
    export VDI_TEST_POSTGRESQL_URL="postgresql://vdi:$VDI_DB_PASSWORD@127.0.0.1:$port/vdi_test"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

stop_postgresql() {
    local bindir dir
    bindir=$(pg_config --bindir 2>/dev/null) || return 0
    dir="$VDI_SERVERS_DIR/pg"
    [ -d "$dir/data" ] || return 0
    local as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
}

start_mariadb() {
    local dir port user
    dir="$VDI_SERVERS_DIR/mariadb"
    mkdir -p "$dir/data"
    port=$(free_port 53306)
    user=$(id -un)
    [ "$(id -u)" -eq 0 ] && user=mysql
    chown -R "$user" "$dir"
    # MariaDB's root logs in over the socket as the operating-system user that runs this script
    # (root, or a developer's own account: the servers then run as that user, in a temporary directory).
    mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" --auth-root-authentication-method=socket \
        --auth-root-socket-user="$(id -un)" --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; return 1; }
    install -m 600 "$VDI_TEST_TLS_DIR/server.key" "$dir/server.key"
    chown "$user" "$dir/server.key"
    mariadbd --no-defaults --datadir="$dir/data" --user="$user" --port="$port" --bind-address=127.0.0.1 \
        --ssl-cert="$VDI_TEST_TLS_DIR/server.pem" --ssl-key="$dir/server.key" --ssl-ca="$VDI_TEST_TLS_DIR/ca.pem" \
        --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit="${VDI_MARIADB_FLUSH:-0}" --skip-log-bin \
        --max-connections=300 --log-error="$dir/error.log" >/dev/null 2>&1 &
    disown  # the shell does not report the server's end ("Killed") when a test stops it on purpose
    local i
    for i in $(seq 1 120); do
        mariadb --no-defaults -S "$dir/mysqld.sock" -u "$(id -un)" -e "SELECT 1" >/dev/null 2>&1 && break
        sleep 0.5
    done
    mariadb --no-defaults -S "$dir/mysqld.sock" -u "$(id -un)" <<SQL || { cat "$dir/error.log" >&2; return 1; }
CREATE USER 'vdi'@'127.0.0.1' IDENTIFIED BY '$VDI_DB_PASSWORD';
CREATE USER 'vdi'@'localhost' IDENTIFIED BY '$VDI_DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'vdi'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'vdi'@'localhost';
CREATE DATABASE vdi_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
    export VDI_TEST_MYSQL_PORT=$port VDI_TEST_MYSQL_SOCKET="$dir/mysqld.sock"
    export VDI_TEST_MYSQL_URL="mysql://vdi:$VDI_DB_PASSWORD@127.0.0.1:$port/vdi_test?charset=utf8mb4"
    echo "MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

stop_mariadb() {
    local dir="$VDI_SERVERS_DIR/mariadb"
    [ -f "$dir/mysqld.pid" ] || return 0
    local pid
    pid=$(cat "$dir/mysqld.pid" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
}

# Starts both; with CI set, a server that does not start is fatal.
start_servers() {
    VDI_SERVERS_DIR=$(mktemp -d /tmp/vdi-servers.XXXXXX)
    chmod 755 "$VDI_SERVERS_DIR"
    export VDI_SERVERS_DIR
    local failed=0
    make_tls_certs || { echo "the test certificates could not be made" >&2; failed=1; }
    start_postgresql || { echo "PostgreSQL did not start" >&2; failed=1; }
    start_mariadb || { echo "MariaDB did not start" >&2; failed=1; }
    # The production topologies (Galera, PgBouncer), unless a script needs only the single servers.
    if [ -z "${VDI_SINGLE_SERVERS:-}" ]; then
        start_galera || { echo "the Galera cluster did not start" >&2; failed=1; }
        start_pgbouncer || { echo "PgBouncer did not start" >&2; failed=1; }
        start_pg_ha || { echo "the PostgreSQL primary and standby did not start" >&2; failed=1; }
    fi
    if [ $failed -ne 0 ] && [ -n "${CI:-}" ]; then
        return 1
    fi
    return 0
}

stop_servers() {
    [ -n "${VDI_SERVERS_DIR:-}" ] || return 0
    stop_pgbouncer
    stop_pg_ha
    stop_galera
    stop_postgresql
    stop_mariadb
    rm -rf "$VDI_SERVERS_DIR"
}

# Stops a running throwaway server abruptly (as a crash or power loss would) and starts it again on the
# same data and port; used by the reliability suite to lose the server in the middle of a revision.
kill_postgresql() {
    local as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$(pg_config --bindir)/pg_ctl" -D "$VDI_SERVERS_DIR/pg/data" -m immediate stop >/dev/null 2>&1 || true
}

restart_postgresql() {
    local dir="$VDI_SERVERS_DIR/pg" as=()
    [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$(pg_config --bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $VDI_TEST_POSTGRESQL_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c ssl=on" start >/dev/null
}

kill_mariadb() {
    local pid
    pid=$(cat "$VDI_SERVERS_DIR/mariadb/mysqld.pid" 2>/dev/null) || return 0
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
}

restart_mariadb() {
    local dir="$VDI_SERVERS_DIR/mariadb" user
    user=$(id -un)
    [ "$(id -u)" -eq 0 ] && user=mysql
    rm -f "$dir/mysqld.sock" "$dir/mysqld.pid"
    mariadbd --no-defaults --datadir="$dir/data" --user="$user" --port="$VDI_TEST_MYSQL_PORT" --bind-address=127.0.0.1 \
        --ssl-cert="$VDI_TEST_TLS_DIR/server.pem" --ssl-key="$dir/server.key" --ssl-ca="$VDI_TEST_TLS_DIR/ca.pem" \
        --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit="${VDI_MARIADB_FLUSH:-0}" --skip-log-bin \
        --max-connections=300 --log-error="$dir/error.log" >/dev/null 2>&1 &
    disown  # the shell does not report the server's end ("Killed") when a test stops it on purpose
    for _ in $(seq 1 120); do
        mariadb --no-defaults -S "$dir/mysqld.sock" -u "$(id -un)" -e "SELECT 1" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    return 1
}
