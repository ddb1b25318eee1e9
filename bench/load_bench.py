"""Benchmark: Odoo's prefork server under load, with the scheduled actions running.

Run through ``bash scripts/dev.sh bench load`` (it installs locust into an environment of its
own, apart from Odoo's), or:

    python bench/load_bench.py --config .local/odoo.conf --template DB --locust PATH/locust

On a fresh copy of the template, one process prepares the data through the ORM: the users
(sales reps, QA officers, sales managers, warehouse staff), customers, delivered orders,
registered complaints already past a deadline (work for the escalation action) and closed
complaints due for their satisfaction survey (work for the survey action); both actions are
set to run every minute. Then ``odoo-bin --workers=4 --max-cron-threads=2`` serves the copy
on loopback while locust drives it over HTTP, each simulated user logged in as its own user
and working through the web client's JSON-RPC routes (``bench/load_locustfile.py``): sales
reps file complaints from their orders and ask for returns, QA officers open the kanban and
move complaints through their steps up to closing, sales managers approve returns, the
warehouse receives them.

Reported: throughput, median and 95th percentile per action and error count (locust), and the
consistency checks run on the database afterwards: every complaint numbered once, no running
deadline line twice for a step, none missing, no escalation or activity twice, every received
return marked received, and that the scheduled actions did their work during the run.
"""

import argparse
import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta

from harness import bench_parser, drop, fresh_copy, run_step, save

ROLES = {
    "sales": "sales_team.group_sale_salesman,complaint_management.group_complaint_user",
    "qa": "complaint_management.group_complaint_qa",
    "manager": "sales_team.group_sale_manager,complaint_management.group_complaint_manager",
    "warehouse": "stock.group_stock_user",
}
USERS_PER_ROLE = {"sales": 8, "qa": 6, "manager": 2, "warehouse": 4}
ORDERS_PER_REP = 10
OVERDUE, DUE_FOR_SURVEY = 300, 100


def _env(config, database):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    cr = Registry(database).cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {})


# ----------------------------------------------------------------------------------- prepare
def prepare(config, database, data_path):
    from odoo import fields  # noqa: PLC0415

    env = _env(config, database)
    users = {
        role: env["res.users"].create(
            [
                {
                    "name": f"Load {role} {n}",
                    "login": f"load_{role}_{n}",
                    "password": f"load_{role}_{n}",
                    "group_ids": [(6, 0, [env.ref(xmlid).id for xmlid in ROLES[role].split(",")])],
                }
                for n in range(USERS_PER_ROLE[role])
            ]
        )
        for role in ROLES
    }
    env["complaint.department"].create({"name": "Quality", "member_ids": [(6, 0, users["qa"].ids)]})
    category = env["complaint.category"].create({"name": "外壳裂纹"})
    products = env["product.product"].create(
        [{"name": f"Load Kettle {n}", "is_storable": True, "list_price": 100} for n in range(3)]
    )
    stock = env.ref("stock.stock_location_stock")
    for product in products:
        env["stock.quant"]._update_available_quantity(product, stock, 100000)
    customers = env["res.partner"].create(
        [{"name": f"Load Customer {n}", "email": f"load{n}@example.com"} for n in range(30)]
    )
    orders = {}
    for rep in users["sales"]:
        rep_orders = env["sale.order"].create(
            [
                {
                    "partner_id": customers[(rep.id + n) % len(customers)].id,
                    "user_id": rep.id,
                    "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 500}) for p in products[:2]],
                }
                for n in range(ORDERS_PER_REP)
            ]
        )
        rep_orders.action_confirm()
        for picking in rep_orders.picking_ids:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
        rep_orders.picking_ids.button_validate()
        orders[rep.login] = [
            {
                "id": order.id,
                "partner_id": order.partner_id.id,
                "lines": [{"id": line.id, "product_id": line.product_id.id} for line in order.order_line],
            }
            for order in rep_orders
        ]
    _prepare_cron_work(env, customers, products, category)
    for xmlid in ("ir_cron_complaint_escalation", "ir_cron_complaint_satisfaction"):
        env.ref(f"complaint_management.{xmlid}").write(
            {"interval_number": 1, "interval_type": "minutes", "nextcall": fields.Datetime.now()}
        )
    data = {
        "db": database,
        "users": {role: group.mapped("login") for role, group in users.items()},
        "orders": orders,
        "category_id": category.id,
        "today": fields.Date.to_string(fields.Date.today()),
    }
    env.cr.commit()
    env.cr.close()
    with open(data_path, "w") as f:
        json.dump(data, f)
    print(json.dumps({"prepared": True}))


