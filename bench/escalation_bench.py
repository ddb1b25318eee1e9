"""Benchmark: the deadline/escalation scheduled action over N open complaints, and the same
work in OCA's helpdesk_mgmt_sla (expiring in-progress SLAs past their deadline) over N tickets.

Run through ``bash scripts/dev.sh bench [N ...]`` (default 10000 100000), which prepares the
database template; each measurement runs in a fresh process on a fresh copy of it:

    python bench/escalation_bench.py --config .local/odoo.conf --template DB --sizes 10000 100000

Rows are populated with SQL, cloned from one record made through the ORM (a registered
complaint with its overdue deadline; a ticket with its SLA line), then the action runs with a
real cursor that commits each batch. Reported: wall time, time per 1,000, queries in all and
per batch of 1,000, and the process's peak resident memory.
"""

import argparse
import json
import resource
import time
from datetime import datetime, timedelta

from harness import bench_parser, clone_rows, measure_all

BATCH = 1000


def _populate_complaints(env, count, now):
    partner = env["res.partner"].create({"name": "Bench Customer"})
    complaint = env["customer.complaint"].create(
        {
            "partner_id": partner.id,
            "user_id": env.ref("base.user_admin").id,
            "date_received": now - timedelta(days=3),
            "description": "<p>bench</p>",
            "channel": "walk_in",
        }
    )
    complaint.action_register()
    deadline = complaint.deadline_ids.filtered(lambda d: d.step == "classify")
    deadline.write({"date_deadline": now - timedelta(days=1)})
    env.flush_all()
    cr = env.cr
    clone_rows(cr, "customer_complaint", complaint.id, count - 1, {"name": "'BENCH-' || g"})
    cr.execute(
        "INSERT INTO complaint_deadline (complaint_id, company_id, step, policy_id, target_hours, date_start,"
        " date_deadline, status, create_uid, write_uid, create_date, write_date)"
        " SELECT c.id, d.company_id, d.step, d.policy_id, d.target_hours, d.date_start, d.date_deadline,"
        " d.status, d.create_uid, d.write_uid, d.create_date, d.write_date"
        " FROM customer_complaint c, complaint_deadline d WHERE c.name LIKE 'BENCH-%%' AND d.id = %s",
        [deadline.id],
    )
    cr.commit()


def _populate_tickets(env, count, now):
    calendar = env.ref("resource.resource_calendar_std")
    team = env["helpdesk.ticket.team"].create({"name": "Bench", "use_sla": True, "resource_calendar_id": calendar.id})
    sla = env["helpdesk.sla"].create({"name": "Bench SLA", "team_ids": [(6, 0, team.ids)], "hours": 2})
    ticket = env["helpdesk.ticket"].create(
        {
            "name": "Bench ticket",
            "description": "<p>bench</p>",
            "team_id": team.id,
            "user_id": env.ref("base.user_admin").id,
        }
    )
    line = ticket.ticket_sla_ids.filtered(lambda s: s.sla_id == sla)
    env.flush_all()
    env.cr.execute(
        "UPDATE helpdesk_ticket_sla SET deadline = %s, last_state_date = %s, state = 'in_progress' WHERE id = %s",
        [now - timedelta(days=1), now - timedelta(days=3), line.id],
    )
    cr = env.cr
    clone_rows(cr, "helpdesk_ticket", ticket.id, count - 1, {"number": "'BENCH-' || g", "name": "'Bench ' || g"})
    cr.execute(
        "INSERT INTO helpdesk_ticket_sla (ticket_id, sla_id, deadline, hours, consumed_time, last_state_date, state,"
        " create_uid, write_uid, create_date, write_date)"
        " SELECT t.id, s.sla_id, s.deadline, s.hours, s.consumed_time, s.last_state_date, s.state,"
        " s.create_uid, s.write_uid, s.create_date, s.write_date"
        " FROM helpdesk_ticket t, helpdesk_ticket_sla s WHERE t.number LIKE 'BENCH-%%' AND s.id = %s",
        [line.id],
    )
    cr.commit()


def _run_ours(env):
    env["customer.complaint"]._cron_escalate(batch_size=BATCH)


def _run_oca(env):
    """What helpdesk_mgmt_sla does for an in-progress SLA past its deadline, in committed batches."""
    SlaLine = env["helpdesk.ticket.sla"]
    domain = [("state", "=", "in_progress"), ("deadline", "<", datetime.now())]
    while lines := SlaLine.search(domain, limit=BATCH, order="id"):
        for line in lines:
            line._stage_recompute()
        env.cr.commit()


def measure(config, database, system, count):
    """Populate and measure in this process; print one JSON line."""
    import odoo  # noqa: PLC0415
    from odoo import api, sql_db  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    now = datetime.now()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        (_populate_complaints if system == "ours" else _populate_tickets)(env, count, now)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        queries = sql_db.sql_counter
        start = time.perf_counter()
        (_run_ours if system == "ours" else _run_oca)(env)
        cr.commit()
        elapsed = time.perf_counter() - start
        queries = sql_db.sql_counter - queries
        if system == "ours":
            cr.execute("SELECT count(*) FROM complaint_deadline WHERE date_missed IS NOT NULL")
        else:
            cr.execute("SELECT count(*) FROM helpdesk_ticket_sla WHERE state = 'expired'")
        done = cr.fetchone()[0]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "system": system,
                "n": count,
                "processed": done,
                "seconds": round(elapsed, 2),
                "seconds_per_1000": round(elapsed / count * 1000, 3),
                "queries": queries,
                "queries_per_batch": round(queries / max(count / BATCH, 1), 1),
                "peak_rss_mb": round(peak_mb),
            }
        )
    )


def main():
    parser = bench_parser(__doc__, [10000, 100000])
    parser.add_argument("--systems", nargs="+", default=["ours", "oca"])
    parser.add_argument("--measure", nargs=3, metavar=("DATABASE", "SYSTEM", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        database, system, count = args.measure
        measure(args.config, database, system, int(count))
        return
    database = f"{args.template}_run"
    runs = [
        [["--config", args.config, "--measure", database, system, str(count)]]
        for count in args.sizes
        for system in args.systems
    ]
    measure_all(__file__, args.template, database, runs, "escalation.json")


if __name__ == "__main__":
    main()
