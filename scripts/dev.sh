#!/usr/bin/env bash
# Set-up, run, test and lint of the complaint_management addon on Odoo 19.
#
#   scripts/dev.sh run    set up, then serve Odoo with demo data on 127.0.0.1:8069
#   scripts/dev.sh test   set up, then run the test suite on a fresh database
#   scripts/dev.sh lint   ruff and pylint-odoo's mandatory checks
#   scripts/dev.sh i18n   export the .pot and merge it into zh_CN.po and zh_TW.po
#   scripts/dev.sh upgrade-check  the previous release with demo data, upgraded to this code
#   scripts/dev.sh bench [escalation|register|registration|screens|replica|load] [SIZES]  benchmarks (bench/)
#
# Environment: ODOO_SRC (default /opt/odoo/19.0), PGHOST/PGPORT/PGUSER/PGPASSWORD
# (an existing server is used when one answers there), CM_DB, CM_TEST_DB, CM_HTTP_PORT,
# CM_CORE_TESTS (Odoo modules whose own tests also run, e.g. sale_stock).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$ROOT/.venv"
ODOO_SRC="${ODOO_SRC:-/opt/odoo/19.0}"
ODOO_RELEASE_URL="${ODOO_RELEASE_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}"
DB_RUN="${CM_DB:-complaints}"
DB_TEST="${CM_TEST_DB:-complaints_test}"
HTTP_PORT="${CM_HTTP_PORT:-8069}"
PYTHON="${PYTHON:-python3}"
APT_PACKAGES=(postgresql libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf fonts-noto-cjk poppler-utils chromium)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------- system
pg_bindir() {
    local d
    if d="$(command -v pg_ctl 2>/dev/null)"; then dirname "$(readlink -f "$d")"; return; fi
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$d" ] && echo "$d"
}

missing_system() {
    local missing=()
    [ -n "$(pg_bindir)" ] || missing+=(postgresql)
    command -v pg_config >/dev/null || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev libsasl2-dev)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || missing+=(chromium)
    echo "${missing[@]}"
}

system_packages() {
    local missing
    missing="$(missing_system)"
    [ -z "$missing" ] && return
    if is_root && command -v apt-get >/dev/null; then
        log "installing system packages: $missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${APT_PACKAGES[@]}" >/dev/null
        missing="$(missing_system)"
    fi
    [ -z "$missing" ] || die "missing system packages: $missing (Debian: apt-get install ${APT_PACKAGES[*]})"
}

# ---------------------------------------------------------------- odoo source
odoo_source() {
    if [ -f "$ODOO_SRC/odoo/release.py" ]; then return; fi
    local dest="$LOCAL/odoo-19.0"
    if [ ! -f "$dest/odoo/release.py" ]; then
        log "no Odoo tree at $ODOO_SRC: downloading Odoo's 19.0 source release"
        mkdir -p "$dest"
        curl -fsSL "$ODOO_RELEASE_URL" | tar -xz -C "$dest" --strip-components=1 \
            || die "no Odoo 19.0 source at $ODOO_SRC and the source release could not be downloaded"
    fi
    ODOO_SRC="$dest"
}

addons_path() {
    local p="$ODOO_SRC/odoo/addons"
    [ -d "$ODOO_SRC/addons" ] && p="$ODOO_SRC/addons,$p"
    echo "$p"
}

