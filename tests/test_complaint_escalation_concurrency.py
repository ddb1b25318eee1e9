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


class TestEscalationMeetsAUser(BaseCase):
    """The escalation writes complaints that users are editing at the same moment: a conflict
    with a user's committed change is retried, not lost nor left as a failed run."""

    test_module = MODULE
    test_tags = TAGS

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with freeze_time(NOW), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Repeat Customer"})
            category = env["complaint.category"].create({"name": "Repeat Category"})
            product = env["product.product"].create({"name": "Repeat Kettle"})
            complaints = env["customer.complaint"].create(
                [
                    {
                        "partner_id": partner.id,
                        "date_received": NOW - timedelta(hours=1),
                        "description": "<p>The lid does not close.</p>",
                        "category_id": category.id,
                        "severity": "general",
                        "line_ids": [(0, 0, {"product_id": product.id, "quantity": 1})],
                    }
                    for _ in range(3)
                ]
            )
            complaints.action_register()
            self.ids = complaints.ids
            self.addCleanup(self._remove, complaints.ids, category.id, product.id, partner.id)

    def _remove(self, ids, category_id, product_id, partner_id):
        with self.registry.cursor() as cr:
            args = [tuple(ids)]
            for table in ("mail_activity", "mail_followers"):
                cr.execute(f"DELETE FROM {table} WHERE res_model = 'customer.complaint' AND res_id IN %s", args)
            cr.execute("DELETE FROM mail_message WHERE model = 'customer.complaint' AND res_id IN %s", args)
            cr.execute("DELETE FROM customer_complaint WHERE id IN %s", args)
            cr.execute("DELETE FROM complaint_category WHERE id = %s", [category_id])
            cr.execute("DELETE FROM product_product WHERE id = %s", [product_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])

    def test_a_users_concurrent_change_is_retried_not_lost(self):
        with freeze_time(NOW), self.registry.cursor() as cr_cron:
            # the scheduled action's transaction has started (its snapshot is taken)…
            cr_cron.execute("SELECT id FROM customer_complaint WHERE id IN %s", [tuple(self.ids)])
            # …when a user changes one of the complaints it is about to escalate, and commits
            with self.registry.cursor() as cr_user:
                user_env = api.Environment(cr_user, SUPERUSER_ID, {})
                user_env["customer.complaint"].browse(self.ids[0]).demand_note = "Replace the kettle"
            api.Environment(cr_cron, SUPERUSER_ID, {})["customer.complaint"]._cron_escalate()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            complaints = env["customer.complaint"].browse(self.ids)
            self.assertEqual(set(complaints.mapped("severity")), {"major"}, "escalated after the retry")
            self.assertEqual(complaints[0].demand_note, "Replace the kettle", "the user's change is kept")
            escalations = env["complaint.escalation"].search([("complaint_id", "in", self.ids)])
            self.assertEqual(sorted(escalations.mapped("reason")), ["repeat_general"] * 3)