def _prepare_cron_work(env, customers, products, category):
    """Complaints past their classification deadline, and closed ones due for their survey."""
    from odoo import fields  # noqa: PLC0415

    Complaint = env["customer.complaint"]

    def values(count):
        return [
            {
                "partner_id": customers[n % len(customers)].id,
                "description": "<p>壶盖关不上</p>",
                "channel": "phone",
                "category_id": category.id,
                "severity": "general",
                "root_cause_category": "method",
                "root_cause": "装配说明缺少铰链检查",
                "line_ids": [(0, 0, {"product_id": products[2].id, "quantity": 1})],
            }
            for n in range(count)
        ]

    overdue = Complaint.create(values(OVERDUE))
    overdue.action_register()
    overdue.deadline_ids.filtered(lambda d: not d.date_reached).write(
        {"date_deadline": fields.Datetime.now() - timedelta(days=2)}
    )
    closed = Complaint.create(values(DUE_FOR_SURVEY))
    for step in ("action_register", "action_investigate", "action_set_valid", "action_plan_actions"):
        getattr(closed, step)()
    closed.action_verify()
    closed.action_reply()
    wizard = env["customer.complaint.transition"].create(
        {"complaint_ids": [(6, 0, closed.ids)], "transition": "close", "confirmation_method": "call"}
    )
    wizard.action_apply()
    env.flush_all()
    env.cr.execute(
        "UPDATE customer_complaint SET date_closed = date_closed - INTERVAL '10 days' WHERE id IN %s",
        [tuple(closed.ids)],
    )


