"""Who decides cannot be chosen by the one who asks, over the path an RPC client takes: the
same record twice, context defaults, changing what says who approves while a decision waits,
the person complained about, the light path and the recording review, shared rules of other
companies, rules without approvers, and a second request for more time."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import call_kw
from odoo.tests import new_test_user

from .common import ComplaintCase


class TestDecisionIntegrity(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls._name_approvers()
        cls.dept_logistics.manager_id = cls.manager
        cls.env.ref("complaint_management.approval_rule_compensation_large").amount_min = 1000.0
        cls.manager_b = new_test_user(
            cls.env,
            "cm_manager_b",
            groups="complaint_management.group_complaint_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    def rpc(self, user, records, method, *args, **kwargs):
        return call_kw(records.with_user(user), method, [records.ids, *args], kwargs)

    def _in_action(self, **vals):
        complaint = self._complaint_until(
            "action_plan_actions",
            **{
                "department_id": self.dept_quality.id,
                "user_id": self.qa_user.id,
                "qa_user_id": self.qa_user.id,
                "salesperson_id": self.sales_user.id,
                **vals,
            },
        )
        self._corrective_action(complaint)
        return complaint

    def _submitted(self, complaint, amount, comp_type="discount"):
        compensation = self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": comp_type, "description": "Credit", "amount": amount}
        )
        compensation.action_submit()
        return compensation

    def test_the_same_record_twice_is_refused(self):
        compensation = self._submitted(self._in_action(), 5000.0)
        with self.assertRaisesRegex(UserError, "more than once"):
            call_kw(compensation.with_user(self.dept_head), "action_approve", [[compensation.id] * 2], {})
        self.assertEqual(
            (compensation.current_tier, compensation.approval_ids), ("department", self.env["complaint.approval"])
        )

    def test_slip_stamps_do_not_come_from_the_context(self):
        complaint = self._complaint_until("action_register", department_id=self.dept_quality.id)
        Slip = self.env["complaint.slip"].with_user(self.qa_user)
        slip_id = call_kw(
            Slip.with_context(
                default_state="answered", default_answered_by_id=self.manager.id, default_issued_by_id=self.manager.id
            ),
            "create",
            [
                {
                    "complaint_id": complaint.id,
                    "kind": "supervision",
                    "department_id": self.dept_quality.id,
                    "instructions": "Call back",
                    "date_due": "2026-03-05 09:00:00",
                    "answer": "done",
                    "date_answered": "2020-01-01 00:00:00",
                }
            ],
            {},
        )
        slip = self.env["complaint.slip"].browse(slip_id)
        self.assertEqual(
            (slip.state, slip.answered_by_id, slip.issued_by_id, slip.answer, slip.date_answered),
            ("issued", self.env["res.users"], self.qa_user, False, False),
        )
        with self.assertRaisesRegex(UserError, "issued on a complaint"):
            call_kw(Slip, "create", [{"kind": "transfer", "instructions": "x"}], {})

    def test_who_approves_is_fixed_while_a_decision_waits(self):
        complaint = self._in_action(severity="major")
        self.assertEqual(complaint.countermeasure_tier, "department")
        for vals in ({"department_id": self.dept_logistics.id}, {"severity": "general"}, {"is_media": True}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "wait for approval"):
                self.rpc(self.manager, complaint, "write", vals)
        with self.assertRaisesRegex(UserError, "wait for approval"):
            call_kw(
                self.env["complaint.slip"].with_user(self.qa_user),
                "create",
                [
                    {
                        "complaint_id": complaint.id,
                        "kind": "transfer",
                        "department_id": self.dept_logistics.id,
                        "instructions": "Take it",
                    }
                ],
                {},
            )
        self.assertEqual(complaint.department_id, self.dept_quality)
        self.rpc(self.dept_head, complaint, "action_approve_countermeasures")
        self.rpc(self.manager, complaint, "write", {"description": "<p>Still the lid.</p>"})
        # a compensation waiting: its approver's basis is fixed, the rest is not
        other = self._in_action()
        self._submitted(other, 100.0)
        with self.assertRaisesRegex(UserError, "wait for approval"):
            self.rpc(self.manager, other, "write", {"salesperson_id": self.manager.id})
        self.rpc(self.manager, other, "write", {"severity": "minor"})

    def test_the_person_complained_about_neither_decides_nor_unmarks_themselves(self):
        complaint = self._in_action(severity="major", complained_user_id=self.dept_head.id)
        with self.assertRaisesRegex(AccessError, "does not handle it"):
            self.rpc(self.dept_head, complaint, "action_approve_countermeasures")
        with self.assertRaises(AccessError):
            self.rpc(self.sales_user, complaint, "write", {"complained_user_id": False})
        self.assertEqual(complaint.complained_user_id, self.dept_head)
        compensation = self._submitted(complaint, 50.0)
        with self.assertRaisesRegex(AccessError, "complained about"):
            self.rpc(self.dept_head, compensation, "action_approve")
        self.assertEqual(compensation.state, "to_approve")

    def test_the_light_path_and_the_review_cannot_be_dodged(self):
        injured = self._complaint_until("action_register", severity="minor", is_injury=True)
        self.assertFalse(injured._is_light())
        with self.assertRaises(AccessError):
            self.rpc(self.sales_user, injured, "write", {"level_override": "low", "level_override_reason": "x"})
        sensitive = self._complaint_until(
            "action_register", is_sensitive=True, is_anonymous=True, partner_id=False, user_id=self.qa_user.id
        )
        self.assertTrue(sensitive.recording_review_required)
        self.rpc(self.qa_user, sensitive, "write", {"is_sensitive": False})
        self.assertTrue(sensitive.recording_review_required, "once required, the review stays required")
        Transition = self.env["customer.complaint.transition"].with_user(self.qa_user)
        wizard = Transition.create(
            {"complaint_ids": [Command.set(sensitive.ids)], "transition": "close_malicious", "reason": "Spam"}
        )
        with self.assertRaisesRegex(UserError, "recording is reviewed"):
            wizard.action_apply()
        self.assertEqual(sensitive.state, "registered")

    def test_a_companys_manager_does_not_change_the_shared_rules(self):
        shared = self.env.ref("complaint_management.approval_rule_compensation")
        chain = self.env.ref("complaint_management.overdue_step_gm")
        for record, vals in (
            (shared, {"active": False}),
            (shared.step_ids, {"tier": "qa_manager"}),
            (chain, {"hours": 1}),
        ):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                self.rpc(self.manager_b, record, "write", vals)
        with self.assertRaises(AccessError):
            self.rpc(self.manager_b, chain, "unlink")
        own = call_kw(
            self.env["complaint.approval.rule"].with_user(self.manager_b),
            "create",
            [
                {
                    "name": "B compensations",
                    "subject": "compensation",
                    "company_id": self.company_b.id,
                    "step_ids": [Command.create({"tier": "general_manager"})],
                }
            ],
            {},
        )
        self.assertTrue(own)
        own_step = call_kw(
            self.env["complaint.overdue.step"].with_user(self.manager_b),
            "create",
            [{"company_id": self.company_b.id, "tier": "general_manager", "hours": 8}],
            {},
        )
        OverdueStep = self.env["complaint.overdue.step"]
        self.assertFalse(OverdueStep.with_user(self.manager).search([("id", "=", own_step)]), "company B's own")
        self.assertTrue(shared.active)
        self.assertEqual(shared.step_ids.tier, "department")

    def test_a_rule_keeps_an_approver_and_signs_each_tier_once(self):
        rule = self.env.ref("complaint_management.approval_rule_compensation")
        with self.assertRaisesRegex(ValidationError, "at least one approver"):
            rule.step_ids.unlink()
        with self.assertRaisesRegex(ValidationError, "signs once"):
            rule.write({"step_ids": [Command.create({"tier": "department"})]})
        rule.unlink()  # a whole rule goes, its steps with it
        self.assertFalse(rule.exists())

    @freeze_time(datetime(2026, 3, 3, 2, 0))
    def test_more_time_is_asked_once_at_a_time(self):
        self.company.complaint_extension_approval = True
        complaint = self._complaint_until("action_register", department_id=self.dept_quality.id)
        complaint._extend("Waiting for the lab", "2026-03-04 01:00:00")
        with self.assertRaisesRegex(UserError, "already asked"):
            complaint._extend("Longer", "2026-03-20 01:00:00")
        self.assertEqual(complaint.date_extension_requested, datetime(2026, 3, 4, 1, 0))
