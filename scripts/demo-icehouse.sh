#!/usr/bin/env bash
# Creates an Icehouse-era VDI database (schema and rows, no version table, as a pre-Alembic release
# left it) at a database URL, to try `stamp icehouse` then `upgrade head` on:
#   scripts/demo-icehouse.sh sqlite:///icehouse.db
#   scripts/demo-icehouse.sh postgresql://vdi:PASSWORD@127.0.0.1/vdi
#   scripts/demo-icehouse.sh mysql://vdi:PASSWORD@127.0.0.1/vdi
# Uses the database's own client (sqlite3, psql, mariadb/mysql) on Tests/Fixtures/icehouse/<db>.sql.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: scripts/demo-icehouse.sh DATABASE_URL}
fixtures=Tests/Fixtures/icehouse
scheme=${url%%://*}
scheme=${scheme%%+*}
# Split the URL with Python's parser (user, password, host, port, database), never echoing it.
parts() { python3 - "$url" <<'PY'
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print("\n".join([u.unquote(p.username or ""), u.unquote(p.password or ""), p.hostname or "", str(p.port or ""), p.path.lstrip("/")]))
PY
}
case "$scheme" in
sqlite)
    path=${url#*://}
    path=${path#/}
    [ -n "$path" ] || { echo "demo-icehouse: a sqlite URL needs a file (sqlite:///icehouse.db)" >&2; exit 2; }
    [ ! -e "$path" ] || { echo "demo-icehouse: $path exists; give a new file" >&2; exit 1; }
    sqlite3 -bail "$path" <"$fixtures/sqlite.sql"
    ;;
postgresql | postgres | pgsql)
    psql -X -q -v ON_ERROR_STOP=1 "postgresql://${url#*://}" -f "$fixtures/postgresql.sql" >/dev/null
    ;;
mysql | mariadb)
    mapfile -t p < <(parts)
    client=$(command -v mariadb || command -v mysql) || { echo "demo-icehouse: install mariadb-client" >&2; exit 1; }
    MYSQL_PWD="${p[1]}" "$client" --no-defaults -u "${p[0]}" -h "${p[2]:-127.0.0.1}" ${p[3]:+-P "${p[3]}"} "${p[4]}" <"$fixtures/mysql.sql"
    ;;
*)
    echo "demo-icehouse: unknown URL scheme '$scheme' (sqlite, postgresql, mysql)" >&2
    exit 2
    ;;
esac
echo "Icehouse-era VDI database created. Next: vdi-db-manage --database-connection URL stamp icehouse && ... upgrade head" >&2
