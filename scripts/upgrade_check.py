"""Upgrade check: what a database of the previous release holds is still there, unchanged,
after ``-u complaint_management`` with this code. Run by ``bash scripts/dev.sh upgrade-check``
(``make upgrade-check``), which installs the previous release with demo data first.

    python scripts/upgrade_check.py snapshot DB FILE   # before the upgrade
    python scripts/upgrade_check.py compare DB FILE    # after it: fails on any difference

The snapshot first makes what the migration to 19.0.1.1.0 carries, as a user could have:
one closed complaint archived with Odoo's *Archive* (before 归档 was a step of its own), the
general manager's approval limit changed to 2,500, and a compensation of 5,000 approved by the
department manager and waiting for the general manager.
Compared: the number of rows of every table of the addon and of the complaints' chatter, and
every column the two versions share on each row (write dates aside); then what each migration
must have done.
"""

import importlib.util
import json
import os
import sys

import psycopg2

TABLES = (
    "customer_complaint",
    "customer_complaint_line",
    "complaint_deadline",
    "complaint_approval",
    "complaint_compensation",
    "complaint_corrective_action",
    "complaint_escalation",
    "complaint_return",
    "complaint_return_line",
    "complaint_sla_policy",
    "complaint_sla_target",
    "complaint_routing_rule",
    "complaint_category",
    "complaint_department",
    "complaint_stage",
)
CHATTER = "SELECT count(*) FROM mail_message WHERE model = 'customer.complaint'"
# What a migration changes on purpose, checked by _migrated(): {table: {column, …}}
MIGRATED = {"complaint_sla_target": {"duration", "unit"}, "complaint_compensation": {"state"}}
GM_AMOUNT = 2500.0
SKIPPED = {"write_date", "write_uid"}


def _connect(database):
    return psycopg2.connect(dbname=database)


def _columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return sorted(row[0] for row in cr.fetchall() if row[0] not in SKIPPED)


def _rows(cr, table):
    columns = _columns(cr, table)
    selected = ", ".join(f'"{column}"' for column in columns)
    cr.execute(f'SELECT {selected} FROM "{table}" ORDER BY id')
    return {"columns": columns, "rows": [[_plain(v) for v in row] for row in cr.fetchall()]}


def _plain(value):
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)


def snapshot(database, path):
    with _connect(database) as cnx, cnx.cursor() as cr:
        cr.execute(
            "UPDATE customer_complaint SET active = FALSE"
            " WHERE id = (SELECT id FROM customer_complaint WHERE state = 'closed' ORDER BY id LIMIT 1) RETURNING id"
        )
        archived = [row[0] for row in cr.fetchall()]
        cr.execute("UPDATE res_company SET complaint_gm_amount = %s WHERE id = 1", [GM_AMOUNT])
        cr.execute(
            "UPDATE complaint_compensation"
            " SET state = 'to_approve_gm', required_tier = 'general_manager', amount = 5000"
            " WHERE id = (SELECT id FROM complaint_compensation WHERE state = 'to_approve' ORDER BY id LIMIT 1)"
            " RETURNING id"
        )
        data_gm = [row[0] for row in cr.fetchall()]
        data = {"tables": {table: _rows(cr, table) for table in TABLES}, "archived": archived, "gm": data_gm}
        cr.execute(CHATTER)
        data["chatter"] = cr.fetchone()[0]
    with open(path, "w") as f:
        json.dump(data, f)
    counts = ", ".join(f"{t} {len(d['rows'])}" for t, d in data["tables"].items())
    print(f"snapshot: {counts}; chatter {data['chatter']}; archived before the upgrade: {archived}")
    if not data["tables"]["customer_complaint"]["rows"] or not archived or not data_gm:
        sys.exit("the previous release's demo data has no complaint, closed one or compensation to carry")


def _migrated(cr, before):
    """19.0.1.1.0: the shipped policies register and acknowledge within 24 calendar hours;
    every other target is what it was."""
    old = before["tables"]["complaint_sla_target"]
    position = {c: old["columns"].index(c) for c in ("id", "step", "duration", "unit")}
    cr.execute(
        "SELECT t.id, t.step, t.duration, t.unit, d.id IS NOT NULL FROM complaint_sla_target t"
        " LEFT JOIN ir_model_data d ON d.model = 'complaint.sla.policy' AND d.res_id = t.policy_id"
        " AND d.module = 'complaint_management'"
    )
    now = {row[0]: row[1:] for row in cr.fetchall()}
    problems = []
    for row in old["rows"]:
        step, duration, unit = (row[position[c]] for c in ("step", "duration", "unit"))
        shipped = now[row[position["id"]]][3]
        moved = shipped and step in ("register", "acknowledge") and (duration, unit) == (1, "days")
        expected = (24, "calendar_hours") if moved else (duration, unit)
        if tuple(now[row[position["id"]]][1:3]) != expected:
            problems.append(f"complaint_sla_target {row[position['id']]}: {step} is {now[row[position['id']]][1:3]}")
    return problems


