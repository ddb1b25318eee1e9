"""Demonstration: reporting served by a read replica (PostgreSQL streaming replication).

Run through ``bash scripts/dev.sh bench replica`` or alone (PostgreSQL binaries on PATH):

    python bench/replica_bench.py --config .local/odoo.conf --template DB --complaints 500

On loopback only, it starts a primary PostgreSQL cluster of its own, copies the template
database into it, files and registers complaints there through the ORM, clones a hot standby
from it with ``pg_basebackup -R`` and starts it on another port, then serves Odoo in prefork
mode (``--workers=2``) with ``db_replica_host``/``db_replica_port`` pointing at the standby.
Both clusters log every statement with its database; the script counts, per phase, the
statements each one ran for the database:

- reporting as a QA officer: the statistics pivot and the dashboard's counters
  (``formatted_read_group`` on the statistics), the register spreadsheet download, the weekly
  review list (HTML) and the overdue list;
- work: complaints filed and registered over the same API.

Expected: the reporting phase runs on the standby and not on the primary; the work on the primary.
Everything it started is stopped and removed at the end.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_USER = "odoo"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_pg_owner(args):
    """initdb and postgres refuse root: run them as the ``postgres`` system user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self, folder, port):
        self.folder, self.port = folder, port
        self.log = os.path.join(folder, "server.log")

    def start(self, *settings):
        options = " ".join(
            [
                f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
                "-c log_statement=all -c log_line_prefix='%d|' -c logging_collector=off",
                *settings,
            ]
        )
        subprocess.run(
            _as_pg_owner(["pg_ctl", "-D", self.folder, "-l", self.log, "-w", "-t", "60", "-o", options, "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self):
        subprocess.run(
            _as_pg_owner(["pg_ctl", "-D", self.folder, "-m", "fast", "stop"]), check=False, capture_output=True
        )

    def statements(self, database):
        """Statements run so far for ``database`` (log lines prefixed with it)."""
        return len(self.statement_lines(database))

    def statement_lines(self, database):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            return [line for line in f if line.startswith(f"{database}|") and "statement: " in line]

    def psql(self, *args):
        return subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, "-Atq", *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()


def _prepare_folder(base, name):
    folder = os.path.join(base, name)
    os.makedirs(folder, mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    return folder


def _populate(config, database, port, count):
    """Complaints filed and registered through the ORM in the primary (its own process)."""
    subprocess.run(
        [sys.executable, __file__, "--config", config, "--step-populate", database, str(port), str(count)],
        check=True,
    )


def populate(config, database, port, count):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        ["-c", config, "-d", database, "--db_port", str(port), "--db_host", "127.0.0.1", "--log-level=warn"]
    )
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        admin.write(
            {"password": "admin", "group_ids": [(4, env.ref("complaint_management.group_complaint_manager").id)]}
        )
        partners = env["res.partner"].create(
            [{"name": f"Customer {n}", "email": f"c{n}@example.com"} for n in range(50)]
        )
        category = env.ref("complaint_management.complaint_category_quality")
        complaints = env["customer.complaint"].create(
            [
                {
                    "partner_id": partners[n % 50].id,
                    "description": "<p>The lid does not close.</p>",
                    "channel": "phone",
                    "category_id": category.id,
                    "severity": "general",
                }
                for n in range(count)
            ]
        )
        complaints.action_register()


class Client:
    def __init__(self, url, database):
        self.url, self.database = url, database
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=120) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def login(self, login, password):
        self._post("/web/session/authenticate", {"db": self.database, "login": login, "password": password})

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        with self.opener.open(self.url + path, timeout=120) as response:
            return response.status, len(response.read())


def _reporting(client, complaint_ids):
    Report = "customer.complaint.report"
    client.call(
        Report,
        "formatted_read_group",
        [],
        ["date_received:month", "parent_category_id"],
        ["__count", "reply_on_time:avg"],
    )
    client.call(Report, "formatted_read_group", [("is_open", "=", True)], [], ["__count"])
    client.call(Report, "formatted_read_group", [("is_overdue", "=", True)], [], ["__count"])
    client.call(
        "customer.complaint", "web_search_read", [("is_overdue", "=", True)], {"name": {}, "subject": {}}, limit=80
    )
    status, size = client.get("/complaint_management/xlsx/register?date_from=2000-01-01&date_to=2999-12-31")
    assert status == 200 and size > 0
    ids = ",".join(str(i) for i in complaint_ids[:20])
    status, _size = client.get(f"/report/html/complaint_management.report_complaint_weekly_review/{ids}")
    assert status == 200


def _work(client, partner_id, category_id, count):
    ids = client.call(
        "customer.complaint",
        "create",
        [
            {
                "partner_id": partner_id,
                "description": "<p>Another lid.</p>",
                "channel": "walk_in",
                "category_id": category_id,
                "severity": "general",
            }
            for _n in range(count)
        ],
    )
    client.call("customer.complaint", "action_register", ids)


def _wait_http(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/web/health", timeout=5)
            return
        except OSError:
            time.sleep(1)
    raise RuntimeError("Odoo did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--template", help="database to copy into the primary")
    parser.add_argument("--complaints", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--step-populate", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step_populate:
        database, port, count = args.step_populate
        populate(args.config, database, int(port), int(count))
        return
    base = tempfile.mkdtemp(prefix="cm-replica-", dir="/var/tmp")
    os.chmod(base, 0o755)
    database = "complaints_replica"
    primary = Cluster(_prepare_folder(base, "primary"), _free_port())
    standby = Cluster(_prepare_folder(base, "standby"), _free_port())
    odoo = None
    try:
        subprocess.run(
            _as_pg_owner(
                ["initdb", "-D", primary.folder, "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        primary.start("-c wal_level=replica -c max_wal_senders=4")
        primary.psql("-d", "postgres", "-c", f"CREATE DATABASE {database}")
        dump = subprocess.Popen(["pg_dump", "-Fc", args.template], stdout=subprocess.PIPE)
        subprocess.run(
            ["pg_restore", "-h", "127.0.0.1", "-p", str(primary.port), "-U", PG_USER, "--no-owner", "-d", database],
            stdin=dump.stdout,
            check=True,
        )
        dump.wait()
        _populate(args.config, database, primary.port, args.complaints)
        subprocess.run(
            _as_pg_owner(
                [
                    "pg_basebackup",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(primary.port),
                    "-U",
                    PG_USER,
                    "-D",
                    standby.folder,
                    "-R",
                    "-X",
                    "stream",
                ]
            ),
            check=True,
        )
        standby.start("-c hot_standby=on")
        assert standby.psql("-d", database, "-c", "SELECT pg_is_in_recovery()") == "t"
        http_port = _free_port()
        odoo_log = open(os.path.join(base, "odoo.log"), "w")  # closed in finally, after the server
        odoo = subprocess.Popen(
            [
                sys.executable,
                os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo/19.0"), "odoo-bin"),
                "-c",
                args.config,
                "-d",
                database,
                "--db-filter",
                f"^{database}$",
                "--db_host",
                "127.0.0.1",
                "--db_port",
                str(primary.port),
                "--db_replica_host",
                "127.0.0.1",
                "--db_replica_port",
                str(standby.port),
                "--http-interface",
                "127.0.0.1",
                "--http-port",
                str(http_port),
                "--workers",
                "2",
                "--max-cron-threads",
                "0",
                "--log-level",
                "warn",
            ],
            stdout=subprocess.DEVNULL,
            stderr=odoo_log,
        )
        url = f"http://127.0.0.1:{http_port}"
        _wait_http(url)
        client = Client(url, database)
        client.login("admin", "admin")
        complaint_ids = client.call("customer.complaint", "search", [], limit=100)
        partner_id = client.call("res.partner", "search", [("email", "=", "c1@example.com")], limit=1)[0]
        category_id = client.call("complaint.category", "search", [], limit=1)[0]
        _reporting(client, complaint_ids)  # warm the workers
        results = {"complaints": args.complaints, "rounds": args.rounds}
        for phase, run in (
            ("reporting", lambda: _reporting(client, complaint_ids)),
            ("work", lambda: _work(client, partner_id, category_id, 5)),
        ):
            time.sleep(1)
            before = primary.statements(database), standby.statements(database)
            start = time.perf_counter()
            for _round in range(args.rounds):
                run()
            seconds = time.perf_counter() - start
            time.sleep(1)
            after = primary.statements(database), standby.statements(database)
            if phase == "reporting":  # what the primary still ran, for the record
                lines = primary.statement_lines(database)[before[0] : after[0]]
                kinds = {}
                for line in lines:
                    text = line.split("statement: ", 1)[1].strip()[:60]
                    kinds[text] = kinds.get(text, 0) + 1
                sys.stderr.write(json.dumps(kinds, indent=1, ensure_ascii=False) + "\n")
            results[phase] = {
                "seconds": round(seconds, 2),
                "primary_statements": after[0] - before[0],
                "standby_statements": after[1] - before[1],
            }
        print(json.dumps(results), flush=True)
        folder = os.path.join(os.path.dirname(__file__), "results")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "replica.json"), "w") as f:
            json.dump(results, f, indent=1)
    except Exception:
        if os.path.exists(os.path.join(base, "odoo.log")):
            with open(os.path.join(base, "odoo.log")) as f:
                sys.stderr.write(f.read()[-3000:])
        raise
    finally:
        if odoo:
            odoo.terminate()
            odoo.wait(timeout=60)
            odoo_log.close()
        standby.stop()
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
