"""Benchmark: the similar past complaints of a new complaint, among N closed complaints written
in Chinese, against the plain way of finding them (reading every closed complaint's text and
comparing it in Python).

Run through ``bash scripts/dev.sh bench similar [N ...]`` (default 10000 100000), or alone:

    python bench/similar_bench.py --config .local/odoo.conf --template DB --sizes 10000 100000

One process populates a fresh copy of the template: N closed complaints cloned by SQL, each with
a description of four phrases drawn from 60 (about 10 % of them share a phrase with any new
complaint), their keys written in batches as the addon does on install. A second, fresh process
looks up the similar complaints of 20 new complaints. Reported: time per lookup and per 1,000
complaints, queries per lookup, peak memory, and the plain way's time for one lookup.
"""

import json
import resource
import time
from datetime import datetime

from harness import clone_rows, populate_then_measure

PHRASES = [
    "锅炉底部漏水",
    "压力表读数异常",
    "点火失败",
    "外箱压坏",
    "包装破损",
    "水垢堵塞管道",
    "温控器失灵",
    "噪音过大",
    "电源线发热",
    "显示屏不亮",
    "遥控器无反应",
    "安装位置不当",
    "配件缺失",
    "说明书缺页",
    "送货延迟三天",
    "表面划痕",
    "焊缝开裂",
    "阀门关不严",
    "出水温度不稳定",
    "燃气味道明显",
    "排烟管脱落",
    "风机异响",
    "控制板烧毁",
    "传感器故障",
    "密封圈老化",
    "保温层脱落",
    "颜色与样品不符",
    "尺寸偏差较大",
    "螺丝松动",
    "漆面起泡",
    "电机无法启动",
    "开关接触不良",
    "漏电保护跳闸",
    "水压不足",
    "加热时间过长",
    "售后响应慢",
    "维修人员态度差",
    "发票信息错误",
    "退款未到账",
    "重复扣款",
    "标签贴错",
    "批号模糊不清",
    "生产日期缺失",
    "运输途中受潮",
    "外观变形",
    "零件生锈",
    "滤网堵塞",
    "排水不畅",
    "管道接头渗水",
    "冬季冻裂",
    "显示错误代码E5",
    "无法连接手机应用",
    "定时功能失效",
    "能耗过高",
    "异味明显",
    "烟雾报警",
    "按键失灵",
    "门把手断裂",
    "玻璃面板破裂",
    "保修卡未盖章",
]
LOOKUPS = 20


def populate(config, database, count):
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].create({"name": "Bench Customer"})
        complaint = env["customer.complaint"].create(
            {"partner_id": partner.id, "date_received": datetime(2025, 1, 2, 9), "description": "<p>x</p>"}
        )
        closed = env.ref("complaint_management.stage_closed")
        env.flush_all()
        phrases = "(ARRAY[" + ",".join(f"'{p}'" for p in PHRASES) + "])"
        n = len(PHRASES)
        text = (
            f"{phrases}[1 + mod(g, {n})] || '，' || {phrases}[1 + mod(g / {n}, {n})] || '，' || "
            f"{phrases}[1 + mod(g * 7, {n})] || '，' || {phrases}[1 + mod(g * 13 + 5, {n})]"
        )
        clone_rows(
            cr,
            "customer_complaint",
            complaint.id,
            count,
            {
                "name": "'BENCH-' || g",
                "subject": f"{phrases}[1 + mod(g, {n})]",
                "description": f"'<p>' || {text} || '</p>'",
                "stage_id": str(closed.id),
                "state": "'closed'",
                "similarity_keys": "NULL",
            },
        )
        cr.execute("SELECT id FROM customer_complaint WHERE similarity_keys IS NULL ORDER BY id")
        ids = [row[0] for row in cr.fetchall()]
        Complaint = env["customer.complaint"]
        for start in range(0, len(ids), 2000):  # as on install: the keys in batches
            Complaint.browse(ids[start : start + 2000])._store_keys()
            env.invalidate_all()
        cr.execute("ANALYZE customer_complaint")
        cr.commit()
    print(json.dumps({"populated": count}))


def measure(config, database, count):
    import odoo  # noqa: PLC0415
    from odoo import api, sql_db  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    from odoo.addons.complaint_management.models.similarity import (  # noqa: PLC0415
        similarity_keys,
    )

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].search([("name", "=", "Bench Customer")], limit=1)
        new = env["customer.complaint"].create(
            [
                {
                    "partner_id": partner.id,
                    "description": f"<p>新购{PHRASES[i % len(PHRASES)]}，{PHRASES[(i * 11 + 3) % len(PHRASES)]}</p>",
                }
                for i in range(LOOKUPS)
            ]
        )
        env.flush_all()
        env.invalidate_all()
        queries = sql_db.sql_counter
        found = 0
        start = time.perf_counter()
        for complaint in new:
            found += len(complaint._similar_scores())
        elapsed = (time.perf_counter() - start) / LOOKUPS
        per_lookup_queries = (sql_db.sql_counter - queries) / LOOKUPS
        # the plain way: every closed complaint's text read and compared in Python
        start = time.perf_counter()
        target = set(similarity_keys(new[0].subject, new[0].description))
        cr.execute("SELECT id, subject, description FROM customer_complaint WHERE state = 'closed'")
        scores = []
        for complaint_id, subject, description in cr.fetchall():
            keys = set(similarity_keys(subject, description))
            common = len(keys & target)
            if common:
                scores.append((common / len(keys | target), complaint_id))
        scores.sort(reverse=True)
        plain = time.perf_counter() - start
    print(
        json.dumps(
            {
                "n": count,
                "lookup_seconds": round(elapsed, 4),
                "lookup_seconds_per_1000": round(elapsed / count * 1000, 5),
                "queries_per_lookup": per_lookup_queries,
                "similar_found_per_lookup": found / LOOKUPS,
                "plain_python_lookup_seconds": round(plain, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


def main():
    populate_then_measure(__doc__, __file__, populate, measure, "similar")


if __name__ == "__main__":
    main()