def _migrated_approvals(cr, before):
    """19.0.1.1.0: submitted compensations keep their tiers as a list and the one they wait
    for; the company's changed limit becomes rules of its own."""
    old = before["tables"]["complaint_compensation"]
    at = {c: old["columns"].index(c) for c in ("id", "state", "required_tier")}
    cr.execute("SELECT id, state, required_tiers, current_tier FROM complaint_compensation")
    now = {row[0]: row[1:] for row in cr.fetchall()}
    problems = []
    for row in old["rows"]:
        state, tier = row[at["state"]], row[at["required_tier"]]
        tiers = {"general_manager": "department,general_manager", "department": "department"}.get(tier)
        current = {"to_approve_gm": "general_manager", "to_approve": "department"}.get(state)
        expected = ("to_approve" if state == "to_approve_gm" else state, tiers, current)
        if now[row[at["id"]]] != expected:
            problems.append(f"complaint_compensation {row[at['id']]}: {now[row[at['id']]]}, not {expected}")
    cr.execute(
        "SELECT COALESCE(r.amount_min, 0)::float, string_agg(s.tier, ',' ORDER BY s.sequence)"
        " FROM complaint_approval_rule r"
        " JOIN complaint_approval_rule_step s ON s.rule_id = r.id"
        " WHERE r.company_id = 1 AND r.subject = 'compensation' GROUP BY r.id ORDER BY 1"
    )
    rules = cr.fetchall()
    if rules != [(0.0, "department"), (GM_AMOUNT, "department,general_manager")]:
        problems.append(f"the company's approval limit did not become its rules: {rules}")
    return problems


def _addon_module(relative):
    """One module of the addon, loaded from its file (the addon's package needs a running Odoo)."""
    path = os.path.join(os.path.dirname(__file__), "..", "complaint_management", relative)
    spec = importlib.util.spec_from_file_location("complaint_addon_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _keyed(cr):
    """19.0.1.1.0: every complaint filed before has the keys of its similar-complaints lookup,
    the same as a complaint written now would get."""
    similarity_keys = _addon_module("models/similarity.py").similarity_keys
    cr.execute("SELECT id, subject, description, similarity_keys FROM customer_complaint")
    return [
        f"customer_complaint {complaint_id}: similarity keys {keys!r}"
        for complaint_id, subject, description, keys in cr.fetchall()
        if keys != similarity_keys(subject, description)
    ]


def compare(database, path):
    with open(path) as f:
        before = json.load(f)
    problems = []
    with _connect(database) as cnx, cnx.cursor() as cr:
        for table, old in before["tables"].items():
            new = _rows(cr, table)
            shared = [c for c in old["columns"] if c in new["columns"]]
            if len(new["rows"]) != len(old["rows"]):
                problems.append(f"{table}: {len(old['rows'])} rows before, {len(new['rows'])} after")
                continue
            old_at = [old["columns"].index(c) for c in shared]
            new_at = [new["columns"].index(c) for c in shared]
            for old_row, new_row in zip(old["rows"], new["rows"], strict=True):
                for column, i, j in zip(shared, old_at, new_at, strict=True):
                    if old_row[i] != new_row[j] and column not in MIGRATED.get(table, ()):
                        if (table, column) == ("customer_complaint", "access_token") and old_row[i] is None:
                            continue  # Odoo renders a new mail template on a complaint: it gets a portal token
                        problems.append(
                            f"{table} {old_row[old['columns'].index('id')]} {column}: {old_row[i]!r} → {new_row[j]!r}"
                        )
        cr.execute(CHATTER)
        chatter = cr.fetchone()[0]
        if chatter < before["chatter"]:
            problems.append(f"complaint chatter: {before['chatter']} messages before, {chatter} after")
        problems += _migrated(cr, before)
        problems += _migrated_approvals(cr, before)
        problems += _keyed(cr)
        # 19.0.1.1.0: corrective actions keep the number their form printed
        cr.execute(
            "SELECT count(*) FROM complaint_corrective_action"
            " WHERE number IS DISTINCT FROM 'CA-' || lpad(id::text, 5, '0')"
        )
        if cr.fetchone()[0]:
            problems.append("corrective actions of the previous release do not keep their printed numbers")
        # 19.0.1.1.0: once per reason, or once per tier of the overdue chain
        cr.execute("SELECT count(*) FROM pg_constraint WHERE conname = 'complaint_escalation_complaint_reason_unique'")
        if cr.fetchone()[0]:
            problems.append("the escalation's old unique constraint on the reason alone is still there")
        # 19.0.1.1.0: done complaints archived before count as filed (归档)
        cr.execute(
            "SELECT count(*) FROM customer_complaint WHERE id = ANY(%s) AND date_filed IS NOT NULL AND NOT active",
            [before["archived"]],
        )
        if cr.fetchone()[0] != len(before["archived"]):
            problems.append("the complaints archived before the upgrade were not marked filed")
    for problem in problems[:50]:
        print("upgrade changed:", problem)
    if problems:
        sys.exit(f"upgrade check failed: {len(problems)} differences")
    rows = sum(len(d["rows"]) for d in before["tables"].values())
    print(f"upgrade check passed: {rows} rows of {len(before['tables'])} tables and {chatter} messages kept")


if __name__ == "__main__":
    {"snapshot": snapshot, "compare": compare}[sys.argv[1]](sys.argv[2], sys.argv[3])
