"""Benchmark: filing and registering complaints in batch, against OCA's ``rma`` (create and
confirm, which creates the return receipts) and ``helpdesk_mgmt_sla`` (ticket create, SLA lines
included), in the same run and the same database.

Run through ``bash scripts/dev.sh bench`` (it prepares the template with the three addons), or:

    python bench/registration_bench.py --config .local/odoo.conf --template DB --sizes 100 1000 10000

Each measurement runs in a fresh process on a fresh copy of the template, as the administrator
(access rules applied), with tracking on, and ends with a real commit: the tracking messages
written at commit time are counted. Kinds measured:

- ``register``: ``action_register`` on N complaints filed by email, with the acknowledgement
  rendered and queued (the mail queue sends it), routing and deadline planning;
- ``register_walk_in``: the same for complaints filed in person (no acknowledgement mail);
- ``file_and_register``: ``create`` then ``action_register``, the figure compared with the peers;
- ``rma``: OCA ``rma`` ``create`` then ``action_confirm``;
- ``ticket``: OCA ``helpdesk.ticket`` ``create`` with a team using SLAs.

Reported per kind and size: milliseconds and queries per record, and checks that every
complaint was numbered once, got its deadlines and (by email) one queued acknowledgement.
"""

import argparse
import json
import time

from harness import bench_parser, measure_all

COMPLAINT_KINDS = ("register", "register_walk_in", "file_and_register")
PEER_KINDS = ("rma", "ticket")


def _env(config, database):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    cr = Registry(database).cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {})


def _customers(env, count):
    return env["res.partner"].create(
        [{"name": f"Bench Customer {n}", "email": f"customer{n}@example.com"} for n in range(count)]
    )


def _complaint_values(env, partners, channel):
    category = env.ref("complaint_management.complaint_category_quality")
    product = env["product.product"].create({"name": "Bench Kettle", "is_storable": True})
    return [
        {
            "partner_id": partner.id,
            "description": "<p>The lid of the kettle does not close.</p>",
            "channel": channel,
            "category_id": category.id,
            "severity": "general",
            "line_ids": [(0, 0, {"product_id": product.id, "quantity": 1})],
        }
        for partner in partners
    ]


def _timed(env, work):
    """Run ``work()`` then commit; wall time and queries, the commit's included."""
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    records = work()
    cr.commit()
    return records, time.perf_counter() - start, cr.sql_log_count - queries


def measure(config, database, kind, count):
    env = _env(config, database)
    admin = env.ref("base.user_admin")
    partners = _customers(env, count)
    channel = "walk_in" if kind == "register_walk_in" else "email"
    if kind in PEER_KINDS:
        records, seconds, queries = _measure_peer(env, admin, kind, partners)
        checks = {}
    else:
        Complaint = env["customer.complaint"].with_user(admin)
        values = _complaint_values(env, partners, channel)
        env.cr.commit()
        if kind == "file_and_register":

            def file_and_register():
                complaints = Complaint.create(values)
                complaints.action_register()
                return complaints

            records, seconds, queries = _timed(env, file_and_register)
        else:
            records = Complaint.create(values)
            env.cr.commit()
            records = Complaint.browse(records.ids)
            env.invalidate_all()
            _records, seconds, queries = _timed(env, lambda: records.action_register())
        checks = _checks(env, records, channel)
    env.cr.close()
    print(
        json.dumps(
            {
                "kind": kind,
                "n": count,
                "ms_per_record": round(seconds / count * 1000, 2),
                "queries_per_record": round(queries / count, 2),
                "records": len(records),
                **checks,
            }
        )
    )


def _measure_peer(env, admin, kind, partners):
    if kind == "rma":
        location = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).rma_loc_id
        product = env["product.product"].create({"name": "Bench Kettle", "is_storable": True})
        operation = env.ref("rma.rma_operation_return")
        values = [
            {
                "partner_id": partner.id,
                "product_id": product.id,
                "product_uom_qty": 1,
                "location_id": location.id,
                "operation_id": operation.id,
                "description": "<p>The lid of the kettle does not close.</p>",
            }
            for partner in partners
        ]
        env.cr.commit()
        Rma = env["rma"].with_user(admin)

        def create_and_confirm():
            rmas = Rma.create(values)
            rmas.action_confirm()
            return rmas

        return _timed(env, create_and_confirm)
    team = env["helpdesk.ticket.team"].create(
        {"name": "Bench", "use_sla": True, "resource_calendar_id": env.ref("resource.resource_calendar_std").id}
    )
    env["helpdesk.sla"].create({"name": "Bench SLA", "team_ids": [(6, 0, team.ids)], "hours": 16})
    values = [
        {"name": "The lid does not close", "description": "<p>bench</p>", "team_id": team.id, "partner_id": p.id}
        for p in partners
    ]
    env.cr.commit()
    Ticket = env["helpdesk.ticket"].with_user(admin)
    return _timed(env, lambda: Ticket.create(values))


def _checks(env, complaints, channel):
    """Every complaint numbered once, registered, with its deadline lines and (by email) one
    queued acknowledgement."""
    names = complaints.mapped("name")
    acks = (
        env["mail.mail"]
        .sudo()
        .search_count(
            [("model", "=", "customer.complaint"), ("res_id", "in", complaints.ids), ("state", "=", "outgoing")]
        )
    )
    deadlines = env["complaint.deadline"].sudo()._read_group([("complaint_id", "in", complaints.ids)], ["complaint_id"])
    return {
        "numbered_once": len(set(names)) == len(names) and "/" not in names,
        "all_registered": set(complaints.mapped("state")) == {"registered"},
        "with_deadlines": len(deadlines) == len(complaints),
        "acks_queued": acks,
        "acks_expected": len(complaints) if channel == "email" else 0,
    }


def main():
    parser = bench_parser(__doc__, [100, 1000, 10000])
    parser.add_argument("--peer-sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--step", nargs=3, metavar=("KIND", "DATABASE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        kind, database, count = args.step
        measure(args.config, database, kind, int(count))
        return
    database = f"{args.template}_registration"
    runs = [(kind, n) for n in args.sizes for kind in COMPLAINT_KINDS]
    runs += [(kind, n) for n in args.peer_sizes for kind in PEER_KINDS]
    steps = [[["--config", args.config, "--step", kind, database, str(n)]] for kind, n in runs]
    measure_all(__file__, args.template, database, steps, "registration.json")


if __name__ == "__main__":
    main()
