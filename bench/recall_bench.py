"""Benchmark: a recall of a lot delivered N times (one delivery per customer order, N/10
customers): finding every customer and delivery, then telling them (mails queued).

Run through ``bash scripts/dev.sh bench recall [N ...]`` (default 10000 100000), which prepares
the database template; each measurement runs in a fresh process on a fresh copy of it:

    python bench/recall_bench.py --config .local/odoo.conf --template DB --sizes 10000 100000

One delivery of the lot is made through the ORM (order, picking, move, move line); the
others are its SQL copies, each to one of N/10 customers. Reported for each action: wall time,
time per 1,000 deliveries, queries, and the process's peak resident memory.
"""

import argparse
import json
import resource
import time

from harness import bench_parser, clone_rows, copy_rows, measure_all


def _populate(env, count):
    product = env["product.product"].create(
        {"name": "Bench Milk Powder", "is_storable": True, "tracking": "lot", "list_price": 80.0}
    )
    lot = env["stock.lot"].create({"name": "BENCH-LOT", "product_id": product.id})
    stock = env.ref("stock.stock_location_stock")
    env["stock.quant"]._update_available_quantity(product, stock, count * 2, lot_id=lot)
    partner = env["res.partner"].create({"name": "Bench Shop", "email": "shop@bench.example", "is_company": True})
    order = env["sale.order"].create(
        {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
    )
    order.action_confirm()
    picking = order.picking_ids
    picking.action_assign()
    picking.move_ids.picked = True
    picking.button_validate()
    env.flush_all()
    cr = env.cr
    customers = max(count // 10, 1)
    clone_rows(
        cr,
        "res_partner",
        partner.id,
        customers - 1,
        {"name": "'Bench Shop ' || g", "email": "'shop' || g || '@bench.example'", "commercial_partner_id": "NULL"},
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE %s", ["Bench Shop%"])
    cr.execute("SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id", ["Bench Shop%"])
    partner_ids = [row[0] for row in cr.fetchall()]
    # the other deliveries: picking, move and move line copied, the customers in turn
    copy_rows(
        cr,
        "stock_picking",
        f"generate_series(1, {count - 1}) AS g",
        f"t.id = {picking.id}",
        {
            "name": "'BENCH/OUT/' || g",
            "partner_id": f"(ARRAY{partner_ids})[1 + mod(g, {len(partner_ids)})]",
        },
    )
    move, move_line = picking.move_ids, picking.move_ids.move_line_ids
    copy_rows(
        cr,
        "stock_move",
        "stock_picking AS p",
        f"t.id = {move.id} AND p.id > {picking.id}",
        {"picking_id": "p.id", "partner_id": "p.partner_id"},
    )
    copy_rows(
        cr,
        "stock_move_line",
        "stock_move AS m",
        f"t.id = {move_line.id} AND m.id > {move.id}",
        {"move_id": "m.id", "picking_id": "m.picking_id"},
    )
    cr.execute("ANALYZE stock_move_line")
    cr.execute("ANALYZE stock_move")
    cr.commit()
    return product, lot


def measure(config, database, count):
    """Populate and measure in this process; print one JSON line."""
    import odoo  # noqa: PLC0415
    from odoo import api, sql_db  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        product, lot = _populate(env, count)
        recall = env["complaint.recall"].create(
            {"product_id": product.id, "lot_ids": [(6, 0, lot.ids)], "reason": "Bench recall"}
        )
        cr.commit()
        result = {"n": count}
        for action in ("action_find_customers", "action_notify"):
            env.invalidate_all()
            queries = sql_db.sql_counter
            start = time.perf_counter()
            getattr(recall, action)()
            env.flush_all()
            cr.commit()
            elapsed = time.perf_counter() - start
            result[action] = {
                "seconds": round(elapsed, 2),
                "seconds_per_1000": round(elapsed / count * 1000, 3),
                "queries": sql_db.sql_counter - queries,
            }
        cr.execute("SELECT count(*) FROM complaint_recall_line WHERE recall_id = %s", [recall.id])
        result["deliveries_found"] = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM mail_mail m JOIN mail_message g ON g.id = m.mail_message_id"
            " WHERE g.model = 'complaint.recall.line'"
        )
        result["mails_queued"] = cr.fetchone()[0]
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


def main():
    parser = bench_parser(__doc__, [10000, 100000])
    parser.add_argument("--measure", nargs=2, metavar=("DATABASE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        database, count = args.measure
        measure(args.config, database, int(count))
        return
    database = f"{args.template}_run"
    runs = [[["--config", args.config, "--measure", database, str(count)]] for count in args.sizes]
    measure_all(__file__, args.template, database, runs, "recall.json")


if __name__ == "__main__":
    main()
