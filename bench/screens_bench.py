"""Benchmark: the screens QA works from, at N complaints kept over five years.

Run through ``bash scripts/dev.sh bench screens [N ...]`` (default 100000 1000000), or:

    python bench/screens_bench.py --config .local/odoo.conf --template DB --sizes 100000 1000000

Each size gets a fresh copy of the template. One process populates it: a registered complaint
made through the ORM (a customer, a sales order, a lot, its deadline lines, chatter messages,
followers and the handler's activity) is copied with SQL N times, with every child row, over
N/20 customers, N/10 orders and N/10 lots, received over five years up to now. The newest
``--open`` (10,000 by default, at every size: a kept history grows, the work in hand does not),
received in the last 30 days, are open across the open stages, a third of them past their next deadline, each with its
activity, 300 per QA officer; the others are closed, every deadline reached. ``--open`` in
proportion to N (e.g. 3,000 at 100,000 and 30,000 at 1,000,000) measures a growing inflow
instead.

A second, fresh process then calls each screen's methods as a QA officer, the way the web
client calls them over RPC (same methods, arguments and field specifications), three times,
and reports the median server time and the queries of one call:

- ``kanban``: the complaints menu (kanban by stage, *Open* filter, 80 cards per column, the
  activity progress bars);
- ``list_open`` / ``list_all``: the list with its default *Open* filter, and with no filter;
- ``overdue``: the list with the *Overdue* filter;
- ``partner_button`` / ``order_button``: a customer's and a sales order's smart button (its
  count on the form, then its list);
- ``deadlines_calendar``: a month of the officer's running deadlines on the deadlines calendar
  (its default filters);
- ``search_number`` / ``search_customer`` / ``search_order`` / ``search_lot``: the list
  searched by complaint number (the search field's default), customer, order and lot.
"""

import argparse
import json
import statistics
import time
from datetime import date, timedelta

from harness import bench_parser, copy_rows, measure_all

OPEN_PER_HANDLER = 300
OPEN_DAYS = 30  # the open complaints were received in the last 30 days
YEARS_DAYS = 5 * 365
KANBAN_COLORS = {"planned": "success", "today": "warning", "overdue": "danger"}
CLOSED_STATES = ("closed", "provisional", "withdrawn")
OPEN_STATES = ("registered", "investigating", "action", "verification", "replied")
OPEN_DOMAIN = [("state", "in", ("new", *OPEN_STATES))]
LIST_SPEC = {
    "name": {},
    "subject": {},
    "partner_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "level": {},
    "user_id": {"fields": {"display_name": {}}},
    "deadline_next_step": {},
    "date_deadline_next": {},
    "currency_id": {"fields": {}},
    "stage_id": {"fields": {"display_name": {}}},
    "state": {},
}
KANBAN_SPEC = {
    **LIST_SPEC,
    "severity": {},
    "is_repeat": {},
    "color": {},
    "activity_ids": {"fields": {}},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}, "write_date": {}}},
}
COUNT_LIMIT = 10001  # the web client counts up to this many records


def _env(config, database):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    cr = Registry(database).cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {})