# ---------------------------------------------------------------- python
tree_hash() { (cd "$ROOT" && find "$@" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }

python_env() {
    [ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
    local site stamp want
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_SRC" > "$site/odoo-src.pth"
    want="$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements-dev.txt" | sha256sum | cut -c1-16)"
    stamp="$VENV/.deps-$want"
    if [ ! -f "$stamp" ]; then
        log "installing Odoo's and the project's Python dependencies"
        echo 'setuptools<70' > "$VENV/constraints.txt"
        PIP_CONSTRAINT="$VENV/constraints.txt" "$VENV/bin/pip" install -q --disable-pip-version-check \
            -r "$ODOO_SRC/requirements.txt" -r "$ROOT/requirements-dev.txt" 2> >(grep -v "is ignored: it is neither" >&2)
        rm -f "$VENV"/.deps-*; touch "$stamp"
    fi
    want="$(tree_hash complaint_management setup.py)"
    stamp="$VENV/.addon-$want"
    if [ ! -f "$stamp" ]; then
        log "installing the addon (setup.py)"
        rm -rf "$ROOT/build"
        "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps --no-build-isolation \
            --force-reinstall "$ROOT" 2> >(grep -v "is ignored: it is neither" >&2)
        rm -rf "$ROOT/build" "$ROOT"/*.egg-info
        rm -f "$VENV"/.addon-*; touch "$stamp"
    fi
}

# ---------------------------------------------------------------- postgresql
PGDATA_DIR="$LOCAL/pgdata"

# This checkout's cluster, not whichever answers on its last port: after a reboot the pid file
# stays behind, and another checkout's cluster may have taken the port.
local_cluster_running() {
    local pid port
    [ -f "$PGDATA_DIR/postmaster.pid" ] && [ -f "$LOCAL/pgport" ] || return 1
    pid="$(sed -n 1p "$PGDATA_DIR/postmaster.pid")" port="$(sed -n 4p "$PGDATA_DIR/postmaster.pid")"
    [ "$port" = "$(cat "$LOCAL/pgport")" ] && kill -0 "$pid" 2>/dev/null \
        && [ "$(readlink -f "/proc/$pid/cwd")" = "$(readlink -f "$PGDATA_DIR")" ] \
        && "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$port"
}

as_pg_owner() {
    if is_root; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# The first port from $PGPORT (5432) on where no server answers: another checkout's cluster
# may hold 5432 on the same machine.
free_pg_port() {
    local port="${PGPORT:-5432}"
    while "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$port" \
        || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

start_local_cluster() {
    local bindir port
    bindir="$(pg_bindir)"
    port="$(free_pg_port)"
    PG_OS_USER="$(id -un)"
    if is_root; then
        # initdb and postgres refuse root: run the cluster as an unprivileged system user.
        PG_OS_USER=postgres
        id -u "$PG_OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_OS_USER"
    fi
    mkdir -p "$LOCAL"
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        log "initialising a PostgreSQL cluster in $PGDATA_DIR"
        if is_root && ! runuser -u "$PG_OS_USER" -- test -x "$LOCAL"; then
            # The checkout is not reachable by that user: keep the data outside, linked from .local.
            local outside
            outside="/var/tmp/complaint-management-pg-$(echo "$ROOT" | sha256sum | cut -c1-12)"
            rm -rf "$outside"; mkdir -p "$outside"; ln -sfn "$outside" "$PGDATA_DIR"
        fi
        mkdir -p "$PGDATA_DIR"
        is_root && chown -R "$PG_OS_USER" "$(readlink -f "$PGDATA_DIR")"
        chmod 700 "$(readlink -f "$PGDATA_DIR")"
        as_pg_owner "$bindir/initdb" -D "$PGDATA_DIR" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    is_root && chown -R "$PG_OS_USER" "$(readlink -f "$PGDATA_DIR")"
    log "starting PostgreSQL on 127.0.0.1:$port"
    local logfile="$(readlink -f "$PGDATA_DIR")/server.log"
    as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$logfile" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=''" start >/dev/null \
        || { tail -n 20 "$logfile" >&2; die "PostgreSQL did not start"; }
    echo "$port" > "$LOCAL/pgport"
}

postgres() {
    local bindir
    bindir="$(pg_bindir)"
    if local_cluster_running; then
        DB_HOST=127.0.0.1; DB_PORT="$(cat "$LOCAL/pgport")"; DB_USER=odoo; DB_PASSWORD=
    elif "$bindir/pg_isready" -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" \
        && PGPASSWORD="${PGPASSWORD:-}" "$bindir/psql" -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" \
            -U "${PGUSER:-$(id -un)}" -d postgres -Atqc "SELECT 1" >/dev/null 2>&1; then
        DB_HOST="${PGHOST:-127.0.0.1}"; DB_PORT="${PGPORT:-5432}"
        DB_USER="${PGUSER:-$(id -un)}"; DB_PASSWORD="${PGPASSWORD:-}"
        log "using the PostgreSQL server at $DB_HOST:$DB_PORT as $DB_USER"
    else
        start_local_cluster
        DB_HOST=127.0.0.1; DB_PORT="$(cat "$LOCAL/pgport")"; DB_USER=odoo; DB_PASSWORD=
    fi
    [ "$DB_USER" != postgres ] || die "Odoo refuses the 'postgres' role: set PGUSER to another role"
    export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"
}

db_exists() {
    [ "$("$(pg_bindir)/psql" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

write_config() {
    mkdir -p "$LOCAL/data"
    CONF="$LOCAL/odoo.conf"
    cat > "$CONF" <<EOF
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
addons_path = $(addons_path)
data_dir = $LOCAL/data
http_interface = 127.0.0.1
http_port = $HTTP_PORT
EOF
}

setup() {
    system_packages
    odoo_source
    python_env
    postgres
    write_config
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" "$@"; }

# Install or update the addon; fail when Odoo logged an error while doing it.
odoo_install() {
    local logfile="$LOCAL/install-$1.log"
    rm -f "$logfile"
    shift
    if ! odoo_bin --log-level=warn --logfile="$logfile" --stop-after-init "$@"; then
        tail -n 40 "$logfile" >&2; die "Odoo failed to install the addon"
    fi
    if grep -E " (ERROR|CRITICAL) " "$logfile" >&2; then die "errors while installing the addon (see $logfile)"; fi
}

# ---------------------------------------------------------------- commands
cmd_run() {
    setup
    local stamp="$LOCAL/db-$DB_RUN.addon" want
    want="$(tree_hash complaint_management)"
    if ! db_exists "$DB_RUN"; then
        log "creating database $DB_RUN with demo data"
        odoo_install "$DB_RUN" -d "$DB_RUN" -i complaint_management --with-demo --load-language=zh_CN
        echo "$want" > "$stamp"
    elif [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "updating the addon in $DB_RUN"
        odoo_install "$DB_RUN" -d "$DB_RUN" -u complaint_management
        echo "$want" > "$stamp"
    fi
    cat <<EOF

  Odoo with complaint_management: http://127.0.0.1:$HTTP_PORT/odoo/complaints
  Demo logins (password = login):
    admin      administrator
    sales      sales rep (Complaints: User)
    qa         QA officer (Complaints: QA officer)
    warehouse  warehouse (Inventory: User)
    manager    manager (Complaints: Manager)
    customer   portal customer (a buyer of Acme Corporation): http://127.0.0.1:$HTTP_PORT/my/complaints

EOF
    exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB_RUN" --db-filter="^$DB_RUN\$"
}

# A database with the addon's dependencies installed, rebuilt when they change:
# each test run copies it instead of installing sale_stock and the rest again.
deps_template() {
    local tpl="${DB_TEST}_deps" stamp="$LOCAL/db-${DB_TEST}_deps.stamp" want deps
    deps="$("$VENV/bin/python" -c "import ast,sys; print(','.join(ast.literal_eval(open(sys.argv[1]).read())['depends']))" \
        "$ROOT/complaint_management/__manifest__.py")"
    want="$deps $(cat "$ODOO_SRC/odoo/release.py" | sha256sum | cut -c1-16)"
    if ! db_exists "$tpl" || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "creating $tpl with the addon's dependencies ($deps)"
        "$(pg_bindir)/dropdb" --if-exists "$tpl"
        rm -rf "$LOCAL/data/filestore/$tpl"
        odoo_install "$tpl" -d "$tpl" -i "$deps" --without-demo
        echo "$want" > "$stamp"
    fi
    TEMPLATE_DB="$tpl"
}

fresh_test_db() {
    deps_template
    log "creating a fresh test database $DB_TEST (no demo data)"
    "$(pg_bindir)/dropdb" --if-exists "$DB_TEST"
    "$(pg_bindir)/createdb" -T "$TEMPLATE_DB" "$DB_TEST"
    rm -rf "$LOCAL/data/filestore/$DB_TEST"
    if [ -d "$LOCAL/data/filestore/$TEMPLATE_DB" ]; then
        cp -a "$LOCAL/data/filestore/$TEMPLATE_DB" "$LOCAL/data/filestore/$DB_TEST"
    fi
    odoo_install "$DB_TEST" -d "$DB_TEST" -i complaint_management --without-demo
}

cmd_test() {
    setup
    fresh_test_db
    # CM_CORE_TESTS=sale_stock,… adds those Odoo modules' own tests, run with the addon installed.
    local paths=(tests) module
    local core="${CM_CORE_TESTS:-}"
    for module in ${core//,/ }; do
        [ -d "$ODOO_SRC/addons/$module/tests" ] || die "no tests for the Odoo module $module"
        paths+=("$ODOO_SRC/addons/$module/tests")
    done
    log "running the tests: ${paths[*]}"
    cd "$ROOT"
    "$VENV/bin/python" -m pytest -c "$ROOT/pytest.ini" --rootdir="$ROOT" --odoo-config="$CONF" \
        --odoo-database="$DB_TEST" --odoo-http --odoo-log-level=warn "$@" "${paths[@]}"
}

cmd_lint() {
    system_packages
    odoo_source
    python_env
    cd "$ROOT"
    local paths=() path
    for path in complaint_management tests bench scripts setup.py; do [ -e "$path" ] && paths+=("$path"); done
    "$VENV/bin/ruff" check "${paths[@]}"
    "$VENV/bin/ruff" format --check "${paths[@]}"
    "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" complaint_management
}

# Export the translatable strings and merge them into the .pot and the zh_CN/zh_TW .po files.
cmd_i18n() {
    setup
    fresh_test_db
    local pot="$LOCAL/complaint_management.pot"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$CONF" -d "$DB_TEST" -o "$pot" complaint_management \
        2> >(grep -v "security risk" >&2)
    "$VENV/bin/python" "$ROOT/scripts/i18n.py" "$pot"
}

# The previous release (its archive in releases/, as released: a copy of the project without
# its git history or tags has it too) installed with demo data, then upgraded to this code with
# -u: scripts/upgrade_check.py fails on any record lost or changed, or a migration not done.
cmd_upgrade_check() {
    setup
    local previous="${CM_PREVIOUS_RELEASE:-19.0.1.0.0}" db="${DB_TEST}_upgrade" old="$LOCAL/release-old"
    local archive="$ROOT/releases/complaint_management-$previous.tar.gz"
    [ -f "$archive" ] || die "no archive of release $previous: $archive"
    rm -rf "$old" && mkdir -p "$old/odoo/addons"
    tar -xzf "$archive" -C "$old/odoo/addons"
    "$(pg_bindir)/dropdb" --if-exists "$db"
    rm -rf "$LOCAL/data/filestore/$db"
    log "installing release $previous with demo data"
    # first on the path: Odoo loads the release's addon instead of this one
    PYTHONPATH="$old${PYTHONPATH:+:$PYTHONPATH}" odoo_install "$db" -d "$db" -i complaint_management --with-demo
    "$VENV/bin/python" "$ROOT/scripts/upgrade_check.py" snapshot "$db" "$LOCAL/upgrade-before.json"
    log "upgrading $db to this code"
    odoo_install "$db" -d "$db" -u complaint_management
    "$VENV/bin/python" "$ROOT/scripts/upgrade_check.py" compare "$db" "$LOCAL/upgrade-before.json"
}

# Benchmarks (bench/): a database with the addon and, for comparison, OCA's helpdesk_mgmt_sla
# and rma (installed from PyPI without their dependencies, only into this environment).
cmd_bench() {
    setup
    deps_template
    local stamp="$VENV/.bench-oca-rma"
    if [ ! -f "$stamp" ]; then
        log "installing OCA's helpdesk_mgmt, helpdesk_mgmt_sla and rma for the comparison"
        "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
            "odoo-addon-helpdesk-mgmt==19.0.*" "odoo-addon-helpdesk-mgmt-sla==19.0.*" "odoo-addon-rma==19.0.*" \
            2> >(grep -v "is ignored" >&2)
        touch "$stamp"
    fi
    local tpl="complaints_bench" want
    want="$(tree_hash complaint_management)-rma"
    if ! db_exists "$tpl" || [ "$(cat "$LOCAL/db-$tpl.addon" 2>/dev/null)" != "$want" ]; then
        log "creating $tpl"
        "$(pg_bindir)/dropdb" --if-exists "$tpl"
        "$(pg_bindir)/createdb" -T "$TEMPLATE_DB" "$tpl"
        odoo_install "$tpl" -d "$tpl" -i complaint_management,helpdesk_mgmt_sla,rma --without-demo
        echo "$want" > "$LOCAL/db-$tpl.addon"
    fi
    # `bench [NAME] [SIZES...]`: one benchmark (escalation, register, registration, screens, replica, load, recall, similar) or all
    local names=(escalation register registration screens replica load recall similar) name
    case "${1:-}" in escalation|register|registration|screens|replica|load|recall|similar) names=("$1"); shift ;; esac
    for name in "${names[@]}"; do
        if [ "$name" = replica ]; then
            PATH="$(pg_bindir):$PATH" "$VENV/bin/python" "$ROOT/bench/replica_bench.py" --config "$CONF" \
                --template "$tpl"
            continue
        fi
        if [ "$name" = load ]; then
            # locust lives in an environment of its own: its dependencies are newer than Odoo's pins
            local load_venv="$LOCAL/load-venv"
            if [ ! -x "$load_venv/bin/locust" ]; then
                log "installing locust into $load_venv"
                "$PYTHON" -m venv "$load_venv"
                "$load_venv/bin/pip" install -q --disable-pip-version-check "locust==2.*" \
                    2> >(grep -v "is ignored" >&2)
            fi
            PATH="$(pg_bindir):$PATH" "$VENV/bin/python" "$ROOT/bench/load_bench.py" --config "$CONF" \
                --template "$tpl" --locust "$load_venv/bin/locust"
            continue
        fi
        local sizes=("$@")
        if [ ${#sizes[@]} -eq 0 ]; then
            case "$name" in registration) sizes=(100 1000 10000) ;; screens) sizes=(100000 1000000) ;; *) sizes=(10000 100000) ;; esac
        fi
        PATH="$(pg_bindir):$PATH" "$VENV/bin/python" "$ROOT/bench/${name}_bench.py" --config "$CONF" \
            --template "$tpl" --sizes "${sizes[@]}"
    done
}

case "${1:-}" in
    run) shift; cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    lint) shift; cmd_lint "$@" ;;
    i18n) shift; cmd_i18n ;;
    upgrade-check) shift; cmd_upgrade_check ;;
    bench) shift; cmd_bench "$@" ;;
    setup) shift; setup ;;
    *) die "usage: $0 run|test|lint|i18n|upgrade-check|bench|setup" ;;
esac
