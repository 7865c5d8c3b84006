# Python Alembic in a virtual environment: the reference implementation, used by the interoperability
# tests and the benchmarks. Exports VDI_TEST_ALEMBIC_PYTHON.

ensure_alembic_venv() {
    local venv="${VDI_ALEMBIC_VENV:-$PWD/.venv-alembic}"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import alembic, sqlalchemy, psycopg2, pymysql" 2>/dev/null; then
        python3 -m venv "$venv" || return 1
        "$venv/bin/pip" install -q --disable-pip-version-check "alembic>=1.13" "sqlalchemy>=2.0" \
            psycopg2-binary pymysql >/dev/null || return 1
    fi
    export VDI_TEST_ALEMBIC_PYTHON="$venv/bin/python"
}
