"""The approval matrix (issue: approval rules instead of fixed tiers): who signs what, in
which order, by severity, level, type and value; the manufacturer's procedure (000-A, 000-D)
as an option; separation of duties at every tier. Decisions are taken over the path an RPC
client takes (``call_kw``)."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import call_kw

from .common import ComplaintCase


class TestApprovalRules(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls._name_approvers()
        cls.Rule = cls.env["complaint.approval.rule"]

    def rpc(self, user, record, method, *args):
        return call_kw(record.with_user(user), method, [record.ids, *args], {})

    def _in_action(self, **vals):
        complaint = self._complaint_until(
            "action_plan_actions",
            department_id=self.dept_quality.id,
            qa_user_id=self.qa_user.id,
            user_id=self.qa_user.id,
            salesperson_id=self.sales_user.id,
            **vals,
        )
        self._corrective_action(complaint)
        return complaint

    def _compensate(self, complaint, amount, comp_type="discount"):
        compensation = self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": comp_type, "description": "Allowance", "amount": amount}
        )
        self.rpc(self.sales_user, compensation, "action_submit")
        return compensation

    def _manufacturer(self):
        """The manufacturer's rules on instead of the shipped ones."""
        ref = self.env.ref
        shipped = self.Rule.search([])
        (
            ref("complaint_management.approval_rule_manufacturer_countermeasure")
            | ref("complaint_management.approval_rule_manufacturer_compensation")
        ).active = True
        shipped.active = False

    # ------------------------------------------------------------------ the manufacturer's procedure
    def test_manufacturer_general_manager_signs_every_complaints_countermeasures(self):
        self._manufacturer()
        complaint = self._in_action()  # a general complaint: no approval as shipped
        self.assertEqual(
            (complaint.countermeasure_approval_required, complaint.countermeasure_tier), (True, "general_manager")
        )
        self.assertIn(self.gm, complaint.activity_ids.user_id, "the general manager is asked")
        with self.assertRaises(UserError):
            complaint.action_verify()
        with self.assertRaisesRegex(AccessError, "General Manager"):
            self.rpc(self.dept_head, complaint, "action_approve_countermeasures")
        self.assertFalse(complaint.approval_ids)
        self.rpc(self.gm, complaint, "action_approve_countermeasures")
        self.assertEqual(complaint.approval_ids.mapped("tier"), ["general_manager"])
        self.assertEqual(complaint.countermeasure_approver_id, self.gm)
        complaint.action_verify()
        self.assertEqual(complaint.state, "verification")

    def test_manufacturer_allowance_goes_through_the_sales_supervisor_then_the_general_manager(self):
        self._manufacturer()
        complaint = self._in_action()
        compensation = self._compensate(complaint, 50.0)
        self.assertEqual(compensation.tiers_display, "Sales Supervisor → General Manager")
        self.assertEqual(compensation.current_tier, "sales_supervisor")
        self.assertIn(self.supervisor, complaint.activity_ids.user_id)
        # the general manager signs after the supervisor, not before; a department manager never
        for user in (self.gm, self.dept_head, self.manager):
            with self.assertRaises(AccessError):
                self.rpc(user, compensation, "action_approve")
        self.rpc(self.supervisor, compensation, "action_approve")
        self.assertEqual((compensation.state, compensation.current_tier), ("to_approve", "general_manager"))
        self.assertIn(self.gm, complaint.activity_ids.user_id)
        self.rpc(self.gm, compensation, "action_approve")
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(
            compensation.approval_ids.sorted("id").mapped(lambda a: (a.tier, a.user_id)),
            [("sales_supervisor", self.supervisor), ("general_manager", self.gm)],
        )

    # ------------------------------------------------------------------ the matrix
    def test_general_manager_always_is_expressible(self):
        self.Rule.create(
            {
                "name": "Every compensation: general manager",
                "subject": "compensation",
                "company_id": self.company.id,
                "step_ids": [Command.create({"tier": "general_manager"})],
            }
        )
        compensation = self._compensate(self._in_action(), 0.0, comp_type="apology")
        self.assertEqual(compensation.current_tier, "general_manager")
        with self.assertRaises(AccessError):
            self.rpc(self.dept_head, compensation, "action_approve")
        self.rpc(self.gm, compensation, "action_approve")
        self.assertEqual(compensation.state, "approved")

    def test_rules_match_by_type_and_value_and_a_companys_own_rules_replace_the_shared_ones(self):
        complaint = self._in_action()
        # as shipped: from 10,000 the general manager signs after the department manager
        self.assertEqual(self._compensate(complaint, 9999.0).tiers_display, "Department Manager")
        self.assertEqual(self._compensate(complaint, 10000.0).tiers_display, "Department Manager → General Manager")
        self.Rule.create(
            {
                "name": "Refunds: QA manager",
                "subject": "compensation",
                "comp_type": "refund",
                "company_id": self.company.id,
                "step_ids": [Command.create({"tier": "qa_manager"})],
            }
        )
        self.assertEqual(self._compensate(complaint, 20000.0, "refund").current_tier, "qa_manager")
        # the company has its own compensation rule now: a discount matches none of them
        self.assertEqual(self._compensate(complaint, 20000.0).tiers_display, "Department Manager")
        other = self.Rule.with_company(self.company_b).create(
            {
                "name": "Company B",
                "subject": "compensation",
                "company_id": self.company_b.id,
                "step_ids": [Command.create({"tier": "general_manager"})],
            }
        )
        self.assertEqual(self._compensate(complaint, 5.0, "gift").tiers_display, "Department Manager")
        self.assertNotIn(other, self.Rule.with_user(self.qa_user).search([]))

    def test_tiers_are_fixed_when_submitted(self):
        complaint = self._in_action()
        compensation = self._compensate(complaint, 100.0)
        self.env.ref("complaint_management.approval_rule_compensation").step_ids = [
            Command.create({"tier": "general_manager"})
        ]
        compensation.invalidate_recordset()
        self.assertEqual(compensation.tiers_display, "Department Manager")
        self.rpc(self.dept_head, compensation, "action_approve")
        self.assertEqual(compensation.state, "approved")

    def test_every_tier_in_order_and_nobody_signs_twice(self):
        self.Rule.create(
            {
                "name": "Critical: three signatures",
                "subject": "countermeasure",
                "severity": "critical",
                "company_id": self.company.id,
                "step_ids": [
                    Command.create({"tier": "department", "sequence": 1}),
                    Command.create({"tier": "qa_manager", "sequence": 2}),
                    Command.create({"tier": "general_manager", "sequence": 3}),
                ],
            }
        )
        self.company.complaint_qa_manager_id = self.dept_head  # one person at two tiers
        complaint = self._in_action(severity="critical")
        with self.assertRaises(AccessError):
            self.rpc(self.qa_user, complaint, "action_approve_countermeasures")  # the handler proposed them
        self.rpc(self.dept_head, complaint, "action_approve_countermeasures")
        self.assertEqual(complaint.countermeasure_tier, "qa_manager")
        self.assertFalse(complaint.date_countermeasure_approved)
        with self.assertRaisesRegex(AccessError, "already approved"):
            self.rpc(self.dept_head, complaint, "action_approve_countermeasures")
        self.assertFalse(complaint.with_user(self.dept_head).can_approve_countermeasures)
        self.company.complaint_qa_manager_id = self.qa_manager
        # a refusal starts the signatures over
        complaint.with_user(self.qa_manager)._refuse_countermeasures("Containment is missing")
        self.assertEqual(complaint.countermeasure_tier, "department")
        for user in (self.dept_head, self.qa_manager, self.gm):
            self.rpc(user, complaint, "action_approve_countermeasures")
        self.assertEqual(complaint.countermeasure_approver_id, self.gm)
        self.assertEqual(
            complaint.approval_ids.sorted("id").mapped(lambda a: (a.tier, a.decision)),
            [
                ("department", "approved"),
                ("qa_manager", "refused"),
                ("department", "approved"),
                ("qa_manager", "approved"),
                ("general_manager", "approved"),
            ],
        )
        with self.assertRaisesRegex(UserError, "no approval is waited for"):
            complaint.with_user(self.manager).action_approve_countermeasures()

    def test_the_reply_can_wait_for_the_approved_handling_form(self):
        self.company.complaint_reply_after_approval = True
        complaint = self._in_action(severity="major")
        with self.assertRaisesRegex(UserError, "waits for the approved handling form"):
            complaint._check_reply_allowed()
        self.rpc(self.dept_head, complaint, "action_approve_countermeasures")
        complaint._check_reply_allowed()
        self.company.complaint_reply_after_approval = False
        self._in_action(severity="major")._check_reply_allowed()

    # ------------------------------------------------------------------ the rules themselves
    def test_rules_are_checked_and_kept_by_managers(self):
        with self.assertRaisesRegex(ValidationError, "at least one approver"):
            self.Rule.create({"name": "Nobody", "subject": "compensation"})
        with self.assertRaisesRegex(ValidationError, "compensation rules only"):
            self.Rule.create(
                {
                    "name": "Countermeasures from 5",
                    "subject": "countermeasure",
                    "amount_min": 5.0,
                    "step_ids": [Command.create({"tier": "department"})],
                }
            )
        with self.assertRaisesRegex(ValidationError, "signs once"):
            self.Rule.create(
                {
                    "name": "Twice",
                    "subject": "compensation",
                    "step_ids": [Command.create({"tier": "department"}), Command.create({"tier": "department"})],
                }
            )
        rule = self.env.ref("complaint_management.approval_rule_compensation")
        with self.assertRaises(AccessError):
            call_kw(self.Rule.with_user(self.qa_user), "create", [{"name": "Mine", "subject": "compensation"}], {})
        with self.assertRaises(AccessError):
            call_kw(rule.with_user(self.dept_head), "write", [rule.ids, {"active": False}], {})
        with self.assertRaises(AccessError):
            call_kw(rule.step_ids.with_user(self.dept_head), "write", [rule.step_ids.ids, {"tier": "qa_manager"}], {})
        self.assertTrue(rule.active)
        self.assertEqual(rule.step_ids.tier, "department")
