"""The overdue chain (逾期升级): a deadline that stays missed takes the complaint up, tier by
tier (department manager, then sales, QA, general manager as shipped), each tier once; and a
user escalates to the next tier by hand, with a reason, over the path an RPC client takes."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.service.model import call_kw
from odoo.tests import new_test_user

from .common import USER_GROUPS, ComplaintCase

NOW = datetime(2026, 3, 20, 4, 0)


class TestOverdueChain(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.sla.policy"].search([]).active = False
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.env["complaint.sla.policy"].create(
            {"name": "Test", "target_ids": [(0, 0, {"step": "classify", "duration": 2, "unit": "hours"})]}
        )
        cls._name_approvers()
        cls.company.complaint_grace_hours = 4

    def _registered(self):
        complaint = self._create_complaint(
            date_received=NOW - timedelta(days=3),
            department_id=self.dept_quality.id,
            user_id=self.qa_user.id,
            salesperson_id=self.sales_user.id,
        )
        with freeze_time(NOW - timedelta(days=3)):
            complaint.action_register()
        return complaint

    def _run(self, at):
        with freeze_time(at), self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.env(cr=cr)["customer.complaint"]._cron_escalate()
        self.env.invalidate_all()

    def _told(self, complaint, user):
        return complaint.activity_ids.filtered(lambda a: a.user_id == user and "Escalated to" in (a.summary or ""))

    def test_a_missed_deadline_goes_up_the_chain_tier_by_tier_once(self):
        complaint = self._registered()
        self._run(NOW)  # missed now
        self._run(NOW + timedelta(hours=5))  # the department manager, after the grace period
        self.assertEqual(complaint.escalation_ids.mapped("tier"), ["department"])
        self.assertEqual(complaint.next_escalation_tier, "sales_supervisor")
        self._run(NOW + timedelta(hours=25))
        self._run(NOW + timedelta(hours=26))
        self.assertEqual(sorted(complaint.escalation_ids.mapped("tier")), ["department", "sales_supervisor"])
        self.assertEqual(len(self._told(complaint, self.supervisor)), 1)
        self.assertIn(self.supervisor.partner_id, complaint.message_partner_ids)
        self.assertFalse(self._told(complaint, self.gm))
        self._run(NOW + timedelta(hours=73))
        self.assertEqual(
            sorted(complaint.escalation_ids.mapped("tier")),
            ["department", "general_manager", "qa_manager", "sales_supervisor"],
        )
        self.assertEqual(len(self._told(complaint, self.gm)), 1)
        self.assertEqual(set(complaint.escalation_ids.mapped("reason")), {"overdue"})
        self.assertFalse(complaint.next_escalation_tier)

    def test_a_companys_own_chain_replaces_the_shipped_one(self):
        self.env["complaint.overdue.step"].create(
            {"company_id": self.company.id, "tier": "general_manager", "hours": 10}
        )
        complaint = self._registered()
        self._run(NOW)
        self._run(NOW + timedelta(hours=30))
        self.assertEqual(sorted(complaint.escalation_ids.mapped("tier")), ["department", "general_manager"])
        self.assertFalse(self._told(complaint, self.supervisor))

    @freeze_time(NOW)  # its classification is 3 days overdue
    def test_escalating_by_hand_tells_the_next_tier_with_the_reason(self):
        complaint = self._registered()
        self.assertTrue(complaint.is_overdue)
        Transition = self.env["customer.complaint.transition"].with_user(self.qa_user)

        def escalate(reason):
            wizard = call_kw(
                Transition,
                "create",
                [{"complaint_ids": [Command.set(complaint.ids)], "transition": "escalate", "reason": reason}],
                {},
            )
            return call_kw(Transition, "action_apply", [wizard], {})

        with self.assertRaisesRegex(UserError, "reason for escalating"):
            escalate(" ")
        self.assertFalse(complaint.escalation_ids)
        escalate("The customer threatens to go to the press")
        escalate("Still no answer from the department")
        self.assertEqual(
            complaint.escalation_ids.sorted("id").mapped(lambda e: (e.tier, e.reason, e.user_id)),
            [("department", "manual", self.qa_user), ("sales_supervisor", "manual", self.qa_user)],
        )
        self.assertIn("press", self._told(complaint, self.dept_head).note)
        self.assertTrue(self._told(complaint, self.supervisor))
        # the scheduled action does not tell them again
        self._run(NOW)
        self._run(NOW + timedelta(hours=30))
        self.assertEqual(len(self._told(complaint, self.supervisor)), 1)
        escalate("QA must decide")
        escalate("Top management")
        with self.assertRaisesRegex(UserError, "top of the overdue chain"):
            escalate("Higher still")
        self.assertEqual(len(complaint.escalation_ids), 4)

    @freeze_time(NOW)
    def test_only_overdue_or_high_level_complaints_are_escalated_by_hand(self):
        complaint = self._create_complaint(date_received=NOW, department_id=self.dept_quality.id)
        complaint.action_register()
        self.assertFalse(complaint.is_overdue)
        self.assertFalse(complaint.with_user(self.qa_user).can_escalate)
        Transition = self.env["customer.complaint.transition"].with_user(self.qa_user)
        wizard = call_kw(
            Transition,
            "create",
            [{"complaint_ids": [Command.set(complaint.ids)], "transition": "escalate", "reason": "Hurry"}],
            {},
        )
        with self.assertRaisesRegex(UserError, "neither overdue nor high level"):
            call_kw(Transition, "action_apply", [wizard], {})
        self.assertFalse(complaint.escalation_ids)
        complaint.with_user(self.qa_user).write({"is_media": True})  # high level now
        self.assertTrue(complaint.with_user(self.qa_user).can_escalate)
        call_kw(Transition, "action_apply", [wizard], {})
        self.assertEqual(complaint.escalation_ids.tier, "department")

    def test_only_users_who_handle_the_complaint_escalate_it(self):
        complaint = self._registered()
        complaint.user_id = self.qa_user
        outsider = new_test_user(self.env, "cm_outsider", groups=USER_GROUPS, name="Outsider")
        Transition = self.env["customer.complaint.transition"].with_user(outsider)
        with self.assertRaises(UserError):
            wizard = call_kw(
                Transition,
                "create",
                [{"complaint_ids": [Command.set(complaint.ids)], "transition": "escalate", "reason": "Mine"}],
                {},
            )
            call_kw(Transition, "action_apply", [wizard], {})
        self.assertFalse(complaint.escalation_ids)
        with self.assertRaises(UserError):
            call_kw(
                self.env["complaint.overdue.step"].with_user(self.qa_user),
                "create",
                [{"tier": "general_manager", "hours": 1}],
                {},
            )
