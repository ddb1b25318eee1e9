"""Two workers running the escalation at the same time, on real, separately committed
transactions: the test commits its data and removes it afterwards."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from .common import MODULE, TAGS

NOW = datetime(2026, 3, 20, 4, 0)


class TestEscalationConcurrency(BaseCase):
    test_module = MODULE
    test_tags = TAGS

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrency Customer"})
            policy = env["complaint.sla.policy"].create(
                {
                    "name": "Concurrency",
                    "partner_ids": [(6, 0, partner.ids)],
                    "target_ids": [(0, 0, {"step": "classify", "duration": 1, "unit": "hours"})],
                }
            )
            complaints = env["customer.complaint"].create(
                [
                    {
                        "partner_id": partner.id,
                        "user_id": env.ref("base.user_admin").id,
                        "date_received": NOW - timedelta(days=3),
                        "description": "<p>x</p>",
                    }
                    for _ in range(6)
                ]
            )
            with freeze_time(NOW - timedelta(days=3)):
                complaints.action_register()
            self.ids = complaints.ids
            self.addCleanup(self._remove, complaints.ids, policy.id, partner.id)

    def _remove(self, ids, policy_id, partner_id):
        with self.registry.cursor() as cr:
            args = [tuple(ids)]
            cr.execute("DELETE FROM mail_activity WHERE res_model = 'customer.complaint' AND res_id IN %s", args)
            cr.execute("DELETE FROM mail_message WHERE model = 'customer.complaint' AND res_id IN %s", args)
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'customer.complaint' AND res_id IN %s", args)
            cr.execute("DELETE FROM customer_complaint WHERE id IN %s", args)
            cr.execute("DELETE FROM complaint_sla_policy WHERE id = %s", [policy_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])

    def _ours(self):
        return [("complaint_id", "in", self.ids)]

    def test_two_workers_never_notify_the_same_deadline_twice(self):
        domain = [("date_missed", "=", False), ("date_reached", "=", False), *self._ours()]
        with freeze_time(NOW), self.registry.cursor() as cr_a:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            # Worker A takes a batch of two and holds it...
            held = env_a["customer.complaint"]._lock_batch("complaint.deadline", domain, 2)
            self.assertEqual(len(held), 2)
            # ...while worker B runs the whole scheduled action: it skips A's batch.
            with self.registry.cursor() as cr_b:
                # Were B to wait for A's rows, it would wait forever (same thread): fail instead.
                cr_b.execute("SET lock_timeout = '5s'")
                api.Environment(cr_b, SUPERUSER_ID, {})["customer.complaint"]._cron_escalate(batch_size=2)
                cr_b.execute("RESET lock_timeout")
            # A finishes its batch and commits.
            env_a["customer.complaint"]._notify_missed(held)
            cr_a.commit()
            # A third run finds nothing left to do.
            with self.registry.cursor() as cr_c:
                api.Environment(cr_c, SUPERUSER_ID, {})["customer.complaint"]._cron_escalate(batch_size=2)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            deadlines = env["complaint.deadline"].search(self._ours())
            self.assertEqual(len(deadlines), 6)
            self.assertTrue(all(deadlines.mapped("date_missed")))
            activities = env["mail.activity"].search(
                [("res_model", "=", "customer.complaint"), ("res_id", "in", self.ids)]
            )
            per_complaint = sorted(activities.mapped("res_id"))
            self.assertEqual(per_complaint, sorted(self.ids), "each complaint is told exactly once")
