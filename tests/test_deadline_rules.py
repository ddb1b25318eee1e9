"""Deadline rules of the sources: policies by channel (email confirmed within 1 h) and by the
customer's province (省内 2 days, 省外 4 days), longer targets for complex complaints (bank:
3 working days, complex 7), and more time approved by the receiving department (004-SVC),
always past the policy's cap (48 h)."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import call_kw

from .common import ComplaintCase

NOW = datetime(2026, 3, 3, 2, 0)  # the day after receipt (2026-03-02 09:00)


class TestDeadlineRules(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        Policy = cls.env["complaint.sla.policy"]
        Policy.search([]).active = False
        cls.province = cls.env.ref("base.state_cn_ZJ")
        cls.partner.write({"country_id": cls.env.ref("base.cn").id, "state_id": cls.province.id})
        cls.other_partner.write(
            {"country_id": cls.env.ref("base.cn").id, "state_id": cls.env.ref("base.state_cn_GD").id}
        )

        def policy(name, duration, unit="days", **criteria):
            return Policy.create(
                {
                    "name": name,
                    "target_ids": [Command.create({"step": "reply", "duration": duration, "unit": unit})],
                    **criteria,
                }
            )

        cls.default = policy("Outside the province", 4)
        cls.home = policy("Within the province", 2, state_ids=[Command.set(cls.province.ids)])
        cls.email = policy("Email", 1, "calendar_hours", channel="email")
        cls.complex = policy("Complex", 7, complexity="complex")
        cls.dept_head = cls.other_user
        cls.dept_quality.manager_id = cls.dept_head

    def _registered(self, **vals):
        complaint = self._create_complaint(
            **{"department_id": self.dept_quality.id, "user_id": self.qa_user.id, "channel": "phone", **vals}
        )
        complaint.action_register()
        return complaint

    # ------------------------------------------------------------------ policies
    def test_the_customers_province_and_the_channel_choose_the_policy(self):
        self.assertEqual(self._registered().sla_policy_id, self.home)
        self.assertEqual(self._registered(partner_id=self.other_partner.id).sla_policy_id, self.default)
        by_email = self._registered(partner_id=self.other_partner.id, channel="email")
        self.assertEqual(by_email.sla_policy_id, self.email)
        reply = by_email.deadline_ids.filtered(lambda d: d.step == "reply")
        self.assertEqual(reply.date_deadline, datetime(2026, 3, 2, 10, 0), "one calendar hour after receipt")

    def test_a_complex_complaint_gets_the_longer_targets_with_its_reason(self):
        complaint = self._registered(partner_id=self.other_partner.id)
        short = complaint.deadline_ids.filtered(lambda d: d.step == "reply").date_deadline
        with self.assertRaisesRegex(ValidationError, "why the complaint is complex"):
            complaint.write({"is_complex": True})
        complaint.write({"is_complex": True, "complex_reason": "Three suppliers involved"})
        self.assertEqual(complaint.sla_policy_id, self.complex)
        longer = complaint.deadline_ids.filtered(lambda d: d.step == "reply").date_deadline
        self.assertGreater(longer, short)

    # ------------------------------------------------------------------ more time
    def _extend(self, complaint, date_new, user=None):
        Wizard = self.env["customer.complaint.extension"].with_user(user or self.qa_user)
        wizard = call_kw(
            Wizard,
            "create",
            [{"complaint_id": complaint.id, "reason": "Waiting for the lab", "date_new": date_new}],
            {},
        )
        return call_kw(Wizard, "action_apply", [wizard], {})

    @freeze_time(NOW)
    def test_more_time_is_approved_by_the_receiving_department_when_the_company_says_so(self):
        self.company.complaint_extension_approval = True
        complaint = self._registered()
        self._extend(complaint, "2026-03-04 01:00:00")
        self.assertFalse(complaint.date_extension, "nothing promised before approval")
        self.assertEqual(complaint.date_extension_requested, datetime(2026, 3, 4, 1, 0))
        self.assertIn(self.dept_head, complaint.activity_ids.user_id)
        with self.assertRaises(AccessError):
            call_kw(complaint.with_user(self.qa_user), "action_approve_extension", [complaint.ids], {})
        self.assertFalse(complaint.with_user(self.qa_user).can_decide_extension)
        self.assertTrue(complaint.with_user(self.dept_head).can_decide_extension)
        call_kw(complaint.with_user(self.dept_head), "action_approve_extension", [complaint.ids], {})
        self.assertEqual(complaint.date_extension, datetime(2026, 3, 4, 1, 0))
        self.assertEqual(complaint.extension_reason, "Waiting for the lab")
        self.assertFalse(complaint.date_extension_requested)
        decision = complaint.approval_ids
        self.assertEqual(
            (decision.subject, decision.decision, decision.user_id), ("extension", "approved", self.dept_head)
        )
        reply = complaint.deadline_ids.filtered(lambda d: d.step == "reply")
        self.assertEqual(reply.date_deadline, datetime(2026, 3, 4, 1, 0))
        with self.assertRaisesRegex(UserError, "no more time is asked"):
            complaint.with_user(self.dept_head).action_approve_extension()

    @freeze_time(NOW)
    def test_past_the_cap_more_time_always_needs_approval_and_a_refusal_is_kept(self):
        self.home.extension_cap_hours = 48
        complaint = self._registered()
        self._extend(complaint, "2026-03-04 00:00:00")  # within 48 h of receipt
        self.assertEqual(complaint.date_extension, datetime(2026, 3, 4, 0, 0))
        self._extend(complaint, "2026-03-06 00:00:00")  # beyond
        self.assertEqual(complaint.date_extension, datetime(2026, 3, 4, 0, 0))
        self.assertEqual(complaint.date_extension_requested, datetime(2026, 3, 6, 0, 0))
        action = complaint.action_open_refuse_extension()
        Refuse = self.env["complaint.approval.refuse"].with_user(self.dept_head).with_context(**action["context"])
        wizard = Refuse.create({"reason": "Answer with what the lab has"})
        with self.assertRaisesRegex(UserError, "reason for the refusal"):
            Refuse.create({"reason": " "}).action_confirm()
        wizard.action_confirm()
        self.assertFalse(complaint.date_extension_requested)
        self.assertEqual(complaint.date_extension, datetime(2026, 3, 4, 0, 0))
        decision = complaint.approval_ids
        self.assertEqual((decision.decision, decision.reason), ("refused", "Answer with what the lab has"))
        self.assertIn(self.qa_user, complaint.activity_ids.user_id)