# ---------------------------------------------------------------------------------- populate
def _template(env, handlers):
    """One complaint through the ORM, as a sales rep files it from an order with a lot, then
    registered; and the QA officers who handle the complaints, the screens measured as the
    first."""
    group = env.ref("complaint_management.group_complaint_qa")
    users = env["res.users"].create(
        [{"name": f"Bench QA {n}", "login": f"bench_qa_{n}", "group_ids": [(6, 0, group.ids)]} for n in range(handlers)]
    )
    partner = env["res.partner"].create({"name": "Bench Customer", "email": "customer@example.com"})
    product = env["product.product"].create({"name": "Bench Kettle", "is_storable": True, "tracking": "lot"})
    lot = env["stock.lot"].create({"name": "LOT-TEMPLATE", "product_id": product.id})
    order = env["sale.order"].create(
        {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
    )
    complaint = env["customer.complaint"].create(
        {
            "partner_id": partner.id,
            "sale_order_id": order.id,
            "subject": "Kettle lid does not close",
            "description": "<p>The lid of the kettle does not close properly.</p>",
            "channel": "email",
            "category_id": env.ref("complaint_management.complaint_category_quality").id,
            "severity": "general",
            "user_id": users[0].id,
            "line_ids": [(0, 0, {"product_id": product.id, "lot_id": lot.id, "quantity": 1})],
        }
    )
    complaint.action_register()
    complaint.activity_schedule("mail.mail_activity_data_todo", user_id=users[0].id, summary="Investigate")
    env.flush_all()
    env.cr.commit()
    return complaint, users


def populate(config, database, count, open_count):
    env = _env(config, database)
    cr = env.cr
    template, users = _template(env, max(open_count // OPEN_PER_HANDLER, 1))
    partners, orders, lots = max(count // 20, 10), max(count // 10, 20), max(count // 10, 20)
    closed_below = count - open_count
    stage = env["complaint.stage"]._stage_for_state
    open_stages = ",".join(str(stage(s).id) for s in OPEN_STATES)
    closed_stage = stage("closed").id

    copy_rows(
        cr,
        "res_partner",
        f"generate_series(1, {partners}) AS g",
        f"t.id = {template.partner_id.id}",
        {
            "name": "'Bench Customer ' || g",
            "complete_name": "'Bench Customer ' || g",
            "email": "'customer' || g || '@example.com'",
        },
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE 'Bench Customer %%'")
    cr.execute("SELECT min(id) FROM res_partner WHERE name LIKE 'Bench Customer %%'")
    partner0 = cr.fetchone()[0]
    copy_rows(
        cr,
        "sale_order",
        f"generate_series(0, {orders - 1}) AS g",
        f"t.id = {template.sale_order_id.id}",
        {
            "name": "'SB' || lpad(g::text, 7, '0')",
            **dict.fromkeys(
                ("partner_id", "partner_invoice_id", "partner_shipping_id"), f"{partner0} + mod(g, {partners})"
            ),
        },
    )
    cr.execute("SELECT min(id) FROM sale_order WHERE name LIKE 'SB%%'")
    order0 = cr.fetchone()[0]
    lot_template = template.line_ids.lot_id
    copy_rows(
        cr,
        "stock_lot",
        f"generate_series(0, {lots - 1}) AS g",
        f"t.id = {lot_template.id}",
        {"name": "'LOT' || lpad(g::text, 7, '0')"},
    )
    cr.execute("SELECT min(id) FROM stock_lot WHERE name LIKE 'LOT0%%'")
    lot0 = cr.fetchone()[0]

    # The complaints, with ids reserved first so that each child row finds its complaint.
    cr.execute(
        "CREATE TEMP TABLE bench_map AS SELECT g, nextval('customer_complaint_id_seq') AS id, "
        f"now() at time zone 'UTC' - CASE WHEN g <= {closed_below}"
        f" THEN INTERVAL '{OPEN_DAYS} days'"
        f" + ({closed_below} - g) * INTERVAL '{YEARS_DAYS - OPEN_DAYS} days' / {max(closed_below, 1)}"
        f" ELSE ({count} - g) * INTERVAL '{OPEN_DAYS} days' / {open_count} END AS received, "
        f"g <= {closed_below} AS closed FROM generate_series(1, {count}) AS g"
    )
    user_ids = ",".join(str(i) for i in users.ids)
    copy_rows(
        cr,
        "customer_complaint",
        "bench_map m",
        f"t.id = {template.id}",
        {
            "id": "m.id",
            "name": "'CC' || lpad(m.g::text, 7, '0')",
            "subject": "'Kettle lid does not close ' || m.g",
            "date_received": "m.received",
            "partner_id": f"{partner0} + mod(m.g, {partners})",
            "commercial_partner_id": f"{partner0} + mod(m.g, {partners})",
            "sale_order_id": f"{order0} + mod(m.g, {orders})",
            "user_id": f"(ARRAY[{user_ids}])[1 + mod(m.g, {len(users)})]",
            "stage_id": f"CASE WHEN m.closed THEN {closed_stage} ELSE (ARRAY[{open_stages}])[1 + mod(m.g, 5)] END",
            "state": f"CASE WHEN m.closed THEN 'closed' ELSE (ARRAY{list(OPEN_STATES)})[1 + mod(m.g, 5)] END",
            "date_closed": "CASE WHEN m.closed THEN m.received + INTERVAL '5 days' END",
            "date_deadline_next": "CASE WHEN NOT m.closed THEN now() at time zone 'UTC'"
            " + (mod(m.g, 3) - 1) * INTERVAL '2 days' + INTERVAL '1 hour' END",
            "deadline_next_step": "CASE WHEN NOT m.closed THEN t.deadline_next_step END",
        },
    )
    copy_rows(
        cr,
        "customer_complaint_line",
        "bench_map m",
        f"t.complaint_id = {template.id}",
        {"complaint_id": "m.id", "lot_id": f"{lot0} + mod(m.g, {lots})"},
    )
    relation = env["customer.complaint"]._fields["lot_ids"]
    cr.execute(
        f"INSERT INTO {relation.relation} ({relation.column1}, {relation.column2})"
        f" SELECT m.id, {lot0} + mod(m.g, {lots}) FROM bench_map m"
    )
    copy_rows(
        cr,
        "complaint_deadline",
        "bench_map m",
        f"t.complaint_id = {template.id}",
        {
            "complaint_id": "m.id",
            "user_id": f"(ARRAY[{user_ids}])[1 + mod(m.g, {len(users)})]",
            "date_start": "m.received",
            "date_deadline": "m.received + (t.date_deadline - t.date_start)",
            "date_reached": "CASE WHEN m.closed THEN m.received + (t.date_deadline - t.date_start) / 2 END",
            "status": "CASE WHEN m.closed THEN 'met' ELSE 'ongoing' END",
        },
    )
    copy_rows(
        cr,
        "mail_message",
        "bench_map m",
        f"t.model = 'customer.complaint' AND t.res_id = {template.id}",
        {"res_id": "m.id", "date": "m.received", "record_name": "'CC' || lpad(m.g::text, 7, '0')"},
    )
    copy_rows(
        cr,
        "mail_followers",
        "bench_map m",
        f"t.res_model = 'customer.complaint' AND t.res_id = {template.id}",
        {"res_id": "m.id"},
    )
    copy_rows(
        cr,
        "mail_activity",
        "bench_map m",
        f"t.res_model = 'customer.complaint' AND t.res_id = {template.id} AND NOT m.closed",
        {
            "res_id": "m.id",
            "res_name": "'CC' || lpad(m.g::text, 7, '0')",
            "date_deadline": "(now() at time zone 'UTC' + (mod(m.g, 3) - 1) * INTERVAL '2 days')::date",
            "user_id": f"(ARRAY[{user_ids}])[1 + mod(m.g, {len(users)})]",
        },
    )
    cr.execute("DELETE FROM customer_complaint WHERE id = %s", [template.id])
    cr.commit()
    cr.execute("ANALYZE")
    cr.commit()
    cr.execute("SELECT count(*) FILTER (WHERE state IN %s), count(*) FROM customer_complaint", [OPEN_STATES])
    open_count, total = cr.fetchone()
    cr.close()
    print(json.dumps({"populated": total, "open": open_count}))


# ----------------------------------------------------------------------------------- measure
def _screens(env, count):
    """Each screen: a list of (model, method, args, kwargs), the calls the web client makes."""
    cr = env.cr
    cr.execute("SELECT partner_id, sale_order_id FROM customer_complaint WHERE name = %s", [f"CC{count // 2:07d}"])
    partner_id, order_id = cr.fetchone()
    lot_name = f"LOT{(count // 3) % max(count // 10, 20):07d}"
    today = date.today()
    month = (f"{today:%Y-%m}-01 00:00:00", f"{today + timedelta(days=31):%Y-%m}-01 00:00:00")

    def listed(domain, order=""):
        return (
            "customer.complaint",
            "web_search_read",
            [domain, LIST_SPEC],
            {"limit": 80, "count_limit": COUNT_LIMIT, "order": order},
        )

    def searched(field_domain):
        return [listed(field_domain)]

    return {
        "kanban": [
            (
                "customer.complaint",
                "web_read_group",
                [OPEN_DOMAIN, ["stage_id"], ["__count"]],
                {"auto_unfold": True, "unfold_read_specification": KANBAN_SPEC, "unfold_read_default_limit": 80},
            ),
            (
                "customer.complaint",
                "read_progress_bar",
                [OPEN_DOMAIN, "stage_id", {"field": "activity_state", "colors": KANBAN_COLORS}],
                {},
            ),
        ],
        "list_open": [listed(OPEN_DOMAIN)],
        "list_all": [listed([])],
        "overdue": [listed([*OPEN_DOMAIN, ("is_overdue", "=", True)])],
        "partner_button": [
            ("res.partner", "web_read", [[partner_id], {"display_name": {}, "complaint_count": {}}], {}),
            listed([("commercial_partner_id", "=", partner_id)]),
        ],
        "order_button": [
            ("sale.order", "web_read", [[order_id], {"display_name": {}, "complaint_count": {}}], {}),
            listed([("sale_order_id", "=", order_id)]),
        ],
        "deadlines_calendar": [
            (
                "complaint.deadline",
                "search_read",
                [
                    [
                        ("date_reached", "=", False),
                        ("user_id", "=", env.uid),
                        ("date_deadline", "<=", month[1]),
                        ("date_deadline", ">=", month[0]),
                    ]
                ],
                {"fields": ["complaint_id", "step", "status", "date_deadline", "display_name"]},
            ),
        ],
        "search_number": searched(
            [
                "|",
                "|",
                ("name", "ilike", f"CC{count // 4:07d}"),
                ("subject", "ilike", f"CC{count // 4:07d}"),
                ("partner_id", "ilike", f"CC{count // 4:07d}"),
            ]
        ),
        "search_customer": searched([("partner_id", "child_of", f"Bench Customer {(count // 20) // 3}")]),
        "search_order": searched([("sale_order_id", "ilike", f"SB{(count // 10) // 3:07d}")]),
        "search_lot": searched([("lot_ids", "ilike", lot_name)]),
    }


def measure(config, database, count, _open_count):
    from odoo.service.model import call_kw  # noqa: PLC0415

    env = _env(config, database)
    user = env["res.users"].search([("login", "=", "bench_qa_0")])
    env = env(user=user.id, context={"lang": "zh_CN", "tz": "Asia/Shanghai"})
    cr = env.cr
    results = {"n": count}
    for screen, calls in _screens(env, count).items():
        timings, queries, rows = [], 0, 0
        for _run in range(3):
            env.invalidate_all()
            before = cr.sql_log_count
            start = time.perf_counter()
            shown = [call_kw(env[model], method, args, kwargs) for model, method, args, kwargs in calls]
            timings.append(time.perf_counter() - start)
            queries = cr.sql_log_count - before
            rows = max(_rows(result) for result in shown)
            cr.rollback()
        results[screen] = {"ms": round(statistics.median(timings) * 1000, 1), "queries": queries, "rows": rows}
    cr.close()
    print(json.dumps(results))


def _rows(result):
    """The records a call shows: a list's length, the cards of a kanban's columns."""
    if isinstance(result, list):
        return len(result)
    if "groups" in result:
        return sum(len(group.get("__records", [])) for group in result["groups"])
    return result.get("length", 0)


def main():
    parser = bench_parser(__doc__, [100000, 1000000])
    parser.add_argument("--open", type=int, default=10000, help="open complaints, at every size")
    parser.add_argument("--step", nargs=4, metavar=("STEP", "DATABASE", "N", "OPEN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step, database, count, open_count = args.step
        (populate if step == "populate" else measure)(args.config, database, int(count), int(open_count))
        return
    database = f"{args.template}_screens"
    runs = [
        [
            ["--config", args.config, "--step", step, database, str(count), str(args.open)]
            for step in ("populate", "measure")
        ]
        for count in args.sizes
    ]
    measure_all(__file__, args.template, database, runs, "screens.json")


if __name__ == "__main__":
    main()