# ------------------------------------------------------------------------------------- check
def check(config, database, started):
    env = _env(config, database)
    cr = env.cr

    def scalar(query, *params):
        cr.execute(query, params)
        return cr.fetchone()[0]

    cr.execute(
        "SELECT count(*), count(DISTINCT (company_id, name)), count(*) FILTER (WHERE name = '/' AND state != 'new'),"
        " count(*) FILTER (WHERE create_date >= %s) FROM customer_complaint",
        [started],
    )
    complaints, names, unnumbered, filed = cr.fetchone()
    result = {
        "complaints": complaints,
        "filed_during_run": filed,
        "numbered_once": complaints == names and unnumbered == 0,
        "deadline_lines_twice": scalar(
            "SELECT count(*) FROM (SELECT 1 FROM complaint_deadline WHERE date_reached IS NULL"
            " GROUP BY complaint_id, step HAVING count(*) > 1) d"
        ),
        "registered_without_deadlines": scalar(
            "SELECT count(*) FROM customer_complaint c WHERE c.state != 'new'"
            " AND NOT EXISTS (SELECT 1 FROM complaint_deadline d WHERE d.complaint_id = c.id)"
        ),
        "escalations": scalar("SELECT count(*) FROM complaint_escalation"),
        "escalations_twice": scalar(
            "SELECT count(*) FROM (SELECT 1 FROM complaint_escalation GROUP BY complaint_id, reason"
            " HAVING count(*) > 1) e"
        ),
        "missed_deadlines_marked": scalar("SELECT count(*) FROM complaint_deadline WHERE date_missed IS NOT NULL"),
        "activities_twice": scalar(
            "SELECT count(*) FROM (SELECT 1 FROM mail_activity WHERE res_model = 'customer.complaint'"
            " GROUP BY res_id, activity_type_id, user_id, summary HAVING count(*) > 1) a"
        ),
        "surveys_requested": scalar(
            "SELECT count(*) FROM rating_rating WHERE res_model = 'customer.complaint' AND create_date >= %s",
            started,
        ),
        "returns_received": scalar("SELECT count(*) FROM complaint_return WHERE state = 'received'"),
        "returns_not_marked_received": scalar(
            "SELECT count(*) FROM complaint_return r WHERE r.state IN ('approved', 'receiving')"
            " AND EXISTS (SELECT 1 FROM stock_picking p WHERE p.complaint_return_id = r.id)"
            " AND NOT EXISTS (SELECT 1 FROM stock_picking p WHERE p.complaint_return_id = r.id"
            " AND p.state NOT IN ('done', 'cancel'))"
        ),
        "closed_during_run": scalar("SELECT count(*) FROM customer_complaint WHERE date_closed >= %s", started),
    }
    cr.execute(
        "SELECT cron_name, count(*) FROM ir_cron_progress p JOIN ir_cron c ON c.id = p.cron_id"
        " WHERE p.create_date >= %s GROUP BY 1",
        [started],
    )
    result["cron_runs"] = dict(cr.fetchall())
    cr.close()
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------- run
def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(config, database, port, log):
    odoo_bin = os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo/19.0"), "odoo-bin")
    server = subprocess.Popen(
        [
            sys.executable, odoo_bin, "-c", config, "-d", database, f"--db-filter=^{database}$",
            "--workers=4", "--max-cron-threads=2", "--http-interface=127.0.0.1", f"--http-port={port}",
            f"--gevent-port={_free_port()}", f"--logfile={log}", "--log-level=info",
        ]
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            urllib.request.urlopen(f"{url}/web/login", timeout=5)
            return server, url
        except OSError:
            time.sleep(1)
    server.kill()
    raise SystemExit("Odoo did not start; see " + log)


def _locust_results(prefix):
    with open(f"{prefix}_stats.csv") as f:
        rows = list(csv.DictReader(f))
    actions = {
        row["Name"]: {
            "count": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "per_second": round(float(row["Requests/s"]), 2),
            "p50_ms": int(float(row["50%"])),
            "p95_ms": int(float(row["95%"])),
        }
        for row in rows
        if row["Type"] == "ACTION"
    }
    rpcs = [row for row in rows if row["Type"] == "POST"]
    return {
        "actions": actions,
        "rpc_count": sum(int(r["Request Count"]) for r in rpcs),
        "rpc_errors": sum(int(r["Failure Count"]) for r in rpcs),
        "rpc_per_second": round(sum(float(r["Requests/s"]) for r in rpcs), 1),
    }


def _server_log(log):
    """What the server's log says: scheduled actions that failed (must be none), and the
    serialization conflicts PostgreSQL reported, each retried by Odoo or by the action."""
    with open(log) as f:
        text = f.read()
    return {
        "failed_scheduled_actions": len(re.findall(r"ir_cron: Job .* failed", text)),
        "retried_conflicts": text.count("could not serialize access"),
        "server_tracebacks": text.count("Traceback (most recent call last)"),
    }


def main():
    parser = bench_parser(__doc__, [])
    parser.add_argument("--locust", default="locust", help="the locust command, in its own environment")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step, database, *rest = args.step
        (prepare if step == "prepare" else check)(args.config, database, *rest)
        return
    database = f"{args.template}_load"
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(folder, exist_ok=True)
    data_path, prefix, log = (os.path.join(folder, name) for name in ("load_data.json", "load", "load_odoo.log"))
    fresh_copy(args.template, database)
    run_step(__file__, "--config", args.config, "--step", "prepare", database, data_path)
    started = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    if os.path.exists(log):
        os.remove(log)
    server, url = _serve(args.config, database, _free_port(), log)
    try:
        subprocess.run(
            [
                args.locust, "-f", os.path.join(os.path.dirname(os.path.abspath(__file__)), "load_locustfile.py"),
                "--headless", "-u", str(args.users), "-r", "5", "-t", f"{int(args.minutes * 60)}s",
                "--host", url, "--csv", prefix, "--only-summary", "--stop-timeout", "30",
            ],
            env={**os.environ, "LOAD_DATA": data_path},
            check=False,
        )  # fmt: skip
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=120)
    result = {"users": args.users, "minutes": args.minutes, **_locust_results(prefix), **_server_log(log)}
    result["checks"] = run_step(__file__, "--config", args.config, "--step", "check", database, started)
    print(json.dumps(result, indent=1), flush=True)
    save(result, "load.json")
    drop(database)


if __name__ == "__main__":
    main()
