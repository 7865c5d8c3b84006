# Installs the Debian packages a step needs, when they are missing. Sourced by the other scripts.
# Usage: ensure_packages pkg...   (the package names are checked with dpkg, installed with apt-get)

ensure_packages() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install ${missing[*]}" >&2
        return 1
    fi
    echo "installing: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || return 1
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
}

# Packages the build needs (the three C client libraries and pkg-config).
BUILD_PACKAGES=(pkg-config libpq-dev libmariadb-dev libsqlite3-dev)
# Packages the test suite needs: the servers, their clients, Python for the Alembic interop checks, and
# the cluster and pooler the topology tests start (galera-4 with rsync for state transfer, PgBouncer), and
# openssl for the certificates the servers' TLS is tested with.
TEST_PACKAGES=(postgresql mariadb-server mariadb-client sqlite3 python3-venv galera-4 rsync pgbouncer openssl)
