"""Benchmark: the complaint register spreadsheet streamed for N complaints, the monthly
statistics file over them (every dimension: causes, departments and suppliers at fault,
severity, level, region, the Paretos and the open backlog), and the reads behind the statistics
pivot, on N complaints.

Run through ``bash scripts/dev.sh bench`` (after the escalation benchmark), or alone:

    python bench/register_bench.py --config .local/odoo.conf --template DB --sizes 10000 100000

Each size gets a fresh copy of the template: one process populates it with SQL (clones of a
complaint made through the ORM, spread over a year and three categories), a second, fresh
process measures, so that its peak resident memory is the register's. Reported: wall time,
time per 1,000 rows, peak memory, the file size, and the server time of the pivot's reads.
"""

import io
import json
import resource
import time
from datetime import date, datetime

from harness import clone_rows, populate_then_measure


def populate(config, database, count):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("zh_CN")  # the register is measured in Chinese
        env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        categories = env["complaint.category"].create([{"name": f"Bench category {n}"} for n in range(3)])
        partner = env["res.partner"].create({"name": "Bench Customer"})
        product = env["product.product"].create({"name": "Bench Product"})
        complaint = env["customer.complaint"].create(
            {
                "partner_id": partner.id,
                "date_received": datetime(2025, 1, 2, 9),
                "description": "<p>The lid of the bench kettle does not close properly.</p>",
                "channel": "phone",
                "category_id": categories[0].id,
                "severity": "general",
                "claimed_amount": 120.0,
                "line_ids": [(0, 0, {"product_id": product.id, "quantity": 1})],
            }
        )
        complaint.action_register()
        env.flush_all()
        ids = ",".join(str(i) for i in categories.ids)
        suppliers = env["res.partner"].create([{"name": f"Bench supplier {n}", "is_company": True} for n in range(20)])
        supplier_ids = ",".join(str(i) for i in suppliers.ids)
        departments = ",".join(str(i) for i in env["complaint.department"].search([]).ids)
        causes = "'man','machine','material','method','measurement','environment'"
        clone_rows(
            cr,
            "customer_complaint",
            complaint.id,
            count - 1,
            {
                "name": "'BENCH-' || g",
                "date_received": "TIMESTAMP '2025-01-01 08:00' + mod(g, 360) * INTERVAL '1 day'",
                "category_id": f"(ARRAY[{ids}])[1 + mod(g, 3)]",
                "root_cause_category": f"(ARRAY[{causes}])[1 + mod(g, 6)]",
                "supplier_id": f"CASE WHEN mod(g, 4) = 0 THEN (ARRAY[{supplier_ids}])[1 + mod(g / 4, 20)] END",
                "responsible_department_id": f"(ARRAY[{departments}])[1 + mod(g, {len(departments.split(','))})]",
                "severity": "(ARRAY['minor','general','major','critical'])[1 + mod(g, 4)]",
            },
        )
        cr.commit()
    print(json.dumps({"populated": count}))


def measure(config, database, count):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        company = env.company
        start = time.perf_counter()
        _name, content = env["complaint.xlsx"].build("register", date(2024, 12, 1), date(2026, 1, 31), company.ids)
        elapsed = time.perf_counter() - start
        start = time.perf_counter()
        _name, monthly = env["complaint.xlsx"].build("monthly", date(2024, 12, 1), date(2026, 1, 31), company.ids)
        monthly_elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        Report = env["customer.complaint.report"]
        start = time.perf_counter()
        Report._read_group(
            [("company_id", "=", company.id)],
            ["date_received:month", "parent_category_id"],
            ["__count", "reply_on_time:avg", "claimed_amount:sum"],
        )
        pivot = time.perf_counter() - start
        start = time.perf_counter()
        Report._read_group([("company_id", "=", company.id), ("is_open", "=", True)], [], ["__count"])
        Report._read_group(
            [("company_id", "=", company.id)], ["product_id"], ["__count"], limit=10, order="__count desc"
        )
        counters = time.perf_counter() - start
        import openpyxl  # noqa: PLC0415

        rows = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0].max_row - 3
    print(
        json.dumps(
            {
                "n": count,
                "rows": rows,
                "seconds": round(elapsed, 2),
                "seconds_per_1000": round(elapsed / count * 1000, 3),
                "baseline_rss_mb": round(baseline_mb),
                "peak_rss_mb": round(peak_mb),
                "file_mb": round(len(content) / 2**20, 1),
                "monthly_seconds": round(monthly_elapsed, 2),
                "monthly_seconds_per_1000": round(monthly_elapsed / count * 1000, 3),
                "monthly_sheets": len(openpyxl.load_workbook(io.BytesIO(monthly), read_only=True).sheetnames),
                "pivot_read_seconds": round(pivot, 3),
                "dashboard_counters_seconds": round(counters, 3),
            }
        )
    )


def main():
    populate_then_measure(__doc__, __file__, populate, measure, "register")


if __name__ == "__main__":
    main()
