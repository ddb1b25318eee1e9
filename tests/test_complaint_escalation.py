from datetime import datetime, timedelta

from freezegun import freeze_time

from .common import ComplaintCase

NOW = datetime(2026, 3, 20, 4, 0)  # a Friday, noon in Shanghai


class TestComplaintEscalation(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.sla.policy"].search([]).active = False
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.policy = cls.env["complaint.sla.policy"].create(
            {"name": "Test", "target_ids": [(0, 0, {"step": "classify", "duration": 2, "unit": "hours"})]}
        )
        cls.manager_user = cls.manager
        cls.dept_quality.manager_id = cls.manager_user
        cls.company.complaint_grace_hours = 4

    def _registered(self, received, **vals):
        complaint = self._create_complaint(
            date_received=received, department_id=self.dept_quality.id, user_id=self.qa_user.id, **vals
        )
        with freeze_time(received):
            complaint.action_register()
        return complaint

    def _activities(self, complaint, user):
        return complaint.activity_ids.filtered(lambda a: a.user_id == user)

    def _run(self, at=NOW, method="_cron_escalate", **kwargs):
        """Run the scheduled action as the scheduler does: in its own cursor, which commits."""
        with freeze_time(at), self.enter_registry_test_mode(), self.registry.cursor() as cr:
            getattr(self.env(cr=cr)["customer.complaint"], method)(**kwargs)

    def test_missed_deadline_tells_handler_then_manager_once(self):
        complaint = self._registered(NOW - timedelta(days=3))
        classify = complaint.deadline_ids.filtered(lambda d: d.step == "classify")
        self._run()
        self.assertEqual(classify.date_missed, NOW)
        self.assertEqual(classify.status, "missed")
        self.assertEqual(len(self._activities(complaint, self.qa_user)), 1)
        self.assertFalse(self._activities(complaint, self.manager_user))
        # Within the grace period the manager is not told; after it, once.
        self._run(NOW + timedelta(hours=3))
        self.assertFalse(self._activities(complaint, self.manager_user))
        self._run(NOW + timedelta(hours=5))
        self._run(NOW + timedelta(hours=6))
        self.assertEqual(len(self._activities(complaint, self.manager_user)), 1)
        self.assertEqual(len(self._activities(complaint, self.qa_user)), 1)

    def test_paused_and_reached_deadlines_are_left_alone(self):
        paused = self._registered(NOW - timedelta(days=3))
        paused.stage_id = self.env.ref("complaint_management.stage_waiting_customer").copy({"state": "registered"})
        reached = self._registered(NOW - timedelta(days=3), category_id=self.category.id, severity="minor")
        self._run()
        self.assertFalse(paused.deadline_ids.date_missed)
        self.assertFalse(reached.deadline_ids.date_missed)
        self.assertFalse(paused.activity_ids | reached.activity_ids)

    def test_three_general_complaints_in_a_week_become_major_and_linked(self):
        def general(days_ago):
            return self._registered(
                NOW - timedelta(days=days_ago),
                category_id=self.category.id,
                severity="general",
                line_ids=[(0, 0, {"product_id": self.product.id, "quantity": 1})],
                partner_id=self.other_partner.id if days_ago % 2 else self.partner.id,
            )

        old = general(9)
        first, second = general(6), general(3)
        self._run()
        self.assertEqual((first | second).mapped("severity"), ["general", "general"])
        third = general(1)
        self._run()
        trio = first | second | third
        self.assertEqual(set(trio.mapped("severity")), {"major"})
        self.assertEqual(old.severity, "general")
        self.assertEqual(first.linked_complaint_ids, second | third)
        self.assertEqual(trio.escalation_ids.mapped("reason"), ["repeat_general"] * 3)
        self.assertEqual(len(self._activities(first, self.manager_user)), 1)
        self._run(NOW + timedelta(minutes=15))
        self.assertEqual(len(trio.escalation_ids), 3)
        self.assertEqual(len(self._activities(first, self.manager_user)), 1)

    def test_no_solution_after_ten_days_becomes_high_level_once(self):
        late = self._registered(NOW - timedelta(days=11))
        recent = self._registered(NOW - timedelta(days=9))
        self._run()
        self.assertTrue(late.is_escalated_high)
        self.assertEqual(late.level, "high")
        self.assertIn("no solution", late.level_reason)
        self.assertEqual(recent.level, "low")
        self.assertEqual(sorted(late.escalation_ids.mapped("reason")), ["high_level", "no_solution"])
        self._run(NOW + timedelta(hours=1))
        self.assertEqual(len(late.escalation_ids), 2)

    def test_high_level_complaint_is_escalated_to_the_manager_once(self):
        complaint = self._registered(NOW - timedelta(hours=1), claimed_amount=60000)
        self.assertEqual(complaint.level, "high")
        self._run()
        self._run(NOW + timedelta(hours=1))
        escalation = complaint.escalation_ids
        self.assertEqual(escalation.reason, "high_level")
        self.assertIn("claimed amount", escalation.note)
        self.assertEqual(len(self._activities(complaint, self.manager_user)), 1)

    def test_interrupted_run_resumes_without_duplicates(self):
        complaints = [self._registered(NOW - timedelta(days=3)) for _ in range(5)]
        # The first batch of two is committed, then the run stops (a crash, a time limit).
        self._run(method="_escalate_missed_deadlines", batch_size=2, max_batches=1)
        notified = [c for c in complaints if c.deadline_ids.date_missed]
        self.assertEqual(len(notified), 2)
        self._run(NOW + timedelta(minutes=15), batch_size=2)
        for complaint in complaints:
            self.assertEqual(len(self._activities(complaint, self.qa_user)), 1)

    def test_shipped_scheduled_action_runs(self):
        complaint = self._registered(NOW - timedelta(days=3))
        cron = self.env.ref("complaint_management.ir_cron_complaint_escalation")
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        with freeze_time(NOW), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(complaint.deadline_ids.date_missed, NOW)
